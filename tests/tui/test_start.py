"""The app's first screen waits only for what it shows (issue 16): the screens opened later,
sqlite-utils, numpy, scipy, markdown-it and the search engine load after it, in the background."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
from collections.abc import Callable

from glossary.tui.app import GlossaryApp
from glossary.tui.testing import wait_for_results

from .helpers import until

PROBE = """
import sys
import glossary.cli
import glossary.tui.app
later = ("glossary.tui.article", "glossary.tui.term", "glossary.tui.editor",
         "glossary.tui.coverage", "glossary.tui.revisions", "sqlite_utils", "numpy", "scipy",
         "markdown_it", "pypinyin", "opencc", "rapidfuzz", "glossary.search.engine")
print(",".join(m for m in later if m in sys.modules))
"""


def test_importing_the_app_leaves_the_later_screens_for_later() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


def test_the_later_screens_load_in_the_background_and_open(
    make_app: Callable[..., GlossaryApp],
) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_results(app, "")
            await until(pilot, lambda: app.background_loading == "done", "background loading")
            assert "scipy.optimize" in sys.modules and "glossary.search.engine" in sys.modules
            await pilot.press(*"民诉 122")
            await wait_for_results(app, "民诉 122")
            await pilot.press("enter")
            await until(pilot, lambda: type(app.screen).__name__ == "ArticleScreen", "article")
            assert app.later().ArticleScreen is type(app.screen)

    asyncio.run(scenario())


def test_what_the_app_loaded_is_left_out_of_later_collections(
    make_app: Callable[..., GlossaryApp],
) -> None:
    """tui.collector: once the background loading is done, a full collection walks only what
    was made after it (the results of each key), not the 75 000 objects loaded by then; the
    app lets them go again when it stops."""

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.background_loading == "done", "background loading")
            assert app.frozen_objects >= gc.get_freeze_count() > 10 * len(gc.get_objects())
            await pilot.press(*"lihun")
            await wait_for_results(app, "lihun")
            assert gc.get_freeze_count() > 10 * len(gc.get_objects())
        assert gc.get_freeze_count() == 0 and app.frozen_objects == 0

    assert gc.get_freeze_count() == 0
    asyncio.run(scenario())
