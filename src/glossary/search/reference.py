"""An article reference (``民诉 122``, a bare ``第1079条``, ``第1079条第二款``): the article
itself, above everything else — or, when it is not there, what is (lawtext.extent).

Which law a bare number means: the law filter if one is set, else every law searched that
has an article of that number (one hit each, the law in force first, and a message saying
there are several). A reference to a law that is known but not imported, or to an article
outside what is imported, gets no hits, only the message: close matches would pass some
other article off as the one asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.lawtext import extent as wording
from glossary.lawtext.labels import PARAGRAPH_TEXT_SQL
from glossary.lawtext.refs import ArticleRef
from glossary.lawtext.status import IN_FORCE
from glossary.search.context import Context
from glossary.search.hits import article_hits
from glossary.search.loading import load_texts
from glossary.search.model import TIER_REF, Hit
from glossary.search.scope import revision_ids
from glossary.store.extent import extents
from glossary.store.queries import resolve_law, revisions_of

# A name that ends like a law's (刑法, 民法典, 物业管理条例) but is no law known is searched
# as text (本法第一百二十二条 is in the text), and when nothing is found the answer says the
# law is not here; any other name (离婚 2) is only text.
LAW_NAME_ENDINGS = ("法", "法典", "条例")


@dataclass
class Answer:
    """The reference's hits, and what to tell the reader (several laws, or what is here).
    ``text_first``: search the words as typed (no typos forgiven), and show the message
    only if they find nothing."""

    hits: list[Hit] = field(default_factory=list)
    message: str | None = None
    text_first: bool = False


def reference_answer(ctx: Context, ref: ArticleRef) -> Answer | None:
    """The answer to a reference, or None when the text is not one after all (a name
    that is no law's: searched as text)."""
    if ref.law:
        slug = resolve_law(ctx.db, ref.law)
        if slug is None:
            if not ref.law.endswith(LAW_NAME_ENDINGS):
                return None
            message = wording.law_not_imported(ref.law, extents(ctx.db))
            return Answer(message=message, text_first=True)
        return law_answer(ctx, slug, ref)
    if ctx.law:
        return law_answer(ctx, ctx.law, ref)
    return bare_answer(ctx, ref)


def law_answer(ctx: Context, slug: str, ref: ArticleRef) -> Answer:
    """The article in the newest revision searched of this law, or what of it is here."""
    ids = revision_ids(ctx, law=slug)
    if not ids:
        return Answer(message=not_searched(ctx, slug))
    found = newest_articles(ctx, ids, ref)
    if not found:
        return Answer(message=wording.missing_article(extents(ctx.db, ids)[0], ref.number, ref.sub))
    return answer_for(ctx, list(found.values()), ref)


def bare_answer(ctx: Context, ref: ArticleRef) -> Answer:
    """A number without a law: each law searched that has it."""
    ids = revision_ids(ctx)
    found = newest_articles(ctx, ids, ref)
    if not found:
        return Answer(message=wording.article_nowhere(ref.number, ref.sub, extents(ctx.db, ids)))
    return answer_for(ctx, list(found.values()), ref)


def not_searched(ctx: Context, slug: str) -> str:
    name = ctx.db.execute("SELECT short_name FROM laws WHERE slug = ?", [slug]).fetchone()
    law_name = name[0] if name else slug
    labels = [r["label"] for r in revisions_of(ctx.db, slug)]
    if not labels:
        return wording.law_not_imported(law_name, extents(ctx.db))
    return wording.law_not_searched(law_name, labels)


def newest_articles(ctx: Context, ids: list[int], ref: ArticleRef) -> dict[str, int]:
    """Per law, the article of this number in its newest revision among ``ids``."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found: dict[str, int] = {}
    for article_id, law in ctx.db.execute(
        f"SELECT a.id, r.law FROM articles a JOIN revisions r ON r.id = a.revision_id "
        f"WHERE a.revision_id IN ({marks}) AND a.number = ? AND a.sub = ? "
        f"ORDER BY r.law, coalesce(r.decided_on, r.label) DESC, r.label DESC",
        [*ids, ref.number, ref.sub],
    ):
        found.setdefault(law, article_id)
    return found


def answer_for(ctx: Context, article_ids: list[int], ref: ArticleRef) -> Answer:
    """Hits for the articles found (the law in force first), opened at the 款 named."""
    hits = article_hits(ctx, dict.fromkeys(article_ids, 0.0), TIER_REF, "exact", via="reference")
    hits.sort(key=lambda h: (h.status != IN_FORCE, h.law or ""))
    load_texts(ctx, hits)
    messages = [place_paragraph(ctx, hit, ref) for hit in hits]
    if len(hits) > 1:
        names = [h.law_name or h.law or "" for h in hits]
        messages.insert(0, wording.article_in_several(ref.number, ref.sub, names))
    shown = [m for m in messages if m]
    return Answer(hits, "\n".join(dict.fromkeys(shown)) or None)


def place_paragraph(ctx: Context, hit: Hit, ref: ArticleRef) -> str | None:
    """Set the hit's 款 and its span (or an item's) as the reference names them; the
    message when the article has no such 款 or 项."""
    if not (ref.paragraph or ref.item):
        return None
    groups = paragraph_groups(ctx, hit.id)
    if ref.paragraph > len(groups):
        return wording.paragraph_missing(ref.number, ref.sub, len(groups), ref.paragraph)
    if ref.paragraph:
        index = ref.paragraph - 1
    else:  # 第122条第三项: the items of the first 款 that has any
        index = next((i for i, g in enumerate(groups) if len(g) > 1), 0)
    group = groups[index]
    hit.paragraph = index + 1
    start, end = group[0][0], group[-1][1]
    if ref.item:
        items = group[1:]
        if ref.item > len(items):
            return wording.item_missing(ref.number, ref.sub, len(items), ref.item)
        start, end = items[ref.item - 1]
    hit.spans = [{"field": "han", "start": start, "end": end}]
    return None


def paragraph_groups(ctx: Context, article_id: int) -> list[list[tuple[int, int]]]:
    """Each 款 of the article with the 项 under it, as (start, end) offsets of their lines
    in the article's text (lawtext.labels.article_text: one line per 款/项)."""
    groups: list[list[tuple[int, int]]] = []
    offset = 0
    for kind, text in ctx.db.execute(
        f"SELECT kind, {PARAGRAPH_TEXT_SQL} FROM paragraphs WHERE article_id = ? ORDER BY position",
        [article_id],
    ):
        place = (offset, offset + len(text))
        offset += len(text) + 1
        if kind == "paragraph" or not groups:
            groups.append([place])
        else:
            groups[-1].append(place)
    return groups
