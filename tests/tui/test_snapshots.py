"""SVG snapshots of the app with Han and (plainly fake) Bai, at 80×24 and 120×40.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and look at the
report. Nothing on these screens depends on time, paths or the user's files."""

from __future__ import annotations

from typing import Any

import pytest

from glossary.tui.messages import ArticleRef, OpenArticle
from glossary.tui.testing import wait_for_results

SIZES = [(80, 24), (120, 40)]


def typing(text: str):
    async def run_before(pilot: Any) -> None:
        for ch in text:
            await pilot.press(ch)
        await wait_for_results(pilot.app, text)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def opening(ref: ArticleRef, *keys: str):
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.post_message(OpenArticle(ref))
        await pilot.pause()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=typing("离婚诉讼"))


@pytest.mark.parametrize("size", SIZES)
def test_repealed_article_with_bai(snap_compare, make_app, size) -> None:
    ref = ArticleRef("hunyin-fa", "2001", 32)
    assert snap_compare(make_app(), terminal_size=size, run_before=opening(ref))


@pytest.mark.parametrize("size", SIZES)
def test_article_other_dialect(snap_compare, make_app, size) -> None:
    ref = ArticleRef("hunyin-fa", "2001", 32)
    assert snap_compare(make_app(), terminal_size=size, run_before=opening(ref, "d"))


def test_older_revision_with_diff(snap_compare, make_app) -> None:
    ref = ArticleRef("minshi-susong-fa", "2021", 40)
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=opening(ref, "end"))


def test_term_view(snap_compare, make_app) -> None:
    async def run_before(pilot: Any) -> None:
        await typing("离婚")(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_light_theme_article(snap_compare, make_app) -> None:
    ref = ArticleRef("minfadian", "2020", 1079)

    async def run_before(pilot: Any) -> None:
        await pilot.press("ctrl+t")
        await opening(ref)(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_browse_tree(snap_compare, make_app) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("down", "enter", "down", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_help_for_the_article(snap_compare, make_app) -> None:
    ref = ArticleRef("hunyin-fa", "2001", 32)
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=opening(ref, "f1"))
