"""Fuzzy suggestions: the translated paragraphs whose Han is most like this one's.

Score: rapidfuzz's ``fuzz.ratio`` (normalised Indel similarity, character level) of the two
``han_key``s — what translators know as a fuzzy match percentage: 2·(characters in common,
in order) / (both lengths). It is floored, never rounded up, so a text that differs is never
shown as 100; 100 is kept for the same key, and 101 for the same key at the *same article*:
the same law, the same article number (and 之X) and the same 款/项 position, in another
revision — memoQ's context match. Where the concordance aligns the asking paragraph's
article (some row leads to it), the context is its *predecessor* instead: the 款/项 the
concordance (rank order, any article of a split or merged row) and the paragraph alignment
(store.paragraph_pairs) say it came from, whatever its number; its Bai is offered, named
(``predecessor``: 民事诉讼法 (2017) 第一百一十九条第二款), with its own fuzzy score when the
text changed, even when other candidates score higher (it takes one of the ``limit`` places
first). Bands as memoQ: 101, 100, 95–99, 85–94, 75–84, 50–74;
below ``minimum`` (70 by default) nothing is offered.

Candidates (one per distinct key and dialect) are loaded once per connection and dialect,
sorted by length, and kept until the data changes (``PRAGMA data_version`` for other
connections' commits, ``total_changes`` for this one's); store.suggest_pool scores only the
keys that lengths and shared characters do not rule out.

A suggestion is machine-computed: ``computed`` is always True and every place that shows
one says so; it is never the translation (that is the rendering, store.memory).
"""

from __future__ import annotations

import json
import math
import sqlite3
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from glossary.han.text import han_key
from glossary.store.memory import Place, best_first, places, rendering, renderings
from glossary.store.paragraph_pairs import lineage
from glossary.store.reader import Queryable
from glossary.store.review_status import status_mark
from glossary.store.suggest_pool import Candidates

BANDS: tuple[tuple[int, str], ...] = (
    (101, "101"),
    (100, "100"),
    (95, "95–99"),
    (85, "85–94"),
    (75, "75–84"),
    (50, "50–74"),
)
DEFAULT_MINIMUM = 70
DEFAULT_LIMIT = 3


@dataclass(frozen=True)
class Suggestion:
    """One translated paragraph like the asked one, and what differs between their Han."""

    score: int  # 0–101
    band: str  # "101", "100", "95–99", "85–94", "75–84", "50–74"
    bai: str
    dialect: str
    status: str
    source: Place
    han: str  # the source paragraph's Han
    diff: tuple[tuple[str, str], ...]  # ("equal"|"insert"|"delete", text), source → this
    computed: bool = True  # machine-derived: always labelled as such
    translator: str | None = None
    updated_at: str = ""
    predecessor: str | None = None  # the asking 款/项's predecessor this Bai is from, named


def band(score: int) -> str:
    """The memoQ band of a score; "" below 50."""
    return next((name for low, name in BANDS if score >= low), "")


def char_diff(source: str, target: str) -> tuple[tuple[str, str], ...]:
    """Character diff from ``source`` to ``target``: equal, delete (only in the source),
    insert (only in the target) runs in reading order; a change between two equal runs is
    one delete then one insert."""
    from rapidfuzz.distance import Indel

    out: list[tuple[str, str]] = []
    deleted, inserted = "", ""
    for op in Indel.opcodes(source, target):
        if op.tag != "equal":
            deleted += source[op.src_start : op.src_end]
            inserted += target[op.dest_start : op.dest_end]
            continue
        out += [(tag, text) for tag, text in (("delete", deleted), ("insert", inserted)) if text]
        deleted, inserted = "", ""
        out.append(("equal", source[op.src_start : op.src_end]))
    out += [(tag, text) for tag, text in (("delete", deleted), ("insert", inserted)) if text]
    return tuple(out)


def diff_excerpt(diff: Sequence[tuple[str, str]], context: int = 3) -> list[tuple[str, str]]:
    """The changes of a diff with ``context`` characters of equal text either side, the
    rest of each equal run as "…": what a line under a missing translation has room for."""
    if all(op == "equal" for op, _t in diff):
        return list(diff)
    out: list[tuple[str, str]] = []
    last = len(diff) - 1
    for i, (op, text) in enumerate(diff):
        if op != "equal" or len(text) <= context * (1 + (0 < i < last)):
            out.append((op, text))
        elif i == 0:
            out.append((op, "…" + text[-context:]))
        elif i == last:
            out.append((op, text[:context] + "…"))
        else:
            out.append((op, f"{text[:context]}…{text[-context:]}"))
    return out


# Keyed by the Database or Reader object (a bare sqlite3.Connection takes no weak reference).
_CACHE: weakref.WeakKeyDictionary[Any, dict[str, Candidates]] = weakref.WeakKeyDictionary()


def data_version(conn: sqlite3.Connection) -> tuple[int, int]:
    return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes


def candidates(db: Queryable, dialect: str) -> Candidates:
    """The dialect's candidates, from the cache while the data is unchanged."""
    version = data_version(db.conn)
    per_dialect = _CACHE.setdefault(db, {})
    cached = per_dialect.get(dialect)
    if cached is not None and cached.version == version:
        return cached
    loaded = Candidates(version)
    for pid, han in db.execute(
        "SELECT p.id, p.han FROM translations t JOIN paragraphs p ON p.id = t.paragraph_id "
        "WHERE t.dialect = ? AND t.alternative = 0",
        [dialect],
    ):
        key = han_key(han)
        if key:
            loaded.paragraphs.setdefault(key, []).append(pid)
    loaded.keys = sorted(loaded.paragraphs, key=len)
    loaded.lengths = [len(k) for k in loaded.keys]
    per_dialect[dialect] = loaded
    return loaded


def clear_cache() -> None:
    """Forget every loaded candidate set (the benchmark's cold runs)."""
    _CACHE.clear()


def score_keys(pool: Candidates, key: str, *, limit: int, minimum: int) -> list[tuple[str, int]]:
    """The best ``limit`` keys: (key, score 0–100, floored: only the same key is 100)."""
    out = []
    for other, ratio in pool.best(key, limit, minimum):
        score = 100 if other == key else min(99, math.floor(ratio + 1e-9))
        if score >= minimum:
            out.append((other, score))
    return out


def suggestions_for_text(
    db: Queryable,
    han: str,
    dialect: str,
    *,
    limit: int = DEFAULT_LIMIT,
    minimum: int = DEFAULT_MINIMUM,
    exclude_paragraph: int | None = None,
) -> list[Suggestion]:
    """The best translated paragraphs for a Han text, best first. With
    ``exclude_paragraph``: that paragraph is the asking one (left out, and its place is
    the context of a 101)."""
    if exclude_paragraph is None:
        return _suggest(db, han, dialect, limit, minimum, Asking())
    context = places(db, [exclude_paragraph]).get(exclude_paragraph)
    asking = Asking(context, {exclude_paragraph})
    asking.trace(db, exclude_paragraph)
    return _suggest(db, han, dialect, limit, minimum, asking)


def suggestions(
    db: Queryable,
    paragraph_id: int,
    dialect: str,
    *,
    limit: int = DEFAULT_LIMIT,
    minimum: int = DEFAULT_MINIMUM,
) -> list[Suggestion]:
    """Suggestions for a stored paragraph. Its own or carried translation (its rendering)
    is not one of them; other places with the same text and another Bai are (100, 101)."""
    found = db.execute("SELECT han FROM paragraphs WHERE id = ?", [paragraph_id]).fetchone()
    if found is None:
        return []
    asking = Asking(places(db, [paragraph_id]).get(paragraph_id), {paragraph_id})
    asking.trace(db, paragraph_id)
    current = rendering(db, paragraph_id, dialect)
    if current is not None:
        asking.exclude.add(current.source.paragraph_id)
        asking.shown = current.bai
    return _suggest(db, found[0], dialect, limit, minimum, asking)


@dataclass
class Asking:
    """Who asks: the place (context of a 101), paragraphs left out, the Bai it shows, and
    when the concordance aligns its article, its predecessors (paragraph id → name)."""

    place: Place | None = None
    exclude: set[int] = field(default_factory=set)
    shown: str | None = None
    aligned: bool = False
    predecessors: dict[int, str] = field(default_factory=dict)

    def trace(self, db: Queryable, paragraph_id: int) -> None:
        found = lineage(db, paragraph_id)
        self.aligned = found.aligned
        self.predecessors = {p.paragraph.id: p.name for p in found.predecessors}

    def in_context(self, place: Place) -> bool:
        """The context of a 101: the predecessor when aligned, else the same place."""
        if self.aligned:
            return place.paragraph_id in self.predecessors
        return self.place is not None and same_article(place, self.place)


def _suggest(
    db: Queryable, han: str, dialect: str, limit: int, minimum: int, asking: Asking
) -> list[Suggestion]:
    key = han_key(han)
    if not key or limit <= 0:
        return []
    pool = candidates(db, dialect)
    wanted = limit + len(asking.exclude) + (asking.shown is not None)
    scored = score_keys(pool, key, limit=wanted, minimum=minimum)
    by_key = {
        other: [p for p in pool.paragraphs[other] if p not in asking.exclude]
        for other, _s in scored
    }
    details = _details(db, [pid for ids in by_key.values() for pid in ids], dialect)
    ranked: list[tuple[int, str, dict[str, Any]]] = []
    for other, score in scored:
        for row in best_first([details[pid] for pid in by_key[other] if pid in details]):
            context = asking.in_context(row["place"])
            ranked.append((101 if score == 100 and context else score, other, row))
    ranked.sort(key=lambda item: -item[0])  # stable: the best translation first in a score
    seen = {(key, asking.shown)}
    first = _from_predecessors(db, key, han, dialect, minimum, asking, seen)[:limit]
    out: list[Suggestion] = []
    for score, other, row in ranked:
        if (other, row["bai"]) not in seen and len(first) + len(out) < limit:
            seen.add((other, row["bai"]))
            out.append(_suggestion(row, score, han))
    return sorted(first + out, key=lambda s: -s.score)


def _from_predecessors(
    db: Queryable,
    key: str,
    han: str,
    dialect: str,
    minimum: int,
    asking: Asking,
    seen: set[tuple[str, str | None]],
) -> list[Suggestion]:
    """The Bai of the asking paragraph's predecessors (own, or carried to them), each with
    its score, named; best first. Adds what it offers to ``seen``."""
    from rapidfuzz import fuzz

    ids = [pid for pid in asking.predecessors if pid not in asking.exclude]
    found = renderings(db, ids, dialect)
    texts = dict(
        db.execute(
            "SELECT id, han FROM paragraphs WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        ).fetchall()
    )
    out: list[Suggestion] = []
    for pid in ids:
        item = found.get(pid, {}).get(dialect)
        if item is None or item.alternative:  # an alternative is for its own place only
            continue
        other = han_key(texts[pid])
        ratio = fuzz.ratio(key, other)
        score = 101 if other == key else min(99, math.floor(ratio + 1e-9))
        if score < minimum or (other, item.bai) in seen:
            continue
        seen.add((other, item.bai))
        out.append(
            Suggestion(
                score=score,
                band=band(score),
                bai=item.bai,
                dialect=dialect,
                status=item.status,
                source=item.source,
                han=texts[pid],
                diff=char_diff(texts[pid], han),
                translator=item.translator,
                updated_at=item.updated_at,
                predecessor=asking.predecessors[pid],
            )
        )
    return sorted(out, key=lambda s: -s.score)


def same_article(a: Place, b: Place) -> bool:
    """The context of a 101: the same law, article (and 之X) and 款/项 position."""
    return (a.law, a.article, a.sub, a.position) == (b.law, b.article, b.sub, b.position)


def _details(db: Queryable, paragraph_ids: Sequence[int], dialect: str) -> dict[int, dict]:
    """The translation, Han and place of each paragraph, for the scored ones only."""
    if not paragraph_ids:
        return {}
    where = places(db, paragraph_ids)
    cursor = db.execute(
        "SELECT p.id, p.han, t.id, t.bai, t.status, t.translator, t.updated_at, "
        "coalesce(r.decided_on, r.label) FROM paragraphs p "
        "JOIN translations t ON t.paragraph_id = p.id AND t.dialect = ? "
        "JOIN articles a ON a.id = p.article_id JOIN revisions r ON r.id = a.revision_id "
        "WHERE p.id IN (SELECT value FROM json_each(?))",
        [dialect, json.dumps(list(paragraph_ids))],
    )
    out: dict[int, dict[str, Any]] = {}
    for pid, han, tid, bai, status, translator, updated, order in cursor.fetchall():
        out[pid] = {
            "place": where[pid],
            "han": han,
            "translation_id": tid,
            "bai": bai,
            "dialect": dialect,
            "status": status,
            "translator": translator,
            "updated_at": updated,
            "revision_order": order,
        }
    return out


def _suggestion(row: dict[str, Any], score: int, han: str) -> Suggestion:
    return Suggestion(
        score=score,
        band=band(score),
        bai=row["bai"],
        dialect=row["dialect"],
        status=row["status"],
        source=row["place"],
        han=row["han"],
        diff=char_diff(row["han"], han),
        translator=row["translator"],
        updated_at=row["updated_at"],
    )


def suggestion_json(item: Suggestion) -> dict[str, Any]:
    """One suggestion as ``glossary show --json`` prints it."""
    return {
        "score": item.score,
        "band": item.band,
        "bai": item.bai,
        "dialect": item.dialect,
        "status": item.status,
        "source": item.source.describe(),
        "predecessor": item.predecessor,
        "han": item.han,
        "diff": [list(part) for part in item.diff],
        "computed": True,
    }


# --- as ``glossary show`` prints them ---------------------------------------------------


def paragraph_bai_lines(p: dict[str, Any]) -> list[str]:
    """Own and carried translations (marked, with where from), then the machine-computed
    suggestions of the dialects it has none in."""
    shown = p.get("renderings") or {
        d: {"bai": t, "origin": "own"} for d, t in (p["bai"] or {}).items()
    }
    lines = []
    for dialect, item in shown.items():
        note = ""
        if item["origin"] == "carried":
            note = f"  (carried: same text as {item['source']})"
        else:
            mark = status_mark(item.get("status"))
            note = f"  ({mark})" if mark else ""
            if item.get("alternative"):
                note += "  (alternative: this place only)"
        lines.append(f"    [{dialect}] {item['bai']}{note}")
    if not shown:
        lines.append("    [no Bai translation yet]")
    for hint in p.get("suggestions", []):
        like = hint["source"]
        if hint.get("predecessor"):
            like = f"its predecessor {hint['predecessor']}"
        lines.append(
            f"    suggestion {hint['band']} %, machine-computed: [{hint['dialect']}] "
            f"{hint['bai']} — {hint['score']} % like {like}; {diff_text(hint['diff'])}"
        )
    return lines


def diff_text(diff: list[list[str]]) -> str:
    """What differs from the suggestion's source: ``…的[-甲][+乙]在…``."""
    if all(op == "equal" for op, _t in diff):
        return "same text"
    marks = {"equal": "{}", "delete": "[-{}]", "insert": "[+{}]"}
    shown = diff_excerpt([(op, text) for op, text in diff])
    return "differs: " + "".join(marks[op].format(text) for op, text in shown)


__all__ = [
    "BANDS",
    "DEFAULT_LIMIT",
    "DEFAULT_MINIMUM",
    "Suggestion",
    "band",
    "candidates",
    "char_diff",
    "clear_cache",
    "diff_excerpt",
    "diff_text",
    "paragraph_bai_lines",
    "same_article",
    "suggestion_json",
    "suggestions",
    "suggestions_for_text",
]
