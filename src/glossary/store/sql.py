"""``glossary sql``: run a user's SELECT on a connection that cannot write, within limits.

Two locks, so one mistake is not enough: the file is opened with ``mode=ro`` and
``query_only``, and an authorizer refuses every action but reading — no writes, no ATTACH,
no PRAGMA that changes anything, no loading extensions. Reading the full-text tables works:
their constructor's internal steps are allowed, their writes are not.

And limits, so one statement cannot hang the terminal or eat the memory: a time limit and
Ctrl-C (both through SQLite's progress handler), a cap on the size of any one value
(``SQLITE_LIMIT_LENGTH``, checked before a value is built), and caps on what is printed.
"""

from __future__ import annotations

import math
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from glossary.errors import GlossaryError
from glossary.store.reader import connect, reading_note

DEFAULT_TIMEOUT_S = 5.0
MAX_VALUE_BYTES = 16_000_000  # one string or blob, in SQLite's own accounting
MAX_ROWS = 10_000  # printed when no --limit is given
MAX_OUTPUT_BYTES = 64_000_000  # all the values printed, roughly
PROGRESS_EVERY = 1_000  # SQLite VM steps between two looks at the clock and Ctrl-C

_ALLOWED = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
# Pragmas that only read, and only when called without a value.
_READ_PRAGMAS = {
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "user_version",
    "application_id",
    "database_list",
    "compile_options",
    "page_count",
    "page_size",
    "freelist_count",
    "integrity_check",
    "quick_check",
    "data_version",  # FTS5 reads it when it connects to its table
}
_DENIED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}
# Connecting to a virtual table (FTS5) is authorized as an UPDATE of the schema table's
# row; SQLite itself never lets a statement write sqlite_master without writable_schema,
# which the pragma rule above refuses.
_SCHEMA_TABLES = {"sqlite_master", "sqlite_schema"}


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    if action == sqlite3.SQLITE_PRAGMA:
        ok = (arg1 or "").lower() in _READ_PRAGMAS and arg2 is None
    elif action == sqlite3.SQLITE_FUNCTION:
        ok = (arg2 or "").lower() not in _DENIED_FUNCTIONS
    elif action == sqlite3.SQLITE_UPDATE:
        ok = (arg1 or "").lower() in _SCHEMA_TABLES
    else:
        ok = action in _ALLOWED
    return sqlite3.SQLITE_OK if ok else sqlite3.SQLITE_DENY


def read_only_connection(path: Path) -> sqlite3.Connection:
    conn = connect(path, read_only=True)
    conn.set_authorizer(_authorizer)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    return conn


class QueryInterrupted(GlossaryError):
    """Ctrl-C stopped the statement (the CLI exits with 130, as for any Ctrl-C)."""


class QueryGuard:
    """SQLite's progress handler: returning 1 stops the statement at its next step."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.interrupted = False
        self.timed_out = False

    def __call__(self) -> int:
        if self.interrupted:
            return 1
        if time.monotonic() > self.deadline:
            self.timed_out = True
            return 1
        return 0

    def on_sigint(self, _signum: int, _frame: FrameType | None) -> None:
        self.interrupted = True


@contextmanager
def ctrl_c_stops(guard: QueryGuard) -> Iterator[None]:
    """While the statement runs, Ctrl-C sets a flag the progress handler sees (a Python
    handler never runs while SQLite holds the thread, so the default one cannot stop it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, guard.on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    cut: str | None = None  # why rows were left out, when they were
    note: str | None = None  # how the file had to be opened, when not the usual way


def value_size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes) else 8


def fetch_within_limits(cursor: sqlite3.Cursor, limit: int | None) -> QueryResult:
    columns = [d[0] for d in cursor.description or []]
    most = limit or MAX_ROWS
    rows: list[tuple[Any, ...]] = []
    size = 0
    while len(rows) < most:
        batch = cursor.fetchmany(min(500, most - len(rows)))
        if not batch:
            return QueryResult(columns, rows)
        for row in batch:
            rows.append(row)
            size += sum(value_size(v) for v in row)
            if size > MAX_OUTPUT_BYTES:
                cut = f"only the first {len(rows)} rows are shown: the output passed "
                return QueryResult(columns, rows, cut + f"{MAX_OUTPUT_BYTES:,} bytes")
    if limit is None and cursor.fetchone() is not None:
        cut = f"only the first {MAX_ROWS:,} rows are shown; give --limit N for another number"
        return QueryResult(columns, rows, cut)
    return QueryResult(columns, rows)


def run_query(
    path: Path,
    sql: str,
    params: list[Any] | None = None,
    limit: int | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> QueryResult:
    """Run one read-only statement; a write, a syntax error, the time limit, Ctrl-C or
    an oversized value becomes a clear message."""
    conn = read_only_connection(path)
    guard = QueryGuard(timeout)
    conn.set_progress_handler(guard, PROGRESS_EVERY)
    try:
        with ctrl_c_stops(guard):
            result = fetch_within_limits(conn.execute(sql, params or []), limit)
        result.note = reading_note(conn)
        return result
    except sqlite3.DatabaseError as exc:
        raise query_error(exc, guard) from None
    finally:
        conn.close()


def query_error(exc: sqlite3.DatabaseError, guard: QueryGuard) -> GlossaryError:
    message = str(exc)
    if guard.interrupted:
        return QueryInterrupted("the query was interrupted (Ctrl-C); nothing was changed")
    if guard.timed_out:
        return GlossaryError(
            f"the query was stopped at the time limit ({guard.timeout:g} s)",
            fix="give --timeout SECONDS for a longer limit, or add a LIMIT to the statement",
        )
    if "too big" in message:
        return GlossaryError(
            f"a value in this query would be too large (over {MAX_VALUE_BYTES:,} bytes)",
            fix="select a shorter value, e.g. with substr() or length()",
        )
    if any(s in message for s in ("not authorized", "readonly", "query_only", "may not be")):
        return GlossaryError(
            "`glossary sql` only reads: this statement would write or change the "
            "database, and was refused (nothing was changed)",
            fix="use SELECT; to change data use the import commands",
        )
    if "more than one statement" in message or "one statement at a time" in message:
        return GlossaryError(
            "give one statement at a time", fix="remove everything after the first ;"
        )
    return GlossaryError(f"SQL error: {message}", fix="check the statement")


def json_safe(value: Any) -> Any:
    """JSON has no Infinity or NaN: a non-finite number prints as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
