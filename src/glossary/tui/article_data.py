"""What the article view shows, read from the store in one go: the article, its Bai
dialects, the glossary terms in its text and its other revisions. No Textual here, so the
screen can load it again when the database changes and compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from glossary.errors import GlossaryError
from glossary.lawtext.labels import article_text, paragraph_text
from glossary.store.browse import TermMatch, article_revisions, terms_in_text
from glossary.store.paragraph_pairs import ParagraphPair
from glossary.store.queries import article_view
from glossary.store.reader import Reader
from glossary.store.recordings import Recording, recorded_paragraphs
from glossary.store.revisions import compared
from glossary.tui.messages import ArticleKey


@dataclass
class ArticleData:
    """One article as shown, or why it cannot be (``problem``)."""

    ref: ArticleKey
    view: dict[str, Any] | None = None
    problem: str | None = None
    dialects: list[str] = field(default_factory=list)
    usual_dialect: str | None = None  # the one most of its paragraphs are translated into
    terms: list[TermMatch] = field(default_factory=list)
    chain: list[dict[str, Any]] = field(default_factory=list)
    # the imported texts compared (older, newer, their 款/项 paired): store.revisions.compared
    compared: list[tuple[dict[str, Any], dict[str, Any], list[ParagraphPair]]] = field(
        default_factory=list
    )
    # (paragraph id, or None for the whole article; dialect) → its recording (▶, p plays)
    recorded: dict[tuple[int | None, str], Recording] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[dict[str, Any]]:
        return self.view["paragraphs"] if self.view else []

    def paragraph_offsets(self) -> list[int]:
        """Where each 款/项 starts in the article's text (the terms' spans point there)."""
        offsets, at = [], 0
        for p in self.paragraphs:
            offsets.append(at)
            at += len(paragraph_text(p["label"], p["han"])) + 1
        return offsets

    @property
    def other_revisions(self) -> list[dict[str, Any]]:
        """The article's other imported revisions in its own law (the inline diff)."""
        return [
            e
            for e in self.chain
            if e["imported"] and e["article"] and not e["here"] and e["law"] == self.ref.law
        ]

    @property
    def linked(self) -> list[dict[str, Any]]:
        """Every other article the concordance links this one to, imported or not, in its
        law or the law that replaced it (the list ``r`` shows)."""
        return [e for e in self.chain if not e["here"]]

    @property
    def successors(self) -> list[dict[str, Any]]:
        return list((self.view or {}).get("superseded_by") or [])

    @property
    def predecessors(self) -> list[dict[str, Any]]:
        """The repealed law's articles this one replaced (the concordance read backward)."""
        return list((self.view or {}).get("replaces") or [])

    def kuan_rows(self, kuan: int | None) -> list[int]:
        """The rows of the ``kuan``-th 款 (1-based): the 款 and the 项 under it; none when
        the article has no such 款."""
        if not kuan:
            return []
        starts = [i for i, p in enumerate(self.paragraphs) if p["kind"] != "item"]
        if kuan > len(starts):
            return []
        end = starts[kuan] if kuan < len(starts) else len(self.paragraphs)
        return list(range(starts[kuan - 1], end))

    def recording(self, paragraph: dict[str, Any] | None, dialect: str | None) -> Recording | None:
        """What ``p`` plays at this 款/项 in this dialect: its own recording, else the whole
        article's."""
        if dialect is None:
            return None
        own = self.recorded.get((paragraph["id"], dialect)) if paragraph else None
        return own or self.recorded.get((None, dialect))

    def dialect_for(self, preferred: str | None) -> str | None:
        return preferred if preferred in self.dialects else self.usual_dialect


def load_article(reader: Reader, ref: ArticleKey) -> ArticleData:
    data = ArticleData(ref)
    try:
        data.view = article_view(reader, ref.law, ref.number, ref.sub, ref.revision)
    except GlossaryError as exc:
        data.problem = str(exc)
        return data
    view = data.view
    counts = dialect_counts(view)
    data.dialects = sorted(counts)
    if counts:
        data.usual_dialect = max(data.dialects, key=lambda d: counts[d])
    data.terms = terms_in_text(
        reader, article_text((p["label"], p["han"]) for p in data.paragraphs)
    )
    data.recorded = recorded_paragraphs(reader, [p["id"] for p in data.paragraphs])
    data.chain = article_revisions(reader, ref.law, view["revision"], ref.number)
    data.compared = compared(reader, data.chain)
    return data


def dialect_counts(view: dict[str, Any]) -> dict[str, int]:
    """How many paragraphs each dialect translates, own or carried (a whole-article
    translation counts 0)."""
    counts: dict[str, int] = {}
    for p in view["paragraphs"]:
        for d in p.get("renderings") or p["bai"] or {}:
            counts[d] = counts.get(d, 0) + 1
    for d in view["bai"] or {}:
        counts.setdefault(d, 0)
    return counts
