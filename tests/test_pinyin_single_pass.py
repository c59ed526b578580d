"""One pypinyin call per distinct Han run (han.pinyin.tone_readings) gives exactly what the
two calls it replaced gave: a term's tone-marked pinyin column (lazy_pinyin, Style.TONE) and
the index's toneless readings (Style.NORMAL, then plain_pinyin), for characters with several
readings, characters pypinyin does not know, and text that is not Han."""

from __future__ import annotations

from itertools import groupby

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict

from glossary.han import han_pinyin, is_han, tokens, tone_pinyin
from glossary.han.pinyin import _other_reading, _run_readings, _unknown, plain_pinyin
from glossary.store.terms import pinyin_of

# Several readings (重 调 行 长 和 乐 还 的), ü (绿 女 吕 略), syllabic n/m and ê (嗯 呣 欸).
HETERONYMS = "重调解行长和乐还的得地着了绿女吕略虐嗯呣欸哦噷"
# In the index's Han ranges but unknown to pypinyin (extension A, unified, compatibility).
UNKNOWN = "\u3402\u3403\u5159\u55e7\u685b\uf900\uf901\U00030000"
PHRASES = sorted(phrases_dict)[::97]
OTHER = ["A", "b", "3", "２", "-", " ", "?", "·", "（", "〇"]

han_char = st.sampled_from(HETERONYMS + UNKNOWN) | st.sampled_from(
    [chr(c) for c in sorted(pinyin_dict)][::37]
)
han_run = st.lists(han_char | st.sampled_from(PHRASES), min_size=1, max_size=6).map("".join)
any_text = st.lists(han_run | st.sampled_from(OTHER), min_size=1, max_size=6).map("".join)


def old_run_readings(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the index read before: Style.NORMAL, then plain_pinyin of each reading."""
    readings = lazy_pinyin(word, style=Style.NORMAL, errors=_unknown)
    context = tuple(plain_pinyin(r) for r in readings)
    return context, tuple(_other_reading(ch, r) for ch, r in zip(word, context, strict=True))


def old_han_pinyin(text: str) -> tuple[list[str], list[str]]:
    """The index's readings of a text's tokens: each Han run as :func:`old_run_readings`."""
    context: list[str] = []
    alternative: list[str] = []
    for is_run, group in groupby(tokens(text), key=lambda t: is_han(t.text)):
        words = [t.text for t in group]
        if is_run:
            readings, others = old_run_readings("".join(words))
            context += readings
            alternative += others
        else:
            context += words
            alternative += words
    return context, alternative


def old_pinyin_of(text: str) -> str:
    """What a term's pinyin column held before: its own Style.TONE call."""
    return " ".join(lazy_pinyin(text, style=Style.TONE))


@settings(max_examples=300, deadline=None)
@given(han_run)
def test_a_run_reads_as_before(word: str) -> None:
    assert _run_readings(word) == old_run_readings(word)
    assert tone_pinyin(word) == old_pinyin_of(word)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_any_text_reads_as_before(text: str) -> None:
    assert pinyin_of(text) == old_pinyin_of(text)
    assert han_pinyin(tokens(text)) == old_han_pinyin(text)


def test_every_character_pypinyin_knows() -> None:
    """Each character alone: the toneless reading of its tone-marked one (lǜ → lv, ń → n,
    ê̄ → e) is pypinyin's own toneless reading."""
    for code in pinyin_dict:
        char = chr(code)
        assert _run_readings(char) == old_run_readings(char), char
        assert tone_pinyin(char) == old_pinyin_of(char), char


def test_unknown_characters() -> None:
    assert _run_readings("\u3402调解") == (("?", "tiao", "jie"), ("?", "diao", "xie"))
    assert tone_pinyin("\u3402调解") == old_pinyin_of("\u3402调解") == "\u3402 tiáo jiě"
    assert tone_pinyin("A股") == old_pinyin_of("A股")
