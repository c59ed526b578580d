"""Turning text into search tokens, the same way for what is indexed and what is typed.

Han text is indexed one character per token, so that an FTS5 phrase query over tokens is a
substring search of any length (the trigram index matches nothing under three characters).
Each Han token is paired with its pinyin, so pinyin hits map back to Han character spans.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache
from typing import NamedTuple

# CJK Unified Ideographs with extension A and the compatibility block; extension B and later.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"[{_HAN}]|[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
HAN_CHAR = re.compile(rf"[{_HAN}]")


class Token(NamedTuple):
    text: str  # normalised: simplified, half-width, lower-case
    start: int  # offsets in the original string
    end: int


@cache
def _t2s():
    import opencc  # C++ converter: ~15 ms to load, only when text has Han characters

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters typed by the user (起訴) → simplified (起诉).

    Character by character, so that offsets in the original text still line up."""
    if not HAN_CHAR.search(text):
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_t2s().convert(ch) if HAN_CHAR.match(ch) else ch for ch in text)


def normalise(text: str) -> str:
    """Full-width forms to half-width (NFKC), traditional to simplified, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def tokens(text: str) -> list[Token]:
    """Han characters one by one, runs of Latin letters and digits as words.

    The whole text is converted to simplified once (OpenCC, in C++), not token by token:
    this runs over every hit's text on the search path."""
    simplified = to_simplified(text)
    out = []
    for match in _TOKEN.finditer(simplified):
        word = match.group()
        start = match.start()
        if len(word) == 1 and "\u4e00" <= word <= "\u9fff":  # the common case, as is
            out.append(Token(word, start, start + 1))
            continue
        out.append(Token(unicodedata.normalize("NFKC", word).lower(), start, match.end()))
    return out


def is_han(token: str) -> bool:
    return bool(HAN_CHAR.fullmatch(token))


def han_index_text(toks: list[Token]) -> str:
    return " ".join(t.text for t in toks)


def bigrams(words: list[str]) -> list[str]:
    """Adjacent pairs, joined: the tokens of the han2/py2 columns. Unseparated, so that
    a plain FTS5 query of two characters (离婚) or two syllables (lihun) matches them
    directly — in sqlite-utils and Datasette too, which know nothing of this engine."""
    return [a + b for a, b in itertools.pairwise(words)]


# --- pinyin --------------------------------------------------------------------------------

_TONE_DIGIT = re.compile(r"(?<=[a-zv])[1-5](?=[^0-9]|$)")


def plain_pinyin(text: str) -> str:
    """lí hūn / li2 hun1 / lü, lu:, lv → li hun / lv: tone marks and numbers gone, ü as v."""
    text = unicodedata.normalize("NFC", text.lower())
    text = text.replace("u:", "v").replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
    text = text.replace("ǚ", "v").replace("ǜ", "v")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _TONE_DIGIT.sub("", stripped)


def han_pinyin(toks: list[Token]) -> tuple[list[str], list[str]]:
    """Pinyin for each token: the reading in context (调解 tiao jie, 重审 chong shen), and
    another reading where the character has one (every reading is indexed). Non-Han tokens
    stand for themselves. Imports pypinyin: for indexing only, never on the search path."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    context: list[str] = []
    alternative: list[str] = []
    run: list[Token] = []

    def flush() -> None:
        if not run:
            return
        word = "".join(t.text for t in run)
        readings = lazy_pinyin(word, style=Style.NORMAL, errors=lambda s: ["?"] * len(s))
        for tok, reading in zip(run, readings, strict=True):
            reading = plain_pinyin(reading)
            context.append(reading)
            others = [plain_pinyin(r) for r in pinyin_dict.get(ord(tok.text), "").split(",") if r]
            alternative.append(next((o for o in others if o != reading), reading))
        run.clear()

    for tok in toks:
        if is_han(tok.text):
            run.append(tok)
        else:
            flush()
            context.append(tok.text)
            alternative.append(tok.text)
    flush()
    return context, alternative


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
