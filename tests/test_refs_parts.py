"""Bare article numbers and the 款/项 after them, as mediators type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.refs import ArticleRef, parse_ref

LAWS = st.sampled_from(["", "民法典", "婚姻法", "民诉", "刑法", "minshi-susong-fa:"])


def written(number: int, chinese: bool) -> str:
    return int_to_cn(number) if chinese else str(number)


@st.composite
def references(draw: st.DrawFn) -> tuple[str, ArticleRef]:
    """Any article 1–1300, in Arabic or Chinese numerals, with or without 第 and 条, and
    an optional 款 and 项 (each in either numerals), after an optional law name."""
    law = draw(LAWS)
    number = draw(st.integers(1, 1300))
    prefix = draw(st.sampled_from(["", "第"]))
    suffix = draw(st.sampled_from(["", "条"]))
    paragraph = draw(st.integers(0, 20))
    item = draw(st.integers(0, 20))
    if paragraph or item:
        suffix = "条"  # 1079第二款 is not how anyone writes it
    text = law + (" " if law and not law.endswith(":") and not prefix else "")
    text += prefix + written(number, draw(st.booleans())) + suffix
    if paragraph:
        text += f"第{written(paragraph, draw(st.booleans()))}款"
    if item:
        text += f"第{written(item, draw(st.booleans()))}项"
    return text, ArticleRef(law.rstrip(":"), number, paragraph=paragraph, item=item)


@given(references())
def test_any_article_number_with_paragraph_and_item_parses(case: tuple[str, ArticleRef]) -> None:
    text, expected = case
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第1079条", ArticleRef("", 1079)),
        ("1079", ArticleRef("", 1079)),
        ("1079条", ArticleRef("", 1079)),
        ("第一千零七十九条", ArticleRef("", 1079)),
        ("第1079条第二款", ArticleRef("", 1079, paragraph=2)),
        ("民法典1079条第2款", ArticleRef("民法典", 1079, paragraph=2)),
        ("第122条第三项", ArticleRef("", 122, item=3)),
        ("民法典第一千零七十九条第三款第二项", ArticleRef("民法典", 1079, paragraph=3, item=2)),
        ("民诉 122 第2款", ArticleRef("民诉", 122, paragraph=2)),
        ("第１２２条第２款", ArticleRef("", 122, paragraph=2)),  # full-width digits
        ("刑法第一百二十条之一第二款", ArticleRef("刑法", 120, sub=1, paragraph=2)),
    ],
)
def test_bare_numbers_and_paragraphs(text: str, expected: ArticleRef) -> None:
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    "text", ["第二款", "第1079条第零款", "第1079条第二", "第1079条第二款第", "1079第款", "款"]
)
def test_malformed_paragraphs_are_not_references(text: str) -> None:
    assert parse_ref(text) is None


@given(st.text(max_size=300))
def test_random_text_never_crashes_the_parser(text: str) -> None:
    ref = parse_ref(text)
    assert ref is None or (ref.number > 0 and ref.paragraph >= 0 and ref.item >= 0)


@given(st.text(alphabet="第条款项之一二三十百千零0123456789 ", max_size=40))
def test_reference_like_text_never_crashes_the_parser(text: str) -> None:
    ref = parse_ref(text)
    assert ref is None or 0 < ref.number < 100_000
