"""Opening the database file: checks, pragmas, migrations, read-only mode.

Every command goes through :func:`open_db`, so a foreign, damaged or too-new file is refused
with one clear message before anything reads or writes it.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.store.fts_buffer import set_write_buffer
from glossary.store.reader import (
    check_application_id,
    check_is_glossary_file,
    check_schema_version,
    connect,
    damaged_database,
    missing_database,
    on_lock_wait,
)
from glossary.store.schema import FTS_TABLES, FTS_TOKENIZE, migration_names, migrations
from glossary.store.search_index import refresh as refresh_search_index

# A writer waits for another in attempts of this many milliseconds (SQLite's busy timeout),
# so that it can say once that it is waiting, and so that Ctrl-C is heard between attempts.
LOCK_ATTEMPT_MS = 1000
ENV_BUSY_TIMEOUT = "GLOSSARY_BUSY_TIMEOUT"
# A bulk import's page cache (KiB; SQLite's default is 2 000): inserting into indexes far
# larger than the cache (the paragraphs' indexes, the FTS b-trees) re-reads and re-spills pages;
# at 100 000 articles 64 MiB makes the paragraphs' insert and FTS fill about 20 % cheaper.
BULK_CACHE_KIB = 65536
DEFAULT_BUSY_TIMEOUT_S = 3600.0  # longer than any import measured (the 707 MiB build: 574 s)


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
        raise missing_database(path)
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
        check_application_id(db.conn, path)
        check_schema_version(db.conn, path, read_only=read_only)
        if not read_only:
            if exists:
                check_not_damaged(db.conn, path)
            conn.execute(f"PRAGMA busy_timeout = {LOCK_ATTEMPT_MS}")
            configure_for_writing(db)
            if migrate:
                upgrade(db)
    except BaseException:
        db.close()
        raise
    return db


def check_not_damaged(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse to write to a damaged file: a write on top of broken pages spreads the damage
    and buries the last good state. SQLite's quick_check reads every page (no index
    cross-check), before anything is written."""
    try:
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(1)") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems:
        raise damaged_database(path, problems[0])


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


# Migrations that free much of an older file: the upgrade compacts it after them.
SHRINKING = frozenset(
    {
        "m012_history_without_copies",
        "m014_search_without_copies",
        "m015_han_hash",
        "m016_term_variants_by_key",
        "m017_history_runs",
        "m018_pinyin_by_exception",
        "m019_han_from_the_text",
        "m021_pinyin_through_han",
    }
)


def upgrade(db: Database) -> list[str]:
    """Apply pending migrations, then make sure no FTS trigger went missing; what they
    left for the search index is indexed by the one writer's path, write_transaction."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        with write_transaction(db):
            migrations.apply(db)  # each migration in a savepoint of this one transaction
            db.execute(f"PRAGMA user_version = {len(migration_names())}")
        if SHRINKING.intersection(pending):
            db.execute("VACUUM")  # give the space back once: the file travels by phone
    ensure_fts(db)
    if _search_dirty(db):
        with write_transaction(db):
            pass
    return pending


def _search_dirty(db: Database) -> bool:
    return db.execute("SELECT 1 FROM search_dirty LIMIT 1").fetchone() is not None


def ensure_fts(db: Database) -> list[str]:
    """Recreate any FTS index whose triggers are gone, and rebuild it from its table.

    ``Table.transform()`` in sqlite-utils drops a table's triggers with the old table; a
    migration that forgets to re-enable FTS would leave search silently stale. This guard
    runs after every upgrade. Returns the tables it repaired.
    """
    repaired = []
    for table, columns in FTS_TABLES.items():
        rows = db.table(table)
        if not rows.exists():
            continue
        wanted = {f"{table}_ai", f"{table}_ad", f"{table}_au"}
        present = {t.name for t in rows.triggers}
        if not wanted <= present or not db.table(f"{table}_fts").exists():
            with write_transaction(db):
                rows.enable_fts(columns, tokenize=FTS_TOKENIZE, create_triggers=True, replace=True)
                set_write_buffer(db, f"{table}_fts")
                rows.rebuild_fts()
            repaired.append(table)
    return repaired


__all__ = ["ensure_fts", "open_db", "take_write_lock", "upgrade", "write_transaction"]


def busy_timeout_s() -> float:
    """How long a writer waits in all for the write lock: $GLOSSARY_BUSY_TIMEOUT seconds."""
    raw = os.environ.get(ENV_BUSY_TIMEOUT, "").strip()
    if not raw:
        return DEFAULT_BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise GlossaryError(
            f"{ENV_BUSY_TIMEOUT} must be a number of seconds, not {raw!r}",
            fix=f"set it to e.g. 600, or unset it for the default ({DEFAULT_BUSY_TIMEOUT_S:.0f})",
        )
    return seconds


def is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def take_write_lock(db: Database) -> None:
    """``BEGIN IMMEDIATE``, retried while another writer holds the lock: a second import
    waits for the first however long it takes (up to $GLOSSARY_BUSY_TIMEOUT), instead of
    failing when one busy timeout runs out. Each attempt waits LOCK_ATTEMPT_MS."""
    limit = busy_timeout_s()
    started: float | None = None
    while True:
        try:
            db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            now = time.monotonic()
            if started is None:
                started = now
                notice = on_lock_wait.get()
                if notice is not None:
                    notice()
            if now - started >= limit:
                raise


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a bulk write (an import of thousands of rows): each
    full collection walks every object alive — pypinyin's dictionaries, the caches, the
    rows read — and they took a sixth of a term import. Its rows make no cycles to wait for.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def bulk_cache(db: Database) -> Iterator[None]:
    """A larger page cache (:data:`BULK_CACHE_KIB`) for a bulk write, the connection's own
    size back afterwards (its memory freed: an editor's session stays small)."""
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def write_transaction(
    db: Database, *, dry_run: bool = False, bulk: bool = False
) -> Iterator[Database]:
    """One writer's transaction: the write lock is taken at the start (take_write_lock), so
    a second writer waits instead of failing half-way with "database is locked" when both
    try to upgrade a read lock. Commits, or rolls back on error or ``dry_run``.

    The one place the search index is brought up to date: what the writes marked dirty is
    re-indexed just before the commit (one indexed lookup when nothing is).

    ``bulk``: many rows (an import): with a larger page cache (:func:`bulk_cache`)."""
    if db.conn.in_transaction:
        raise RuntimeError("write_transaction() cannot nest in an open transaction")
    if bulk:
        with bulk_cache(db), write_transaction(db, dry_run=dry_run) as same:
            yield same
        return
    take_write_lock(db)
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    if dry_run:
        db.rollback()
        return
    try:
        refresh_search_index(db)
    except BaseException:
        db.rollback()
        raise
    db.commit()
