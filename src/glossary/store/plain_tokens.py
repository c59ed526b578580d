"""An article's Han column as SQL can derive it from its 款/项, so that it need not be stored.

The column is glossary.han.tokens of the article's text, spaced. Plain SQL cannot convert
traditional characters (OpenCC) or apply NFKC, but it can do the rest: each Han character
a token, each run of Latin letters and digits (full-width ones as half-width) a word in
lower case, anything else a separator. :func:`plain_han` is that derivation in Python and
:func:`plain_han_sql` the same in SQL (a test holds them equal); where tokens() gives
something else (a traditional or compatibility character), the column is stored whole.
Changing either derivation changes what stored rows read back as: it needs a migration.
"""

from __future__ import annotations

from functools import lru_cache

from glossary.han.text import HAN_RANGES, TOKEN, WORD_RANGES

# Full-width letters and digits as half-width, and ASCII capitals as small letters (only
# those: SQL's lower() changes nothing else) — done to the whole text before it is split.
_PLAIN_CASE = str.maketrans(
    {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF41, 0xFF5B))}
    | {code: code - 0xFEE0 + 32 for code in range(0xFF21, 0xFF3B)}
    | {code: code + 32 for code in range(0x41, 0x5B)}
)


@lru_cache(maxsize=8192)  # the same 款 recurs in every revision of a law
def plain_han(text: str) -> str:
    """The Han column of ``text`` as :func:`plain_han_sql` derives it (in C: this runs for
    every article an import indexes)."""
    return " ".join(TOKEN.findall(text.translate(_PLAIN_CASE)))


_RANGES = {"han": HAN_RANGES, "word": WORD_RANGES}  # for SQL


def _within(kind: str) -> str:
    return "(" + " OR ".join(f"u BETWEEN {a} AND {b}" for a, b in _RANGES[kind]) + ")"


def _join(a: str, b: str) -> str:
    return f"CASE WHEN {b} = '' THEN {a} WHEN {a} = '' THEN {b} ELSE {a} || ' ' || {b} END"


def plain_han_sql(text: str) -> str:
    """SQL for :func:`plain_han` of the SQL expression ``text``: a walk over its characters
    keeping the word being read and the tokens so far."""
    ch = "substr(rest, 1, 1)"
    half = f"lower(CASE WHEN u >= {0xFF10} THEN char(u - {0xFEE0}) ELSE {ch} END)"
    flushed = _join("acc", "word")
    return f"""(WITH RECURSIVE c(rest, u, word, acc) AS (
        SELECT {text} || ' ', unicode({text} || ' '), '', ''
        UNION ALL
        SELECT substr(rest, 2), unicode(substr(rest, 2)),
            CASE WHEN {_within("word")} THEN word || {half} ELSE '' END,
            CASE WHEN {_within("han")} THEN {_join(f"({flushed})", ch)}
                 WHEN {_within("word")} THEN acc ELSE {flushed} END
        FROM c WHERE rest != '')
        SELECT acc FROM c WHERE rest = '')"""
