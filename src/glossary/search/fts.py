"""The full-text stage: FTS5 expressions from the plan, and the rows that match them.

Nothing typed reaches FTS5 as syntax: every token is reduced to letters, digits and Han
characters and quoted here.
"""

from __future__ import annotations

import re

from glossary.han import bigrams, tokens
from glossary.search.context import Context
from glossary.search.plan import ClausePlan, Plan

BM25_MAX = 500  # matches ranked by relevance; a broader query is listed in document order
RUN = 3  # tokens: a longer phrase is first looked for run by run (phrase_possible)
BIGRAM_COLUMNS = ("han", "py")
BIGRAM_ONLY = ("definition",)  # indexed as bigrams alone: one character cannot be found
_NOT_WORD = re.compile(r"[^\w]+")


def phrase_tokens(toks: list[str]) -> str:
    """Tokens in this order, next to each other: FTS5's ``"a" + "b"`` phrase. Anything but
    letters, digits and Han is dropped first, so no typed byte can end the string early."""
    clean = [c for c in (_NOT_WORD.sub("", t) for t in toks) if c] or ["_"]
    return " + ".join('"' + t + '"' for t in clean)


def fts_phrase(column: str, toks: list[str]) -> str:
    """A column-filtered FTS5 phrase. For han and py, one token is looked up in the column
    itself and several as bigrams in han2/py2 (far shorter posting lists)."""
    if column in BIGRAM_COLUMNS and len(toks) > 1:
        return f"{column}2 : ({phrase_tokens(bigrams(toks))})"
    if column in BIGRAM_ONLY:
        return f"{column} : ({phrase_tokens(bigrams(toks))})"
    return f"{column} : ({phrase_tokens(toks)})"


def phrase_possible(ctx: Context, toks: list[str]) -> bool:
    """Whether the articles could hold this Han phrase: each run of :data:`RUN` tokens in it
    is somewhere in their index. A phrase that is nowhere costs FTS5 every one of its
    tokens' posting lists (人民法院调解 at 100 000 articles: 2.7-5.7 ms in a new process);
    a run of three stops at its first match or its rarest pair (0.1-0.2 ms), and a run
    once looked for is remembered until the data changes (typing adds one run a key).
    Over the whole index, so what it rules out is ruled out in any scope."""
    for start in range(len(toks) - RUN + 1) if len(toks) > RUN else ():
        run = tuple(toks[start : start + RUN])
        key = ("run_in_articles", run)
        if key not in ctx.cache:
            ctx.cache[key] = (
                ctx.db.execute(
                    "SELECT 1 FROM article_search WHERE article_search MATCH ? LIMIT 1",
                    [fts_phrase("han", list(run))],
                ).fetchone()
                is not None
            )
        if not ctx.cache[key]:
            return False
    return True


def any_of(expressions: list[str]) -> str:
    return " OR ".join(f"({e})" for e in expressions)


def clause_expressions(
    ctx: Context, clause: ClausePlan, *, terms: bool, expand: bool = False, synonyms: bool = False
) -> list[tuple[str, str]]:
    """(via, FTS5 expression) alternatives for one clause. ``expand`` adds, for pinyin,
    every Han string in use that the syllables can be read as (many phrases: slower,
    so it runs as a second, unranked query). ``synonyms``: the text of each term the
    clause is a synonym of is another way to match it (a query of several words)."""
    out = _synonym_expressions(ctx, clause) if synonyms else []
    latin = clause.latin
    if latin is None:
        if terms or phrase_possible(ctx, clause.han):
            out.append(("han", fts_phrase("han", clause.han)))
        if terms and len(clause.han) > 1:
            out.append(("definition", fts_phrase("definition", clause.han)))
        return out
    for syllables in latin.pinyin:
        out.extend(_pinyin_expressions(ctx, syllables, expand, terms))
    if latin.words:
        units = [
            any_of([e for r in unit for _, e in _pinyin_expressions(ctx, r, expand, terms)])
            for unit in latin.words
        ]
        if all(units):
            out.append(("pinyin", "(" + " AND ".join(f"({u})" for u in units) + ")"))
    if terms and latin.abbreviation:
        out.append(("initials", fts_phrase("initials", latin.abbreviation)))
    out.extend(("bai", fts_phrase("bai", keys)) for keys in latin.bai_keys)
    if terms:
        out.append(("english", f"english : ({phrase_tokens(clause.han)})"))
    return out


def _pinyin_expressions(
    ctx: Context, syllables: list[str], expand: bool, terms: bool = True
) -> list[tuple[str, str]]:
    """A pinyin reading in the term index's own pinyin; in the articles, through the Han
    strings that can be read so (in any reading of each character: ``expand`` adds
    nothing there), since their index keeps no pinyin."""
    if not terms:
        found = [fts_phrase("han", toks) for toks in ctx.han_read_as(syllables)]
        return [("pinyin", any_of(found))] if found else []
    out = [("pinyin", fts_phrase("py", syllables))]
    if expand:
        out.extend(("pinyin", fts_phrase("han", c)) for c in ctx.characters_read_as(syllables))
    return out


def _synonym_expressions(ctx: Context, clause: ClausePlan) -> list[tuple[str, str]]:
    return [
        ("synonym", fts_phrase("han", [t.text for t in tokens(han)]))
        for _id, han in ctx.synonym_terms(clause.synonym_keys)
    ]


def expression(
    ctx: Context, plan: Plan, *, terms: bool, expand: bool = False
) -> tuple[str, list[str]] | None:
    """AND of the positive clauses (each an OR of its readings), NOT each exclusion."""
    positives: list[str] = []
    vias: list[str] = []
    synonyms = plan.single is None  # one word: the synonym stage handles it
    for clause in plan.positive:
        alternatives = clause_expressions(
            ctx, clause, terms=terms, expand=expand, synonyms=synonyms
        )
        if not alternatives:
            return None
        positives.append("(" + " OR ".join(e for _, e in alternatives) + ")")
        vias.extend(v for v, _ in alternatives)
    expr = "(" + " AND ".join(positives) + ")"
    for clause in plan.negative:
        alternatives = clause_expressions(ctx, clause, terms=terms)
        if alternatives:
            expr += " NOT (" + " OR ".join(e for _, e in alternatives) + ")"
    return expr, vias


def matching(
    ctx: Context,
    table: str,
    weights: tuple[float, ...],
    plan: Plan,
    scope: tuple[str, list[int]] = ("", []),
) -> dict[int, float]:
    """Rows matching the query as typed (ranked), then — for pinyin in the terms — rows
    whose Han can be read so in another reading (listed after them; the articles' pinyin
    is read through their Han in every reading at once, so there is nothing to add)."""
    terms = table == "term_search"
    built = expression(ctx, plan, terms=terms)
    if built is None:
        return {}
    ranks = fts_rows(ctx, table, weights, built[0], scope)
    if len(ranks) < ctx.limit and any(c.is_latin for c in plan.positive):
        expanded = expression(ctx, plan, terms=terms, expand=True)
        if expanded is not None and expanded[0] != built[0]:
            more = fts_rows(ctx, table, None, expanded[0], scope)
            ranks |= {row: -0.01 for row in more if row not in ranks}
    return ranks


def fts_rows(
    ctx: Context,
    table: str,
    weights: tuple[float, ...] | None,
    expression: str,
    scope: tuple[str, list[int]],
    limit: int | None = None,
) -> dict[int, float]:
    """rowid → BM25 for the matches of an FTS5 expression.

    BM25 is computed for every match (and for every phrase of the query), so it is used
    only when the matches are few (``BM25_MAX``) and ``weights`` are given; otherwise
    the page comes in document order, which FTS5 streams and stops early (ranks then
    fall from -0.5 to 0, keeping that order)."""
    where, params = scope
    if weights is not None:
        ranked = _ranked_rows(ctx, table, weights, expression, scope)
        if ranked is not None:
            return ranked
    rows = ctx.db.execute(
        f"SELECT s.rowid FROM {table} s WHERE {table} MATCH ? {where} "
        f"ORDER BY s.rowid LIMIT {limit or ctx.limit}",
        [expression, *params],
    ).fetchall()
    return {r[0]: -0.5 + i / (2 * len(rows)) for i, r in enumerate(rows)}


def _ranked_rows(
    ctx: Context,
    table: str,
    weights: tuple[float, ...],
    expression: str,
    scope: tuple[str, list[int]],
) -> dict[int, float] | None:
    """The best rows by BM25, or None when the matches are too many to rank (and none,
    without a second query, when nothing matches: a long phrase that misses is common)."""
    where, params = scope
    count = ctx.db.execute(  # stops counting past BM25_MAX
        f"SELECT count(*) FROM (SELECT 1 FROM {table} s WHERE {table} MATCH ? {where} "
        f"LIMIT {BM25_MAX + 1})",
        [expression, *params],
    ).fetchone()[0]
    if count > BM25_MAX:
        return None
    if count == 0:
        return {}
    rows = ctx.db.execute(
        f"SELECT s.rowid, bm25({table}, {', '.join(map(str, weights))}) "
        f"FROM {table} s WHERE {table} MATCH ? {where} "
        f"ORDER BY 2 LIMIT {ctx.candidates}",
        [expression, *params],
    ).fetchall()
    return {r[0]: r[1] for r in rows}
