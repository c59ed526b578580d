"""The article view and the translation memory, driven with Pilot on the real-corpus test
database (plainly fake Bai): a carried translation is marked with where it comes from; under
a missing one, machine-computed suggestions — never in the translation's place."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from glossary.tui.article import ArticleScreen
from glossary.tui.article_parts import bai_cell
from glossary.tui.export import MISSING_BAI
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.screens import SearchScreen
from glossary.tui.testing import screen_text

from .helpers import flat, showing, until, until_screen

REF = ArticleKey("minfadian", "2020", 1079)


def drop_own_translation(path: Path) -> None:
    """民法典 1079 款1 loses its own Bai: 婚姻法 32 款1 (83 % alike) becomes a suggestion."""
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM translations WHERE bai = 'test bai successor'")
    conn.close()


async def open_article(pilot: Any) -> ArticleScreen:
    await until_screen(pilot, SearchScreen)
    pilot.app.post_message(OpenArticle(REF))
    await until(pilot, lambda: showing(pilot.app, REF), f"the article {REF}")
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


@pytest.mark.parametrize(("size", "hints"), [((80, 24), 1), ((120, 40), 2)])
def test_suggestions_sit_under_the_missing_cell_never_in_its_place(
    make_app, app_db: Path, size: tuple[int, int], hints: int
) -> None:
    drop_own_translation(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            screen = await open_article(pilot)
            assert screen.hints == hints
            assert screen.dialect is None  # no translation here, own or carried
            first = screen.data.paragraphs[0]
            cell = bai_cell(first, screen.dialect, screen.hints).plain
            assert cell.startswith(MISSING_BAI)  # the translation's place says it is missing
            # the concordance links 婚姻法 32 to 民法典 1079: the suggestion is its predecessor's
            where = "from its predecessor 婚姻法 (2001) 第三十二条第一款 [bca]"
            assert f"suggestion 83% · {where} · machine-computed\n  test bai one\n" in cell
            assert cell.count("suggestion ") <= hints
            await until(pilot, lambda: "suggestion83%" in flat(screen_text(app)), "shown")

    asyncio.run(scenario())


def test_a_carried_translation_is_marked_with_where_from(make_snapshot_app) -> None:
    """The made-up 民法典 1079 款2 is the same text as 婚姻法 32 款2, translated."""

    async def scenario() -> None:
        app = make_snapshot_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_article(pilot)
            second = screen.data.paragraphs[1]
            carried = bai_cell(second, screen.dialect, screen.hints).plain
            assert carried == "test bai two\ncarried: 婚姻法 (2001) 第三十二条 第2款"
            assert "carried:婚姻法(2001)" in flat(screen_text(app))

    asyncio.run(scenario())


def test_a_suggestion_diff_marks_what_changed_and_a_rendering_has_none() -> None:
    paragraph = {
        "label": None,
        "bai": None,
        "renderings": {},
        "suggestions": [
            {
                "score": 92,
                "band": "85–94",
                "bai": "test bai one",
                "dialect": "bca",
                "source": "测试法 (2020) 第一条 第1款",
                "diff": [["equal", "甲乙"], ["delete", "丙"], ["insert", "丁"], ["equal", "戊"]],
                "computed": True,
            }
        ],
    }
    cell = bai_cell(paragraph, "bca", 2)
    assert cell.plain.endswith("\n  甲乙丙丁戊")
    styles = {cell.plain[s.start : s.end]: str(s.style) for s in cell.spans}
    assert styles["丙"] == "strike red" and styles["丁"] == "bold green"
    own = {"label": None, "bai": {"bca": "test bai own"}, "renderings": {}}
    assert bai_cell(own, "bca").plain == "test bai own"
