"""Article references as mediators type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.refs import ArticleRef, parse_ref


@pytest.mark.parametrize(
    ("text", "law", "number", "sub"),
    [
        ("民诉 122", "民诉", 122, 0),
        ("民事诉讼法第一百二十二条", "民事诉讼法", 122, 0),
        ("婚姻法32", "婚姻法", 32, 0),
        ("婚姻法第三十二条", "婚姻法", 32, 0),
        ("minshi-susong-fa:122", "minshi-susong-fa", 122, 0),
        ("《民诉法》第１２２条", "民诉法", 122, 0),  # full-width digits
        ("民法典 第一千零四十二条", "民法典", 1042, 0),
        ("刑法第一百二十条之一", "刑法", 120, 1),
        ("第十条", "", 10, 0),
        ("  调解法：第三条 ", "调解法", 3, 0),
    ],
)
def test_reference_forms(text: str, law: str, number: int, sub: int) -> None:
    assert parse_ref(text) == ArticleRef(law=law, number=number, sub=sub)


@pytest.mark.parametrize(
    "text", ["", "离婚", "民诉法122条款", "第零条", "民诉 0", "abc 1x", "第十条之零"]
)
def test_not_references(text: str) -> None:
    assert parse_ref(text) is None


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["民诉", "婚姻法", "民法典"]))
def test_chinese_and_arabic_numbers_agree(number: int, law: str) -> None:
    assert parse_ref(f"{law}第{int_to_cn(number)}条") == ArticleRef(law, number)
    assert parse_ref(f"{law} {number}") == ArticleRef(law, number)


@given(st.text(max_size=300))
def test_any_text_parses_or_is_refused(text: str) -> None:
    ref = parse_ref(text)
    assert ref is None or (ref.number > 0 and isinstance(ref.law, str))
