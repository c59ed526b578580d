"""Opening a database file and checking it is ours — with the standard library only.

Every command goes through these checks, so a foreign, damaged or too-new file is refused
with one clear message before anything reads or writes it. Searching and showing run on a
:class:`Reader` over a plain ``sqlite3`` connection: importing sqlite-utils costs about
70 ms, a quarter of what a one-shot ``glossary search`` may take.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from glossary.errors import GlossaryError
from glossary.store.version import APPLICATION_ID, MIGRATION_NAMES, MIGRATION_SET

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000  # a reader waits this long for a lock (writers: store.db)
# What a writer does, once, when it starts waiting for another's lock (store.db): the command
# line prints a line on stderr; the default (the app, the core's tests) says nothing. Here,
# not in store.db, so that the command line sets it without loading sqlite-utils.
on_lock_wait: ContextVar[Callable[[], None] | None] = ContextVar("on_lock_wait", default=None)


class Queryable(Protocol):
    """What the read path needs of a database: sqlite-utils' Database or a Reader."""

    conn: sqlite3.Connection

    def execute(self, sql: str, parameters: Any = ...) -> sqlite3.Cursor: ...


class SchemaNeedsUpgrade(GlossaryError):
    """The file is ours but older: only a writing command upgrades it, in place."""


class DatabaseBusy(GlossaryError):
    """Another connection holds a lock: nothing is known about the file's health."""


def is_busy(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (with any extended code): a lock, not damage."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def database_busy(path: Path) -> DatabaseBusy:
    return DatabaseBusy(
        "the database is busy: another program is writing to it, so it could not be read "
        "(this says nothing about damage)",
        str(path),
        "wait for the other program to finish, then run the command again",
    )


class Reader:
    """A read-only connection with the same ``execute`` as sqlite-utils' Database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters if parameters is not None else ())

    def close(self) -> None:
        self.conn.close()


def missing_database(path: Path) -> GlossaryError:
    return GlossaryError(
        "no glossary database here",
        str(path),
        "build one with `glossary init` (or `make run` for the demo), or point to one "
        "with --db PATH or GLOSSARY_DB",
    )


def damaged_database(path: Path | str | None, detail: str) -> GlossaryError:
    """The one message for a file SQLite finds damaged, whichever command met it (on one
    line: quick_check's report spans several)."""
    return GlossaryError(
        f"the database file is damaged ({' '.join(detail.split())}); nothing was written",
        str(path) if path is not None else None,
        "restore it from a backup; `glossary check` lists the problems",
    )


def open_reader(path: str | os.PathLike[str]) -> Reader:
    """Open an existing, current database for reading only."""
    path = Path(path)
    if not path.exists():
        raise missing_database(path)
    check_is_glossary_file(path)
    conn = connect(path, read_only=True)
    try:
        check_application_id(conn, path)
        check_schema_version(conn, path, read_only=True)
    except BaseException:
        conn.close()
        raise
    return Reader(conn)


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A raw connection with the pragmas every command relies on."""
    try:
        if read_only:
            conn = open_read_only(path)
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


class FallbackConnection(sqlite3.Connection):
    """A read-only connection opened another way than usual, with a note that says how;
    a private copy it reads is removed when it closes."""

    note: str | None = None
    _remove: weakref.finalize | None = None

    def close(self) -> None:
        super().close()
        if self._remove is not None:
            self._remove()


def reading_note(conn: sqlite3.Connection) -> str | None:
    """How a read-only connection had to be opened, when not the usual way."""
    return getattr(conn, "note", None)


def _open_uri(path: Path, query: str, factory: type[sqlite3.Connection]) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?{query}"
    return sqlite3.connect(uri, uri=True, check_same_thread=False, factory=factory)


def open_read_only(path: Path) -> sqlite3.Connection:
    """``mode=ro``; or, where SQLite cannot open it so because the folder is not writable
    (a WAL database needs its -shm file, and may not create it there), the file as it is
    (``immutable``) or, when its -wal holds changes, a private copy of both."""
    conn = _open_uri(path, "mode=ro", sqlite3.Connection)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        if not folder_refuses_shm(path, exc):
            return conn  # the checks that follow say what is wrong with the file
    conn.close()
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        fallback = _open_uri(path, "mode=ro&immutable=1", FallbackConnection)
        assert isinstance(fallback, FallbackConnection)
        fallback.note = (
            f"the folder {path.parent} is not writable: the file is read as it is "
            "(changes made to it while it is open are not seen)"
        )
        return fallback
    return open_private_copy(path, wal)


def folder_refuses_shm(path: Path, exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY) and not os.access(
        path.parent, os.W_OK
    )


def open_private_copy(path: Path, wal: Path) -> sqlite3.Connection:
    """The database and its -wal copied together to a private folder, where SQLite can
    create the -shm it needs to read the changes in the -wal."""
    folder = Path(tempfile.mkdtemp(prefix="glossary-read-"))
    try:
        shutil.copyfile(path, folder / path.name)
        shutil.copyfile(wal, folder / wal.name)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise GlossaryError(
            f"the folder is not writable, and SQLite must create the database's -shm file "
            f"there to read the changes in its -wal file; a private copy failed ({exc.strerror})",
            str(path.parent),
            "copy the database and its -wal file to a folder you can write, or ask the "
            "folder's owner to open the database once (that folds the -wal in)",
        ) from None
    conn = _open_uri(folder / path.name, "mode=ro", FallbackConnection)
    assert isinstance(conn, FallbackConnection)
    conn._remove = weakref.finalize(conn, shutil.rmtree, folder, ignore_errors=True)
    conn.note = (
        f"the folder {path.parent} is not writable: reading a private copy of the database "
        "and its -wal file, made just now"
    )
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


def check_application_id(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise database_busy(path) from None
        if folder_refuses_shm(path, exc):
            raise GlossaryError(
                "the folder is not writable, and SQLite needs to write the database's "
                "journal (-wal, -shm) beside it",
                str(path.parent),
                "use --read-only, or copy the database to a folder you can write",
            ) from None
        raise damaged_database(path, str(exc)) from None
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise GlossaryError(
            "this SQLite file is not a glossary database",
            str(path),
            "give the path of a glossary database, or a new path to create one",
        )


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [r[0] for r in rows]


def check_schema_version(conn: sqlite3.Connection, path: Path, *, read_only: bool) -> None:
    """A file written by a newer glossary is never touched; an older one is upgraded by a
    writing command only: reading never changes a file (``read_only`` is a reader)."""
    applied = applied_migrations(conn)
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if unknown or version > len(MIGRATION_NAMES):
        schema = unknown[-1] if unknown else f"version {version}"
        raise GlossaryError(
            f"this database was written by a newer version of glossary (schema {schema})",
            str(path),
            "upgrade glossary to open it; the file was left unchanged",
        )
    if read_only and len(applied) < len(MIGRATION_NAMES):
        raise SchemaNeedsUpgrade(
            "this database has an older schema, and reading (or --read-only) never changes a file",
            str(path),
            "upgrade it in place with `glossary init` or any writing command, without "
            "--read-only (nothing is lost)",
        )


def rows(db: Queryable, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """The rows of a query as dicts, column name → value (store.queries and others)."""
    cursor = db.execute(sql, list(params))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
