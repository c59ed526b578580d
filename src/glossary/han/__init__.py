"""Han text analysis (bottom layer): tokens, simplified characters, pinyin, typo variants.

Shared by the store, which writes the search index, and the search, which reads it: what
is indexed and what is typed are analysed by the same functions.
"""

from glossary.han.pinyin import (
    abbreviation,
    han_pinyin,
    initials,
    plain_pinyin,
    split_syllables,
    tone_pinyin,
)
from glossary.han.text import (
    HAN_CHAR,
    Token,
    bigrams,
    deletion_variants,
    han_index_text,
    is_han,
    normalise,
    to_simplified,
    tokens,
)

__all__ = [
    "HAN_CHAR",
    "Token",
    "abbreviation",
    "bigrams",
    "deletion_variants",
    "han_index_text",
    "han_pinyin",
    "initials",
    "is_han",
    "normalise",
    "plain_pinyin",
    "split_syllables",
    "to_simplified",
    "tokens",
    "tone_pinyin",
]
