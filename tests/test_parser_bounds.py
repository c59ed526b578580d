"""The law-text parser on absurd and large inputs: a clear error for a line or 款 longer than
any law has, and work that grows linearly with the text (counted, not timed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.lawtext import model
from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.parse import MAX_LINE, parse_law

HEAD = "# 中华人民共和国测试法\n\n2020年1月1日 测试会议通过\n\n"


def test_a_5_mb_line_is_refused_naming_its_line() -> None:
    text = HEAD + "第一条 " + "当事人可以申请调解，" * 170_000  # 5.1 MB of UTF-8
    with pytest.raises(GlossaryError) as caught:
        parse_law(text, source="huge.md")
    assert caught.value.where == "huge.md:5"
    assert "characters" in caught.value.what and caught.value.fix


def test_a_kuan_wrapped_past_the_bound_is_refused_where_it_gets_too_long() -> None:
    line = "当事人可以申请调解"  # no full stop: every line goes on the same 款
    count = MAX_LINE // len(line) + 10
    text = HEAD + "第一条 开始\n" + "\n".join([line] * count)
    with pytest.raises(GlossaryError) as caught:
        parse_law(text, source="wrapped.md")
    where = caught.value.where or ""
    line_number = int(where.rsplit(":", 1)[1])
    assert where.startswith("wrapped.md:") and 5 + MAX_LINE // len(line) <= line_number


def test_the_corpus_longest_line_is_far_below_the_bound(laws_dir: Path) -> None:
    longest = max(
        len(line)
        for path in laws_dir.glob("*-*.md")
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    assert 100 < longest < MAX_LINE // 20


def test_a_large_sane_law_parses_every_article() -> None:
    count = 5000
    body = "".join(
        f"第{int_to_cn(n)}条 测试条文第{n}号，当事人\n可以申请调解。\n\n（一）测试项目；\n\n"
        for n in range(1, count + 1)
    )
    law = parse_law(HEAD + body)
    assert [a.number for a in law.articles] == list(range(1, count + 1))
    assert law.articles[-1].paragraphs[0].han == f"测试条文第{count}号，当事人可以申请调解。"


@settings(max_examples=25, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(["当事人", "可以", "申请", "Bai", "word", "”", "调解。", "）"]),
        min_size=1,
        max_size=400,
    )
)
def test_joining_wrapped_lines_is_linear_and_exact(lines: list[str]) -> None:
    """The text given to paragraphs in all is at most a few times the input: a parser that
    re-builds the growing paragraph for each line hands it n²/2 characters."""
    assigned = [0]
    real_setattr = object.__setattr__

    def counting(self: object, name: str, value: object) -> None:
        if name == "han" and isinstance(value, str):
            assigned[0] += len(value)
        real_setattr(self, name, value)

    text = HEAD + "第一条 开始\n" + "\n".join(lines) + "\n第二条 结束。\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model.Paragraph, "__setattr__", counting, raising=False)
        law = parse_law(text)
    assert assigned[0] <= 3 * len(text)
    joined = "".join(p.han for p in law.articles[0].paragraphs)
    assert joined.replace(" ", "") == "开始" + "".join(lines)
