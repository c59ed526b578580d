"""The fuzzy stage: forgive one wrong, missing or extra character (Han), or a mistyped Bai
syllable, for a one-word query that found too little as typed.

The floor for short queries, where one edit is most of what was typed (a word that is not
in the corpus must find nothing, not whatever is one edit away):

- two Han characters: one of them kept, in place, and the other a homophone — in a term
  (a word) any reading alike, in an article's text the same reading *and tone*, next to
  each other (家暴 is not 国家保护's 家保, nor 车祸 the 居或 of 聚居或者; 离昏 is 离婚);
- one Han character: never forgiven;
- Latin: a syllable (or a Bai term's key) of fewer than three letters is never corrected.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import partial

from glossary.han import deletion_variants, to_simplified
from glossary.han.tones import sound_alike_with_tone
from glossary.search.context import Context
from glossary.search.fts import any_of, fts_phrase, fts_rows, phrase_possible
from glossary.search.hits import article_hits, term_hits
from glossary.search.loading import load_texts
from glossary.search.model import TIER_ARTICLE_FUZZY, TIER_TERM_FUZZY, Hit, relevance, sort_key
from glossary.search.plan import ClausePlan, Plan
from glossary.search.scope import scope_filter
from glossary.search.spans import typo_spans

MAX_FUZZY_LENGTH = 16  # longer Han text is taken as typed
MAX_COMBINATIONS = 8  # readings of a two-character typo tried
MIN_TYPO_LETTERS = 3  # Latin: one edit in fewer letters changes half of what was typed


def fuzzy(ctx: Context, plan: Plan, revision_ids: list[int]) -> list[Hit]:
    """Terms, then articles, within one typo of the plan's single clause."""
    clause = plan.single
    if clause is None:
        return []
    if clause.latin is not None:
        hits = fuzzy_bai_terms(ctx, clause) + fuzzy_bai_articles(ctx, clause, revision_ids)
    else:
        hits = fuzzy_han_terms(ctx, "".join(clause.han))
        hits += fuzzy_han_articles(ctx, clause.han, revision_ids)
    for hit in hits:
        hit.match = "fuzzy"
    return hits


# --- terms ---------------------------------------------------------------------------------


def fuzzy_han_terms(ctx: Context, query: str) -> list[Hit]:
    """Two characters: terms that sound the same (离昏 → 离婚; one wrong character of
    two would turn 妻子 into every other word in 子). Three or more: one edit."""
    if len(query) == 2:
        return homophone_terms(ctx, query)
    if not 3 <= len(query) <= MAX_FUZZY_LENGTH:
        return []
    return fuzzy_terms(ctx, "han", query, via="han")


def homophone_terms(ctx: Context, query: str) -> list[Hit]:
    readings = ctx.readings(list(query))
    if not readings:
        return []
    combos = itertools.islice(itertools.product(*readings), MAX_COMBINATIONS)
    expression = any_of([fts_phrase("py", list(c)) for c in combos])
    rows = ctx.db.execute(
        "SELECT s.rowid FROM term_search s JOIN terms t ON t.id = s.rowid "
        f"WHERE term_search MATCH ? AND t.han != ? LIMIT {ctx.candidates}",
        [expression, query],
    ).fetchall()
    hits = term_hits(ctx, {r[0]: -1.0 for r in rows}, None)
    hits = [h for h in hits if any(one_slip(ctx, query, w) for w in pairs(h.han))]
    for hit in hits:
        hit.score = TIER_TERM_FUZZY + relevance(-1.0)
    return hits


def pairs(text: str) -> list[str]:
    """Each two characters next to each other (a term's words)."""
    letters = [c for c in text if c.isalnum()]
    return ["".join(letters[i : i + 2]) for i in range(len(letters) - 1)]


def one_slip(ctx: Context, typed: str, found: str, *, tone: bool = False) -> bool:
    """Two characters typed, two found: one the same, in place, and the other read alike
    (with the same tone when ``tone``) — the slip of a pinyin keyboard."""
    if len(typed) != 2 or len(found) != 2:
        return False
    differ = [(a, b) for a, b in zip(typed, found, strict=True) if a != b]
    if len(differ) != 1:
        return False
    a, b = differ[0]
    if tone:
        return sound_alike_with_tone(a, b)
    readings = ctx.readings([a, b])
    return readings is not None and bool(set(readings[0]) & set(readings[1]))


def fuzzy_terms(ctx: Context, field: str, typed: str, *, via: str) -> list[Hit]:
    """Terms one edit away from what was typed, through their deletion neighbourhoods
    (``term_variants``), each candidate checked with a real edit distance."""
    if field == "bai" and len(typed) < MIN_TYPO_LETTERS:
        return []
    variants = sorted(deletion_variants(typed))
    marks = ",".join("?" * len(variants))
    rows = ctx.db.execute(
        f"SELECT DISTINCT v.term_id, t.han, s.bai FROM term_variants v "
        f"JOIN terms t ON t.id = v.term_id JOIN term_search s ON s.rowid = v.term_id "
        f"WHERE v.field = ? AND v.variant IN ({marks}) LIMIT 200",
        [field, *variants],
    ).fetchall()
    ranks = {}
    for term_id, han, bai in rows:
        known = [han] if field == "han" else ["".join(f.split()) for f in bai.split("|")]
        if any(one_edit_apart(typed, k) for k in known):
            ranks[term_id] = -1.0
    hits = term_hits(ctx, ranks, None)
    for hit in hits:
        hit.score = TIER_TERM_FUZZY + relevance(-1.0)
        hit.via = via
    return hits


def fuzzy_bai_terms(ctx: Context, clause: ClausePlan) -> list[Hit]:
    key = clause.latin.bai if clause.latin else None
    return fuzzy_terms(ctx, "bai", "".join(key), via="bai") if key else []


# --- articles ------------------------------------------------------------------------------


def fuzzy_articles_matching(ctx: Context, expression: str, revision_ids: list[int]) -> list[Hit]:
    """Candidates for a forgiven typo, in document order: BM25 would score every phrase
    of a long OR of alternatives over the whole index, and fuzzy hits rank last anyway.
    A few more than a page, since some fail the check that follows."""
    scope = scope_filter(ctx, revision_ids)
    ranks = fts_rows(ctx, "article_search", None, expression, scope, limit=ctx.candidates)
    return article_hits(ctx, ranks, TIER_ARTICLE_FUZZY, "fuzzy")


def fuzzy_han_articles(ctx: Context, query: list[str], revision_ids: list[int]) -> list[Hit]:
    """Two characters: a homophone (离昏 sounds like 离婚: the usual slip of a pinyin
    keyboard) — one wrong character of two is too loose a rule. Three or more: one
    character wrong (homophone or not), missing or extra."""
    if not revision_ids or not 2 <= len(query) <= MAX_FUZZY_LENGTH:
        return []
    readings = ctx.readings(query) if len(query) == 2 else None
    possible = partial(phrase_possible, ctx)
    alternatives = homophone_phrases(ctx, readings) + one_edit_phrases(query, possible)
    if not alternatives:
        return []
    hits = fuzzy_articles_matching(ctx, any_of(alternatives), revision_ids)
    load_texts(ctx, hits)  # one query for all candidates, not one each
    kept = []
    for hit in sorted(hits, key=sort_key):  # best first: stop once the page is full
        spans = typo_spans(ctx, hit, query, readings)
        if len(query) == 2:
            spans = [s for s in spans if tone_exact_slip(ctx, hit, query, s)]
        if spans:
            hit.spans = spans
            kept.append(hit)
            if len(kept) >= ctx.limit:
                break
    return kept


def tone_exact_slip(ctx: Context, hit: Hit, query: list[str], span: dict[str, int]) -> bool:
    """The floor for a two-character query in an article: the two characters found side by
    side, one as typed and one with the same reading and tone."""
    found = to_simplified(hit.han)[span["start"] : span["end"]]
    return one_slip(ctx, "".join(query), found, tone=True)


def homophone_phrases(ctx: Context, readings: list[list[str]] | None) -> list[str]:
    """For each reading of a two-character query, the Han pairs in the articles that can be
    read so (their index keeps no pinyin: Context.han_read_as)."""
    if not readings:
        return []
    combos = itertools.islice(itertools.product(*readings), MAX_COMBINATIONS)
    return [fts_phrase("han", toks) for combo in combos for toks in ctx.han_read_as(list(combo))]


def one_edit_phrases(
    query: list[str], possible: Callable[[list[str]], bool] = lambda toks: True
) -> list[str]:
    """For three characters or more: one wrong, missing or extra character. Inside the text,
    the characters before it and after it, both present; at either end, the rest as a
    phrase. (The phrase without an inner character is not asked for as well: whatever it
    matches has both halves, so it would find nothing more and cost a long phrase each.)
    An alternative with a half that is ``possible`` nowhere (fts.phrase_possible) is left
    out: FTS5 would read its other half's posting lists to find nothing."""
    if len(query) < 3:
        return []
    out = []
    for i in range(len(query)):
        left, right = query[:i], query[i + 1 :]
        if not all(possible(half) for half in (left, right) if half):
            continue
        if left and right:
            out.append(f"{fts_phrase('han', left)} AND {fts_phrase('han', right)}")
        else:
            out.append(fts_phrase("han", left or right))  # the first or last typed in excess
    return out


def fuzzy_bai_articles(ctx: Context, clause: ClausePlan, revision_ids: list[int]) -> list[Hit]:
    """Articles whose Bai has, for each mistyped syllable, one within one edit."""
    key = clause.latin.bai if clause.latin else None
    vocab = ctx.vocab("bai")
    if not key or not vocab or not revision_ids:
        return []
    options = close_syllables(key, vocab)
    if options is None:
        return []
    combos = [list(c) for c in itertools.islice(itertools.product(*options), 6)]
    combos = [c for c in combos if c != key]
    if not combos:
        return []
    expression = any_of([fts_phrase("bai", c) for c in combos])
    hits = fuzzy_articles_matching(ctx, expression, revision_ids)
    for hit in hits:
        hit.via = "bai"
    return hits


def close_syllables(key: list[str], vocab: frozenset[str]) -> list[list[str]] | None:
    """Per syllable: itself if in use, else up to three in use one edit away (None if none),
    in the vocabulary's order."""
    options: list[list[str]] = []
    for syllable in key:
        if syllable in vocab:
            options.append([syllable])
            continue
        if len(syllable) < MIN_TYPO_LETTERS:
            return None
        close = list(itertools.islice((v for v in vocab if one_edit_apart(syllable, v)), 3))
        if not close:
            return None
        options.append(close)
    return options


def one_edit_apart(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1: one character replaced, added or left out. (In pure
    Python: importing rapidfuzz took longer than the first search it was used in.)"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
