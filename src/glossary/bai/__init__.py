"""Bai (白语) in its Latin orthography: syllables, tones and search keys (see orthography)."""

from glossary.bai.orthography import (
    Syllable,
    ToneMatch,
    is_bai,
    parse_bai,
    search_key,
    strip_tones,
    syllable_spans,
    syllables,
    to_1993,
    tone_key,
    tone_match,
)

__all__ = [
    "Syllable",
    "ToneMatch",
    "is_bai",
    "parse_bai",
    "search_key",
    "strip_tones",
    "syllable_spans",
    "syllables",
    "to_1993",
    "tone_key",
    "tone_match",
]
