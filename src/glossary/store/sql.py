"""``glossary sql``: run a user's SELECT on a connection that cannot write.

Two locks, so one mistake is not enough: the file is opened with ``mode=ro`` and
``query_only``, and an authorizer refuses every action but reading — no writes, no ATTACH,
no PRAGMA that changes anything, no loading extensions.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.store.reader import connect

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
}
_DENIED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    if action == sqlite3.SQLITE_PRAGMA:
        ok = (arg1 or "").lower() in _READ_PRAGMAS and arg2 is None
        return sqlite3.SQLITE_OK if ok else sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION:
        ok = (arg2 or "").lower() not in _DENIED_FUNCTIONS
        return sqlite3.SQLITE_OK if ok else sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK if action in _ALLOWED else sqlite3.SQLITE_DENY


def read_only_connection(path: Path) -> sqlite3.Connection:
    conn = connect(path, read_only=True)
    conn.set_authorizer(_authorizer)
    return conn


def run_query(
    path: Path, sql: str, params: list[Any] | None = None, limit: int | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only statement; a write or a syntax error becomes a clear message."""
    conn = read_only_connection(path)
    try:
        cursor = conn.execute(sql, params or [])
        rows = cursor.fetchmany(limit) if limit else cursor.fetchall()
        columns = [d[0] for d in cursor.description or []]
        return columns, rows
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "not authorized" in message or "readonly" in message or "query_only" in message:
            raise GlossaryError(
                "`glossary sql` only reads: this statement would write or change the "
                "database, and was refused (nothing was changed)",
                fix="use SELECT; to change data use the import commands",
            ) from None
        if "more than one statement" in message or "one statement at a time" in message:
            raise GlossaryError(
                "give one statement at a time", fix="remove everything after the first ;"
            ) from None
        raise GlossaryError(f"SQL error: {message}", fix="check the statement") from None
    finally:
        conn.close()
