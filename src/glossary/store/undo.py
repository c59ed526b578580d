"""Reading the change history back, and undoing a batch.

Every write is recorded in ``changes`` (see :mod:`glossary.store.history`): the key of an
inserted row, the whole of a deleted one, one row per field for an update. Undoing a batch
plays its changes back in reverse — an insert is deleted, an update set back to its old
value, a deleted row re-inserted with its original id — in one transaction, and records that
as a new batch (``undo N``), so an undo can itself be undone.

A batch can only be undone while nothing later builds on it: if a later batch (one that is
still in effect) changed the same rows, or added rows under the rows the batch created, the
undo is refused and says which batch is in the way.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.lawtext.refs import ArticleRef, parse_ref
from glossary.store.db import write_transaction
from glossary.store.history import RUN_MARK, Batch, now, primary_key
from glossary.store.history_values import fill_inserted
from glossary.store.queries import parse_article_ref, pick_revision
from glossary.store.reader import Queryable
from glossary.store.search_index import rebuild_vocab

_UNDO_COMMAND = re.compile(r"^undo (\d+)$")

# Rows that point at a row (foreign keys): deleting the parent would take them with it (ON
# DELETE CASCADE), clear their link (SET NULL) or fail. An undo never does that silently.
CHILD_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "laws": (("revisions", "law"),),
    "revisions": (("divisions", "revision_id"), ("articles", "revision_id")),
    "divisions": (("divisions", "parent_id"), ("articles", "division_id")),
    "articles": (("paragraphs", "article_id"), ("translations", "article_id")),
    "paragraphs": (("translations", "paragraph_id"),),
    "translations": (("recordings", "translation_id"),),
    "term_forms": (("recordings", "term_form_id"),),
    "terms": (
        ("term_forms", "term_id"),
        ("term_articles", "term_id"),
        ("term_synonyms", "term_id"),
    ),
}

# Fields under a UNIQUE constraint that a batch may shuffle (renumbered 款/项): moved out of
# the way first, as the import does, so restoring them in any order cannot collide.
SHUFFLED_FIELDS = {("paragraphs", "position")}


@dataclass
class UndoReport:
    """What an undo did (or, in a dry run, would do)."""

    batch: int
    command: str
    undo_batch: int | None = None
    changes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Change:
    id: int
    batch_id: int
    table: str
    row_id: int | None
    key: str
    op: str
    field: str | None
    old: Any
    new: Any


def _decode(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _rows(db: Queryable, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict]:
    cursor = db.execute(sql, list(params))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _batch(db: Queryable, batch_id: int) -> dict[str, Any]:
    found = _rows(db, "SELECT * FROM batches WHERE id = ?", [batch_id])
    if not found:
        last = db.execute("SELECT max(id) FROM batches").fetchone()[0]
        raise GlossaryError(
            f"there is no batch {batch_id}",
            fix=f"batches run from 1 to {last}; list them with `glossary history`"
            if last
            else "nothing has been written to this database yet",
        )
    return found[0]


def undone_target(command: str) -> int | None:
    """The batch an ``undo N`` batch undid, or None for any other command."""
    match = _UNDO_COMMAND.match(command or "")
    return int(match[1]) if match else None


# ── reading the history ────────────────────────────────────────────────────────────────


def list_batches(db: Queryable, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Batches newest first: id, at, command, source, summary (decoded), undone_at and how
    many changes each recorded."""
    sql = (
        "SELECT b.id AS batch, b.at, b.command, b.source, b.summary, b.undone_at, "
        "(SELECT coalesce(sum(CASE c.field WHEN ? THEN json_array_length(c.new) ELSE 1 END), 0) "
        "FROM change_rows c WHERE c.batch_id = b.id) AS changes "  # a run counts its rows
        "FROM batches b ORDER BY b.id DESC"
    )
    params: list[Any] = [RUN_MARK]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    found = _rows(db, sql, params)
    for row in found:
        row["summary"] = _decode(row["summary"])
    return found


def key_range(prefix: str) -> list[str]:
    """The bounds of the keys that start with ``prefix`` (which ends in "/"): a range the
    ``changes_key`` index reads, where ``substr`` would scan the whole history."""
    return [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]


def _history_ref(db: Queryable, text: str) -> tuple[str, ArticleRef]:
    """Like ``glossary show``; a law no longer in the store (its import was undone) is still
    found by its slug in the history."""
    try:
        return parse_article_ref(db, text)
    except GlossaryError:
        parsed = parse_ref(text)
        if parsed is not None and parsed.law:
            slug = parsed.law.strip()
            prefix = slug + "/"
            if db.execute(
                "SELECT 1 FROM changes WHERE key >= ? AND key < ? LIMIT 1", key_range(prefix)
            ).fetchone():
                return slug, parsed
        raise


def list_changes(
    db: Queryable,
    *,
    ref: str | None = None,
    batch: int | None = None,
    limit: int | None = None,
    revision: str | None = None,
) -> list[dict[str, Any]]:
    """Recorded changes, newest first, as ``{"id", "batch", "at", "command", "undone",
    "table", "row_id", "key", "op", "field", "old", "new"}`` with old/new decoded.

    ``ref``: an article as ``glossary show`` takes it (民诉 122, minshi-susong-fa:122): the
    changes to that article and everything under it (款/项, translations). Every revision of
    the law unless ``revision`` names one. ``batch``: only that batch's changes.
    """
    where: list[str] = []
    params: list[Any] = []
    if batch is not None:
        _batch(db, batch)
        where.append("c.batch_id = ?")
        params.append(batch)
    match_key = None
    if ref is not None:
        slug, parsed = _history_ref(db, ref)
        number = f"{parsed.number}" + (f"-{parsed.sub}" if parsed.sub else "")
        if revision is not None:
            label = pick_revision(db, slug, revision)["label"]
            prefix = f"{slug}/{label}/{number}"
            where.append("(c.key = ? OR (c.key >= ? AND c.key < ?))")
            params += [prefix, *key_range(prefix + "/")]
        else:
            where.append("c.key >= ? AND c.key < ?")
            params += key_range(slug + "/")

            def match_key(key: str) -> bool:  # law/<any revision>/number[/…]
                parts = key.split("/")
                return len(parts) >= 3 and parts[2] == number

    sql = (
        "SELECT c.id, c.batch_id AS batch, coalesce(c.at, b.at), b.command, b.undone_at, "
        "c.table_name, "
        "c.row_id, c.key, c.op, c.field, c.old, c.new "
        "FROM changes c JOIN batches b ON b.id = c.batch_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY c.id DESC"
    )
    out: list[dict[str, Any]] = []
    for row in db.execute(sql, params):
        if match_key is not None and not match_key(row[7]):
            continue
        out.append(
            {
                "id": row[0],
                "batch": row[1],
                "at": row[2],
                "command": row[3],
                "undone": row[4] is not None,
                "table": row[5],
                "row_id": row[6],
                "key": row[7],
                "op": row[8],
                "field": row[9],
                "old": _decode(row[10]),
                "new": _decode(row[11]),
            }
        )
        if limit is not None and len(out) >= limit:
            break
    fill_inserted(db, out)
    return out


# ── undoing ────────────────────────────────────────────────────────────────────────────


def _changes_of(db: Queryable, batch_id: int) -> list[_Change]:
    return [
        _Change(
            id=r[0],
            batch_id=r[1],
            table=r[2],
            row_id=r[3],
            key=r[4],
            op=r[5],
            field=r[6],
            old=_decode(r[7]),
            new=_decode(r[8]),
        )
        for r in db.execute(
            "SELECT id, batch_id, table_name, row_id, key, op, field, old, new "
            "FROM changes WHERE batch_id = ? ORDER BY id",
            [batch_id],
        )
    ]


def _identity(table: str, row_id: int | None, key: str) -> tuple[str, str, Any]:
    """Which row a change touched: its id, or for tables without one (laws, term_articles)
    its readable key."""
    return (table, "id", row_id) if row_id is not None else (table, "key", key)


def _inert_batches(db: Queryable, after: int) -> set[int]:
    """Later batches that are not in effect: undone ones, and the undos of undone ones
    (a batch and its undo together change nothing)."""
    undone = {
        r[0] for r in db.execute("SELECT id FROM batches WHERE undone_at IS NOT NULL").fetchall()
    }
    inert = {b for b in undone if b > after}
    for batch_id, command in db.execute(
        "SELECT id, command FROM batches WHERE id > ? AND command LIKE 'undo %'", [after]
    ).fetchall():
        target = undone_target(command)
        if target is not None and target in undone:
            inert.add(batch_id)
    return inert


def _describe(db: Queryable, batch_ids: list[int]) -> str:
    parts = []
    for batch_id in batch_ids:
        row = _batch(db, batch_id)
        source = f" {row['source']}" if row["source"] else ""
        parts.append(f"batch {batch_id} ({row['command']}{source}, {row['at']})")
    return ", ".join(parts)


def _refuse(db: Queryable, batch_id: int, blockers: set[int], what: str) -> GlossaryError:
    ordered = sorted(blockers, reverse=True)
    plural = len(ordered) > 1
    return GlossaryError(
        f"batch {batch_id} cannot be undone: {_describe(db, ordered)} {what}",
        fix=(
            f"undo {'those batches' if plural else 'that batch'} first, newest first "
            f"(glossary undo {ordered[0]}), then batch {batch_id}"
            if plural
            else f"undo that batch first (glossary undo {ordered[0]}), then batch {batch_id}"
        ),
    )


def _later_conflicts(db: Queryable, batch_id: int, changes: list[_Change]) -> set[int]:
    """Later batches still in effect that changed a row this batch changed."""
    touched = {_identity(c.table, c.row_id, c.key) for c in changes}
    inert = _inert_batches(db, batch_id)
    blockers: set[int] = set()
    for later, table, row_id, key in db.execute(
        "SELECT batch_id, table_name, row_id, key FROM changes WHERE batch_id > ?", [batch_id]
    ):
        if later not in inert and _identity(table, row_id, key) in touched:
            blockers.add(later)
    return blockers


def _latest_touching(
    db: Queryable, batch_id: int, table: str, row_id: int | None, key: str | None = None
) -> set[int]:
    """The later batches in effect that wrote this row (or, without a row, this table)."""
    inert = _inert_batches(db, batch_id)
    if row_id is not None:
        found = db.execute(
            "SELECT DISTINCT batch_id FROM changes WHERE batch_id > ? AND table_name = ? "
            "AND row_id = ?",
            [batch_id, table, row_id],
        ).fetchall()
    elif key is not None:
        found = db.execute(
            "SELECT DISTINCT batch_id FROM changes WHERE batch_id > ? AND table_name = ? "
            "AND key = ?",
            [batch_id, table, key],
        ).fetchall()
    else:
        found = db.execute(
            "SELECT DISTINCT batch_id FROM changes WHERE batch_id > ? AND table_name = ?",
            [batch_id, table],
        ).fetchall()
    return {b for (b,) in found if b not in inert}


def _locate(db: Queryable, change: _Change, row: dict[str, Any] | None) -> tuple[str, list[Any]]:
    """A WHERE clause for the row a change is about: by id, or by its primary key taken
    from the recorded row (term_articles) or, for laws, the slug (the change's key)."""
    pk = primary_key(db, change.table)
    if pk == ("id",):
        row_id = change.row_id if change.row_id is not None else (row or {}).get("id")
        if row_id is None:
            raise GlossaryError(f"the history of {change.key} names no row id ({change.table})")
        return "id = ?", [row_id]
    if row is not None and all(col in row for col in pk):
        return " AND ".join(f"[{c}] = ?" for c in pk), [row[c] for c in pk]
    if len(pk) == 1:
        return f"[{pk[0]}] = ?", [change.key]
    raise GlossaryError(f"cannot find the row of {change.key} ({change.table}) to undo")


def _fetch(db: Queryable, table: str, where: str, params: list[Any]) -> dict[str, Any] | None:
    found = _rows(db, f"SELECT * FROM [{table}] WHERE {where}", params)
    return found[0] if found else None


def _gone(db: Queryable, batch_id: int, change: _Change) -> GlossaryError:
    blockers = _latest_touching(db, batch_id, change.table, change.row_id, change.key)
    if blockers:
        return _refuse(db, batch_id, blockers, f"removed {change.table} {change.key}")
    return GlossaryError(
        f"batch {batch_id} cannot be undone: {change.table} {change.key} is no longer there",
        fix="it was changed outside the glossary; restore it or leave the batch as it is",
    )


def _check_children(db: Queryable, batch_id: int, change: _Change, row: dict[str, Any]) -> None:
    """Refuse to delete a row that later batches hung other rows on."""
    parent_key = row.get("slug") if change.table == "laws" else row.get("id")
    for child_table, column in CHILD_LINKS.get(change.table, ()):
        children = db.execute(
            f"SELECT rowid FROM [{child_table}] WHERE [{column}] = ? LIMIT 20", [parent_key]
        ).fetchall()
        if not children:
            continue
        blockers: set[int] = set()
        for (child_rowid,) in children:
            blockers |= _latest_touching(db, batch_id, child_table, child_rowid)
        if not blockers:
            blockers = _latest_touching(db, batch_id, child_table, None)
        if blockers:
            raise _refuse(
                db, batch_id, blockers, f"added {child_table} under {change.key} after it"
            )
        raise GlossaryError(
            f"batch {batch_id} cannot be undone: {change.key} has {child_table} that this "
            "batch did not add",
            fix="they were added outside the glossary's history; remove them first",
        )


def _revert(db: Database, undo: Batch, batch_id: int, change: _Change, moved: dict) -> None:
    table = change.table
    if change.op == "insert":
        where, params = _locate(db, change, change.new)
        current = _fetch(db, table, where, params)
        if current is None:
            raise _gone(db, batch_id, change)
        _check_children(db, batch_id, change, current)
        db.execute(f"DELETE FROM [{table}] WHERE {where}", params)
        undo.record(table, change.row_id, change.key, "delete", None, current, None)
    elif change.op == "delete":
        old = dict(change.old)
        columns = ", ".join(f"[{c}]" for c in old)
        marks = ", ".join("?" for _ in old)
        db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(old.values()))
        undo.record(table, change.row_id, change.key, "insert", None, None, old)
    elif change.op == "update":
        assert change.field is not None
        where, params = _locate(db, change, None)
        current = _fetch(db, table, where, params)
        if current is None:
            raise _gone(db, batch_id, change)
        before = current[change.field]
        if (table, change.field) in SHUFFLED_FIELDS and (change.row_id, change.field) in moved:
            before = moved.pop((change.row_id, change.field))
        db.execute(
            f"UPDATE [{table}] SET [{change.field}] = ? WHERE {where}", [change.old, *params]
        )
        if table == "articles":  # no trigger marks an article whose label or place changed
            db.execute("INSERT OR IGNORE INTO search_dirty VALUES ('article', ?)", [current["id"]])
        undo.record(table, change.row_id, change.key, "update", change.field, before, change.old)
    else:  # pragma: no cover - the schema allows nothing else
        raise GlossaryError(f"unknown change {change.op!r} in batch {batch_id}")


def _move_aside(db: Database, changes: list[_Change]) -> dict[tuple[int, str], Any]:
    """Park rows whose unique position the batch changed at -id (as the import does), and
    return their current values for the history."""
    moved: dict[tuple[int, str], Any] = {}
    for change in changes:
        if change.op != "update" or (change.table, change.field) not in SHUFFLED_FIELDS:
            continue
        assert change.field is not None and change.row_id is not None
        if (change.row_id, change.field) in moved:
            continue
        row = db.execute(
            f"SELECT [{change.field}] FROM [{change.table}] WHERE id = ?", [change.row_id]
        ).fetchone()
        if row is None:
            continue
        moved[(change.row_id, change.field)] = row[0]
        db.execute(
            f"UPDATE [{change.table}] SET [{change.field}] = -id WHERE id = ?", [change.row_id]
        )
    return moved


def _mark_undone(db: Database, batch_id: int, *, undone: bool, stamp: str) -> None:
    """Set whether a batch is in effect. An ``undo K`` batch in effect means K is undone,
    so the mark passes down the chain: undoing an undo brings K back, undoing the undo of
    an undo takes it away again."""
    while True:
        db.execute(
            "UPDATE batches SET undone_at = ? WHERE id = ?", [stamp if undone else None, batch_id]
        )
        command = db.execute("SELECT command FROM batches WHERE id = ?", [batch_id]).fetchone()
        target = undone_target(command[0]) if command else None
        if target is None:
            return
        batch_id, undone = target, not undone


def undo_batch(db: Database, batch_id: int, *, dry_run: bool = False) -> UndoReport:
    """Put back exactly what was there before batch ``batch_id``, in one transaction,
    recorded as a new batch ``undo N``; ``dry_run`` checks and counts, then rolls back."""
    undo: Batch | None = None
    with write_transaction(db, dry_run=dry_run):
        target = _batch(db, batch_id)
        report = UndoReport(batch=batch_id, command=target["command"], dry_run=dry_run)
        if target["undone_at"] is not None:
            redo = db.execute(
                "SELECT max(id) FROM batches WHERE command = ? AND undone_at IS NULL",
                [f"undo {batch_id}"],
            ).fetchone()[0]
            raise GlossaryError(
                f"batch {batch_id} ({target['command']}) was already undone "
                f"at {target['undone_at']}",
                fix=f"to bring it back, undo the undo: glossary undo {redo}"
                if redo
                else "nothing to do",
            )
        changes = _changes_of(db, batch_id)
        blockers = _later_conflicts(db, batch_id, changes)
        if blockers:
            raise _refuse(db, batch_id, blockers, "changed the same rows later")
        undo = Batch(db, command=f"undo {batch_id}")
        moved = _move_aside(db, changes)
        try:
            for change in reversed(changes):
                _revert(db, undo, batch_id, change, moved)
        except sqlite3.IntegrityError as exc:
            tables = {c.table for c in changes}
            blockers = set()
            for table in tables:
                blockers |= _latest_touching(db, batch_id, table, None)
            if blockers:
                raise _refuse(db, batch_id, blockers, f"wrote rows in the way ({exc})") from None
            raise GlossaryError(
                f"batch {batch_id} cannot be undone: {exc}",
                fix="the rows it changed were changed outside the glossary's history",
            ) from None
        _mark_undone(db, batch_id, undone=True, stamp=now())
        rebuild_vocab(db)  # words only the undone rows used leave the search vocabulary
        report.changes = len(changes)
        report.counts = dict(sorted(undo.counts.items()))
        summary = {"undid": batch_id, "command": target["command"], "counts": report.counts}
        report.undo_batch = None if dry_run else undo.finish(summary)
    return report


__all__ = ["UndoReport", "list_batches", "list_changes", "undo_batch", "undone_target"]
