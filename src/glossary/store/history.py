"""Batches and the change history: every write goes through here, so nothing is lost.

A batch is one command's writes (one transaction). Each inserted, updated or deleted row is
recorded in ``changes``: an update with its field's old and new value, a delete with the whole
row, an insert with its key only (the row's id; the primary key of a table without one) —
what it held when inserted is the row as it is now with the later changes taken back
(:mod:`glossary.store.history_values`), so it is not stored a second time; a bulk insert's
rows are recorded as runs (:data:`RUN_MARK`), which the ``changes`` view spells out. Any
value ever overwritten can be read back, and a batch can be undone.

A change's ``at`` is NULL when it is the batch's own time (nearly always): the history reads
``coalesce(change.at, batch.at)``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from glossary.store.bulk_triggers import insert_triggers_set_based

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glossary.store.reader import Queryable


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def history_json(value: Any) -> str | None:
    """A value as the history stores it."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class Batch:
    """Records the writes of one command. The batch row is created on the first change,
    so a command that changes nothing leaves no trace."""

    db: Database
    command: str
    source: str | None = None
    id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    at: str | None = None
    _keys: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def _ensure(self) -> int:
        if self.id is None:
            self.at = now()
            cursor = self.db.execute(
                "INSERT INTO batches (at, command, source) VALUES (?, ?, ?)",
                [self.at, self.command, self.source],
            )
            self.id = _inserted_id(cursor)
        return self.id

    def _at(self) -> str | None:
        """This change's time, when it is not the batch's own (NULL otherwise)."""
        stamp = now()
        return None if stamp == self.at else stamp

    def _recorded_new(self, table: str, op: str, new: Any) -> Any:
        """What the history keeps of a new value: an insert keeps its key only (nothing
        for an id table, whose change has the id; the primary key columns otherwise)."""
        if op != "insert":
            return new
        if table not in self._keys:
            self._keys[table] = primary_key(self.db, table)
        pk = self._keys[table]
        if pk == ("id",) or not isinstance(new, dict):
            return None
        return {k: new[k] for k in pk if k in new}

    def record(
        self,
        table: str,
        row_id: int | None,
        key: str,
        op: str,
        field_name: str | None,
        old: Any,
        new: Any,
    ) -> None:
        """Record one write already made: a deleted row whole, an inserted row by its key
        (``field_name`` None), or one field's old → new value (update)."""
        batch_id = self._ensure()
        recorded = self._recorded_new(table, op, new)
        self.db.execute(
            _RECORD,
            [
                batch_id,
                self._at(),
                table,
                row_id,
                key,
                op,
                field_name,
                history_json(old),
                history_json(recorded),
            ],
        )
        self._count(table, op, 1)

    def _count(self, table: str, op: str, n: int) -> None:
        """Count ``n`` changes just written to the history (the batch's summary)."""
        self.counts[f"{table}.{op}"] = self.counts.get(f"{table}.{op}", 0) + n

    def record_inserts(self, table: str, inserted: list[tuple[int, str]]) -> None:
        """Record many rows (id, key) of an id table the caller inserted: each run of
        consecutive ids as one row of the history (:func:`insert_runs`), read back through
        the ``changes`` view as one insert a row."""
        if not inserted:
            return
        batch_id, at = self._ensure(), self._at()
        for run in insert_runs(inserted):
            if len(run) == 1:
                row_id, key = run[0]
                self.db.execute(_RECORD, [batch_id, at, table, row_id, key, "insert"] + [None] * 3)
                continue
            last = self.db.execute("SELECT coalesce(max(id), 0) FROM change_rows").fetchone()[0]
            write_run(self.db, last + len(run), batch_id, at, table, run)
        self._count(table, "insert", len(inserted))

    def record_keyed_inserts(self, table: str, inserted: list[tuple[str, dict[str, Any]]]) -> None:
        """Record many rows (key, primary key values) the caller inserted into a table
        without an id (term_articles), in one statement: each as :meth:`record_insert`."""
        if not inserted:
            return
        batch_id, at = self._ensure(), self._at()
        self.db.conn.executemany(
            _RECORD,
            [
                (
                    batch_id,
                    at,
                    table,
                    None,
                    key,
                    "insert",
                    None,
                    None,
                    history_json(self._recorded_new(table, "insert", new)),
                )
                for key, new in inserted
            ],
        )
        self._count(table, "insert", len(inserted))

    def insert_many(self, table: str, rows: list[dict[str, Any]], keys: list[str]) -> list[int]:
        """Insert rows of an id table in one ``executemany`` and record them: the ids are
        the ones SQLite would give one by one (max + 1, …), assigned here so that the
        caller gets them back without a query per row. The table's per-row insert triggers
        (FTS index, search marks) are applied once for all of them (store.bulk_triggers)."""
        if not rows:
            return []
        columns = list(rows[0])
        first = self.db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM [{table}]").fetchone()[0]
        ids = list(range(first, first + len(rows)))
        names = ", ".join(f"[{c}]" for c in ["id", *columns])
        marks = ", ".join("?" * (len(columns) + 1))
        with insert_triggers_set_based(self.db, table, ids[0], ids[-1]):
            self.db.conn.executemany(
                f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
                [
                    [row_id, *(row[c] for c in columns)]
                    for row_id, row in zip(ids, rows, strict=True)
                ],
            )
        self.record_inserts(table, list(zip(ids, keys, strict=True)))
        return ids

    def record_insert(self, table: str, row_id: int | None, key: str, row: dict[str, Any]) -> None:
        """Record a row the caller inserted itself (e.g. with INSERT OR IGNORE)."""
        self.record(table, row_id, key, "insert", None, None, row)

    def insert(self, table: str, row: dict[str, Any], key: str) -> int:
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" * len(row))
        cursor = self.db.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())
        )
        row_id = _inserted_id(cursor)
        self.record(table, row_id, key, "insert", None, None, row)
        return row_id

    def row_exists(self, table: str, row_id: int | str, pk: str = "id") -> bool:
        found = self.db.execute(f"SELECT 1 FROM [{table}] WHERE [{pk}] = ?", [row_id])
        return found.fetchone() is not None

    def row(self, table: str, row_id: int | str, pk: str = "id") -> dict[str, Any]:
        cursor = self.db.execute(f"SELECT * FROM [{table}] WHERE [{pk}] = ?", [row_id])
        columns = [d[0] for d in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))

    def update(
        self,
        table: str,
        row_id: int | str,
        values: dict[str, Any],
        key: str,
        pk: str = "id",
        before: dict[str, Any] | None = None,
    ) -> bool:
        """Write the values that differ from the stored ones; record each old → new.

        ``before``: the row as it was when the command started, where the command had to
        move it out of the way first (renumbering), so the history shows the real old value.
        """
        current = before if before is not None else self.row(table, row_id, pk)
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if not changed:
            return False
        assignments = ", ".join(f"[{c}] = ?" for c in changed)
        self.db.execute(
            f"UPDATE [{table}] SET {assignments} WHERE [{pk}] = ?", [*changed.values(), row_id]
        )
        rowid = row_id if isinstance(row_id, int) else None
        for name, value in changed.items():
            self.record(table, rowid, key, "update", name, current.get(name), value)
        return True

    def delete(self, table: str, row_id: int, key: str) -> None:
        """Delete a row, keeping all of it — and every row its foreign keys would delete or
        clear (ON DELETE CASCADE / SET NULL) — in the history, deepest first."""
        for child_table, column in CASCADES.get(table, ()):
            children = self.db.execute(
                f"SELECT id FROM [{child_table}] WHERE [{column}] = ?", [row_id]
            ).fetchall()
            for (child_id,) in children:
                self.delete(child_table, child_id, f"{key}/{child_table}:{child_id}")
        for child_table, column in SET_NULL.get(table, ()):
            children = self.db.execute(
                f"SELECT id FROM [{child_table}] WHERE [{column}] = ?", [row_id]
            ).fetchall()
            for (child_id,) in children:
                self.update(
                    child_table, child_id, {column: None}, f"{key}/{child_table}:{child_id}"
                )
        for child_table, column in KEYLESS_CHILDREN.get(table, ()):
            cursor = self.db.execute(
                f"SELECT * FROM [{child_table}] WHERE [{column}] = ?", [row_id]
            )
            names = [d[0] for d in cursor.description]
            for values in cursor.fetchall():
                self.record(
                    child_table,
                    None,
                    f"{key}/{child_table}",
                    "delete",
                    None,
                    dict(zip(names, values, strict=True)),
                    None,
                )
            self.db.execute(f"DELETE FROM [{child_table}] WHERE [{column}] = ?", [row_id])
        old = self.row(table, row_id)
        self.db.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
        self.record(table, row_id, key, "delete", None, old, None)

    def finish(self, summary: dict[str, Any]) -> int | None:
        if self.id is not None:
            self.db.execute(
                "UPDATE batches SET summary = ? WHERE id = ?", [history_json(summary), self.id]
            )
        return self.id


# Rows deleted by ON DELETE CASCADE: recorded one by one before the parent goes.
CASCADES: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("translations", "article_id"), ("paragraphs", "article_id")),
    "paragraphs": (("translations", "paragraph_id"),),
    "translations": (("recordings", "translation_id"),),
    "terms": (("term_forms", "term_id"), ("term_synonyms", "term_id")),
    "term_forms": (("recordings", "term_form_id"),),
    "divisions": (("divisions", "parent_id"),),
}
# Columns cleared by ON DELETE SET NULL: recorded as updates before the parent goes.
SET_NULL: dict[str, tuple[tuple[str, str], ...]] = {
    "divisions": (("articles", "division_id"),),
}
# Cascaded rows without an id column: recorded whole.
KEYLESS_CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "terms": (("term_articles", "term_id"),),
}


_RECORD = (
    "INSERT INTO change_rows (batch_id, at, table_name, row_id, key, op, field, old, new) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


# A run of rows one bulk insert added to one table: a row of change_rows whose ``field`` is
# RUN_MARK, ``row_id`` the first row's id, ``key`` the keys' common beginning and ``new`` the
# JSON list of the rest of each key; its id is the last of the block of change ids it
# stands for. The ``changes`` view (store.schema_history) gives it back as one insert a row.
RUN_MARK = "#rows"
RUN_LENGTH = 1000  # rows of a bulk insert recorded in one row of the history, at most


def insert_runs(inserted: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """(id, key) pairs cut into runs of consecutive ids, :data:`RUN_LENGTH` at most."""
    runs: list[list[tuple[int, str]]] = []
    for pair in inserted:
        run = runs[-1] if runs else None
        if run and len(run) < RUN_LENGTH and pair[0] == run[-1][0] + 1:
            run.append(pair)
        else:
            runs.append([pair])
    return runs


def run_keys(keys: list[str]) -> tuple[str, str]:
    """What a run keeps of its rows' keys: their common beginning, and the rest of each
    (a JSON list)."""
    common = os.path.commonprefix(keys)  # noqa: RUF071 — characters, not path parts
    return common, json.dumps([k[len(common) :] for k in keys], ensure_ascii=False)


def write_run(
    db: Database,
    change_id: int,
    batch_id: int,
    at: str | None,
    table: str,
    run: list[tuple[int, str]],
) -> None:
    """One row of ``change_rows`` for a run of inserted rows (id, key); ``change_id`` is the
    last of the ids of the changes it stands for."""
    common, rest = run_keys([key for _, key in run])
    db.execute(
        "INSERT INTO change_rows (id, batch_id, at, table_name, row_id, key, op, field, new) "
        "VALUES (?, ?, ?, ?, ?, ?, 'insert', ?, ?)",
        [change_id, batch_id, at, table, run[0][0], common, RUN_MARK, rest],
    )


def run_rows(change_id: int, row_id: int, key: str, rest: str) -> list[tuple[int, int, str]]:
    """(change id, row id, key) of each insert a run row of ``change_rows`` stands for, in
    order — what the ``changes`` view gives, for readers of the table itself."""
    keys = json.loads(rest)
    first = change_id - len(keys) + 1
    return [(first + i, row_id + i, key + k) for i, k in enumerate(keys)]


def primary_key(db: Queryable, table: str) -> tuple[str, ...]:
    """A table's primary key columns, in order (``("id",)`` for most)."""
    info = db.execute(f"PRAGMA table_info([{table}])").fetchall()
    return tuple(row[1] for row in sorted(info, key=lambda r: r[5]) if row[5])


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just made (always set after a successful INSERT)."""
    row_id = cursor.lastrowid
    if row_id is None:
        raise RuntimeError("INSERT made no row")
    return row_id
