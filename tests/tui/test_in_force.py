"""The law in force first, in the app: repealed and older articles are marked in the result
list and the history before they are opened, F5 keeps to the law in force, a successor
links back to the article it replaced, a hit opens at its 款, a synonym says which term it
went through, and at 80×24 the articles stay on the screen."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from glossary import i18n
from glossary.lawtext.status import IN_FORCE, REPEALED
from glossary.search.model import Hit, SearchResult
from glossary.tui.article import ArticleScreen
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.render import hit_prompt
from glossary.tui.screens import SearchScreen
from glossary.tui.search_parts import ResultsList
from glossary.tui.term import TermScreen
from glossary.tui.testing import screen_lines, screen_text, wait_for_results

from .conftest import app_factory
from .helpers import flat, showing, shows, until, until_screen, until_text

HUNYIN_32 = ArticleKey("hunyin-fa", "2001", 32)
MINFADIAN_1079 = ArticleKey("minfadian", "2020", 1079)
ARTICLE_LINE = re.compile(r"(民法典|婚姻法|民事诉讼法|人民调解法) \(\d{4}\) 第")


def run(coro: Any) -> Any:
    import asyncio

    return asyncio.run(coro)


async def type_query(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await wait_for_results(pilot.app, text)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def lines_with(app: Any, needle: str) -> list[str]:
    return [line for line in screen_lines(app) if needle in line]


async def open_article(pilot: Any, ref: ArticleKey) -> ArticleScreen:
    await until_screen(pilot, SearchScreen)
    pilot.app.post_message(OpenArticle(ref))
    await until(pilot, lambda: showing(pilot.app, ref), f"the article {ref}")
    await pilot.pause()
    return pilot.app.screen


# --- marks in the result list and the history ----------------------------------------------


def test_result_list_marks_repealed_articles_and_not_those_in_force(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 40)) as pilot:
            await type_query(pilot, "离婚")
            await until_text(pilot, "婚姻法 (2001)")
            repealed = lines_with(app, "婚姻法 (2001)")
            assert repealed and all("repealed" in line for line in repealed), repealed
            in_force = lines_with(app, "民法典 (2020)")
            assert in_force and not any("repealed" in line for line in in_force)

    run(scenario())


def test_the_mark_is_said_in_chinese(make_app) -> None:
    async def scenario() -> None:
        app = make_app(language="zh")
        async with app.run_test(size=(100, 40)) as pilot:
            await type_query(pilot, "离婚")
            await until_text(pilot, "婚姻法 (2001)")
            assert all("已废止" in line for line in lines_with(app, "婚姻法 (2001)"))

    run(scenario())


def test_history_and_bookmarks_mark_a_repealed_article_from_the_catalog(
    make_app, tmp_path: Path
) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_article(pilot, HUNYIN_32)
            await pilot.press("b")  # bookmark it
            await pilot.press("escape")
            await open_article(pilot, MINFADIAN_1079)
            await pilot.press("escape")
            await until_screen(pilot, SearchScreen)
            await until_text(pilot, "婚姻法 (2001) 第三十二条")
            old = lines_with(app, "婚姻法 (2001) 第三十二条")
            assert len(old) == 2 and all("repealed" in line for line in old), old  # ★ and recent
            new = lines_with(app, "民法典 (2020) 第一千零七十九条")
            assert new and not any("repealed" in line for line in new)

    run(scenario())
    stored = (tmp_path / "data" / "app-state.json").read_text(encoding="utf-8")
    assert "hunyin-fa" in stored and "repealed" not in stored and "status" not in stored


# --- F5: in force only ----------------------------------------------------------------------


def test_f5_keeps_to_the_law_in_force_and_says_so(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 40)) as pilot:
            screen = app.screen
            await type_query(pilot, "离婚")
            await until_text(pilot, "婚姻法 (2001)")
            assert not shows(app, "In force only ·")
            before = {h.status for h in screen.shown[1].hits if h.kind == "article"}
            assert REPEALED in before
            await pilot.press("f5")
            await until(pilot, lambda: not shows(app, "婚姻法 (2001)"), "婚姻法 gone")
            await until_text(pilot, "In force only ·", "民法典 (2020)")
            after = {h.status for h in screen.shown[1].hits if h.kind == "article"}
            assert after == {IN_FORCE}
            # typing again keeps the filter
            await pilot.press("backspace")
            await wait_for_results(app, "离")
            await until_text(pilot, "In force only ·")
            assert not shows(app, "婚姻法 (2001)")
            await pilot.press("f5")
            await until_text(pilot, "婚姻法 (2001)")
            assert not shows(app, "In force only ·")

    run(scenario())


# --- the back-link -----------------------------------------------------------------------


def test_a_successor_links_back_to_the_article_it_replaced_and_opens_it(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_article(pilot, MINFADIAN_1079)
            text = await until_text(
                pilot,
                "Replaces 婚姻法 (2001) 第三十二条",
                "matched by computer, not yet checked by a person",
                "[o] open it",
            )
            assert "0.82" not in text
            await pilot.press("o")
            await until(pilot, lambda: showing(app, HUNYIN_32), "婚姻法 32 opened")
            # the forward link says the same in the same plain words
            await until_text(
                pilot, "民法典 (2020) 第一千零七十九条", "matched by computer, not yet checked"
            )
            assert "machine-computed" not in screen_text(app)
            assert "Replaces" not in screen_text(app)  # a repealed law replaces nothing

    run(scenario())


def test_an_article_that_replaced_nothing_has_no_back_link(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_article(pilot, ArticleKey("minshi-susong-fa", "2023", 40))
            assert not screen.query_one("#replaces").display
            assert not screen.check_action("predecessor", ())

    run(scenario())


def test_the_back_link_is_said_in_chinese(make_app) -> None:
    async def scenario() -> None:
        app = make_app(language="zh")
        async with app.run_test(size=(100, 30)) as pilot:
            await open_article(pilot, MINFADIAN_1079)
            await until_text(pilot, "婚姻法 (2001) 第三十二条", "计算机")

    run(scenario())


# --- opening at a 款 -----------------------------------------------------------------------


def test_a_reference_to_a_kuan_opens_the_article_at_that_kuan(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            await type_query(pilot, "婚姻法第三十二条第四款")
            await until_text(pilot, "婚姻法 (2001) 第三十二条")
            results = screen.query_one(ResultsList)
            option = results.get_option_at_index(results.highlighted)
            hit = screen.payloads[option.id]
            assert (hit.law, hit.article, hit.paragraph) == ("hunyin-fa", 32, 4)
            await pilot.press("enter")
            article = await until_screen(pilot, ArticleScreen)
            assert article.ref == HUNYIN_32 and article.ref.paragraph == 4
            await until(pilot, lambda: article.query("#row-0"), "the rows")
            await pilot.pause()
            marked = [row.id for row in article.query(".pair.-target")]
            kuan = [p["kind"] for p in article.data.paragraphs]
            # the fourth 款 is the one after the five 项 of the third
            assert kuan[:8] == ["paragraph"] * 3 + ["item"] * 5
            assert marked == ["row-8"]
            clauses = article.query_one("#clauses")
            await until(pilot, lambda: clauses.scroll_y > 0, "scrolled to the 款")
            row = article.query_one("#row-8")
            assert clauses.region.contains_region(row.region) or row.region.y >= clauses.region.y
            assert row.region.y < clauses.region.bottom

    run(scenario())


def test_opening_at_the_third_kuan_marks_its_items_too(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            ref = ArticleKey("hunyin-fa", "2001", 32, paragraph=3)
            await until_screen(pilot, SearchScreen)
            app.post_message(OpenArticle(ref))
            await until(pilot, lambda: showing(app, ref), "opened")
            await pilot.pause()
            marked = [row.id for row in app.screen.query(".pair.-target")]
            assert marked == [f"row-{i}" for i in range(2, 8)]

    run(scenario())


def test_no_kuan_no_mark_and_the_history_keeps_the_article_only(make_app, tmp_path) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_article(pilot, HUNYIN_32)
            assert not list(app.screen.query(".pair.-target"))
            depth = len(app.screen_stack)
            app.post_message(OpenArticle(ArticleKey("hunyin-fa", "2001", 32, paragraph=9)))
            await until(pilot, lambda: len(app.screen_stack) == depth + 1, "opened again")
            await pilot.pause()
            assert not list(app.screen.query(".pair.-target"))  # no 第九款: nothing marked

    run(scenario())
    stored = (tmp_path / "data" / "app-state.json").read_text(encoding="utf-8")
    assert "paragraph" not in stored


# --- via a synonym --------------------------------------------------------------------------


def synonym_hits() -> list[Hit]:
    term = Hit("term", None, None, None, "家庭暴力", "test bai one", 5000.0, "exact", [], 7)
    term.label, term.via, term.through = "jiā tíng bào lì", "synonym", "家庭暴力"
    article = Hit("article", "minfadian", "2020", 1079, "测试家庭暴力", None, 5000.0, "exact")
    article.label, article.law_name = "第一千零七十九条", "民法典"
    article.via, article.through, article.status, article.id = "synonym", "家庭暴力", IN_FORCE, 9
    return [term, article]


def test_a_hit_through_a_synonym_says_which_term(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await until_screen(pilot, SearchScreen)
            screen.show_results("家暴", SearchResult("家暴", 1.0, synonym_hits()), None)
            await until_text(pilot, "民法典 (2020) 第一千零七十九条 via 家庭暴力")
            # the term itself is not said to go through itself
            assert not shows(app, "家庭暴力 jiā tíng bào lì via")

    run(scenario())


def test_via_in_chinese_and_within_the_width() -> None:
    hit = synonym_hits()[1]
    with i18n.language("zh"):
        for width in (30, 60, 80):
            for compact in (False, True):
                plain = hit_prompt(hit, width, compact).plain
                assert "（即 家庭暴力）" in plain or width < 40
                assert all(len(line) <= width for line in plain.split("\n"))


# --- small screens -------------------------------------------------------------------------


def cli(*args: str | Path) -> None:
    from glossary.cli import main

    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        assert not exc.code, exc


@pytest.fixture(scope="session")
def starter_db_master(app_db_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus with the starter glossary imported, as `make demo` has it: many terms
    and no Bai forms for most of them."""
    from conftest import REPO

    path = tmp_path_factory.mktemp("starter") / "glossary.sqlite"
    shutil.copy(app_db_master, path)
    cli("--db", path, "import", REPO / "data" / "glossary" / "starter-terms.csv")
    with closing(sqlite3.connect(path)) as conn:  # one file to copy, as `make demo`
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def make_starter_app(starter_db_master: Path, tmp_path: Path) -> Any:
    folder = tmp_path / "starter"
    folder.mkdir()
    shutil.copy(starter_db_master, folder / "glossary.sqlite")
    return app_factory(folder / "glossary.sqlite", tmp_path)


def test_at_80x24_terms_without_bai_take_one_line_and_articles_stay_in_view(
    make_starter_app,
) -> None:
    async def scenario() -> None:
        app = make_starter_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await type_query(pilot, "离婚")
            await until_text(pilot, "Articles ·")
            lines = screen_lines(app)
            terms = [h for h in app.screen.shown[1].hits if h.kind == "term"]
            without = [h for h in terms if not h.bai]
            assert len(without) >= 4, "the starter glossary has several 离婚 terms, no Bai"
            for hit in without:
                found = [line for line in lines if flat(hit.han + hit.label) in flat(line)]
                if found:  # on screen: one line, which says there is no Bai
                    assert "no Bai yet" in found[0]
            assert "no Bai form yet" not in screen_text(app)
            articles = [line for line in lines if ARTICLE_LINE.search(line)]
            assert len(articles) >= 6, "\n".join(lines)
            # each article is one line: its place, then its matching text
            assert all("离婚" in line for line in articles)

    run(scenario())


def test_at_120x40_an_article_keeps_its_text_on_a_line_of_its_own(make_starter_app) -> None:
    async def scenario() -> None:
        app = make_starter_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await type_query(pilot, "离婚")
            await until_text(pilot, "Articles ·")
            lines = screen_lines(app)
            heads = [i for i, line in enumerate(lines) if ARTICLE_LINE.search(line)]
            assert len(heads) >= 8
            for i in heads[:-1]:
                assert "离婚" in lines[i + 1] and not ARTICLE_LINE.search(lines[i + 1])

    run(scenario())


def test_a_terms_linked_articles_are_marked_too(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await type_query(pilot, "离婚")
            await until_text(pilot, "Terms ·")
            await pilot.press("enter")  # the first result, the term 离婚
            await until_screen(pilot, TermScreen)
            await until_text(pilot, "婚姻法 (2001) 第三十二条")
            assert all("repealed" in line for line in lines_with(app, "婚姻法 (2001) 第三十二条"))

    run(scenario())


def test_older_revisions_are_marked_when_every_revision_is_searched(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 40)) as pilot:
            screen = app.screen
            screen.query_one("#law-filter").value = "minshi-susong-fa"
            await until(pilot, lambda: screen.filters["law"] == "minshi-susong-fa")
            screen.query_one("#revision-filter").value = "*all*"
            await until(pilot, lambda: screen.filters["all_revisions"])
            await type_query(pilot, "合议庭")
            await until_text(pilot, "民事诉讼法 (2021)", "民事诉讼法 (2023)")
            assert all("older revision" in line for line in lines_with(app, "民事诉讼法 (2021)"))
            assert not any("older" in line for line in lines_with(app, "民事诉讼法 (2023)"))

    run(scenario())


def test_the_store_reads_the_concordance_backward_best_matches_only(app_db: Path) -> None:
    from glossary.store.queries import article_view, predecessors
    from glossary.store.reader import open_reader

    reader = open_reader(app_db)
    try:
        back = predecessors(reader, "minfadian", "2020", 1079)
        found = [(e["law"], e["revision"], e["article"]) for e in back]
        assert found == [("hunyin-fa", "2001", 32)]
        assert back[0]["computed"] and not back[0]["verified"]
        # 婚姻法 32's second candidate is 1091: a second guess is no "replaces"
        forward = article_view(reader, "hunyin-fa", 32, 0, "2001")["superseded_by"]
        assert [e["article"] for e in forward][:2] == [1079, 1091]
        assert all(e["article"] != 32 for e in predecessors(reader, "minfadian", "2020", 1091))
        # an older revision of a law in force is another revision, not a replaced law
        assert article_view(reader, "minshi-susong-fa", 40, 0, "2023")["replaces"] == []
        assert article_view(reader, "hunyin-fa", 32, 0, "2001")["replaces"] == []
    finally:
        reader.close()
