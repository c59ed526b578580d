"""Domain events of the app, as Textual messages: what happened, not which widget did it.

Screens and widgets post these to the app; the app decides (open a screen, record history,
save a bookmark). Tests and the keystroke benchmark watch them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from glossary.search.engine import SearchResult


@dataclass
class ArticleRef:
    """Which article: enough to open it again after a restart."""

    law: str
    revision: str
    article: int
    sub: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "revision": self.revision,
            "article": self.article,
            "sub": self.sub,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleRef:
        return cls(data["law"], data["revision"], int(data["article"]), int(data.get("sub", 0)))


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

    def __init__(self, ref: ArticleRef, replace: bool = False) -> None:
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

    def __init__(self, ref: ArticleRef, label: str) -> None:
        super().__init__()
        self.ref = ref
        self.label = label


class BookmarkToggled(Message):
    """A bookmark was added (``added``) or removed."""

    def __init__(self, ref: ArticleRef, added: bool) -> None:
        super().__init__()
        self.ref = ref
        self.added = added


class HandoutExported(Message):
    """A handout was written: the files, for the message shown to the mediator."""

    def __init__(self, ref: ArticleRef, paths: list[str]) -> None:
        super().__init__()
        self.ref = ref
        self.paths = paths
