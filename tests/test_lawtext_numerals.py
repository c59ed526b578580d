"""Chinese numerals of article numbers, checked against cn2an as an independent oracle."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.lawtext.numerals import MAX, cn_to_int, int_to_cn

KNOWN = {
    "零": 0,
    "一": 1,
    "十": 10,
    "十一": 11,
    "十九": 19,
    "二十": 20,
    "一百": 100,
    "一百零五": 105,
    "一百一十": 110,
    "一百一十八": 118,
    "一千": 1000,
    "一千零五": 1005,
    "一千零四十": 1040,
    "一千一百一十八": 1118,
    "一千二百六十": 1260,
    "一万": 10000,
    "一万零一十": 10010,
    "十万": 100000,
}


@pytest.mark.parametrize(("text", "value"), KNOWN.items())
def test_known_numerals_both_ways(text: str, value: int) -> None:
    assert cn_to_int(text) == value
    assert int_to_cn(value) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [("一十", 10), ("一十一", 11), ("〇", 0), ("一百〇五", 105), ("两千", 2000), ("两万", 20000)],
)
def test_accepted_variants(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "十十",
        "百",
        "万",
        "一百五",  # colloquial 150: ambiguous, never in a law's numbering
        "一百十",
        "零五",
        "一千零",
        "一千零五百",
        "一百零零五",
        "两十",
        "二十两",
        "一万五",
        "一万一百",
        "一万万",
        "十零",
        "三a",
        "1",
        "第一",
    ],
)
def test_malformed_numerals_raise(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(text)


@pytest.mark.parametrize("value", [-1, MAX + 1])
def test_int_to_cn_out_of_range(value: int) -> None:
    with pytest.raises(ValueError):
        int_to_cn(value)


def test_every_article_number_round_trips_and_matches_cn2an() -> None:
    """Exhaustive below 100 000: every number a law could give an article."""
    mismatches = [n for n in range(1, 100_000) if int_to_cn(n) != cn2an.an2cn(n)]
    assert mismatches == []
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 100_000))


@given(st.integers(min_value=1, max_value=99_999))
def test_round_trip_with_cn2an_oracle(n: int) -> None:
    written = int_to_cn(n)
    assert cn_to_int(written) == n
    assert cn_to_int(cn2an.an2cn(n)) == n
    assert written == cn2an.an2cn(n)  # cn2an's default style writes 10–19 as 十…, like laws


@given(st.integers(min_value=1, max_value=MAX))
def test_round_trip_up_to_max(n: int) -> None:
    assert cn_to_int(int_to_cn(n)) == n
    assert cn_to_int(cn2an.an2cn(n)) == n


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万", max_size=12))
def test_any_numeral_string_is_a_value_or_a_value_error(text: str) -> None:
    try:
        value = cn_to_int(text)
    except ValueError:
        return
    assert 0 <= value <= MAX
    # Whatever was accepted reads as the same number in cn2an's strict parser.
    assert cn2an.cn2an(text, "smart") == value
