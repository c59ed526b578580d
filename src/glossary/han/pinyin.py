"""Pinyin: readings in context, tone marks removed, initials, splitting joined syllables."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from glossary.han.text import HAN_CHAR, Token, is_han

_HAN_RUN = re.compile(f"(?:{HAN_CHAR.pattern})+")
_TONE_DIGIT = re.compile(r"(?<=[a-zv])[1-5](?=[^0-9]|$)")


@lru_cache(maxsize=16384)
def plain_pinyin(text: str) -> str:
    """lí hūn / li2 hun1 / lü, lu:, lv → li hun / lv: tone marks and numbers gone, ü as v
    (remembered: the same few thousand syllables come again and again)."""
    text = unicodedata.normalize("NFC", text.lower())
    text = text.replace("u:", "v").replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
    text = text.replace("ǚ", "v").replace("ǜ", "v")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _TONE_DIGIT.sub("", stripped)


def _unknown(chars: str) -> Any:
    """pypinyin's reading of characters it does not know: one "?" each (it takes a list,
    though its stubs say a string)."""
    return ["?"] * len(chars)


def han_pinyin(toks: list[Token]) -> tuple[list[str], list[str]]:
    """Pinyin for each token: the reading in context (调解 tiao jie, 重审 chong shen), and
    another reading where the character has one (every reading is indexed). Non-Han tokens
    stand for themselves. Imports pypinyin: for indexing only, never on the search path."""
    context: list[str] = []
    alternative: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            readings, others = _run_readings("".join(run))
            context.extend(readings)
            alternative.extend(others)
            run.clear()

    for tok in toks:
        if is_han(tok.text):
            run.append(tok.text)
        else:
            flush()
            context.append(tok.text)
            alternative.append(tok.text)
    flush()
    return context, alternative


@lru_cache(maxsize=65536)
def _run_readings(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A run of Han characters read in context, and each one's other reading: once per
    distinct run (a law's phrases recur in article after article, revision after revision)."""
    context = tuple(plain_pinyin(reading) for reading in tone_readings(word))
    others = tuple(_other_reading(ch, r) for ch, r in zip(word, context, strict=True))
    return context, others


@lru_cache(maxsize=1 << 17)
def tone_readings(word: str) -> tuple[str, ...]:
    """The readings of a run of Han characters in context, with tone marks (调解 → tiáo,
    jiě), "?" for each character pypinyin does not know. The one pypinyin call per distinct
    run: the index takes the readings toneless (:func:`plain_pinyin` of a tone-marked reading
    is pypinyin's toneless one), a term's pinyin column as they are (:func:`tone_pinyin`).
    Room for an import's terms: they are read once for their rows, again for the index."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(word, style=Style.TONE, errors=_unknown))


def tone_pinyin(text: str) -> str:
    """Pinyin with tone marks of a whole text, read in context: 调解 → tiáo jiě. A text of
    known Han characters only (the common case) from :func:`tone_readings`; anything else
    (Latin, digits, characters pypinyin does not know: kept as they are) from pypinyin."""
    if _HAN_RUN.fullmatch(text):
        readings = tone_readings(text)
        if "?" not in readings:
            return " ".join(readings)
    return _mixed_tone_pinyin(text)


@lru_cache(maxsize=4096)
def _mixed_tone_pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE))


@lru_cache(maxsize=65536)
def _other_reading(char: str, reading: str) -> str:
    """The character's first reading other than ``reading`` (``reading`` when it has none)."""
    from pypinyin.pinyin_dict import pinyin_dict

    others = [plain_pinyin(r) for r in pinyin_dict.get(ord(char), "").split(",") if r]
    return next((o for o in others if o != reading), reading)


def initials(syllables: list[str]) -> str:
    """li hun → l h; zhi fu → zh f and z f (both ways people abbreviate)."""
    return " ".join(s[:2] if s[:2] in ("zh", "ch", "sh") else s[:1] for s in syllables)


@cache
def _longest(known: frozenset[str]) -> int:
    return max((len(s) for s in known), default=6)


def split_syllables(text: str, known: frozenset[str]) -> list[list[str]]:
    """Every way to split toneless pinyin without spaces into known syllables, fewest pieces
    first: ``lihun`` → [[li, hun]]; ``xian`` → [[xian], [xi, an]]. At most a few splits."""
    text = text.replace("'", "")
    n = len(text)
    if n == 0 or n > 60:
        return []
    longest = _longest(known)
    # ways[i]: splits of text[i:], computed right to left, capped to keep it cheap.
    ways: list[list[list[str]]] = [[] for _ in range(n + 1)]
    ways[n] = [[]]
    for i in range(n - 1, -1, -1):
        found: list[list[str]] = []
        for j in range(min(n, i + longest), i, -1):
            piece = text[i:j]
            if piece in known and ways[j]:
                found.extend([piece, *rest] for rest in ways[j][:4])
        ways[i] = sorted(found, key=len)[:4]
    return ways[0]


_VOWEL = re.compile(r"[aeiouv]")


def abbreviation(plain: str) -> list[str] | None:
    """Toneless pinyin (see :func:`plain_pinyin`) typed as initials: ``lh`` → [l, h];
    ``zhf`` → [zh, f]. None unless the text is letters with no vowel at all."""
    word = plain.replace(" ", "")
    if not word or not word.isalpha() or _VOWEL.search(word):
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
