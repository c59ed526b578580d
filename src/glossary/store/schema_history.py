"""Migrations of the history. m012: it stops keeping copies of what it can re-derive;
m017: a bulk insert's rows are kept as runs, read back through the ``changes`` view.

An insert was recorded with a copy of the whole row; it now keeps the row's key only
(nothing for a table with an id, which the change names; the primary key columns for
``laws`` and ``term_articles``), and :mod:`glossary.store.history_values` gives the inserted
values back. A change's time, nearly always its batch's own, is kept only where it differs.
Updates and deletes — the overwritten values — are kept exactly as they were.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from glossary.store.history import RUN_MARK, insert_runs, primary_key, write_run

_CHANGES = """
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batches(id),
        at TEXT,                                -- NULL: the batch's own time
        table_name TEXT NOT NULL,
        row_id INTEGER,
        key TEXT NOT NULL,                      -- readable: minshi-susong-fa/2023/122/1
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
        field TEXT,                             -- NULL for whole-row insert/delete
        old TEXT,                               -- JSON: a deleted row, an updated field's value
        new TEXT                                -- JSON: an updated field's value; an insert's key
    )
"""


def _inserted_key_sql(db: Database) -> str:
    """A CASE expression giving what an insert now records, table by table."""
    cases = []
    tables = [
        r[0] for r in db.execute("SELECT DISTINCT table_name FROM changes WHERE op = 'insert'")
    ]
    for table in tables:
        pk = primary_key(db, table)
        if not pk:
            continue  # a table that is gone: its copies stay as they are
        if pk == ("id",):
            value = "NULL"
        else:
            pairs = ", ".join(f"'{c}', json_extract(c.new, '$.{c}')" for c in pk)
            value = f"json_object({pairs})"
        cases.append(f"WHEN '{table}' THEN {value}")
    if not cases:
        return "c.new"
    return f"CASE c.table_name {' '.join(cases)} ELSE c.new END"


def m012_history_without_copies(db: Database) -> None:
    inserted = _inserted_key_sql(db)
    db.executescript(
        "ALTER TABLE changes RENAME TO changes_m011;"
        "DROP INDEX IF EXISTS changes_batch; DROP INDEX IF EXISTS changes_key;" + _CHANGES + ";"
    )
    db.execute(
        "INSERT INTO changes (id, batch_id, at, table_name, row_id, key, op, field, old, new) "
        "SELECT c.id, c.batch_id, CASE WHEN c.at = b.at THEN NULL ELSE c.at END, "
        "c.table_name, c.row_id, c.key, c.op, c.field, c.old, "
        f"CASE WHEN c.op = 'insert' THEN {inserted} ELSE c.new END "
        "FROM changes_m011 c LEFT JOIN batches b ON b.id = c.batch_id ORDER BY c.id"
    )
    db.executescript(
        """
        DROP TABLE changes_m011;
        CREATE INDEX changes_batch ON changes (batch_id);
        CREATE INDEX changes_key ON changes (key);
        """
    )


_CHANGES_VIEW = f"""
    CREATE VIEW changes AS
    SELECT id, batch_id, at, table_name, row_id, key, op, field, old, new
    FROM change_rows WHERE field IS NOT '{RUN_MARK}'
    UNION ALL
    SELECT r.id - json_array_length(r.new) + 1 + j.key, r.batch_id, r.at, r.table_name,
        r.row_id + j.key, r.key || j.value, 'insert', NULL, NULL, NULL
    FROM change_rows r JOIN json_each(r.new) j
    WHERE r.field = '{RUN_MARK}'
"""


def history_table(db: Database) -> str:
    """The table that holds the history: ``change_rows`` since m017, ``changes`` before."""
    found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'change_rows'").fetchone()
    return "change_rows" if found else "changes"


def m017_history_runs(db: Database) -> None:
    """The history's table becomes ``change_rows``, where a bulk insert is one row a run of
    rows (their ids consecutive, their keys as the rest after a common beginning) instead of
    a row and a key index entry each; ``changes`` is the view that reads it as before. The
    inserts already recorded are gathered into runs the same way."""
    db.executescript(
        "ALTER TABLE changes RENAME TO change_rows;"
        f"CREATE INDEX change_runs ON change_rows (field) WHERE field = '{RUN_MARK}';"
        + _CHANGES_VIEW
        + ";"
    )
    _gather_runs(db)


def _gather_runs(db: Database) -> None:
    """Inserts recorded one a row, with consecutive change ids and row ids, in one batch,
    table and time: each such run as one row (store.history.insert_runs cuts them)."""
    found = db.execute(
        "SELECT id, batch_id, at, table_name, row_id, key FROM change_rows "
        "WHERE op = 'insert' AND field IS NULL AND old IS NULL AND new IS NULL "
        "AND row_id IS NOT NULL ORDER BY id"
    ).fetchall()
    groups: list[list[tuple[Any, ...]]] = []
    for row in found:
        last = groups[-1][-1] if groups else None
        if last is not None and row[0] == last[0] + 1 and row[1:4] == last[1:4]:
            groups[-1].append(row)
        else:
            groups.append([row])
    for group in groups:
        first_change = group[0][0]
        offset = 0
        for run in insert_runs([(r[4], r[5]) for r in group]):
            ids = (first_change + offset, first_change + offset + len(run) - 1)
            offset += len(run)
            if len(run) < 2:
                continue
            db.execute("DELETE FROM change_rows WHERE id BETWEEN ? AND ?", list(ids))
            batch_id, at, table = group[0][1:4]
            write_run(db, ids[1], batch_id, at, table, run)
