"""The loading stage: the Han and Bai text of the page's hits, a few queries for all."""

from __future__ import annotations

from glossary.search.context import Context
from glossary.search.model import Hit
from glossary.store.search_index import article_display_texts


def display_text(ctx: Context, hit: Hit) -> str:
    if not hit.han and hit.kind == "article":
        load_texts(ctx, [hit])
    return hit.han


def load_texts(ctx: Context, hits: list[Hit]) -> None:
    """Han and Bai text of the page's hits, in three queries rather than three a hit."""
    articles = {h.id: h for h in hits if h.kind == "article" and not h.han}
    if articles:
        texts = article_display_texts(ctx.db, list(articles))
        bai = articles_bai(ctx, list(articles))
        for article_id, hit in articles.items():
            hit.han = texts.get(article_id, "")
            hit.bai = bai.get(article_id)
    terms = {h.id: h for h in hits if h.kind == "term"}
    if terms:
        forms = preferred_forms(ctx, list(terms))
        for term_id, hit in terms.items():
            hit.bai = forms.get(term_id)


def articles_bai(ctx: Context, article_ids: list[int]) -> dict[int, str]:
    """Each article's Bai text in the dialect with the most translated paragraphs."""
    marks = ",".join("?" * len(article_ids))
    by_article: dict[int, dict[str, list[str]]] = {}
    for article_id, dialect, text in ctx.db.execute(
        f"SELECT t.article_id, t.dialect, coalesce(p.label, '') || t.bai FROM translations t "
        f"LEFT JOIN paragraphs p ON p.id = t.paragraph_id WHERE t.article_id IN ({marks}) "
        f"ORDER BY t.article_id, t.dialect, p.position",
        article_ids,
    ):
        by_article.setdefault(article_id, {}).setdefault(dialect, []).append(text)
    return {
        article_id: "\n".join(dialects[max(dialects, key=lambda d: (len(dialects[d]), d))])
        for article_id, dialects in by_article.items()
    }


def preferred_forms(ctx: Context, term_ids: list[int]) -> dict[int, str]:
    """Each term's preferred Bai form: preferred status first, Latin before IPA."""
    marks = ",".join("?" * len(term_ids))
    forms: dict[int, str] = {}
    for term_id, form in ctx.db.execute(
        f"SELECT term_id, form FROM term_forms WHERE term_id IN ({marks}) ORDER BY term_id, "
        f"CASE status WHEN 'preferred' THEN 0 WHEN 'admitted' THEN 1 ELSE 2 END, "
        f"CASE script WHEN 'latin' THEN 0 ELSE 1 END, id",
        term_ids,
    ):
        forms.setdefault(term_id, form)
    return forms
