"""Recordings in the app: ▶ marks the 款/项 and term forms that have one, ``p`` plays the
marked one through the null device and stops it, and the app keeps taking keys meanwhile.
The sounds are made by the tests (tests/sounds.py); the Bai is plainly fake."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from glossary.io.audio import check_sound
from glossary.store.db import open_db
from glossary.store.history import Batch
from glossary.store.recordings import RecordingMeta, attach_recording, resolve_owner
from glossary.tui.article import ARTICLE_HELP, ArticleScreen
from glossary.tui.audio import MARK
from glossary.tui.dialogs import help_for
from glossary.tui.messages import ArticleKey, OpenArticle, OpenTerm
from glossary.tui.screens import SearchScreen
from glossary.tui.term import TermScreen
from glossary.tui.testing import screen_text
from sounds import flac_bytes, wav_bytes

from .helpers import flat, showing, until, until_screen, until_text

ARTICLE = ArticleKey("hunyin-fa", "2001", 32)
LONG = 120.0  # seconds: longer than any test runs, so it still plays when asserted


@pytest.fixture(autouse=True)
def null_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_AUDIO", "null")


@pytest.fixture(scope="module")
def long_wav() -> bytes:
    return wav_bytes(LONG)


def attach(db_path: Path, ref: str, dialect: str | None, data: bytes, name: str) -> None:
    """Attach a recording as the import does: the sound checked, one batch."""
    db = open_db(db_path)
    try:
        batch = Batch(db, command="test")
        with db.atomic():
            owner = resolve_owner(db, ref, dialect)
            attach_recording(db, batch, owner, check_sound(data, name, name), RecordingMeta())
    finally:
        db.close()


def write_config(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")


def term_id(db_path: Path, han: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute("SELECT id FROM terms WHERE han = ?", [han]).fetchone()[0])


async def open_article(pilot: Any, ref: ArticleKey = ARTICLE) -> ArticleScreen:
    await until_screen(pilot, SearchScreen)
    pilot.app.post_message(OpenArticle(ref))
    await until(pilot, lambda: showing(pilot.app, ref), f"the article {ref}")
    return pilot.app.screen


def marks(app: Any) -> int:
    return flat(screen_text(app)).count(MARK)


def test_p_plays_the_marked_paragraph_and_p_again_stops_it(make_app, app_db, long_wav) -> None:
    attach(app_db, "hunyin-fa/2001/32/1", "bca", long_wav, "one.wav")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot)
            sounds = screen.ctx.sounds
            assert screen.dialect == "bca" and screen.place == 0
            await until_text(pilot, MARK + " test bai one")
            assert marks(app) == 1  # the second 款 has Bai but no recording
            assert screen.query_one("#row-0").has_class("-current")
            assert app.active_bindings["p"].binding.id == "article.play"
            await pilot.press("p")
            await until(pilot, lambda: sounds.playing, "the player reports playing")
            assert sounds.backend == "Null"
            await until(
                pilot,
                lambda: app.active_bindings["p"].binding.id == "article.stop",
                "the footer offers Stop",
            )
            await pilot.press("p")
            await until(pilot, lambda: not sounds.playing and sounds.key is None, "stopped")
            assert app.active_bindings["p"].binding.id == "article.play"

    asyncio.run(scenario())


def test_typing_in_the_search_box_goes_on_while_it_plays(make_app, app_db, long_wav) -> None:
    attach(app_db, "hunyin-fa/2001/32/1", "bca", long_wav, "one.wav")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot)
            sounds = screen.ctx.sounds
            await pilot.press("p")
            await until(pilot, lambda: sounds.playing, "the player reports playing")
            await pilot.press("escape")
            search = await until_screen(pilot, SearchScreen)
            await pilot.press(*"lihun")
            await until(
                pilot,
                lambda: app.last_results is not None and app.last_results.query == "lihun",
                "the results of what was typed",
            )
            assert search.query_one("#query").value == "lihun"
            await until_text(pilot, "离婚")
            assert sounds.playing  # still sounding: nothing waited for it
            sounds.stop().result(timeout=10)
            assert not sounds.playing

    asyncio.run(scenario())


def test_no_recording_in_the_dialect_shown_no_mark_and_nothing_to_play(
    make_app, app_db, long_wav
) -> None:
    attach(app_db, "hunyin-fa/2001/32/1", "bca", long_wav, "one.wav")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot)
            await until_text(pilot, MARK)
            await pilot.press("d")  # to bfs: its translation of the 款 has no recording
            await until(pilot, lambda: screen.dialect == "bfs" and marks(app) == 0, "no ▶")
            assert "p" not in app.active_bindings
            await pilot.press("p")
            await pilot.pause()
            assert screen.ctx.sounds.key is None and not screen.ctx.sounds.playing

    asyncio.run(scenario())


def test_an_article_without_recordings_shows_no_mark_and_no_play(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot)
            await until_text(pilot, "test bai one")
            assert marks(app) == 0 and "p" not in app.active_bindings
            assert not screen.has_place  # no mark to move outside editor mode
            assert not screen.query(".-current")

    asyncio.run(scenario())


def test_n_and_shift_n_move_the_mark_p_no_longer_goes_back(make_app, tmp_path) -> None:
    write_config(tmp_path, "edit = true\n")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot)
            await pilot.press("n")
            await until(pilot, lambda: screen.place == 1, "n: the next 款/项")
            await pilot.press("p")  # nothing to play here: p does not move the mark
            await pilot.pause()
            assert screen.place == 1
            await pilot.press("N")
            await until(pilot, lambda: screen.place == 0, "N: the previous 款/项")
            assert screen.query_one("#row-0").has_class("-current")
            assert app.active_bindings["N"].binding.id == "article.previous_place"
            assert "**n N** next/previous" in ARTICLE_HELP
            assert "`N`" in help_for(screen, app.focused)

    asyncio.run(scenario())


def test_a_recorded_paragraph_can_be_reached_with_n_outside_editor_mode(
    make_app, app_db, long_wav
) -> None:
    attach(app_db, "hunyin-fa/2001/32/2", "bca", long_wav, "two.wav")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot)
            await until_text(pilot, MARK + " test bai two")
            assert "p" not in app.active_bindings  # the first 款 has none
            await pilot.press("n")
            await until(pilot, lambda: "p" in app.active_bindings, "p plays the second 款")
            await pilot.press("p")
            await until(pilot, lambda: screen.ctx.sounds.playing, "playing")
            await pilot.press("p")
            await until(pilot, lambda: screen.ctx.sounds.key is None, "stopped")

    asyncio.run(scenario())


def test_p_plays_a_term_forms_flac_and_stops_it(make_app, app_db) -> None:
    attach(app_db, "term/离婚/test bai form 0", None, flac_bytes(LONG), "form.flac")
    attach(app_db, "term/离婚/test bai form 0 bfs", None, wav_bytes(0.5), "bfs.wav")
    wanted = term_id(app_db, "离婚")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await until_screen(pilot, SearchScreen)
            app.post_message(OpenTerm(wanted))
            screen = await until_screen(pilot, TermScreen)
            await until_text(pilot, "test bai form 0 bfs")
            assert marks(app) == 2
            first = screen.form_here
            assert screen.recorded[first].format == "flac"
            await pilot.press("n")
            await until(pilot, lambda: screen.form_here != first, "n: the next recorded form")
            await pilot.press("N")
            await until(pilot, lambda: screen.form_here == first, "N: back")
            await pilot.press("p")
            sounds = screen.ctx.sounds
            await until(pilot, lambda: sounds.playing, "the FLAC plays")
            await pilot.press("p")
            await until(pilot, lambda: not sounds.playing and sounds.key is None, "stopped")

    asyncio.run(scenario())


def test_a_term_without_recordings_has_no_mark_and_no_play(make_app, app_db) -> None:
    wanted = term_id(app_db, "调解")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await until_screen(pilot, SearchScreen)
            app.post_message(OpenTerm(wanted))
            await until_screen(pilot, TermScreen)
            await until_text(pilot, "test bai form 1")
            assert marks(app) == 0 and "p" not in app.active_bindings

    asyncio.run(scenario())


def test_a_short_recording_ends_by_itself_and_p_plays_again(make_app, app_db) -> None:
    attach(app_db, "hunyin-fa/2001/32/1", "bca", wav_bytes(0.2), "short.wav")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot)
            sounds = screen.ctx.sounds
            await pilot.press("p")
            await until(
                pilot,
                lambda: sounds.backend == "Null" and sounds.key is None and not sounds.playing,
                "it played and ended without a key",
            )
            await until(
                pilot,
                lambda: app.active_bindings["p"].binding.id == "article.play",
                "the footer offers Play again",
            )

    asyncio.run(scenario())
