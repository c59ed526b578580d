"""Editor mode: on an article, type or accept one 款/项's Bai and mark it reviewed — each
save one batch in the history, undone by ``glossary undo``. Bai here is plainly fake."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from glossary.store.db import open_db
from glossary.store.undo import list_batches, undo_batch
from glossary.tui.app import EDIT_REFUSED_NOTICE
from glossary.tui.article import ArticleScreen
from glossary.tui.bindings import all_binding_ids
from glossary.tui.dialogs import help_for
from glossary.tui.editor import NO_REVIEWER, BaiEditScreen
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.settings import load_settings

from .helpers import showing, until, until_screen

ARTICLE = ArticleKey("hunyin-fa", "2001", 32)
SUCCESSOR = ArticleKey("minfadian", "2020", 1079)


def write_config(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")


def own_bai(db_path: Path, ref: ArticleKey, position: int, dialect: str = "bca") -> Any:
    """(bai, status, translator, reviewed_by) of a place's own translation, or None."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT t.bai, t.status, t.translator, t.reviewed_by FROM translations t "
            "JOIN paragraphs p ON p.id = t.paragraph_id JOIN articles a ON a.id = p.article_id "
            "JOIN revisions r ON r.id = a.revision_id WHERE r.law = ? AND r.label = ? "
            "AND a.number = ? AND p.position = ? AND t.dialect = ?",
            [ref.law, ref.revision, ref.number, position, dialect],
        ).fetchone()


def last_batch(db_path: Path) -> Any:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT id, command, source FROM batches ORDER BY id DESC LIMIT 1"
        ).fetchone()


async def open_article(pilot: Any, ref: ArticleKey) -> ArticleScreen:
    pilot.app.post_message(OpenArticle(ref))
    await until(pilot, lambda: showing(pilot.app, ref), f"the article {ref}")
    return pilot.app.screen


def test_editing_a_paragraphs_bai_writes_one_batch_that_undo_restores(
    make_app, app_db: Path, tmp_path: Path
) -> None:
    write_config(tmp_path, 'edit = true\ntranslator = "Test Translator"\n')
    before = last_batch(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, ARTICLE)
            assert screen.ctx.editing and screen.place == 0
            await pilot.press("E")
            dialog = await until_screen(pilot, BaiEditScreen)
            box = dialog.query_one("#edit-bai-text")
            assert box.value == "test bai one"  # prefilled with the own Bai
            box.value = "test bai edited"
            await pilot.press("enter")
            await until(
                pilot,
                lambda: "test bai edited" in str(app.screen.data.paragraphs[0]["bai"]),
                "the article shows the saved Bai",
            )

    asyncio.run(scenario())
    assert own_bai(app_db, ARTICLE, 1)[:3] == ("test bai edited", "draft", "Test Translator")
    batch_id, command, source = last_batch(app_db)
    assert batch_id != before[0] and (command, source) == ("app edit", "app")
    db = open_db(app_db)
    try:
        listed = list_batches(db)[0]  # what `glossary history` lists
        assert (listed["batch"], listed["command"]) == (batch_id, "app edit") and listed["changes"]
        undo_batch(db, batch_id)
    finally:
        db.close()
    assert own_bai(app_db, ARTICLE, 1)[0] == "test bai one"


def test_new_bai_on_a_reviewed_place_is_a_draft_again(make_app, app_db, tmp_path) -> None:
    write_config(tmp_path, 'edit = true\nreviewer = "Test Reviewer"\n')

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, ARTICLE)
            assert "article.edit_bai" in help_for(screen, app.focused)  # F1 lists it
            await pilot.press("v")
            await until(pilot, lambda: own_bai(app_db, ARTICLE, 1)[1] == "reviewed")
            await pilot.press("E")
            dialog = await until_screen(pilot, BaiEditScreen)
            dialog.query_one("#edit-bai-text").value = "test bai corrected"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: own_bai(app_db, ARTICLE, 1)[0] == "test bai corrected")

    asyncio.run(scenario())
    assert own_bai(app_db, ARTICLE, 1)[1:] == ("draft", None, None)


def test_escape_cancels_an_edit_and_writes_nothing(make_app, app_db, tmp_path) -> None:
    write_config(tmp_path, "edit = true\n")
    before = last_batch(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await open_article(pilot, ARTICLE)
            await pilot.press("n", "E")  # the second 款: its own Bai is prefilled
            dialog = await until_screen(pilot, BaiEditScreen)
            assert dialog.query_one("#edit-bai-text").value == "test bai two"
            dialog.query_one("#edit-bai-text").value = "test bai never saved"
            await pilot.press("escape")
            await until_screen(pilot, ArticleScreen)

    asyncio.run(scenario())
    assert last_batch(app_db) == before
    assert own_bai(app_db, ARTICLE, 2)[0] == "test bai two"


def test_an_empty_bai_is_not_saved_and_the_app_says_so(make_app, app_db, tmp_path) -> None:
    write_config(tmp_path, "edit = true\n")
    before = last_batch(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await open_article(pilot, ARTICLE)
            await pilot.press("E")
            dialog = await until_screen(pilot, BaiEditScreen)
            dialog.query_one("#edit-bai-text").value = "   "
            await pilot.press("enter")
            await until(
                pilot, lambda: any("the Bai is empty" in n.message for n in app._notifications)
            )

    asyncio.run(scenario())
    assert last_batch(app_db) == before
    assert own_bai(app_db, ARTICLE, 1)[0] == "test bai one"


def test_accepting_a_suggestion_saves_its_bai_as_the_places_own_draft(
    make_app, app_db, tmp_path
) -> None:
    write_config(tmp_path, "edit = true\n")
    found: dict[str, Any] = {}

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, SUCCESSOR)
            at = next(
                i
                for i, p in enumerate(screen.data.paragraphs)
                if any(s["dialect"] == "bca" for s in p.get("suggestions") or [])
            )
            para = screen.data.paragraphs[at]
            found["position"] = para["position"]
            found["bai"] = next(s for s in para["suggestions"] if s["dialect"] == "bca")["bai"]
            screen.dialect = "bca"
            await pilot.press(*["n"] * at, "A")
            await until(pilot, lambda: own_bai(app_db, SUCCESSOR, found["position"]) is not None)

    asyncio.run(scenario())
    assert own_bai(app_db, SUCCESSOR, found["position"])[:2] == (found["bai"], "draft")
    assert last_batch(app_db)[1:] == ("app edit", "app")


def test_marking_reviewed_and_approved_uses_the_reviewer_from_the_config(
    make_app, app_db, tmp_path
) -> None:
    write_config(tmp_path, 'edit = true\nreviewer = "Test Reviewer"\n')

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await open_article(pilot, ARTICLE)
            await pilot.press("v")
            await until(pilot, lambda: own_bai(app_db, ARTICLE, 1)[1] == "reviewed")
            await pilot.press("n", "V")
            await until(pilot, lambda: own_bai(app_db, ARTICLE, 2)[1] == "approved")

    asyncio.run(scenario())
    assert own_bai(app_db, ARTICLE, 1)[1:] == ("reviewed", None, "Test Reviewer")
    assert own_bai(app_db, ARTICLE, 2)[3] == "Test Reviewer"
    assert last_batch(app_db)[1:] == ("app edit approved", "Test Reviewer")


def test_marking_without_a_reviewer_says_how_to_set_one(make_app, app_db, tmp_path) -> None:
    write_config(tmp_path, "edit = true\n")
    before = last_batch(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await open_article(pilot, ARTICLE)
            await pilot.press("v")
            await until(pilot, lambda: any(n.message == NO_REVIEWER for n in app._notifications))

    asyncio.run(scenario())
    assert last_batch(app_db) == before


def test_the_editor_keys_do_nothing_outside_editor_mode(make_app, app_db) -> None:
    before = last_batch(app_db)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, ARTICLE)
            assert not screen.ctx.editing
            for action in ("edit_bai", "accept_suggestion", "mark", "move_place"):
                assert screen.check_action(action, ()) is False
            assert "article.edit_bai" not in help_for(screen, app.focused)
            await pilot.press("E", "A", "v", "V")
            await pilot.pause()
            assert isinstance(app.screen, ArticleScreen)

    asyncio.run(scenario())
    assert last_batch(app_db) == before


def test_editor_mode_is_refused_on_a_read_only_database(make_app, app_db) -> None:
    async def scenario() -> None:
        app = make_app(read_only=True, editing=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.ctx is not None)
            assert not app.ctx.editing
            assert EDIT_REFUSED_NOTICE in app.ctx.session.notices
            screen = await open_article(pilot, ARTICLE)
            assert screen.check_action("edit_bai", ()) is False

    asyncio.run(scenario())


def test_glossary_edit_opens_the_app_in_editor_mode(monkeypatch, tmp_path) -> None:
    import glossary.tui as tui
    from glossary.cli import cli

    seen: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tui, "run_app", lambda *args: seen.append(args))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.sqlite"), "--edit"])
    assert result.exit_code == 0, result.output
    assert seen and seen[0][1:] == (False, True)


def test_edit_in_the_config_must_be_true_or_false(tmp_path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('edit = "yes"\ntranslator = 3\n', encoding="utf-8")
    settings = load_settings(config, all_binding_ids())
    assert settings.edit is False
    assert any("edit must be true or false" in p for p in settings.problems)
    assert any("translator must be text" in p for p in settings.problems)
    config.write_text('edit = true\nreviewer = "R"\n', encoding="utf-8")
    settings = load_settings(config, all_binding_ids())
    assert (settings.edit, settings.reviewer, settings.problems) == (True, "R", [])


def test_f1_lists_the_editor_binding_ids() -> None:
    ids = all_binding_ids()
    for name in ("edit_bai", "accept_suggestion", "mark_reviewed", "mark_approved"):
        assert f"article.{name}" in ids
