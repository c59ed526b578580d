"""What every screen needs from the app, handed over at construction: the database, the
user's settings and history, and what the database holds that the screens list.

A screen reads :class:`AppContext`, never untyped attributes of ``self.app``, so it can be
built and tested on its own and mypy checks every use.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.store.browse import dialects_in_use, laws_with_revisions
from glossary.store.queries import revision_statuses
from glossary.store.reader import Reader
from glossary.tui.audio import Sounds
from glossary.tui.service import SearchService
from glossary.tui.settings import Settings, State


@dataclass
class Catalog:
    """The laws, their short names and the Bai dialects in the database: read at start and
    again whenever another process writes (:class:`DataWatch`)."""

    laws: list[dict[str, Any]] = field(default_factory=list)
    law_names: dict[str, str] = field(default_factory=dict)
    dialects: list[str] = field(default_factory=list)
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)  # (law, revision)

    def reload(self, reader: Reader) -> None:
        self.laws = laws_with_revisions(reader)
        self.law_names = {r[0]: r[1] for r in reader.execute("SELECT slug, short_name FROM laws")}
        self.dialects = dialects_in_use(reader)
        by_id = revision_statuses(reader)
        self.statuses = {
            (law["slug"], rev["label"]): by_id[rev["id"]]
            for law in self.laws
            for rev in law["revisions"]
            if rev["id"] in by_id
        }

    def law_name(self, slug: str) -> str:
        return self.law_names.get(slug, slug)

    def revision_status(self, law: str, revision: str) -> str | None:
        """A revision's status now (lawtext.status), for a stored reference such as a
        history entry; ``None`` when that text is not imported."""
        return self.statuses.get((law, revision))


@dataclass
class Session:
    """Choices made while the app runs, shared by its screens."""

    preferred_dialect: str | None = None
    notices: list[str] = field(default_factory=list)  # on the search screen until closed
    in_force_only: bool = False  # the search keeps to the law in force (F5)


class DataWatch:
    """Tells whether another connection committed since the last look.

    SQLite's ``PRAGMA data_version`` changes on this connection whenever another one
    commits: one cheap query, no polling of the data itself."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.seen = self.version()

    def version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once per change from outside (the new version counts as seen)."""
        try:
            now = self.version()
        except sqlite3.Error:
            return False  # closing, or the file went away: nothing to refresh from
        if now == self.seen:
            return False
        self.seen = now
        return True


@dataclass(frozen=True)
class AppContext:
    """The app's hold on its data, as the screens see it."""

    reader: Reader  # the screens' connection (the search has its own, in ``service``)
    service: SearchService
    settings: Settings
    state: State
    catalog: Catalog
    session: Session
    watch: DataWatch
    read_only: bool = False
    cursor_blink: bool = True
    editing: bool = False  # editor mode: E, A, v, V on an article write Bai (store.edit)
    db_path: Path | None = None  # the file a save opens a writer on, per save
    sounds: Sounds = field(default_factory=Sounds)  # p plays a recording (tui.audio)

    @property
    def reviewer(self) -> str | None:
        return self.settings.reviewer or self.settings.translator

    def remember_search(self, text: str) -> None:
        self.state.add_search(text)
        self.state.save()
