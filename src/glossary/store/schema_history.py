"""Migration m012: the history stops keeping copies of what it can re-derive.

An insert was recorded with a copy of the whole row; it now keeps the row's key only
(nothing for a table with an id, which the change names; the primary key columns for
``laws`` and ``term_articles``), and :mod:`glossary.store.history_values` gives the inserted
values back. A change's time, nearly always its batch's own, is kept only where it differs.
Updates and deletes — the overwritten values — are kept exactly as they were.
"""

from __future__ import annotations

from sqlite_utils import Database

from glossary.store.history import primary_key

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
