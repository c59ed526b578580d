"""Keeping the file healthy: ``glossary check`` and ``glossary backup``.

Standard library only: these must work on a file that is damaged, or that another process
is writing to.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import GlossaryError
from glossary.progress import Progress, tell
from glossary.store.reader import (
    DatabaseBusy,
    check_application_id,
    check_is_glossary_file,
    check_schema_version,
    connect,
    database_busy,
    is_busy,
    missing_database,
    reading_note,
)

__all__ = ["DatabaseBusy", "backup_database", "check_database"]

# Full-text indexes: FTS table → (content table or None, the check to run).
FTS_INDEXES = (
    "paragraphs_fts",
    "translations_fts",
    "terms_fts",
    "term_forms_fts",
    "article_search",
    "term_search",
)


@dataclass
class CheckReport:
    path: str
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: str | os.PathLike[str], progress: Progress | None = None) -> CheckReport:
    """SQLite's integrity check, each full-text index against its table, and the search
    index against the articles and terms.

    A lock held by another program is not damage: check waits for it (busy timeout), and
    past that raises :class:`DatabaseBusy` instead of reporting problems it has not seen."""
    path = Path(path)
    if not path.exists():
        raise missing_database(path)
    check_is_glossary_file(path)
    report = CheckReport(str(path))
    tell(progress, 0, None, "checking")
    # SQLite writes its journal (or -shm) beside the file: both must be writable.
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    conn = connect(path, read_only=not writable)
    if note := reading_note(conn):
        report.checked.append(f"note: {note}")
    try:
        check_application_id(conn, path)
        check_schema_version(conn, path, read_only=False)
        check_pages_and_keys(conn, report)
        check_full_text_indexes(conn, report, writable)
        report.problems += search_index_problems(conn)
        report.checked.append("search index against articles and terms")
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise database_busy(path) from None
        report.problems.append(f"the file is damaged: {exc}")
    finally:
        conn.close()
    tell(progress, len(report.checked), len(report.checked), "checking")
    return report


def check_pages_and_keys(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    report.checked.append("sqlite integrity_check")
    report.problems += [f"integrity: {r[0]}" for r in rows if r[0] != "ok"]
    foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    report.checked.append("foreign keys")
    report.problems += [f"foreign key: {r[0]} row {r[1]} → {r[2]}" for r in foreign]


def cannot_write_here(exc: sqlite3.Error) -> bool:
    """The file or its folder refuses writes (SQLITE_READONLY, SQLITE_CANTOPEN)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)


def check_full_text_indexes(conn: sqlite3.Connection, report: CheckReport, writable: bool) -> None:
    """FTS5's integrity-check is issued as an INSERT, so it needs the write lock: it is
    taken first (``BEGIN IMMEDIATE`` waits for a writer), and rolled back — nothing changes.
    A lock error is raised, never reported as a damaged index."""
    skipped = "full-text indexes skipped (file not writable)"
    if not writable:
        report.checked.append(skipped)
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if not cannot_write_here(exc):
            raise
        report.checked.append(skipped.replace("file", "folder"))
        return
    try:
        for table in FTS_INDEXES:
            try:
                conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                if is_busy(exc):
                    raise
                report.problems.append(f"full-text index {table}: {exc}")
            report.checked.append(f"full-text index {table}")
    finally:
        conn.execute("ROLLBACK")


def search_index_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, source in (("article_search", "articles"), ("term_search", "terms")):
        missing = conn.execute(
            f"SELECT count(*) FROM {source} WHERE id NOT IN (SELECT rowid FROM {table})"
        ).fetchone()[0]
        extra = conn.execute(
            f"SELECT count(*) FROM {table} WHERE rowid NOT IN (SELECT id FROM {source})"
        ).fetchone()[0]
        if missing:
            problems.append(f"search index: {missing} {source} not indexed")
        if extra:
            problems.append(f"search index: {extra} rows for {source} that no longer exist")
    dirty = conn.execute("SELECT count(*) FROM search_dirty").fetchone()[0]
    if dirty:
        problems.append(f"search index: {dirty} changed rows not re-indexed yet")
    return problems


def backup_database(
    path: str | os.PathLike[str],
    dest: str | os.PathLike[str],
    progress: Progress | None = None,
) -> Path:
    """A consistent copy through SQLite's online backup, while others read or write.

    Written to a temporary name and renamed, so a failed backup never leaves a half
    file where a good one is expected; an existing file is never overwritten."""
    path, dest = Path(path), Path(dest)
    if not path.exists():
        raise missing_database(path)
    check_is_glossary_file(path)
    if dest.is_dir():
        dest = dest / path.name  # like cp: into the folder, under the database's name
    if dest.exists():
        raise GlossaryError(
            "the backup file exists already", str(dest), "choose a new name, or delete it"
        )
    remove_stale_partials(dest)
    tmp = partial_name(dest, os.getpid())
    source = connect(path, read_only=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target, pages=256, progress=_pages(progress))
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        tmp.replace(dest)
    except (sqlite3.DatabaseError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.DatabaseError) and is_busy(exc):
            raise database_busy(path) from None
        raise GlossaryError(
            f"the backup failed ({exc})", str(dest), "check the folder and the free space"
        ) from None
    finally:
        source.close()
    return dest


def partial_name(dest: Path, pid: int) -> Path:
    """Where a backup is written before it is complete: hidden, and named after the
    process writing it, so a later backup can tell a dead one's leftover from a live one."""
    return dest.with_name(f".{dest.name}.{pid}.partial")


def remove_stale_partials(dest: Path) -> list[Path]:
    """Delete what backups to ``dest`` that were killed (SIGKILL, power loss) left behind:
    a process can't clean up after itself then, so the next backup does."""
    removed = []
    prefix, suffix = f".{dest.name}.", ".partial"
    for leftover in dest.parent.glob(f".*{suffix}"):
        pid = leftover.name[len(prefix) : -len(suffix)]
        if not leftover.name.startswith(prefix) or not pid.isascii() or not pid.isdigit():
            continue
        if not _process_alive(int(pid)):
            for part in (leftover, leftover.with_name(leftover.name + "-journal")):
                part.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _pages(progress: Progress | None) -> Callable[[int, int, int], object] | None:
    """SQLite's backup progress (status, remaining, total pages) as a Progress call."""
    if progress is None:
        return None
    return lambda _status, remaining, total: progress(total - remaining, total, "pages copied")
