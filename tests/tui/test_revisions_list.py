"""``r`` on an article: every revision of it with its article number(s) and the relation in
each — splits, merges, the 婚姻法 article a 民法典 article replaced — and in editor mode a
key that confirms a link. Split and merge rows are written at test time over the real
corpus articles, in the shape the project's alignment writes (store.concordance)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from glossary.lawtext.status import PLAIN_COMPUTED_NOTE
from glossary.store.concordance import write_concordance
from glossary.store.db import open_db
from glossary.store.queries import predecessors
from glossary.store.reader import open_reader
from glossary.store.revisions import article_revisions
from glossary.tui.article import ArticleScreen
from glossary.tui.dialogs import help_for
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.revisions import RevisionsScreen

from .helpers import showing, until, until_screen, until_text

LAW = "minshi-susong-fa"
ZH_UNCHECKED = "对应条文由计算机比对得出，尚未经人工核对"


def link(old: int | None, new: int | None, relation: str, rank: int = 1, **kw: Any) -> dict:
    """A machine-computed row of 民事诉讼法 2021 → 2023, as ``glossary align`` writes it."""
    row = {
        "from_law": LAW,
        "from_revision": "2021",
        "from_article": old,
        "to_law": LAW,
        "to_revision": "2023",
        "to_article": new,
        "relation": relation,
        "similarity": 0.9,
        "confidence": "high",
        "rank": rank,
        "computed": 1,
        "verified": 0,
        "source": "glossary align",
    }
    return row | kw


def write_rows(db_path: Path, rows: list[dict]) -> None:
    db = open_db(db_path)
    try:
        write_concordance(db, [("test", rows)])
    finally:
        db.close()


def split_and_merge(db_path: Path) -> None:
    """2021 40 split into 2023 40 and 41; 2021 50 and 51 merged into 2023 50."""
    write_rows(
        db_path,
        [
            link(40, 40, "split"),
            link(40, 41, "split", rank=2),
            link(50, 50, "merged"),
            link(51, 50, "merged"),
        ],
    )


def verified(db_path: Path, row: tuple[Any, ...]) -> Any:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT computed, verified FROM concordance WHERE from_law = ? AND from_revision = ? "
            "AND from_article = ? AND to_article = ?",
            list(row),
        ).fetchone()


async def open_list(pilot: Any, ref: ArticleKey) -> RevisionsScreen:
    pilot.app.post_message(OpenArticle(ref))
    await until(pilot, lambda: showing(pilot.app, ref), f"the article {ref}")
    await pilot.press("r")
    return await until_screen(pilot, RevisionsScreen)


def test_a_split_lists_both_articles_and_opens_the_one_picked(make_app, app_db: Path) -> None:
    split_and_merge(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_list(pilot, ArticleKey(LAW, "2021", 40))
            places = [(e["revision"], e["article"]) for e in screen.entries]
            assert ("2023", 40) in places and ("2023", 41) in places
            text = await until_text(
                pilot, "2023第四十一条—2021第四十条splitinto第四十条、第四十一条"
            )
            assert "1991 第四十条" in text or "(text not imported)" in text  # older, not imported
            at = places.index(("2023", 41))
            screen.query_one("#revision-options").highlighted = at
            await pilot.press("enter")
            await until(pilot, lambda: showing(app, ArticleKey(LAW, "2023", 41)), "2023 41")

    asyncio.run(scenario())


def test_a_merge_names_every_article_merged(make_app, app_db: Path) -> None:
    split_and_merge(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_list(pilot, ArticleKey(LAW, "2023", 50))
            places = {(e["revision"], e["article"]) for e in screen.entries}
            assert {("2021", 50), ("2021", 51), ("2023", 50)} <= places
            await until_text(pilot, "mergedfrom2021第五十条、2021第五十一条")

    asyncio.run(scenario())


def test_a_civil_code_article_names_the_marriage_law_article_it_replaced(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_list(pilot, ArticleKey("minfadian", "2020", 1079))
            await until_text(pilot, "婚姻法(2001)第三十二条", "replaces婚姻法(2001)第三十二条")
            assert [(e["law"], e["article"]) for e in screen.entries] == [
                ("hunyin-fa", 32),
                ("minfadian", 1079),
            ]
            await pilot.press("escape")
            back = await open_list(pilot, ArticleKey("hunyin-fa", "2001", 32))
            # the best match only: 婚姻法 32's second guess (1091, rank 2) is no link
            assert [(e["law"], e["article"]) for e in back.entries] == [
                ("hunyin-fa", 32),
                ("minfadian", 1079),
            ]
            await until_text(pilot, "民法典(2020)第一千零七十九条")
            await pilot.press("enter")
            await until(pilot, lambda: showing(app, ArticleKey("minfadian", "2020", 1079)))

    asyncio.run(scenario())


def test_unverified_links_say_so_in_plain_words_in_english_and_chinese(make_app) -> None:
    async def scenario(language: str, words: str) -> None:
        app = make_app(language=language)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_list(pilot, ArticleKey(LAW, "2021", 40))
            await until_text(pilot, words)

    asyncio.run(scenario("en", "modified from 2021 第四十条 · " + PLAIN_COMPUTED_NOTE))
    asyncio.run(scenario("zh", "由2021 第四十条修改而来 · " + ZH_UNCHECKED))


def test_the_editor_confirms_the_highlighted_link(make_app, app_db: Path, tmp_path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('edit = true\nreviewer = "Test Reviewer"\n', encoding="utf-8")
    split_and_merge(app_db)
    assert verified(app_db, (LAW, "2021", 40, 41)) == (1, 0)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_list(pilot, ArticleKey(LAW, "2021", 40))
            assert "revisions.confirm" in help_for(screen, app.focused)  # F1 lists the key
            places = [(e["revision"], e["article"]) for e in screen.entries]
            screen.query_one("#revision-options").highlighted = places.index(("2023", 41))
            await pilot.press("v")
            await until(pilot, lambda: verified(app_db, (LAW, "2021", 40, 41)) == (1, 1))
            await until_text(pilot, "第四十一条", "checked by Test Reviewer")
            assert verified(app_db, (LAW, "2021", 40, 40)) == (1, 0)  # only the one picked
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen))

    asyncio.run(scenario())
    with sqlite3.connect(app_db) as conn:
        command, source = conn.execute(
            "SELECT command, source FROM batches ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert (command, source) == ("concordance verify", "Test Reviewer")


def test_outside_editor_mode_the_key_confirms_nothing(make_app, app_db: Path) -> None:
    split_and_merge(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_list(pilot, ArticleKey(LAW, "2021", 40))
            assert not screen.check_action("confirm", ())
            assert "revisions.confirm" not in help_for(screen, app.focused)
            await pilot.press("v")
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen))

    asyncio.run(scenario())
    with sqlite3.connect(app_db) as conn:
        assert conn.execute("SELECT count(*) FROM concordance WHERE verified = 1").fetchone() == (
            0,
        )


def test_predecessors_take_a_split_part_but_not_a_second_guess(app_db: Path) -> None:
    write_rows(
        app_db,
        [
            {
                **link(31, 1078, "split"),
                "from_law": "hunyin-fa",
                "from_revision": "2001",
                "to_law": "minfadian",
                "to_revision": "2020",
            },
            {
                **link(31, 1077, "split", rank=2),
                "from_law": "hunyin-fa",
                "from_revision": "2001",
                "to_law": "minfadian",
                "to_revision": "2020",
            },
        ],
    )
    reader = open_reader(app_db)
    try:
        assert [e["article"] for e in predecessors(reader, "minfadian", "2020", 1077)] == [31]
        # 婚姻法 32's second candidate (relation candidate, rank 2) is 1091: no predecessor
        assert all(e["article"] != 32 for e in predecessors(reader, "minfadian", "2020", 1091))
        entries = article_revisions(reader, "minfadian", "2020", 1077)
        assert {(e["law"], e["article"]) for e in entries} >= {
            ("hunyin-fa", 31),
            ("minfadian", 1077),
            ("minfadian", 1078),
        }
    finally:
        reader.close()
