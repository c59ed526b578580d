"""SVG snapshots of the app with Han and (plainly fake) Bai, at 80×24 and 120×40.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and look at the
report. Nothing on these screens depends on time, paths or the user's files.

The SVGs are committed, so the app runs over made-up law texts (``tests/tui/synthetic.py``,
fixture ``make_snapshot_app``), never over the official texts of ../shared/corpus; the last
test checks that no snapshot carries a run of their text."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.screens import SearchScreen
from glossary.tui.search_parts import BrowseTree
from glossary.tui.term import TermScreen
from glossary.tui.testing import wait_for_results

from .helpers import showing, until, until_screen

SIZES = [(80, 24), (120, 40)]
SNAPSHOTS = Path(__file__).parent / "__snapshots__"
RUN = 8  # no run of this many Han characters on a snapshot may occur in the corpus
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_NUMBERING = re.compile(r"第[零〇一二两三四五六七八九十百千万]+[条章节编]")  # 第一千零七十九条
_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def typing(text: str):
    async def run_before(pilot: Any) -> None:
        for ch in text:
            await pilot.press(ch)
        await wait_for_results(pilot.app, text)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def opening(ref: ArticleKey, *keys: str):
    async def run_before(pilot: Any) -> None:
        await until_screen(pilot, SearchScreen)
        pilot.app.post_message(OpenArticle(ref))
        await until(pilot, lambda: showing(pilot.app, ref), f"the article {ref}")
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, make_snapshot_app, size) -> None:
    assert snap_compare(make_snapshot_app(), terminal_size=size, run_before=typing("离婚诉讼"))


def test_results_mark_repealed_articles(snap_compare, make_snapshot_app) -> None:
    """At 80×24: 婚姻法's hits say 已废止 repealed, a term without Bai takes one line and the
    articles take one line each, so they stay on the screen."""
    assert snap_compare(make_snapshot_app(), terminal_size=(80, 24), run_before=typing("离婚"))


def test_successor_links_back_to_what_it_replaced(snap_compare, make_snapshot_app) -> None:
    ref = ArticleKey("minfadian", "2020", 1079, paragraph=2)
    assert snap_compare(make_snapshot_app(), terminal_size=(80, 24), run_before=opening(ref))


@pytest.mark.parametrize("size", SIZES)
def test_repealed_article_with_bai(snap_compare, make_snapshot_app, size) -> None:
    ref = ArticleKey("hunyin-fa", "2001", 32)
    assert snap_compare(make_snapshot_app(), terminal_size=size, run_before=opening(ref))


@pytest.mark.parametrize("size", SIZES)
def test_article_other_dialect(snap_compare, make_snapshot_app, size) -> None:
    ref = ArticleKey("hunyin-fa", "2001", 32)
    assert snap_compare(make_snapshot_app(), terminal_size=size, run_before=opening(ref, "d"))


def test_older_revision_with_diff(snap_compare, make_snapshot_app) -> None:
    ref = ArticleKey("minshi-susong-fa", "2021", 40)
    assert snap_compare(
        make_snapshot_app(), terminal_size=(120, 40), run_before=opening(ref, "end")
    )


def test_term_view(snap_compare, make_snapshot_app) -> None:
    async def run_before(pilot: Any) -> None:
        await typing("离婚")(pilot)
        await pilot.press("enter")
        await until_screen(pilot, TermScreen)

    assert snap_compare(make_snapshot_app(), terminal_size=(80, 24), run_before=run_before)


def test_light_theme_article(snap_compare, make_snapshot_app) -> None:
    ref = ArticleKey("minfadian", "2020", 1079)

    async def run_before(pilot: Any) -> None:
        await pilot.press("ctrl+t")
        await opening(ref)(pilot)

    assert snap_compare(make_snapshot_app(), terminal_size=(80, 24), run_before=run_before)


def test_browse_tree(snap_compare, make_snapshot_app) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.press("f2")
        tree = pilot.app.screen.query_one(BrowseTree)
        await until(pilot, lambda: tree.has_focus, "the tree focused")
        await pilot.press("down", "enter", "down", "enter")
        await until(pilot, lambda: tree.cursor_node and tree.cursor_node.children, "a revision")

    assert snap_compare(make_snapshot_app(), terminal_size=(120, 40), run_before=run_before)


def test_help_for_the_article(snap_compare, make_snapshot_app) -> None:
    ref = ArticleKey("hunyin-fa", "2001", 32)
    assert snap_compare(make_snapshot_app(), terminal_size=(120, 40), run_before=opening(ref, "f1"))


def screen_lines(svg: str) -> list[str]:
    """The terminal's lines as the SVG draws them: text pieces by row, a space where the
    pieces do not touch (the cells between them were blank)."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in _SVG_TEXT.findall(svg):
        rows[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for y in sorted(rows):
        line, end = "", None
        for x, text in sorted(rows[y]):
            if end is not None and x > end + 1:
                line += " "
            line += text
            end = x + cell_len(text) * 12.2
        lines.append(line)
    return lines


def han_windows(text: str) -> set[str]:
    """Every RUN-character window of every Han run in ``text``."""
    return {run[i : i + RUN] for run in _HAN.findall(text) for i in range(len(run) - RUN + 1)}


def test_no_snapshot_carries_corpus_text(laws_dir: Path) -> None:
    """No RUN Han characters in a row on a committed snapshot occur in any corpus file
    (read from disk now, whitespace removed). Article numbers (第一千零七十九条) and law names
    from the catalog, which is in the repository already, are not text of the corpus."""
    from glossary.lawtext.catalog import catalog_path

    corpus: set[str] = set()
    for path in sorted(laws_dir.iterdir()):
        if path.is_file():
            corpus |= han_windows(re.sub(r"[\s\u200b]+", "", path.read_text(encoding="utf-8")))
    allowed = han_windows(catalog_path().read_text(encoding="utf-8"))
    svgs = sorted(SNAPSHOTS.rglob("*.svg"))
    assert svgs
    found = {
        f"{svg.name}: {window}"
        for svg in svgs
        for line in screen_lines(svg.read_text(encoding="utf-8"))
        for window in han_windows(_NUMBERING.sub(" ", line))
        if window in corpus and window not in allowed
    }
    assert not found, sorted(found)
