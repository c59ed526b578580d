"""Domain events of the app, as Textual messages: what happened, not which widget did it.

Screens and widgets post these to the app; the app decides (open a screen, record history,
save a bookmark). Tests and the keystroke benchmark watch them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from glossary.search.model import SearchResult


@dataclass(frozen=True)
class ArticleKey:
    """Which article of which revision: enough to open it again after a restart.

    Not :class:`glossary.lawtext.refs.ArticleRef`, which is a reference as typed (a law
    name as written, no revision); this is what ``glossary.store.browse.article_key``
    returns, with the law's slug and the revision's label."""

    law: str
    revision: str
    number: int
    sub: int = 0
    # The 款 to open at (第1079条第二款 → 2): where to look, not which article, so it is not
    # part of the key's identity nor of the history file.
    paragraph: int | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The history file's form (``article`` is the number; files written before stay
        readable)."""
        return {"law": self.law, "revision": self.revision, "article": self.number, "sub": self.sub}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ArticleKey:
        return cls(data["law"], data["revision"], int(data["article"]), int(data.get("sub", 0)))

    @classmethod
    def from_row(cls, row: Mapping[str, Any], paragraph: int | None = None) -> ArticleKey:
        """From ``article_key``'s dict (law, revision, number, sub)."""
        number, sub = int(row["number"]), int(row.get("sub") or 0)
        return cls(row["law"], row["revision"], number, sub, paragraph)


class SearchFinished(Message):
    """A search ran to the end; ``seq`` tells whether it is still the latest one typed."""

    def __init__(self, seq: int, query: str, result: SearchResult | None, error: str | None = None):
        super().__init__()
        self.seq = seq
        self.query = query
        self.result = result
        self.error = error


class ResultsShown(Message):
    """The results list now shows the hits for ``query`` (for the keystroke benchmark)."""

    def __init__(self, query: str, count: int) -> None:
        super().__init__()
        self.query = query
        self.count = count


class OpenArticle(Message):
    """Someone asked to read an article (a hit, a tree node, a successor link, a bookmark)."""

    def __init__(self, ref: ArticleKey, replace: bool = False) -> None:
        super().__init__()
        self.ref = ref
        self.replace = replace


class OpenTerm(Message):
    """Someone asked to see a glossary term."""

    def __init__(self, term_id: int) -> None:
        super().__init__()
        self.term_id = term_id


class ArticleOpened(Message):
    """An article is on screen (it goes into the history)."""

    def __init__(self, ref: ArticleKey, label: str) -> None:
        super().__init__()
        self.ref = ref
        self.label = label


class BookmarkToggled(Message):
    """A bookmark was added (``added``) or removed."""

    def __init__(self, ref: ArticleKey, added: bool) -> None:
        super().__init__()
        self.ref = ref
        self.added = added


class HandoutExported(Message):
    """A handout was written: the files, for the message shown to the mediator."""

    def __init__(self, ref: ArticleKey, paths: list[str]) -> None:
        super().__init__()
        self.ref = ref
        self.paths = paths


class DatabaseChanged(Message):
    """Another process wrote to the database (an import): what is shown may be stale."""


class SoundChanged(Message):
    """A recording started, ended, was stopped or could not be played (tui.audio): the
    footer's Play/Stop and any problem are shown again. Posted from the audio thread."""
