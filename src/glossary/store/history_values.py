"""What an inserted row held when it was inserted, re-derived instead of stored twice.

The history records an insert by its key only (:mod:`glossary.store.history`). Every later
write to the row is recorded too — an update with the field's old value, a delete with the
whole row — so the inserted values are the row as it is now (or as the first later delete
kept it) with the later updates taken back, newest first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from glossary.store.history import primary_key
from glossary.store.reader import Queryable

Identity = int | str  # a row's id, or the key of a row of a table without one

_CHUNK = 500


def _identity(change: dict[str, Any], by_id: bool) -> Identity:
    """Rows of an id table are followed by id, others (laws, term_articles) by key."""
    return int(change["row_id"]) if by_id else str(change["key"])


def _later_writes(
    db: Queryable, table: str, after: int, wanted: set[Identity], by_id: bool
) -> dict[Identity, list[tuple[int, str, str | None, Any]]]:
    """(id, op, field, old) of every update and delete of these rows after change
    ``after``, oldest first: one pass over the later history of the table. (A later insert
    of the same row comes after its delete, which ends the search: inserts, most of the
    history, are not read.)"""
    found: dict[Identity, list[tuple[int, str, str | None, Any]]] = defaultdict(list)
    for change_id, row_id, key, op, field, old in db.execute(
        "SELECT id, row_id, key, op, field, old FROM changes "
        "WHERE id > ? AND table_name = ? AND op != 'insert' ORDER BY id",
        [after, table],
    ):
        ident = row_id if by_id else key
        if ident in wanted:
            found[ident].append((change_id, op, field, None if old is None else json.loads(old)))
    return found


def _current_rows(
    db: Queryable, table: str, inserts: list[dict[str, Any]]
) -> dict[Identity, dict[str, Any]]:
    """The rows as they are now, by identity."""
    pk = primary_key(db, table)
    by_id = pk == ("id",)
    out: dict[Identity, dict[str, Any]] = {}
    if not pk:
        return out
    if len(pk) == 1:
        column = pk[0]
        idents = sorted({_identity(c, by_id) for c in inserts}, key=str)
        for start in range(0, len(idents), _CHUNK):
            chunk = idents[start : start + _CHUNK]
            cursor = db.execute(
                f"SELECT * FROM [{table}] WHERE [{column}] IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            names = [d[0] for d in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                out[row[column]] = row
        return out
    where = " AND ".join(f"[{c}] = ?" for c in pk)
    for change in inserts:
        recorded = change["new"] or {}
        if not all(c in recorded for c in pk):
            continue
        cursor = db.execute(f"SELECT * FROM [{table}] WHERE {where}", [recorded[c] for c in pk])
        names = [d[0] for d in cursor.description]
        found = cursor.fetchone()
        if found is not None:
            out[_identity(change, by_id)] = dict(zip(names, found, strict=True))
    return out


def _as_inserted(
    change: dict[str, Any],
    later: list[tuple[int, str, str | None, Any]],
    current: dict[str, Any] | None,
) -> Any:
    """The row when ``change`` inserted it; what was recorded when the row cannot be
    followed (changed outside the glossary's history)."""
    row: dict[str, Any] | None = current
    updates: list[tuple[str, Any]] = []
    for change_id, op, field, old in later:
        if change_id <= change["id"]:
            continue
        if op == "update" and field is not None:
            updates.append((field, old))
            continue
        # The first delete ends this row's life (an id may be given again later).
        row = dict(old) if op == "delete" and isinstance(old, dict) else None
        break
    if row is None:
        return change["new"]
    row = dict(row)
    for field, old in reversed(updates):
        row[field] = old
    return row


def fill_inserted(db: Queryable, changes: list[dict[str, Any]]) -> None:
    """Set ``new`` of every insert among ``changes`` (as :func:`store.undo.list_changes`
    gives them) to the whole row it inserted."""
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        if change["op"] == "insert":
            by_table[change["table"]].append(change)
    for table, inserts in by_table.items():
        by_id = primary_key(db, table) == ("id",)
        if by_id:
            inserts = [c for c in inserts if c["row_id"] is not None]
        wanted = {_identity(c, by_id) for c in inserts}
        if not wanted:
            continue
        later = _later_writes(db, table, min(c["id"] for c in inserts), wanted, by_id)
        current = _current_rows(db, table, inserts)
        for change in inserts:
            ident = _identity(change, by_id)
            change["new"] = _as_inserted(change, later.get(ident, []), current.get(ident))


__all__ = ["fill_inserted"]
