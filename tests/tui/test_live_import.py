"""An editor imports while a mediator has the app open: the app keeps working and shows the
new data without a restart — at the next search, and in the article or term already open
(it watches the file's ``PRAGMA data_version``)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from glossary.tui.messages import ArticleKey, OpenArticle, OpenTerm
from glossary.tui.screens import SearchScreen
from glossary.tui.term import TermScreen
from glossary.tui.testing import wait_for_results

from .helpers import flat, showing, until, until_screen, until_text

ARTICLE = ArticleKey("hunyin-fa", "2001", 32)


def import_elsewhere(app_db: Path, csv: Path, text: str) -> None:
    """``glossary import`` on its own connection, as another process would run it."""
    from glossary.io.pairs import import_files
    from glossary.store.db import open_db

    csv.write_text(text, encoding="utf-8")
    writer = open_db(app_db)
    try:
        result = import_files(writer, [csv])
    finally:
        writer.close()
    assert result.batch is not None, result


async def search_for(pilot: Any, text: str) -> str:
    box = pilot.app.screen.query_one("#query")
    box.value = ""
    await wait_for_results(pilot.app, "")
    for ch in text:
        await pilot.press(ch)
    await wait_for_results(pilot.app, text)
    return await until_text(pilot, text)


def test_an_import_while_the_app_is_open_shows_up_at_the_next_search(
    make_app, app_db: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            before = flat(await search_for(pilot, "测试新词条"))
            assert flat("Terms · ") not in before  # no such term yet
            import_elsewhere(
                app_db, tmp_path / "terms.csv", "han,definition\n测试新词条,测试释义\n"
            )
            after = flat(await search_for(pilot, "测试新词条"))  # the same app, no restart
            assert flat("Terms · ") in after
            assert "测试新词条" in after.split(flat("Terms · "), 1)[1]

    asyncio.run(scenario())


def test_the_open_article_shows_a_dialect_imported_meanwhile(
    make_app, app_db: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            app.post_message(OpenArticle(ARTICLE))
            await until(pilot, lambda: showing(app, ARTICLE), "the article")
            assert app.screen.dialects == ["bca", "bfs"]
            import_elsewhere(
                app_db,
                tmp_path / "clauses.csv",
                "law,revision,article,paragraph,dialect,bai\n"
                "hunyin-fa,2001,32,1,bfc,test bai one in bfc\n",
            )
            await until(pilot, lambda: "bfc" in app.screen.dialects, "bfc in the article")
            await pilot.press("d")  # bca → bfc
            await until_text(pilot, "test bai one in bfc", "bfc · Northern Bai")
            await pilot.press("escape")
            search = await until_screen(pilot, SearchScreen)
            assert "bfc" in [value for _, value in search.dialect_options()]

    asyncio.run(scenario())


def test_the_open_term_shows_a_form_imported_meanwhile(
    make_app, app_db: Path, tmp_path: Path
) -> None:
    from glossary.store.reader import open_reader

    reader = open_reader(app_db)
    term_id = reader.execute("SELECT id FROM terms WHERE han = '感情'").fetchone()[0]
    reader.close()

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await until_screen(pilot, SearchScreen)
            app.post_message(OpenTerm(term_id))
            await until_screen(pilot, TermScreen)
            await until_text(pilot, "no Bai form yet")
            import_elsewhere(
                app_db, tmp_path / "forms.csv", "han,bai,dialect\n感情,test bai new form,bfc\n"
            )
            await until_text(pilot, "test bai new form", "Northern Bai")

    asyncio.run(scenario())
