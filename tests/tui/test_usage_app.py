"""The app counts opened articles and searches that found nothing (store.usage), in the
per-user data folder, and nothing with ``record_usage = false``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from glossary.store.usage import load_usage, usage_path
from glossary.tui.messages import ArticleKey, OpenArticle, ResultsShown
from glossary.tui.settings import load_settings
from glossary.tui.usage import UsageRecorder

from .helpers import showing, until


def test_a_miss_is_counted_once_the_person_moves_on(tmp_path: Path) -> None:
    path = tmp_path / "usage.json"
    recorder = UsageRecorder(path=path)
    for query, count in [
        ("t", 4), ("te", 0), ("tes", 0), ("test", 2),  # grew into a search that found
        ("qq", 0), ("qqx", 0), ("qq", 0),  # one search, typed and corrected
        ("", 0),  # cleared: the last query that found nothing counts
        ("zz", 0),
    ]:  # fmt: skip
        recorder.shown(query, count)
    assert load_usage(path).totals("misses") == {"qq": 1}
    recorder.flush()  # the app closes
    assert load_usage(path).totals("misses") == {"qq": 1, "zz": 1}


def test_record_usage_false_is_read_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("record_usage = false\n", encoding="utf-8")
    assert load_settings(config).record_usage is False
    config.write_text('record_usage = "no"\n', encoding="utf-8")
    settings = load_settings(config)
    assert settings.record_usage is True and "record_usage must be true or false" in str(
        settings.problems
    )
    assert load_settings(tmp_path / "none.toml").record_usage is True


async def open_and_miss(app: Any) -> None:
    ref = ArticleKey("hunyin-fa", "2001", 32)
    async with app.run_test(size=(120, 40)) as pilot:
        app.post_message(OpenArticle(ref))
        await until(pilot, lambda: showing(app, ref), f"the article {ref}")
        app.post_message(ResultsShown("test nothing", 0))
        app.post_message(ResultsShown("", 0))
        await pilot.pause()


def test_the_app_counts_opened_articles_and_misses(make_app) -> None:
    asyncio.run(open_and_miss(make_app()))
    usage = load_usage()
    assert usage.totals("opened") == {"hunyin-fa/2001/32/0": 1}
    assert usage.totals("misses") == {"test nothing": 1}


def test_the_app_counts_nothing_when_told_not_to(make_app, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("record_usage = false\n", encoding="utf-8")
    asyncio.run(open_and_miss(make_app()))
    assert not usage_path().exists()


def test_coverage_screen_shows_the_figures_and_enter_opens_the_first_gap(
    make_app, app_db: Path
) -> None:
    from glossary.store.coverage import coverage, first_untranslated
    from glossary.store.db import open_db
    from glossary.tui.coverage import CoverageScreen
    from glossary.tui.screens import SearchScreen

    from .helpers import until_screen

    db = open_db(app_db)
    rows = coverage(db)
    translated = next(r for r in rows if r.translated)
    index = rows.index(translated)
    number, sub = first_untranslated(db, translated.revision_id, translated.dialect) or (0, 0)
    db.close()
    target = ArticleKey(translated.law, translated.revision, number, sub)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await until_screen(pilot, SearchScreen)
            await pilot.press("f4")
            screen = await until_screen(pilot, CoverageScreen)
            assert [(r.law, r.revision, r.dialect, r.translated) for r in screen.rows] == [
                (r.law, r.revision, r.dialect, r.translated) for r in rows
            ]
            listed = screen.query_one("#coverage-rows")
            shown = str(listed.get_option_at_index(index).prompt)
            assert f"{translated.translated}/{translated.total} translated" in shown
            listed.highlighted = index
            await pilot.press("enter")
            await until(pilot, lambda: showing(app, target), f"the article {target}")

    asyncio.run(scenario())
