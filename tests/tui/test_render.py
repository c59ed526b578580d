"""CJK and Bai on a terminal: widths in cells, wrapping by the rules of Chinese, nothing cut
off or out of line — checked on the rendering functions and on the running app at 80×24
and 200×60."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from glossary.lawtext.labels import paragraph_text
from glossary.search.engine import Hit
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.render import NO_END, NO_START, Wrapped, fit, hit_prompt, snippet, wrap_offsets
from glossary.tui.testing import screen_lines

from .helpers import showing, until

CLAUSE = "当事人对“调解协议”的内容……有争议的，可以向人民法院提起诉讼·甲乙丙丁戊己庚辛壬癸。"


def render_lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text().rstrip("\n").split("\n")


@pytest.mark.parametrize("width", [6, 9, 10, 17, 20, 33, 80])
def test_wrapped_han_fits_loses_nothing_and_keeps_punctuation_rules(width: int) -> None:
    lines = render_lines(Wrapped(CLAUSE), width)
    assert all(cell_len(line.rstrip()) <= width for line in lines)
    assert "".join(line.strip() for line in lines) == CLAUSE
    for line in lines[1:]:
        assert line.strip()[0] not in NO_START, lines
    for line in lines[:-1]:
        assert line.rstrip()[-1] not in NO_END, lines


def test_wrapped_bai_breaks_between_words_and_folds_only_overlong_ones() -> None:
    text = "test bai one two three extraordinarilylongword end"
    lines = render_lines(Wrapped(text), 12)
    assert lines[:3] == ["test bai one", "two three", "extraordinar"]
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_offsets_never_starts_a_line_with_closing_punctuation() -> None:
    # 4 cells a line: 甲乙 fits, but ， may not start the next line, so 乙 goes along.
    assert wrap_offsets("甲乙，丙丁", 4) == [1, 3]  # 甲 / 乙， / 丙丁
    assert wrap_offsets("甲“乙丙", 3) == [1, 3]  # “ may not end a line: 甲 / “乙 / 丙


def test_fit_counts_cells_not_characters() -> None:
    assert cell_len(fit("人民法院处理离婚纠纷", 9)) <= 9
    assert fit("人民法院", 8) == "人民法院"
    assert fit("人民法院审理", 8).endswith("…")


@pytest.mark.parametrize("width", [16, 30, 40, 77])
def test_snippet_fits_and_highlights_the_match(width: int) -> None:
    text = "第一款无关\n测试：人民法院处理离婚纠纷，先行调解；感情无法维系、调解不成的，准予离婚。"
    start = text.index("调解")
    spans = [{"field": "han", "start": start, "end": start + 2}]
    out = snippet(text, spans, width)
    assert cell_len(out.plain) <= width
    assert "调解" in out.plain and "第一款" not in out.plain
    marked = [out.plain[s.start : s.end] for s in out.spans]
    assert "调解" in marked


def test_hit_prompt_fits_the_width_for_terms_and_articles() -> None:
    article = Hit(
        "article",
        "minshi-susong-fa",
        "2023",
        122,
        "起诉" * 80,
        None,
        1.0,
        "exact",
        [{"field": "han", "start": 2, "end": 4}],
        1,
        "第一百二十二条",
        "民事诉讼法",
    )
    term = Hit("term", None, None, None, "离婚诉讼", "test bai one", 1.0, "fuzzy", [], 2, "lí hūn")
    for hit in (article, term):
        for width in (20, 60):
            lines = hit_prompt(hit, width).plain.split("\n")
            assert all(cell_len(line) <= width for line in lines), lines


def ambiguous_db(app_db: Path) -> None:
    """Put ambiguous-width punctuation (“” … ·) and a long clause into the private copy."""
    conn = sqlite3.connect(app_db)
    para_id, article_id = conn.execute(
        "SELECT p.id, a.id FROM paragraphs p JOIN articles a ON a.id = p.article_id "
        "JOIN revisions r ON r.id = a.revision_id WHERE r.law = 'minshi-susong-fa' "
        "AND r.label = '2023' AND a.number = 122 AND p.position = 1"
    ).fetchone()
    conn.execute("UPDATE paragraphs SET han = han || ? WHERE id = ?", [CLAUSE * 2, para_id])
    conn.execute(
        "INSERT INTO translations (article_id, paragraph_id, dialect, bai, created_at, "
        "updated_at) VALUES (?, ?, 'bca', ?, 'x', 'x')",
        [article_id, para_id, "test bai “quoted” … one·two " + "test bai long " * 12],
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_article_columns_stay_aligned_and_nothing_is_cut(make_app, app_db: Path, size) -> None:
    ambiguous_db(app_db)

    async def scenario() -> tuple[list[str], list[list[str]]]:
        app = make_app()
        pages = []
        async with app.run_test(size=size) as pilot:
            ref = ArticleKey("minshi-susong-fa", "2023", 122)
            app.post_message(OpenArticle(ref))
            await until(pilot, lambda: showing(app, ref), "the article")
            clauses = app.screen.query_one("#clauses")
            view = app.screen.view
            while True:
                pages.append(screen_lines(app))
                if clauses.scroll_y >= clauses.max_scroll_y:
                    break
                target = min(clauses.scroll_y + clauses.size.height, clauses.max_scroll_y)
                clauses.scroll_to(y=target, animate=False)
                await until(pilot, lambda t=target: clauses.scroll_y == t, "the next page")
            han = [paragraph_text(p["label"], p["han"]) for p in view["paragraphs"]]
            return han, pages

    han, pages = asyncio.run(scenario())
    width = size[0]
    left, right, dividers = [], [], set()
    for page in pages:
        for line in page:
            assert cell_len(line) <= width
            if "│" in line:
                before, after = line.split("│", 1)
                dividers.add(cell_len(before))
                left.append(before.strip())
                right.append(after.split("▏")[0].strip())  # not the terms panel
    assert len(dividers) == 1, f"the Han | Bai divider moved: {dividers}"
    han_column = "".join(left)
    for paragraph in han:
        assert paragraph in han_column  # every character, in order, nothing cut
    bai_column = " ".join(right)
    assert "test bai “quoted” … one·two" in bai_column
    assert bai_column.count("test bai long") == 12


def test_search_results_fit_at_80_columns(make_app) -> None:
    async def scenario() -> list[str]:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            for ch in "人民法院":
                await pilot.press(ch)
            from glossary.tui.testing import wait_for_results

            await wait_for_results(app, "人民法院")
            await until(pilot, lambda: any("…" in x for x in screen_lines(app)), "cut clauses")
            return screen_lines(app)

    lines = asyncio.run(scenario())
    assert all(cell_len(line) <= 80 for line in lines)
    assert any("…" in line for line in lines)  # long clauses are cut with … not mid-cell
    assert Text  # rich imported for the renderers above
