"""What there is to translate: one segment per 款/项, in document order, with what the store
knows for it in one dialect — its own translation, a carried one (the translation memory),
the best machine suggestion, the glossary terms in its text.

The worksheet and the XLIFF export are two layouts of these segments; both choose them the
same way (``--law``, ``--revision``, ``--missing``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from glossary.errors import GlossaryError
from glossary.lawtext.labels import article_label, article_text, paragraph_text
from glossary.store.browse import terms_in_text
from glossary.store.memory import Rendering, renderings
from glossary.store.queries import pick_revision, require_law, revisions_of, rows
from glossary.store.reader import Queryable
from glossary.store.suggest import Suggestion, suggestions
from glossary.store.translations import clause_key

#: Translation statuses, in the order a drop-down lists them.
STATUSES = ("draft", "reviewed", "approved")


@dataclass
class Segment:
    """One 款/项 to translate into one dialect."""

    paragraph_id: int
    article_id: int
    law: str
    law_name: str
    revision: str
    number: int
    sub: int
    position: int
    han: str  # as shown: with an item's label (（一）…)
    dialect: str
    own: Rendering | None = None
    carried: Rendering | None = None
    suggestion: Suggestion | None = None
    terms: list[tuple[str, list[str]]] = field(default_factory=list)  # (han, Bai forms)

    @property
    def key(self) -> str:
        """``law/revision/article/position``: what a file names the 款/项 by."""
        return clause_key(self.law, self.revision, self.number, self.sub, self.position)

    @property
    def article(self) -> str:
        """``民事诉讼法 (2023) 第一百二十二条``: the article, for people."""
        return f"{self.law_name} ({self.revision}) {article_label(self.number, self.sub)}"


def chosen_revisions(db: Queryable, law: str | None, revision: str | None) -> list[int]:
    """The revisions to export: one law's (or every law's) newest, or the one named."""
    if law is not None:
        return [pick_revision(db, require_law(db, law), revision)["id"]]
    slugs = [r["slug"] for r in rows(db, "SELECT slug FROM laws ORDER BY slug")]
    picked = []
    for slug in slugs:
        found = revisions_of(db, slug)
        if revision is not None:
            found = [r for r in found if revision in (r["label"], r["decided_on"])]
        picked += [found[0]["id"]] if found else []
    if not picked:
        raise GlossaryError(
            f"no law has a revision {revision!r}" if revision else "no law text is imported",
            fix="see `glossary stats` for the laws and revisions"
            if revision
            else "import one with `glossary import-law FILE`",
        )
    return picked


def segments(
    db: Queryable,
    dialect: str,
    *,
    law: str | None = None,
    revision: str | None = None,
    missing: bool = False,
    suggest: bool = True,
) -> Iterator[Segment]:
    """The segments of the chosen revisions in document order (law, revision, article,
    之X, position). ``missing``: only those with neither an own nor a carried rendering.
    A suggestion is looked for only where there is neither (elsewhere it would be the
    rendering itself)."""
    ids = chosen_revisions(db, law, revision)
    found = rows(
        db,
        "SELECT p.id, p.article_id, r.law, l.short_name, r.label AS revision, a.number, "
        "a.sub, p.position, p.label, p.han FROM paragraphs p "
        "JOIN articles a ON a.id = p.article_id JOIN revisions r ON r.id = a.revision_id "
        "JOIN laws l ON l.slug = r.law WHERE r.id IN (SELECT value FROM json_each(?)) "
        "ORDER BY r.law, coalesce(r.decided_on, r.label), r.label, a.number, a.sub, "
        "p.position",
        [f"[{','.join(map(str, ids))}]"],
    )
    shown = renderings(db, [r["id"] for r in found], dialect)
    for row in found:
        rendering = shown.get(row["id"], {}).get(dialect)
        if missing and rendering is not None:
            continue
        segment = Segment(
            paragraph_id=row["id"],
            article_id=row["article_id"],
            law=row["law"],
            law_name=row["short_name"],
            revision=row["revision"],
            number=row["number"],
            sub=row["sub"],
            position=row["position"],
            han=paragraph_text(row["label"], row["han"]),
            dialect=dialect,
        )
        if rendering is not None and rendering.origin == "own":
            segment.own = rendering
        elif rendering is not None:
            segment.carried = rendering
        elif suggest:
            best = suggestions(db, row["id"], dialect, limit=1)
            segment.suggestion = best[0] if best else None
        segment.terms = glossary_terms(db, row["han"], dialect)
        yield segment


def glossary_terms(db: Queryable, han: str, dialect: str) -> list[tuple[str, list[str]]]:
    """The glossary terms in the text (as the app's "terms in this article") with their
    Bai forms in this dialect, preferred first."""
    out = []
    for match in terms_in_text(db, han):
        forms = [f["form"] for f in match.forms if f["dialect"] == dialect]
        out.append((match.han, list(dict.fromkeys(forms))))
    return out


def article_texts(db: Queryable, article_ids: list[int]) -> dict[int, str]:
    """Each article's Han, one line per 款/项: the context a CAT tool shows."""
    parts: dict[int, list[tuple[str | None, str]]] = {}
    for row in rows(
        db,
        "SELECT article_id, label, han FROM paragraphs "
        "WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, position",
        [f"[{','.join(map(str, article_ids))}]"],
    ):
        parts.setdefault(row["article_id"], []).append((row["label"], row["han"]))
    return {article: article_text(found) for article, found in parts.items()}


def term_cell(terms: list[tuple[str, list[str]]]) -> str:
    """``调解 = form; 当事人 = (no Bai form yet)``: the terms as one cell or note."""
    return "; ".join(f"{han} = {' / '.join(forms) or '—'}" for han, forms in terms)


def carried_note(rendering: Rendering) -> str:
    """What a carried rendering is, for people: same text as where, and its status."""
    return f"carried: same text as {rendering.source.describe()} ({rendering.status})"


def suggestion_note(found: Suggestion) -> str:
    """A suggestion labelled as what it is: machine-computed, its score and source."""
    pred = found.predecessor
    where = f"its predecessor {pred}" if pred else found.source.describe()
    return f"machine suggestion {found.score}% from {where} ({found.status})"


__all__ = ["STATUSES", "Segment", "article_texts", "segments"]
