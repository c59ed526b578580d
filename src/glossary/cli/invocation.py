"""One run of the command line: the database it uses, the file it created, and how a failure
is told — one line on stderr and an exit code, never a traceback.

Kept apart from ``glossary.cli.base`` (the commands) so that every failure is handled in one
place, :func:`run`.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from glossary.errors import GlossaryError


@dataclass
class Invocation:
    """What the command line must know about a run to report or undo its failure."""

    db_path: Path | None = None
    # A database file this run created, with its connection: removed if the run fails.
    created: list[tuple[Path, Any]] = field(default_factory=list)


_current: ContextVar[Invocation | None] = ContextVar("invocation", default=None)


def current() -> Invocation:
    """This run's record (a throwaway one outside :func:`run`, e.g. a command invoked by a
    test through click directly)."""
    return _current.get() or Invocation()


def run(main: Callable[[list[str]], Any], argv: list[str]) -> int:
    """Run the command line; returns the exit code. Every failure a user can meet becomes
    one line: the project's errors, click's usage errors, SQLite's errors, OS errors."""
    problem = argument_problem(argv)
    if problem is not None:
        click.echo(f"error: {problem}", err=True)
        return 2
    invocation = Invocation()
    token = _current.set(invocation)
    try:
        with lock_wait_notice():
            code = _run_reporting(main, argv, invocation)
    except BaseException:  # a bug: the traceback is shown, but no empty file is left
        remove_created(invocation)
        raise
    finally:
        _current.reset(token)
    if code:
        remove_created(invocation)
    return code


def _run_reporting(main: Callable[[list[str]], Any], argv: list[str], inv: Invocation) -> int:
    try:
        result = main(argv)
    except GlossaryError as exc:
        return fail(str(exc))
    except click.exceptions.Abort:
        return fail("aborted", 130, prefix="")
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except sqlite3.DatabaseError as exc:
        if os.environ.get("GLOSSARY_DEBUG"):
            raise
        return fail(database_error_message(exc, inv.db_path))
    except OSError as exc:
        return fail(os_error_message(exc))
    except KeyboardInterrupt:
        return fail("interrupted", 130, prefix="")
    return result if isinstance(result, int) else 0


def fail(message: str, code: int = 1, *, prefix: str = "error: ") -> int:
    click.echo(prefix + message, err=True)
    return code


def database_error_message(exc: sqlite3.DatabaseError, path: Path | None) -> str:
    """SQLite's error, said as what happened to the file and what to do."""
    from glossary.store.db import ENV_BUSY_TIMEOUT, busy_timeout_s, is_busy

    where = f"{path}: " if path is not None else ""
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc):
        return (
            f"{where}the disk is full — the change was rolled back and nothing was written; "
            "free some space and run the command again"
        )
    if isinstance(exc, sqlite3.OperationalError) and is_busy(exc):
        return (
            f"{where}the database is busy: another import kept writing to it for more than "
            f"{busy_timeout_s():.0f} s — run the command again when it has finished, or set "
            f"{ENV_BUSY_TIMEOUT} to wait longer"
        )
    from glossary.store.reader import damaged_database

    return str(damaged_database(path, str(exc)))


def os_error_message(exc: OSError) -> str:
    place = f"{exc.filename}: " if exc.filename is not None else ""
    return f"{place}{exc.strerror or exc} — check the path and its permissions"


def argument_problem(argv: list[str]) -> str | None:
    """Text the system could not have passed as it was meant: bytes that are not UTF-8 (on
    POSIX they arrive as lone surrogates) or a NUL character."""
    for n, arg in enumerate(argv, start=1):
        if "\x00" in arg:
            return f"argument {n} contains a NUL character — retype it"
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return (
                f"the argument {shown_bytes(arg)[:60]} (argument {n}) is not valid UTF-8 — "
                "retype it, or set the terminal to UTF-8"
            )
    return None


def shown_bytes(arg: str) -> str:
    """The bytes the user typed (POSIX passes undecodable bytes as surrogates)."""
    try:
        return repr(arg.encode("utf-8", "surrogateescape"))[1:]
    except UnicodeEncodeError:
        return ascii(arg)


@contextmanager
def lock_wait_notice() -> Iterator[None]:
    """While a writer waits for another's lock, say so once on stderr — always, not only on
    a terminal: a script's log then shows why the command took long."""
    from glossary.store.reader import on_lock_wait

    def notice() -> None:
        click.echo("waiting for another import to finish…", err=True)

    token = on_lock_wait.set(notice)
    try:
        yield
    finally:
        on_lock_wait.reset(token)


def remember_created(path: Path, db: Any) -> None:
    current().created.append((path, db))


def remove_created(invocation: Invocation) -> None:
    """A failed run removes the database file it created (and -wal, -shm), unless a batch
    landed in it before the failure: nothing the user was told was imported is lost."""
    for path, db in invocation.created:
        try:
            written = db.execute("SELECT 1 FROM batches LIMIT 1").fetchone() is not None
        except sqlite3.Error:
            written = False
        with suppress(sqlite3.Error):
            db.close()
        if written:
            continue
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    invocation.created.clear()


def command_line_args(argv: list[str] | None) -> list[str]:
    return list(sys.argv[1:] if argv is None else argv)
