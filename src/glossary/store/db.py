"""Opening the database file: checks, pragmas, migrations, read-only mode.

Every command goes through :func:`open_db`, so a foreign, damaged or too-new file is refused
with one clear message before anything reads or writes it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.store.schema import (
    APPLICATION_ID,
    FTS_TABLES,
    FTS_TOKENIZE,
    MIGRATION_SET,
    migration_names,
    migrations,
)
from glossary.store.search_sync import refresh_search_index

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000  # a writer waits this long for another writer before giving up


def open_db(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    create: bool = False,
    migrate: bool = True,
) -> Database:
    """Open (and, unless read-only, upgrade) a glossary database.

    ``create``: make a new file when missing; otherwise a missing file is an error that says
    how to build one. ``read_only``: the file is opened with SQLite's ``mode=ro`` and
    ``query_only``, so nothing can be written, even by mistake.
    """
    path = Path(path)
    exists = path.exists()
    if exists:
        check_is_glossary_file(path)
    elif read_only or not create:
        raise GlossaryError(
            "no glossary database here",
            str(path),
            "build one with `glossary init` (or `make run` for the demo), or point to one "
            "with --db PATH or GLOSSARY_DB",
        )
    if exists and not read_only and not os.access(path, os.W_OK):
        raise GlossaryError(
            "the database file is not writable",
            str(path),
            "open it with --read-only, or copy it somewhere you can write",
        )
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GlossaryError(
                f"cannot create the folder for the database ({exc.strerror})",
                str(path.parent),
                "choose another place with --db PATH",
            ) from None
    conn = connect(path, read_only=read_only)
    db = Database(conn, execute_plugins=False)
    try:
        check_application_id(db, path)
        check_schema_version(db, path, read_only=read_only)
        if not read_only:
            configure_for_writing(db)
            if migrate:
                upgrade(db)
    except BaseException:
        db.close()
        raise
    return db


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A raw connection with the pragmas every command relies on."""
    try:
        if read_only:
            uri = f"file:{quote(str(path.resolve()))}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise GlossaryError(
            f"cannot open the database ({exc})",
            str(path),
            "check the path and that the file is a glossary database",
        ) from None
    return conn


def check_is_glossary_file(path: Path) -> None:
    """Refuse what is not a SQLite file before SQLite gets a chance to misread it."""
    if path.is_dir():
        raise GlossaryError("this is a folder, not a database file", str(path), "give a file path")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise GlossaryError(f"cannot read the database ({exc.strerror})", str(path)) from None
    if header and header != SQLITE_HEADER:
        raise GlossaryError(
            "this file is not a SQLite database",
            str(path),
            "give the path of a glossary database, or a new path to create one",
        )


def check_application_id(db: Database, path: Path) -> None:
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = db.table_names()
    except sqlite3.DatabaseError as exc:
        raise GlossaryError(
            f"the database file is damaged ({exc})",
            str(path),
            "restore it from a backup",
        ) from None
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise GlossaryError(
            "this SQLite file is not a glossary database",
            str(path),
            "give the path of a glossary database, or a new path to create one",
        )


def check_schema_version(db: Database, path: Path, *, read_only: bool) -> None:
    """A file written by a newer glossary is never touched; an older one needs a writer."""
    applied = [m.name for m in migrations.applied(db)]
    known = set(migration_names())
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise GlossaryError(
            f"this database was written by a newer version of glossary (schema {unknown[-1]})",
            str(path),
            "upgrade glossary to open it; the file was left unchanged",
        )
    if read_only and migrations.pending(db):
        raise GlossaryError(
            "this database uses an older schema and cannot be upgraded in read-only mode",
            str(path),
            "open it once without --read-only to upgrade it in place (nothing is lost)",
        )


def configure_for_writing(db: Database) -> None:
    try:
        if db.journal_mode != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.OperationalError as exc:
        raise GlossaryError(
            f"cannot prepare the database for writing ({exc})",
            fix="close other programs that use it, or use --read-only",
        ) from None


def upgrade(db: Database) -> list[str]:
    """Apply pending migrations, then make sure no FTS trigger went missing."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {len(migration_names())}")
    ensure_fts(db)
    refresh_search_index(db)
    return pending


def ensure_fts(db: Database) -> list[str]:
    """Recreate any FTS index whose triggers are gone, and rebuild it from its table.

    ``Table.transform()`` in sqlite-utils drops a table's triggers with the old table; a
    migration that forgets to re-enable FTS would leave search silently stale. This guard
    runs after every upgrade. Returns the tables it repaired.
    """
    repaired = []
    for table, columns in FTS_TABLES.items():
        if not db[table].exists():
            continue
        wanted = {f"{table}_ai", f"{table}_ad", f"{table}_au"}
        present = {t.name for t in db[table].triggers}
        if not wanted <= present or not db[f"{table}_fts"].exists():
            with db.atomic():
                db[table].enable_fts(
                    columns, tokenize=FTS_TOKENIZE, create_triggers=True, replace=True
                )
                db[table].rebuild_fts()
            repaired.append(table)
    return repaired


def schema_version(db: Database) -> int:
    return len([m for m in migrations.applied(db) if m.name in set(migration_names())])


__all__ = ["MIGRATION_SET", "ensure_fts", "open_db", "schema_version", "upgrade"]
