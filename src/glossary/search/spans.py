"""The spans stage: where in a hit's text each clause of the plan matched.

Han text, and text readable as the pinyin typed, are found with one cached regular
expression each over the text (in C).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from glossary.bai.ipa import ipa_spans, looks_like_ipa
from glossary.bai.orthography import syllable_spans
from glossary.han import to_simplified, tokens
from glossary.search.context import Context
from glossary.search.loading import display_text
from glossary.search.model import Hit
from glossary.search.plan import Plan

Span = dict[str, Any]
_ONE_HAN = r"(?:(?![0-9A-Za-z_])\w)"  # one Han character (cheap to compile, unlike a range)
# Between two tokens of a phrase the index skips punctuation and spaces; so do spans.
# (\W: Han characters, letters and digits are all \w. A class of Han ranges would cost
# milliseconds to compile each time it appears in a pattern.)
_GAP = r"\W*"
_NOT_LETTER = re.compile(r"\W")


def add_spans(ctx: Context, hit: Hit, plan: Plan) -> None:
    """Where each positive clause matched, as offsets into ``han`` (or ``bai``)."""
    text = display_text(ctx, hit)
    spans: list[Span] = list(hit.spans)  # a fuzzy hit brings its own
    simplified = to_simplified(text)
    if hit.through:  # found through a synonym: where the term's text is
        spans.extend(regex_spans(simplified, [[t.text for t in tokens(hit.through)]]))
    for clause in plan.positive:
        latin = clause.latin
        if latin is None:
            spans.extend(regex_spans(simplified, [clause.han]))
            continue
        readings = latin.pinyin + [r for unit in latin.words for r in unit]
        for syllables in readings:
            spans.extend(readable_spans(ctx, simplified, [[s] for s in syllables]))
        if hit.bai:
            for keys in latin.bai_keys:
                spans.extend(bai_spans(hit.bai, keys))
    unique = {(s["field"], s["start"], s["end"]) for s in spans}
    hit.spans = [{"field": f, "start": s, "end": e} for f, s, e in sorted(unique)]


def typo_spans(
    ctx: Context, hit: Hit, query: list[str], readings: list[list[str]] | None
) -> list[Span]:
    """Where in the hit the forgiven typo sits: a homophone of the query (same pinyin,
    other characters), or, for three characters or more, text one edit away."""
    text = to_simplified(display_text(ctx, hit))
    spans = []
    if readings:
        wanted = "".join(query)
        spans += [
            span
            for span in readable_spans(ctx, text, readings)
            if _letters(text[span["start"] : span["end"]]) != wanted
        ]
    if len(query) >= 3:
        spans += [
            {"field": "han", "start": m.start(), "end": m.end()}
            for m in typo_pattern(tuple(query)).finditer(text)
        ]
    return spans


def readable_spans(ctx: Context, text: str, readings: list[list[str]]) -> list[Span]:
    """Where ``text`` can be read as these syllables (per position, any of its readings),
    punctuation allowed between the characters. The first position is found with a
    compiled class of its characters (cached per reading, so shared by every query
    that starts with it); the rest are checked character by character."""
    sets = [ctx.reading_chars(tuple(options)) for options in readings]
    if not sets or any(not chars for chars in sets):
        return []
    spans = []
    for match in first_class_pattern(tuple(sorted(sets[0]))).finditer(text):
        end = _rest_read_as(text, match.end(), sets[1:])
        if end is not None:
            spans.append({"field": "han", "start": match.start(), "end": end})
    return spans


def _rest_read_as(text: str, i: int, sets: list[frozenset[str]]) -> int | None:
    """Where the match ends if the characters from ``i`` on (gaps skipped) are in ``sets``."""
    end_of_text = len(text)
    for chars in sets:
        while i < end_of_text and not (text[i].isalnum() or text[i] == "_"):
            i += 1
        if i >= end_of_text or text[i] not in chars:
            return None
        i += 1
    return i


def regex_spans(text: str, sequences: list[list[str]]) -> list[Span]:
    """Spans of any of the token sequences in (simplified) text, letters matched
    case-insensitively."""
    pattern = span_pattern(tuple(tuple(seq) for seq in sequences if seq))
    if pattern is None:
        return []
    return [{"field": "han", "start": m.start(), "end": m.end()} for m in pattern.finditer(text)]


def bai_spans(bai: str, wanted: list[str]) -> list[Span]:
    """Where the Bai key typed occurs, syllable for syllable, in a hit's Bai text."""
    found = ipa_spans(bai) if looks_like_ipa(bai) else syllable_spans(bai)  # (start, end, key)
    keys = [k for _, _, k in found]
    return [
        {"field": "bai", "start": found[start][0], "end": found[start + len(wanted) - 1][1]}
        for start in find_all(keys, wanted)
    ]


def find_all(column: list[str], seq: list[str]) -> list[int]:
    n = len(seq)
    if n == 0:
        return []
    first = seq[0]
    return [i for i, tok in enumerate(column) if tok == first and column[i : i + n] == seq]


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


@lru_cache(maxsize=1024)
def first_class_pattern(chars: tuple[str, ...]) -> re.Pattern[str]:
    """Any one of these characters."""
    return re.compile("[" + re.escape("".join(chars)) + "]")


@lru_cache(maxsize=256)
def span_pattern(sequences: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    alternatives = sorted({_GAP.join(re.escape(t) for t in seq) for seq in sequences})
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", text)
