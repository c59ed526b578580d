"""SVG snapshots of the search results, an article and F1 help in Chinese and in English,
at 80×24 and 120×40, over the made-up laws (``tests/tui/synthetic.py``): the Chinese
interface must line up (a Han character takes two cells) and nothing may be cut off.

Update after an intended change with ``pytest tests/tui --snapshot-update``."""

from __future__ import annotations

import html
from typing import Any

import pytest
from rich.cells import cell_len

from glossary.tui.dialogs import HelpScreen
from glossary.tui.messages import ArticleKey

from .helpers import until_screen
from .test_snapshots import _SVG_TEXT, SIZES, SNAPSHOTS, opening, typing

LANGUAGES = ["zh", "en"]
CELL = 12.2  # the width of one terminal cell in Textual's SVG


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_results_in(snap_compare, make_snapshot_app, language, size) -> None:
    app = make_snapshot_app(language=language)
    assert snap_compare(app, terminal_size=size, run_before=typing("离婚诉讼"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_repealed_article_in(snap_compare, make_snapshot_app, language, size) -> None:
    ref = ArticleKey("hunyin-fa", "2001", 32)
    app = make_snapshot_app(language=language)
    assert snap_compare(app, terminal_size=size, run_before=opening(ref))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_f1_help_in(snap_compare, make_snapshot_app, language, size) -> None:
    async def run_before(pilot: Any) -> None:
        await typing("离婚")(pilot)
        await pilot.press("f1")
        await until_screen(pilot, HelpScreen)
        await pilot.pause()

    app = make_snapshot_app(language=language)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def divider_columns(svg: str) -> set[int]:
    """The terminal columns of every │ of the Han | Bai grid, counted in cells (the SVG
    places each text piece at its first cell; a Han character inside it takes two)."""
    columns = set()
    for x, _y, text in _SVG_TEXT.findall(svg):
        text = html.unescape(text).replace("\xa0", " ")
        start = round(float(x) / CELL)
        columns |= {start + cell_len(text[:i]) for i, ch in enumerate(text) if ch == "│"}
    return columns


@pytest.mark.parametrize("size", ["size0", "size1"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_han_bai_divider_is_one_straight_column(language: str, size: str) -> None:
    """Chinese labels and text in the rows do not push the divider: a misaligned double-
    width character would put a │ in another column on some row."""
    svg = SNAPSHOTS / "test_snapshots_language" / f"test_repealed_article_in[{language}-{size}].svg"
    assert len(divider_columns(svg.read_text(encoding="utf-8"))) == 1
