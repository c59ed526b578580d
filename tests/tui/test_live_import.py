"""An editor imports while a mediator has the app open: the app keeps working and shows
the new data at the next search."""

from __future__ import annotations

import asyncio
from pathlib import Path

from glossary.tui.testing import screen_text, wait_for_results


async def search_for(pilot, text: str) -> str:
    box = pilot.app.screen.query_one("#query")
    box.value = ""
    await pilot.pause()
    for ch in text:
        await pilot.press(ch)
    await wait_for_results(pilot.app, text)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen_text(pilot.app)


def test_an_import_while_the_app_is_open_shows_up_at_the_next_search(
    make_app, app_db: Path, tmp_path: Path
) -> None:
    from glossary.io.pairs import import_files
    from glossary.store.db import open_db

    term = tmp_path / "terms.csv"
    term.write_text("han,definition\n测试新词条,测试释义\n", encoding="utf-8")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            before = await search_for(pilot, "测试新词条")
            assert "词条 Terms" not in before  # no such term yet
            writer = open_db(app_db)  # another connection, as `glossary import` would be
            result = import_files(writer, [term])
            writer.close()
            assert result.batch is not None
            after = await search_for(pilot, "测试新词条")  # the same app, no restart
            assert "词条 Terms" in after and "测试新词条" in after.split("词条 Terms", 1)[1]

    asyncio.run(scenario())
