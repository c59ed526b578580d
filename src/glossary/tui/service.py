"""The app's hold on the database: one read-only connection for the screen, one for the
search worker, and the checks that turn a missing or odd file into a teaching message.

Search runs in a thread so typing is never blocked. SQLite connections are not shared
between threads carelessly: the search connection is used by one search at a time (a
lock), and a newer keystroke interrupts the search still running for an older one.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import GlossaryError
from glossary.search.model import SearchResult
from glossary.store.reader import Reader, SchemaNeedsUpgrade, open_reader


class SearchInterrupted(Exception):
    """A newer query took over; this one's results are stale and dropped."""


@dataclass
class Opened:
    """Result of opening the file: readers, or why not (for the empty-state screen)."""

    path: Path
    reader: Reader | None = None
    search_reader: Reader | None = None
    problem: str | None = None
    missing: bool = False
    read_only: bool = False  # asked for, or the file cannot be written
    upgraded: bool = False


def open_database(path: Path, read_only: bool) -> Opened:
    """Open two readers on the file. An older schema is upgraded in place first unless
    read-only (as the command line does); every other problem becomes a message."""
    opened = Opened(path=path)
    if not path.exists():
        opened.missing = True
        return opened
    opened.read_only = read_only or not os.access(path, os.W_OK)
    try:
        try:
            opened.reader = open_reader(path)
        except SchemaNeedsUpgrade:
            if opened.read_only:
                raise
            from glossary.store.db import open_db

            open_db(path).close()
            opened.upgraded = True
            opened.reader = open_reader(path)
        opened.search_reader = open_reader(path)
    except GlossaryError as exc:
        opened.problem = str(exc)
        if opened.reader is not None:
            opened.reader.close()
            opened.reader = None
    return opened


class SearchService:
    """Runs :func:`glossary.search.search` on its own connection, one query at a time."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._lock = threading.Lock()
        self._latest = 0

    def begin(self) -> int:
        """A new query was typed: stop the running one, hand out a sequence number."""
        self._latest += 1
        self.reader.conn.interrupt()
        return self._latest

    def is_latest(self, seq: int) -> bool:
        return seq == self._latest

    def run(
        self,
        seq: int,
        text: str,
        *,
        law: str | None = None,
        revision: str | None = None,
        all_revisions: bool = False,
        in_force_only: bool = False,
        limit: int = 50,
    ) -> SearchResult:
        """Search, unless a newer query came first (then :class:`SearchInterrupted`). The
        engine is imported here, in the search thread, if the app has not yet loaded it in
        the background (tui.later)."""
        from glossary.search.engine import search

        with self._lock:
            if not self.is_latest(seq):
                raise SearchInterrupted
            try:
                result = search(
                    self.reader,
                    text,
                    law=law,
                    revision=revision,
                    all_revisions=all_revisions,
                    in_force_only=in_force_only,
                    limit=limit,
                )
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc):
                    raise SearchInterrupted from None
                raise
        if not self.is_latest(seq):
            raise SearchInterrupted
        return result

    def close(self) -> None:
        self.reader.close()
