"""Han text as tokens, the same way for what is indexed and what is typed.

Han text is indexed one character per token, so that an FTS5 phrase query over tokens is a
substring search of any length (the trigram index matches nothing under three characters).
Each Han token is paired with its pinyin, so pinyin hits map back to Han character spans.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from functools import cache
from typing import Any, NamedTuple

from glossary.han.traditional import may_change, simplified_without_opencc

# CJK Unified Ideographs with extension A and the compatibility block; extension B and later.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
# Letters and digits of a Latin word, half-width and full-width.
WORD_RANGES = ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xFF10, 0xFF19), (0xFF21, 0xFF3A),
               (0xFF41, 0xFF5A))  # fmt: skip


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"


# A token: one Han character, or a run of word characters (store.plain_tokens derives the
# same split in SQL from these ranges).
TOKEN = re.compile(f"{_char_class(HAN_RANGES)}|{_char_class(WORD_RANGES)}+")
HAN_CHAR = re.compile(_char_class(HAN_RANGES))


class Token(NamedTuple):
    text: str  # normalised: simplified, half-width, lower-case
    start: int  # offsets in the original string
    end: int


@cache
def _t2s() -> Any:
    import opencc  # C++ converter: ~15 ms to load, only for text it may change

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters typed by the user (起訴) → simplified (起诉).

    Character by character, so that offsets in the original text still line up. Text
    with no character OpenCC could change (han.traditional) is returned as it is, and text
    whose changeable characters each have one replacement is looked up, without loading
    OpenCC."""
    if not HAN_CHAR.search(text) or not may_change(text):
        return text
    looked_up = simplified_without_opencc(text)
    if looked_up is not None:
        return looked_up
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_t2s().convert(ch) if HAN_CHAR.match(ch) else ch for ch in text)


def normalise(text: str) -> str:
    """Full-width forms to half-width (NFKC), traditional to simplified, lower case."""
    return to_simplified(nfkc(text)).lower()


_WHITESPACE = re.compile(r"\s+")


# NFKC's own mapping of the full-width punctuation of law texts (every 款 has some):
# replacing them first leaves most texts already in NFKC, which is checked far faster than
# it is computed.
_FULL_WIDTH = tuple((chr(c), chr(c - 0xFEE0)) for c in map(ord, "，；：（）！？％"))


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times faster for Chinese text."""
    for wide, narrow in _FULL_WIDTH:
        if wide in text:
            text = text.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def han_key(text: str) -> str:
    """The key under which a Bai translation belongs to its Han text (the translation
    memory): NFKC (full-width forms as half-width), all whitespace removed. Nothing more —
    traditional and simplified, or another punctuation mark, are another text."""
    return _WHITESPACE.sub("", nfkc(text))


def han_hash(text: str) -> int:
    """:func:`han_key` as a signed 64-bit integer: what ``paragraphs.han_hash`` stores and
    indexes — 8 bytes, not a second copy of every 款 (two different texts share one in
    about 1 in 10^19 pairs)."""
    digest = hashlib.blake2b(han_key(text).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def tokens(text: str) -> list[Token]:
    """Han characters one by one, runs of Latin letters and digits as words.

    The whole text is converted to simplified once (OpenCC, in C++), not token by token:
    this runs over every hit's text on the search path."""
    simplified = to_simplified(text)
    out = []
    for match in TOKEN.finditer(simplified):
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


MAX_VARIANT_LENGTH = 16  # longer strings get no typo variants (nobody types them whole)


def deletion_variants(text: str) -> set[str]:
    """The text and every string one character shorter (SymSpell's deletion neighbourhood):
    two strings within one edit share a member."""
    if len(text) > MAX_VARIANT_LENGTH:
        return {text}
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}
