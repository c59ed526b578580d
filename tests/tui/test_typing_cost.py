"""What one key costs the screen (issue 16): a key in the search box repaints the box and the
status line, not a layout of the whole screen; the results are made a screenful first. The
box still scrolls to keep the cursor in view, and the status still lays out when it must."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.widget import Widget
from textual.widgets.option_list import Option

from glossary.tui.app import GlossaryApp
from glossary.tui.screens import option_rows, result_entries
from glossary.tui.search_parts import ResultsList, SearchInput, StatusLine
from glossary.tui.testing import screen_lines, wait_for_results

from .helpers import shows, until


def refreshes_asked(widget: Widget) -> list[dict[str, Any]]:
    """From now on, what each of the widget's refreshes asks for (``layout=True``...)."""
    asked: list[dict[str, Any]] = []
    refresh = widget.refresh

    def spy(*regions: Any, **kw: Any) -> Any:
        asked.append(kw)
        return refresh(*regions, **kw)

    widget.refresh = spy  # type: ignore[method-assign]
    return asked


def test_a_key_in_the_search_box_asks_for_no_layout(
    make_app: Callable[..., GlossaryApp],
) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_results(app, "")
            box = app.screen.query_one(SearchInput)
            asked = refreshes_asked(box)
            for ch in "离婚":
                await pilot.press(ch)
            await wait_for_results(app, "离婚")
            assert asked, "typing repainted nothing"
            assert not [kw for kw in asked if kw.get("layout")]

    asyncio.run(scenario())


def test_a_query_wider_than_the_box_keeps_the_cursor_in_view(
    make_app: Callable[..., GlossaryApp],
) -> None:
    """Input scrolls by its virtual size: it must follow the text without a layout."""
    typed = "lihun " * 12 + "end"

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(40, 24)) as pilot:
            await wait_for_results(app, "")
            box = app.screen.query_one(SearchInput)
            await pilot.press(*["space" if ch == " " else ch for ch in typed])
            await wait_for_results(app, typed)
            assert box.virtual_size.width > box.content_region.width
            await until(pilot, lambda: box.scroll_offset.x > 0, "the box scrolled")
            row = box.content_region.y
            await until(
                pilot, lambda: "hun end" in screen_lines(app)[row], "the text's end in view"
            )
            await pilot.press("home")
            await until(pilot, lambda: box.scroll_offset.x == 0, "back at the start")
            assert "lihun lihun" in screen_lines(app)[row]

    asyncio.run(scenario())


def test_the_status_line_lays_out_the_screen_only_when_its_height_changes(
    make_app: Callable[..., GlossaryApp],
) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(60, 30)) as pilot:
            await wait_for_results(app, "")
            status = app.screen.query_one(StatusLine)
            assert status.size.height >= 2  # the hint, wrapped
            await pilot.press("离")
            await wait_for_results(app, "离")
            await until(pilot, lambda: status.size.height == 1, "the status laid out again")
            asked = refreshes_asked(status)
            await pilot.press("婚")
            await wait_for_results(app, "离婚")
            assert asked and not [kw for kw in asked if kw.get("layout")]
            assert shows(app, str(status.visual))

    asyncio.run(scenario())


def test_the_first_results_fill_the_list_and_the_rest_follow(
    make_app: Callable[..., GlossaryApp],
) -> None:
    """A key's results are made a screenful at a time: what fills the list's height and a
    line more (so that the scrollbar is there), then everything else after the paint."""

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 24)) as pilot:
            await wait_for_results(app, "")
            screen = app.screen
            results = screen.query_one(ResultsList)
            given: list[list[Option]] = []
            set_options = results.set_options

            def spy(options: Any) -> Any:
                given.append(list(options))
                return set_options(options)

            results.set_options = spy  # type: ignore[method-assign]
            await pilot.press(*"法院")
            await wait_for_results(app, "法院")
            _query, result, _error = screen.shown
            assert result is not None
            entries, _payloads = result_entries(
                [h for h in result.hits if h.kind == "term"],
                [h for h in result.hits if h.kind == "article"],
            )
            height = results.scrollable_content_region.height
            first = given[-1]
            rows = [option_rows(o) for o in first]
            assert sum(rows) > height, "the first options do not fill the list"
            assert sum(rows[:-1]) <= height, "more options than fill the list"
            assert len(entries) > len(first)
            await until(pilot, lambda: results.option_count == len(entries), "the rest")
            assert results.show_vertical_scrollbar

    asyncio.run(scenario())


def test_new_results_repaint_the_list_without_a_layout_while_its_scrollbar_stays(
    make_app: Callable[..., GlossaryApp],
) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 24)) as pilot:
            await wait_for_results(app, "")
            results = app.screen.query_one(ResultsList)
            await pilot.press("法")
            await wait_for_results(app, "法")
            await until(pilot, lambda: results.show_vertical_scrollbar, "a long list")
            asked = refreshes_asked(results)
            await pilot.press("院")
            await wait_for_results(app, "法院")
            await until(pilot, lambda: results.option_count > 20, "the rest of the list")
            assert results.show_vertical_scrollbar
            assert asked and not [kw for kw in asked if kw.get("layout")]

    asyncio.run(scenario())
