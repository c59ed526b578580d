"""The search engine: one function, :func:`search`, for the command line and the app.

Ranking, in this order (higher tiers always first):

1. an article reference (``民诉 122``) — the article itself;
2. glossary terms matched exactly (the whole term, its pinyin, initials or a Bai form);
3. glossary terms matched in part;
4. articles matched exactly (every clause found as typed), by BM25 relevance;
5. glossary terms matched with a typo forgiven (fuzzy);
6. articles matched with a typo forgiven (fuzzy).

Within a tier: Bai with the same tone letters as typed first, then relevance, then — the
stated tie-break — law slug, newest revision first, article number, term.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from typing import Any

from glossary.search.query import Clause, ParsedQuery, QueryError, parse_query
from glossary.search.text import (
    bigrams,
    is_han,
    plain_pinyin,
    split_syllables,
    to_simplified,
    tokens,
)
from glossary.store.reader import Queryable

TIER_REF, TIER_TERM_EXACT, TIER_TERM_PARTIAL = 6000, 5000, 4000
TIER_ARTICLE, TIER_TERM_FUZZY, TIER_ARTICLE_FUZZY = 3000, 2000, 1000
MAX_READING_COMBINATIONS = 64  # Han strings tried for one pinyin reading
BM25_MAX = 500  # matches ranked by relevance; a broader query is listed in document order
FUZZY_BELOW = 5  # typos are forgiven only when fewer exact hits than this are found
CANDIDATES = 10  # rows fetched from FTS5 beyond the page, for ties at its edge
# Column weights for BM25: han, han2, py, py2, bai, bai_tone (terms add initials, definition).
ARTICLE_WEIGHTS = (10.0, 10.0, 6.0, 6.0, 8.0, 9.0)
TERM_WEIGHTS = (10.0, 10.0, 6.0, 6.0, 5.0, 8.0, 9.0, 1.0)
BIGRAM_COLUMNS = ("han", "py")


@dataclass
class Hit:
    kind: str  # "article" | "term"
    law: str | None
    revision: str | None
    article: int | None
    han: str
    bai: str | None
    score: float
    match: str  # "exact" | "fuzzy"
    spans: list[dict[str, Any]] = field(default_factory=list)
    id: int = 0  # articles.id or terms.id
    label: str | None = None  # 第一百二十二条, or the term's pinyin
    law_name: str | None = None
    via: str = "han"  # what matched: han | pinyin | initials | bai | reference | definition

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    took_ms: float
    hits: list[Hit]
    message: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "took_ms": round(self.took_ms, 3),
            "hits": [h.to_json() for h in self.hits],
            "message": self.message,
        }


def search(
    db: Queryable,
    text: str,
    *,
    law: str | None = None,
    revision: str | None = None,
    all_revisions: bool = False,
    limit: int = 20,
) -> SearchResult:
    """Search terms and articles. Never raises for what the user typed: a query that cannot
    run comes back with no hits and a ``message`` saying why and what to try."""
    started = time.perf_counter()
    engine = _Engine(db, law=law, revision=revision, all_revisions=all_revisions)
    try:
        hits, message = engine.run(text, limit)
    except QueryError as exc:
        hits, message = [], str(exc)
    if not hits and message is None and text.strip():
        message = no_results_advice(text)
    return SearchResult(text, (time.perf_counter() - started) * 1000, hits, message)


def no_results_advice(text: str) -> str:
    if any(is_han(t.text) for t in tokens(text)):
        return "nothing found — try fewer characters, pinyin (lihun), or another law"
    return "nothing found — try Han characters, pinyin without tones, or Bai without tone letters"


def fts_phrase(column: str, toks: list[str]) -> str:
    """A column-filtered FTS5 phrase. For han and py, one token is looked up in the column
    itself and several as bigrams in han2/py2 (far shorter posting lists). Tokens hold
    only letters, digits and Han characters and are quoted, so nothing typed can act as
    FTS5 syntax."""
    if column in BIGRAM_COLUMNS and len(toks) > 1:
        return f"{column}2 : ({phrase_tokens(bigrams(toks))})"
    return f"{column} : ({phrase_tokens(toks)})"


class _Engine:
    def __init__(
        self, db: Queryable, *, law: str | None, revision: str | None, all_revisions: bool
    ) -> None:
        self.db = db
        self.law = law
        self.revision = revision
        self.all_revisions = all_revisions
        self.candidates = CANDIDATES
        self.limit = 20
        self.cache = connection_cache(db)
        self._read_as: dict[tuple[str, ...], list[list[str]]] = {}
        self._readings: dict[str, list[list[str]]] = {}

    # --- scope -----------------------------------------------------------------------------

    @property
    def revision_ids(self) -> list[int]:
        """Which revisions to search: the newest of each law unless told otherwise."""
        sql = "SELECT id, law, label, decided_on FROM revisions"
        params: list[Any] = []
        if self.law:
            sql += " WHERE law = ?"
            params.append(self.law)
        rows = self.db.execute(sql, params).fetchall()
        if self.revision:
            return [r[0] for r in rows if r[2] == self.revision or r[3] == self.revision]
        if self.all_revisions:
            return [r[0] for r in rows]
        newest: dict[str, tuple[str, int]] = {}
        for rev_id, law, label, decided in rows:
            key = (decided or label, rev_id)
            if law not in newest or key > newest[law]:
                newest[law] = key  # type: ignore[assignment]
        return [rev_id for _, rev_id in newest.values()]

    # --- the whole query -------------------------------------------------------------------

    def run(self, text: str, limit: int) -> tuple[list[Hit], str | None]:
        text = text.strip()
        if not text:
            return [], "type a word, pinyin, Bai, or an article such as 民诉 122"
        limit = max(1, min(limit, 500))
        self.limit = limit
        self.candidates = limit + CANDIDATES
        ref_hit = self.reference(text)
        if ref_hit is not None:
            return [ref_hit], None
        parsed = parse_query(text)
        if not parsed.clauses:
            return [], "nothing to search for: type letters or Han characters"
        revision_ids = self.revision_ids
        hits = self.exact_terms(parsed) + self.exact_articles(parsed, revision_ids)
        if len(hits) < min(limit, FUZZY_BELOW):
            seen = {(h.kind, h.id) for h in hits}
            hits += [h for h in self.fuzzy(parsed, revision_ids) if (h.kind, h.id) not in seen]
        self.reward_exact_tones(hits, parsed)
        hits.sort(key=sort_key)
        hits = hits[:limit]
        self.load_texts(hits)
        for hit in hits:
            self.add_spans(hit, parsed)
        return hits, None

    # --- article references ----------------------------------------------------------------

    def reference(self, text: str) -> Hit | None:
        from glossary.lawtext.refs import parse_ref
        from glossary.store.queries import resolve_law

        ref = parse_ref(text)
        if ref is None:
            return None
        slug = resolve_law(self.db, ref.law) if ref.law else self.law
        if slug is None:
            return None
        saved, self.law = self.law, slug
        ids = self.revision_ids
        self.law = saved
        if not ids:
            return None
        marks = ",".join("?" * len(ids))
        row = self.db.execute(
            f"SELECT a.id FROM articles a JOIN revisions r ON r.id = a.revision_id "
            f"WHERE a.revision_id IN ({marks}) AND a.number = ? AND a.sub = ? "
            f"ORDER BY coalesce(r.decided_on, r.label) DESC LIMIT 1",
            [*ids, ref.number, ref.sub],
        ).fetchone()
        if row is None:
            return None
        hit = self.article_hits({row[0]: 0.0}, TIER_REF, "exact", via="reference")[0]
        self.load_texts([hit])
        return hit

    # --- exact -----------------------------------------------------------------------------

    def clause_expressions(
        self, clause: Clause, *, terms: bool, expand: bool = False
    ) -> list[tuple[str, str]]:
        """(via, FTS5 expression) alternatives for one clause. ``expand`` adds, for pinyin,
        every Han string in use that the syllables can be read as (many phrases: slower,
        so it runs as a second, unranked query)."""
        if not clause.is_latin:
            out = [("han", fts_phrase("han", clause.han))]
            if terms:
                out.append(("definition", fts_phrase("definition", clause.han)))
            return out
        out = []
        for syllables in self.pinyin_readings(clause.text):
            out.append(("pinyin", fts_phrase("py", syllables)))
            if expand:
                for chars in self.characters_read_as(syllables):
                    out.append(("pinyin", fts_phrase("han", chars)))
        if terms:
            letters = initials_of(clause.text)
            if letters:
                out.append(("initials", fts_phrase("initials", letters)))
        key = bai_key(clause.text)
        if key:
            out.append(("bai", fts_phrase("bai", key)))
        return out

    def pinyin_readings(self, text: str) -> list[list[str]]:
        """Ways to read typed Latin text as pinyin syllables that occur in the data."""
        if text not in self._readings:
            self._readings[text] = self._pinyin_readings(text)
        return self._readings[text]

    def _pinyin_readings(self, text: str) -> list[list[str]]:
        known = self.pinyin_vocab
        per_word = [split_syllables(w, known) for w in plain_pinyin(text).split()]
        if not per_word or any(not splits for splits in per_word):
            return []
        combos = itertools.islice(itertools.product(*per_word), 6)
        return [[s for part in combo for s in part] for combo in combos]

    @property
    def pinyin_vocab(self) -> frozenset[str]:
        return _vocab(self.db, "pinyin", self.cache)

    def expression(
        self, parsed: ParsedQuery, *, terms: bool, expand: bool = False
    ) -> tuple[str, list[str]] | None:
        """AND of the positive clauses (each an OR of its readings), NOT each exclusion."""
        positives, vias = [], []
        for clause in parsed.positive:
            alternatives = self.clause_expressions(clause, terms=terms, expand=expand)
            if not alternatives:
                return None
            positives.append("(" + " OR ".join(e for _, e in alternatives) + ")")
            vias.extend(v for v, _ in alternatives)
        expr = "(" + " AND ".join(positives) + ")"
        for clause in parsed.negative:
            alternatives = self.clause_expressions(clause, terms=terms)
            if alternatives:
                expr += " NOT (" + " OR ".join(e for _, e in alternatives) + ")"
        return expr, vias

    def exact_terms(self, parsed: ParsedQuery) -> list[Hit]:
        ranks = self.matching("term_search", TERM_WEIGHTS, parsed, "", [])
        return self.term_hits(ranks, parsed)

    def exact_articles(self, parsed: ParsedQuery, revision_ids: list[int]) -> list[Hit]:
        if not revision_ids:
            return []
        scope, params = self.scope_filter(revision_ids)
        ranks = self.matching("article_search", ARTICLE_WEIGHTS, parsed, scope, params)
        return self.article_hits(ranks, TIER_ARTICLE, "exact")

    def matching(
        self,
        table: str,
        weights: tuple[float, ...],
        parsed: ParsedQuery,
        scope: str,
        params: list[int],
    ) -> dict[int, float]:
        """Rows matching the query as typed (ranked), then — for pinyin — rows whose Han
        can be read so in another reading (listed after them)."""
        built = self.expression(parsed, terms=table == "term_search")
        if built is None:
            return {}
        ranks = self.fts_rows(table, weights, built[0], scope, params)
        if len(ranks) < self.limit and any(c.is_latin for c in parsed.positive):
            expanded = self.expression(parsed, terms=table == "term_search", expand=True)
            if expanded is not None and expanded[0] != built[0]:
                more = self.fts_rows(table, None, expanded[0], scope, params)
                ranks |= {row: -0.01 for row in more if row not in ranks}
        return ranks

    def fts_rows(
        self,
        table: str,
        weights: tuple[float, ...] | None,
        expression: str,
        scope: str,
        params: list[int],
        limit: int | None = None,
    ) -> dict[int, float]:
        """rowid → BM25 for the matches of an FTS5 expression.

        BM25 is computed for every match (and for every phrase of the query), so it is used
        only when the matches are few (``BM25_MAX``) and ``weights`` are given; otherwise
        the page comes in document order, which FTS5 streams and stops early (ranks then
        fall from -0.5 to 0, keeping that order)."""
        if weights is not None:
            count = self.db.execute(  # stops counting past BM25_MAX
                f"SELECT count(*) FROM (SELECT 1 FROM {table} s WHERE {table} MATCH ? {scope} "
                f"LIMIT {BM25_MAX + 1})",
                [expression, *params],
            ).fetchone()[0]
            if count <= BM25_MAX:
                rows = self.db.execute(
                    f"SELECT s.rowid, bm25({table}, {', '.join(map(str, weights))}) "
                    f"FROM {table} s WHERE {table} MATCH ? {scope} "
                    f"ORDER BY 2 LIMIT {self.candidates}",
                    [expression, *params],
                ).fetchall()
                return {r[0]: r[1] for r in rows}
        rows = self.db.execute(
            f"SELECT s.rowid FROM {table} s WHERE {table} MATCH ? {scope} "
            f"ORDER BY s.rowid LIMIT {limit or self.limit}",
            [expression, *params],
        ).fetchall()
        return {r[0]: -0.5 + i / (2 * len(rows)) for i, r in enumerate(rows)}

    def fuzzy_articles_matching(self, expression: str, revision_ids: list[int]) -> list[Hit]:
        """Candidates for a forgiven typo, in document order: BM25 would score every phrase
        of a long OR of alternatives over the whole index, and fuzzy hits rank last anyway.
        A few more than a page, since some fail the check that follows."""
        scope, params = self.scope_filter(revision_ids)
        ranks = self.fts_rows(
            "article_search", None, expression, scope, params, limit=self.candidates
        )
        return self.article_hits(ranks, TIER_ARTICLE_FUZZY, "fuzzy")

    def scope_filter(self, revision_ids: list[int]) -> tuple[str, list[int]]:
        """SQL that keeps only articles of the revisions searched, by the shorter list:
        none when every revision is searched, else the articles in or out of scope.
        ``+s.rowid`` keeps SQLite from driving the FTS5 query by that list."""
        sizes = self.revision_sizes()
        wanted = set(revision_ids)
        outside = [r for r in sizes if r not in wanted]
        if not outside:
            return "", []
        inside_count = sum(sizes[r] for r in wanted if r in sizes)
        outside_count = sum(sizes[r] for r in outside)
        ids, op = (outside, "NOT IN") if outside_count < inside_count else (sorted(wanted), "IN")
        marks = ",".join("?" * len(ids))
        return (
            f"AND +s.rowid {op} (SELECT id FROM articles WHERE revision_id IN ({marks}))",
            ids,
        )

    def revision_sizes(self) -> dict[int, int]:
        if "revision_sizes" not in self.cache:
            self.cache["revision_sizes"] = dict(
                self.db.execute("SELECT revision_id, count(*) FROM articles GROUP BY revision_id")
            )
        return self.cache["revision_sizes"]

    # --- building hits ---------------------------------------------------------------------

    def article_hits(
        self, ranks: dict[int, float], tier: int, match: str, via: str = "han"
    ) -> list[Hit]:
        if not ranks:
            return []
        known: dict[int, tuple[Any, ...]] = self.cache.setdefault("articles", {})
        missing = [art_id for art_id in ranks if art_id not in known]
        if missing:  # where each article belongs, kept until the data changes
            marks = ",".join("?" * len(missing))
            for row in self.db.execute(
                f"SELECT a.id, a.number, a.label, r.law, r.label, l.short_name "
                f"FROM articles a JOIN revisions r ON r.id = a.revision_id "
                f"JOIN laws l ON l.slug = r.law WHERE a.id IN ({marks})",
                missing,
            ):
                known[row[0]] = row[1:]
        hits = []
        for art_id, rank in ranks.items():
            if art_id not in known:
                continue
            number, label, law, rev, law_name = known[art_id]
            hits.append(
                Hit(
                    kind="article",
                    law=law,
                    revision=rev,
                    article=number,
                    han="",
                    bai=None,
                    score=tier + relevance(rank),
                    match=match,
                    id=art_id,
                    label=label,
                    law_name=law_name,
                    via=via,
                )
            )
        return hits

    def term_hits(self, ranks: dict[int, float], parsed: ParsedQuery | None) -> list[Hit]:
        if not ranks:
            return []
        marks = ",".join("?" * len(ranks))
        rows = self.db.execute(
            f"SELECT t.id, t.han, t.pinyin, s.py, s.initials, s.bai FROM terms t "
            f"JOIN term_search s ON s.rowid = t.id WHERE t.id IN ({marks})",
            list(ranks),
        ).fetchall()
        hits = []
        for term_id, han, pinyin, py, initials, bai in rows:
            exact = parsed is not None and self.term_is_exact(parsed, han, py, initials, bai)
            tier = TIER_TERM_EXACT if exact else TIER_TERM_PARTIAL
            hits.append(
                Hit(
                    kind="term",
                    law=None,
                    revision=None,
                    article=None,
                    han=han,
                    bai=None,
                    score=tier + relevance(ranks[term_id]),
                    match="exact",
                    id=term_id,
                    label=pinyin,
                )
            )
        return hits

    def term_is_exact(
        self, parsed: ParsedQuery, han: str, py: str, initials: str, bai: str
    ) -> bool:
        """The whole term was typed (as Han, pinyin, initials or a Bai form)."""
        if len(parsed.positive) != 1:
            return False
        clause = parsed.positive[0]
        if not clause.is_latin:
            return "".join(clause.han) == "".join(t.text for t in tokens(han))
        readings = [" ".join(r) for r in self.pinyin_readings(clause.text)]
        forms = [f.strip() for f in bai.split("|")]
        return (
            py in readings
            or " ".join(initials_of(clause.text) or []) == initials
            or (bai_key(clause.text) is not None and " ".join(bai_key(clause.text)) in forms)
        )

    def reward_exact_tones(self, hits: list[Hit], parsed: ParsedQuery) -> None:
        """Bai typed with tone letters: hits with the very same tones rank first in a tier."""
        from glossary.bai.orthography import search_key, tone_key

        typed = [c for c in parsed.positive if c.is_latin]
        wanted = [tone_key(c.text) for c in typed if tone_key(c.text) != search_key(c.text)]
        if not wanted:
            return
        for hit in hits:
            table = "article_search" if hit.kind == "article" else "term_search"
            row = self.db.execute(f"SELECT bai_tone FROM {table} WHERE rowid = ?", [hit.id])
            found = row.fetchone()
            forms = [f" {f.strip()} " for f in (found[0] if found else "").split("|")]
            if any(f" {w} " in form for w in wanted for form in forms):
                hit.score += TONE_BONUS

    # --- typos -----------------------------------------------------------------------------

    def fuzzy(self, parsed: ParsedQuery, revision_ids: list[int]) -> list[Hit]:
        """Forgive one wrong, missing or extra character (Han), or a mistyped Bai syllable.
        Only for a single clause: several words typed are taken as typed."""
        if len(parsed.positive) != 1 or parsed.negative:
            return []
        clause = parsed.positive[0]
        hits: list[Hit] = []
        if clause.is_latin:
            hits += self.fuzzy_bai_terms(clause)
            hits += self.fuzzy_bai_articles(clause, revision_ids)
        else:
            query = "".join(clause.han)
            hits += self.fuzzy_han_terms(query)
            hits += self.fuzzy_han_articles(clause, revision_ids)
        for hit in hits:
            hit.match = "fuzzy"
        return hits

    def fuzzy_han_terms(self, query: str) -> list[Hit]:
        """Two characters: terms that sound the same (离昏 → 离婚; one wrong character of
        two would turn 妻子 into every other word in 子). Three or more: one edit."""
        if len(query) == 2:
            return self.homophone_terms(query)
        if not 3 <= len(query) <= 16:
            return []
        return self.fuzzy_terms("han", query, via="han")

    def homophone_terms(self, query: str) -> list[Hit]:
        readings = self.readings(list(query))
        if not readings:
            return []
        combos = [list(c) for c in itertools.islice(itertools.product(*readings), 8)]
        expression = " OR ".join(f"({fts_phrase('py', c)})" for c in combos)
        rows = self.db.execute(
            "SELECT s.rowid FROM term_search s JOIN terms t ON t.id = s.rowid "
            f"WHERE term_search MATCH ? AND t.han != ? LIMIT {self.candidates}",
            [expression, query],
        ).fetchall()
        hits = self.term_hits({r[0]: -1.0 for r in rows}, None)
        for hit in hits:
            hit.score = TIER_TERM_FUZZY + relevance(-1.0)
        return hits

    def fuzzy_terms(self, field: str, typed: str, *, via: str) -> list[Hit]:
        """Terms one edit away from what was typed, through their deletion neighbourhoods
        (``term_variants``), each candidate checked with a real edit distance."""
        from rapidfuzz.distance import Levenshtein

        from glossary.search.index import deletion_variants

        variants = sorted(deletion_variants(typed))
        marks = ",".join("?" * len(variants))
        rows = self.db.execute(
            f"SELECT DISTINCT v.term_id, t.han, s.bai FROM term_variants v "
            f"JOIN terms t ON t.id = v.term_id JOIN term_search s ON s.rowid = v.term_id "
            f"WHERE v.field = ? AND v.variant IN ({marks}) LIMIT 200",
            [field, *variants],
        ).fetchall()
        ranks = {}
        for term_id, han, bai in rows:
            known = [han] if field == "han" else ["".join(f.split()) for f in bai.split("|")]
            if any(0 < Levenshtein.distance(typed, k, score_cutoff=1) <= 1 for k in known):
                ranks[term_id] = -1.0
        hits = self.term_hits(ranks, None)
        for hit in hits:
            hit.score = TIER_TERM_FUZZY + relevance(-1.0)
            hit.via = via
        return hits

    def fuzzy_han_articles(self, clause: Clause, revision_ids: list[int]) -> list[Hit]:
        """Two characters: a homophone (离昏 sounds like 离婚: the usual slip of a pinyin
        keyboard) — one wrong character of two is too loose a rule. Three or more: one
        character wrong (homophone or not), missing or extra."""
        query = clause.han
        if not revision_ids or not 2 <= len(query) <= 16:
            return []
        alternatives = []
        readings = self.readings(query) if len(query) == 2 else None
        if readings:
            for combo in itertools.islice(itertools.product(*readings), 8):
                alternatives.append(fts_phrase("py", list(combo)))
        if len(query) >= 3:
            for i in range(len(query)):
                shorter = query[:i] + query[i + 1 :]
                alternatives.append(fts_phrase("han", shorter))  # an extra character typed
                left, right = query[:i], query[i + 1 :]
                if left and right:  # one character wrong or missing: both halves present
                    alternatives.append(f"{fts_phrase('han', left)} AND {fts_phrase('han', right)}")
        if not alternatives:
            return []
        hits = self.fuzzy_articles_matching(
            " OR ".join(f"({a})" for a in alternatives), revision_ids
        )
        self.load_texts(hits)  # one query for all candidates, not one each
        kept = []
        for hit in sorted(hits, key=sort_key):  # best first: stop once the page is full
            spans = self.typo_spans(hit, query, readings)
            if spans:
                hit.spans = spans
                kept.append(hit)
                if len(kept) >= self.limit:
                    break
        return kept

    def typo_spans(
        self, hit: Hit, query: list[str], readings: list[list[str]] | None
    ) -> list[dict[str, Any]]:
        """Where in the hit the forgiven typo sits: a homophone of the query (same pinyin,
        other characters), or, for three characters or more, text one edit away."""
        text = to_simplified(self.display_text(hit))
        spans = []
        if readings:
            wanted = "".join(query)
            spans += [
                span
                for span in self.readable_spans(text, readings)
                if _letters(text[span["start"] : span["end"]]) != wanted
            ]
        if len(query) >= 3:
            spans += [
                {"field": "han", "start": m.start(), "end": m.end()}
                for m in typo_pattern(tuple(query)).finditer(text)
            ]
        return spans

    def readable_spans(self, text: str, readings: list[list[str]]) -> list[dict[str, Any]]:
        """Where ``text`` can be read as these syllables (per position, any of its readings),
        punctuation allowed between the characters. The first position is found with a
        compiled class of its characters (cached per reading, so shared by every query
        that starts with it); the rest are checked character by character."""
        sets = [self.reading_chars(tuple(options)) for options in readings]
        if not sets or any(not chars for chars in sets):
            return []
        spans = []
        end_of_text = len(text)
        for match in first_class_pattern(tuple(sorted(sets[0]))).finditer(text):
            i = match.end()
            for chars in sets[1:]:
                while i < end_of_text and not (text[i].isalnum() or text[i] == "_"):
                    i += 1
                if i >= end_of_text or text[i] not in chars:
                    break
                i += 1
            else:
                spans.append({"field": "han", "start": match.start(), "end": i})
        return spans

    def reading_chars(self, readings: tuple[str, ...]) -> frozenset[str]:
        """Characters in use that have any of these readings."""
        key = ("reading_chars", readings)
        if key not in self.cache:
            self.cache[key] = frozenset(
                c for r in readings for c in chars_read_as(self.db, r, self.cache)
            )
        return self.cache[key]

    def readings(self, chars: list[str]) -> list[list[str]] | None:
        """Every reading of each character, or None if one has no known reading."""
        marks = ",".join("?" * len(set(chars)))
        found: dict[str, list[str]] = {}
        for char, reading in self.db.execute(
            f"SELECT char, reading FROM han_readings WHERE char IN ({marks}) ORDER BY reading",
            sorted(set(chars)),
        ):
            found.setdefault(char, []).append(reading)
        if any(c not in found for c in chars):
            return None
        return [found[c] for c in chars]

    def characters_read_as(self, syllables: list[str]) -> list[list[str]]:
        key = tuple(syllables)
        if key not in self._read_as:
            self._read_as[key] = self._characters_read_as(syllables)
        return self._read_as[key]

    def _characters_read_as(self, syllables: list[str]) -> list[list[str]]:
        """Han strings in use that can be read as these syllables, in any of each character's
        readings (every reading is indexed, so 裁定调解书 — which pypinyin reads 定调 ding
        diao — is still found by tiaojie). Empty when the combinations are too many."""
        per_position = []
        for syllable in syllables:
            chars = chars_read_as(self.db, syllable, self.cache)
            if not chars:
                return []
            per_position.append(chars)
        total = 1
        for chars in per_position:
            total *= len(chars)
        if total > MAX_READING_COMBINATIONS:
            return []
        return [list(c) for c in itertools.product(*per_position)]

    def fuzzy_bai_terms(self, clause: Clause) -> list[Hit]:
        key = bai_key(clause.text)
        return self.fuzzy_terms("bai", "".join(key), via="bai") if key else []

    def fuzzy_bai_articles(self, clause: Clause, revision_ids: list[int]) -> list[Hit]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        key = bai_key(clause.text)
        vocab = _vocab(self.db, "bai", self.cache)
        if not key or not vocab or not revision_ids:
            return []
        options: list[list[str]] = []
        for syllable in key:
            if syllable in vocab:
                options.append([syllable])
                continue
            close = process.extract(
                syllable, vocab, scorer=Levenshtein.distance, score_cutoff=1, limit=3
            )
            if not close:
                return []
            options.append([c[0] for c in close])
        combos = [list(c) for c in itertools.islice(itertools.product(*options), 6)]
        combos = [c for c in combos if c != key]
        if not combos:
            return []
        expression = " OR ".join(f"({fts_phrase('bai', c)})" for c in combos)
        hits = self.fuzzy_articles_matching(expression, revision_ids)
        for hit in hits:
            hit.via = "bai"
        return hits

    # --- text and spans --------------------------------------------------------------------

    def display_text(self, hit: Hit) -> str:
        if not hit.han and hit.kind == "article":
            self.load_texts([hit])
        return hit.han

    def load_texts(self, hits: list[Hit]) -> None:
        """Han and Bai text of the page's hits, in three queries rather than three a hit."""
        articles = {h.id: h for h in hits if h.kind == "article" and not h.han}
        if articles:
            from glossary.search.index import article_display_texts

            texts = article_display_texts(self.db, list(articles))
            for article_id, hit in articles.items():
                hit.han = texts.get(article_id, "")
            bai = self.articles_bai(list(articles))
            for article_id, hit in articles.items():
                hit.bai = bai.get(article_id)
        terms = {h.id: h for h in hits if h.kind == "term"}
        if terms:
            forms = self.preferred_forms(list(terms))
            for term_id, hit in terms.items():
                hit.bai = forms.get(term_id)

    def add_spans(self, hit: Hit, parsed: ParsedQuery) -> None:
        """Where each positive clause matched, as offsets into ``han`` (or ``bai``).

        Han text, and text readable as the pinyin typed, are found with one cached regular
        expression each over the text (in C)."""
        text = self.display_text(hit)
        spans: list[dict[str, Any]] = list(hit.spans)  # a fuzzy hit brings its own
        simplified = to_simplified(text)
        for clause in parsed.positive:
            if not clause.is_latin:
                spans.extend(regex_spans(simplified, [clause.han]))
                continue
            for syllables in self.pinyin_readings(clause.text):
                spans.extend(self.readable_spans(simplified, [[s] for s in syllables]))
            if hit.bai:
                spans.extend(bai_spans(hit.bai, clause.text))
        unique = {(s["field"], s["start"], s["end"]) for s in spans}
        hit.spans = [{"field": f, "start": s, "end": e} for f, s, e in sorted(unique)]

    def articles_bai(self, article_ids: list[int]) -> dict[int, str]:
        """Each article's Bai text in the dialect with the most translated paragraphs."""
        marks = ",".join("?" * len(article_ids))
        by_article: dict[int, dict[str, list[str]]] = {}
        for article_id, dialect, text in self.db.execute(
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

    def preferred_forms(self, term_ids: list[int]) -> dict[int, str]:
        """Each term's preferred Bai form: preferred status first, Latin before IPA."""
        marks = ",".join("?" * len(term_ids))
        forms: dict[int, str] = {}
        for term_id, form in self.db.execute(
            f"SELECT term_id, form FROM term_forms WHERE term_id IN ({marks}) ORDER BY term_id, "
            f"CASE status WHEN 'preferred' THEN 0 WHEN 'admitted' THEN 1 ELSE 2 END, "
            f"CASE script WHEN 'latin' THEN 0 ELSE 1 END, id",
            term_ids,
        ):
            forms.setdefault(term_id, form)
        return forms


# --- helpers -------------------------------------------------------------------------------


def connection_cache(db: Queryable) -> dict[Any, Any]:
    """Lookups that only change when the data does, kept on the connection until a write
    (from this or another connection: ``PRAGMA data_version``) — the app keeps one
    connection open while editors import."""
    version = db.execute("PRAGMA data_version").fetchone()[0]
    total = db.conn.total_changes
    entry = getattr(db, "_glossary_search_cache", None)
    if entry is None or entry[0] != (version, total):
        entry = ((version, total), {})
        db._glossary_search_cache = entry  # type: ignore[attr-defined]
    return entry[1]


def _vocab(db: Queryable, kind: str, cache: dict[Any, Any] | None = None) -> frozenset[str]:
    """Syllables in use (pinyin or Bai)."""
    cache = connection_cache(db) if cache is None else cache
    if ("vocab", kind) not in cache:
        rows = db.execute("SELECT token FROM search_vocab WHERE kind = ?", [kind]).fetchall()
        cache[("vocab", kind)] = frozenset(r[0] for r in rows)
    return cache[("vocab", kind)]


def chars_read_as(db: Queryable, syllable: str, cache: dict[Any, Any]) -> list[str]:
    """Han characters in use that have this reading among their readings."""
    if ("chars", syllable) not in cache:
        cache[("chars", syllable)] = [
            r[0]
            for r in db.execute(
                "SELECT r.char FROM han_readings r JOIN search_vocab v "
                "ON v.kind = 'han' AND v.token = r.char WHERE r.reading = ?",
                [syllable],
            )
        ]
    return cache[("chars", syllable)]


TONE_BONUS = 500.0  # Bai typed with tone letters, found with the same tones


def relevance(bm25: float) -> float:
    """FTS5's bm25() is negative, smaller is better: map it into [0, 500)."""
    return min(499.0, max(0.0, -bm25 * 10))


def sort_key(hit: Hit) -> tuple[Any, ...]:
    return (
        -hit.score,
        0 if hit.kind == "term" else 1,
        hit.law or "",
        _descending(hit.revision or ""),
        hit.article or 0,
        hit.han,
        hit.id,
    )


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


_NOT_WORD = re.compile(r"[^\w]+")


def phrase_tokens(toks: list[str]) -> str:
    """Tokens in this order, next to each other: FTS5's ``"a" + "b"`` phrase. Anything but
    letters, digits and Han is dropped first, so no typed byte can end the string early."""
    clean = [c for c in (_NOT_WORD.sub("", t) for t in toks) if c] or ["_"]
    return " + ".join('"' + t + '"' for t in clean)


_ONE_HAN = r"(?:(?![0-9A-Za-z_])\w)"  # one Han character (cheap to compile, unlike a range)


@cache
def typo_pattern(chars: tuple[str, ...]) -> re.Pattern[str]:
    """Text within one edit of the query: one character wrong, one typed too many, or one
    left out."""
    alternatives = set()
    for i in range(len(chars)):
        left, right = re.escape("".join(chars[:i])), re.escape("".join(chars[i + 1 :]))
        alternatives.add(left + _ONE_HAN + right)  # wrong
        alternatives.add(left + right)  # typed too many
        alternatives.add(left + _ONE_HAN + re.escape("".join(chars[i:])))  # left out
    return re.compile("|".join(sorted(a for a in alternatives if a)))


# Between two tokens of a phrase the index skips punctuation and spaces; so do spans.
# (\W: Han characters, letters and digits are all \w. A class of Han ranges would cost
# milliseconds to compile each time it appears in a pattern.)
_GAP = r"\W*"


def regex_spans(text: str, sequences: list[list[str]]) -> list[dict[str, Any]]:
    """Spans of any of the token sequences in (simplified) text, letters matched
    case-insensitively."""
    pattern = span_pattern(tuple(tuple(seq) for seq in sequences if seq))
    if pattern is None:
        return []
    return [{"field": "han", "start": m.start(), "end": m.end()} for m in pattern.finditer(text)]


@lru_cache(maxsize=1024)
def first_class_pattern(chars: tuple[str, ...]) -> re.Pattern[str]:
    """Any one of these characters."""
    return re.compile("[" + re.escape("".join(chars)) + "]")


def _letters(text: str) -> str:
    return re.sub(r"\W", "", text)


@lru_cache(maxsize=256)
def span_pattern(sequences: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    alternatives = sorted({_GAP.join(re.escape(t) for t in seq) for seq in sequences})
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def find_all(column: list[str], seq: list[str]) -> list[int]:
    n = len(seq)
    if n == 0:
        return []
    first = seq[0]
    return [i for i, tok in enumerate(column) if tok == first and column[i : i + n] == seq]


def initials_of(text: str) -> list[str] | None:
    """``lh`` → [l, h]; ``zhf`` → [zh, f]. Only for letters with no vowel at all."""
    word = plain_pinyin(text).replace(" ", "")
    if not word or not word.isalpha() or re.search(r"[aeiouv]", word):
        return None
    out, i = [], 0
    while i < len(word):
        if word[i : i + 2] in ("zh", "ch", "sh"):
            out.append(word[i : i + 2])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


def bai_key(text: str) -> list[str] | None:
    from glossary.bai.orthography import search_key

    key = search_key(text).split()
    return key or None


def bai_spans(bai: str, typed: str) -> list[dict[str, Any]]:
    from glossary.bai.orthography import syllable_spans

    wanted = bai_key(typed) or []
    found = syllable_spans(bai)  # [(start, end, key)]
    keys = [k for _, _, k in found]
    spans = []
    for start in find_all(keys, wanted):
        spans.append(
            {"field": "bai", "start": found[start][0], "end": found[start + len(wanted) - 1][1]}
        )
    return spans
