"""Migration m013: indexes no query needs go.

``revisions_law`` and ``term_forms_term`` repeat the first column of a UNIQUE index that
SQLite already uses for the same lookups (``UNIQUE (law, label)``; ``UNIQUE (term_id, form,
…)``, which also serves the foreign key's ON DELETE CASCADE): each cost space and time on
every write and bought nothing. (bench.dbstat lists what every table and index costs.)
"""

from __future__ import annotations

from sqlite_utils import Database


def m013_redundant_indexes(db: Database) -> None:
    db.executescript(
        """
        DROP INDEX IF EXISTS revisions_law;
        DROP INDEX IF EXISTS term_forms_term;
        """
    )
