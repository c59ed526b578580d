"""In a browser tab (``glossary serve``) the handout goes to the tablet, not to a folder on
the machine that serves it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from glossary.tui.app import GlossaryApp
from glossary.tui.dialogs import ExportScreen
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.screens import SearchScreen

from .helpers import showing, until, until_screen

HUNYIN_32 = ArticleKey("hunyin-fa", "2001", 32)


def test_in_a_browser_e_sends_the_handout_to_the_browser(
    make_app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    delivered: list[dict[str, Any]] = []

    def deliver_text(self: GlossaryApp, file: Any, **options: Any) -> str:
        delivered.append({"text": file.read(), **options})
        return "key"

    monkeypatch.setattr(GlossaryApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(GlossaryApp, "deliver_text", deliver_text)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await until_screen(pilot, SearchScreen)
            app.post_message(OpenArticle(HUNYIN_32))
            await until(pilot, lambda: showing(app, HUNYIN_32), "opened")
            await pilot.press("e")
            await until(pilot, lambda: delivered, "the handout delivered")
            assert not isinstance(app.screen, ExportScreen)  # no folder asked for

    asyncio.run(scenario())
    (sent,) = delivered
    assert sent["save_filename"] == "hunyin-fa-2001-32.html"
    assert sent["open_method"] == "browser"
    page = lxml.html.fromstring(sent["text"])
    assert "第三十二条" in page.findtext(".//h1")
    assert page.xpath("//table[@class='compare']")  # the text now in force beside it
    assert not list(tmp_path.rglob("*.html"))  # nothing written on the serving machine
