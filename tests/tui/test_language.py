"""The app in Chinese or English: chosen by the app's argument, the config's ``language``,
then the locale; every part the user reads follows (footer, F1, the palette, empty states),
and Textual's own palette commands that mean nothing here are hidden."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.widgets import Footer

from glossary import i18n
from glossary.lawtext.status import status_label, status_lines
from glossary.store.review_status import status_mark
from glossary.tui.dialogs import HelpScreen
from glossary.tui.screens import SearchScreen
from glossary.tui.settings import load_settings
from glossary.tui.term import script_label
from glossary.tui.testing import screen_text, wait_for_results

from .helpers import flat, until, until_screen, until_text

# What each language says on the search screen, in F1 and in the palette.
WORDS = {
    "zh": {
        "footer": ("清除", "浏览", "历史", "帮助"),
        "start": "输入汉字",
        "empty": "没有找到",
        "help": ("搜索框", "此处可用的按键", "任何地方"),
        "palette": ("浏览法律", "历史和书签", "切换浅色/深色主题", "退出"),
        "placeholder": "搜索命令",
        "title": "白汉法律词汇",
    },
    "en": {
        "footer": ("Clear", "Browse", "History", "Help"),
        "start": "Type Han",
        "empty": "Nothing found",
        "help": ("Search box", "Keys here", "Everywhere"),
        "palette": ("Browse laws", "History and bookmarks", "Toggle light / dark theme", "Quit"),
        "placeholder": "Search for commands",
        "title": "Bai–Chinese legal glossary",
    },
}
# Textual's commands the app hides, in English (Textual has no translation of them).
HIDDEN = ("Screenshot", "Maximize", "Show help for the focused widget", "Change the current theme")


def write_config(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")


def footer_text(app: Any) -> str:
    return flat(" ".join(str(key.render()) for key in app.screen.query_one(Footer).children))


async def start(pilot: Any) -> None:
    await until_screen(pilot, SearchScreen)
    await until(pilot, lambda: pilot.app.screen.query_one(Footer).children, "the footer")


async def search_screen_says(pilot: Any, words: dict[str, Any]) -> None:
    app = pilot.app
    await start(pilot)
    await until_text(pilot, words["start"])
    await until(pilot, lambda: all(w in footer_text(app) for w in words["footer"]), "footer")
    assert app.title == words["title"]
    for ch in "qqqzzz":
        await pilot.press(ch)
    await wait_for_results(app, "qqqzzz")
    await until_text(pilot, words["empty"])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_search_screen_footer_and_empty_state_follow_the_language(
    make_app, language: str
) -> None:
    async def scenario() -> None:
        app = make_app(language=language)
        async with app.run_test(size=(100, 30)) as pilot:
            await search_screen_says(pilot, WORDS[language])

    asyncio.run(scenario())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_f1_help_follows_the_language(make_app, language: str) -> None:
    async def scenario() -> None:
        app = make_app(language=language)
        async with app.run_test(size=(100, 40)) as pilot:
            await start(pilot)
            await pilot.press("f1")
            screen = await until_screen(pilot, HelpScreen)
            assert all(word in screen.help_text for word in WORDS[language]["help"])
            other = WORDS["en" if language == "zh" else "zh"]["help"]
            assert not any(word in screen.help_text for word in other)
            # the keys' descriptions too: Esc clears the search box
            assert ("清除" if language == "zh" else "Clear") in screen.help_text

    asyncio.run(scenario())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_palette_offers_its_commands_in_the_language_and_hides_textuals(
    make_app, language: str
) -> None:
    async def scenario() -> None:
        app = make_app(language=language)
        async with app.run_test(size=(100, 40)) as pilot:
            await start(pilot)
            await pilot.press("ctrl+p")
            await until_screen(pilot, CommandPalette)
            words = WORDS[language]
            text = await until_text(pilot, *words["palette"])
            assert words["placeholder"] in text
            assert not any(hidden in text for hidden in HIDDEN)
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert titles == [words["palette"][-1]]  # Quit, and nothing else of Textual's

    asyncio.run(scenario())


def test_a_chinese_query_in_the_palette_finds_a_chinese_command(make_app) -> None:
    async def scenario() -> None:
        app = make_app(language="zh")
        async with app.run_test(size=(100, 30)) as pilot:
            await start(pilot)
            await pilot.press("ctrl+p")
            await until_screen(pilot, CommandPalette)
            await pilot.press(*"浏览")
            await until_text(pilot, "按树形浏览法律")  # the command's help line

    asyncio.run(scenario())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_palette_says_no_match_in_the_language(make_app, language: str) -> None:
    said = {"zh": "没有匹配的命令", "en": "No matching command"}[language]

    async def scenario() -> None:
        app = make_app(language=language)
        async with app.run_test(size=(100, 30)) as pilot:
            await start(pilot)
            await pilot.press("ctrl+p")
            await until_screen(pilot, CommandPalette)
            await pilot.press(*"qqqq")
            await until_text(pilot, said)
            assert "No matches found" not in screen_text(app)

    asyncio.run(scenario())


def test_the_config_chooses_chinese_whatever_the_locale(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "C")
    write_config(tmp_path, 'language = "zh"\n')

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await search_screen_says(pilot, WORDS["zh"])

    asyncio.run(scenario())


def test_a_chinese_locale_gives_chinese_without_a_setting(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await search_screen_says(pilot, WORDS["zh"])

    asyncio.run(scenario())


def test_the_apps_argument_wins_over_the_config(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    write_config(tmp_path, 'language = "zh"\n')

    async def scenario() -> None:
        app = make_app(language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await search_screen_says(pilot, WORDS["en"])

    asyncio.run(scenario())


def test_a_bad_config_is_said_in_the_language_it_chose(make_app, tmp_path: Path) -> None:
    write_config(tmp_path, 'language = "zh"\ntheme = "purple"\n')

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 30)) as pilot:
            await start(pilot)
            notice = flat(str(app.screen.query_one("#notice").render()))
            assert flat("未知的主题 'purple'") in notice and "config.toml" in notice

    asyncio.run(scenario())


# --- the setting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language"), [('"zh"', "zh"), ('"zh_CN"', "zh"), ('"中文"', "zh"), ('"en"', "en")]
)
def test_the_language_setting(tmp_path: Path, value: str, language: str) -> None:
    write_config(tmp_path, f"language = {value}\n")
    settings = load_settings(tmp_path / "config" / "config.toml")
    assert settings.language == language and not settings.problems


@pytest.mark.parametrize("value", ['"klingon"', "1", "true"])
def test_an_unknown_language_is_said_and_the_locale_decides(tmp_path: Path, value: str) -> None:
    write_config(tmp_path, f"language = {value}\n")
    settings = load_settings(tmp_path / "config" / "config.toml")
    assert settings.language is None
    assert len(settings.problems) == 1
    problem = settings.problems[0]
    assert "language" in problem and "config.toml" in problem and '"zh"' in problem


# --- the wording of the core, in both languages ------------------------------------------


def test_status_and_review_words_are_english_or_chinese() -> None:
    assert (status_label("in_force"), status_label("repealed")) == ("in force", "repealed")
    assert status_mark("draft", short=True) == "draft" and status_mark("approved") == ""
    with i18n.language("zh"):
        assert (status_label("in_force"), status_label("repealed")) == ("现行有效", "已废止")
        assert status_mark("draft", short=True) == "草稿"
        assert status_mark("reviewed") == "已审核" and status_mark("approved") == ""


def test_status_lines_say_the_repeal_in_either_language() -> None:
    view = {
        "status": "repealed",
        "repealed_on": "2021-01-01",
        "superseded_by": [{"law": "minfadian", "revision": "2020", "article": 1079}],
    }
    assert status_lines(view, {"minfadian": "民法典"}) == [
        "REPEALED on 2021-01-01 — this law is no longer in force.",
        "→ now 民法典 (2020) 第一千零七十九条",
    ]
    with i18n.language("zh"):
        lines = status_lines(view, {"minfadian": "民法典"})
    assert lines == ["已于 2021-01-01 废止 — 本法已失效。", "→ 现为 民法典 (2020) 第一千零七十九条"]


# --- double-width characters ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_padded_script_labels_take_the_same_cells_in_either_language(language: str) -> None:
    """The term view's script column: 国际音标 (8 cells) and 拉丁字母 pad like IPA and Latin,
    by terminal cells, so the Bai forms after them start in one column."""
    with i18n.language(language):
        labels = [script_label("ipa"), script_label("latin")]
    assert cell_len(labels[0]) == cell_len(labels[1])
    assert len({label.rstrip() for label in labels}) == 2  # nothing cut off
    if language == "zh":
        assert labels[0].rstrip() == "国际音标" and len(labels[1]) > cell_len(labels[1]) // 2


def test_the_term_view_lines_up_its_forms_in_chinese(make_app) -> None:
    """On screen: every form of a term starts in the same terminal column in Chinese."""
    from glossary.tui.term import TermScreen

    async def scenario() -> None:
        app = make_app(language="zh")
        async with app.run_test(size=(100, 40)) as pilot:
            await start(pilot)
            for ch in "离婚":
                await pilot.press(ch)
            await wait_for_results(app, "离婚")
            await pilot.press("enter")
            await until_screen(pilot, TermScreen)
            await until_text(pilot, "test bai form 0")
            rows = [line for line in screen_text(app).splitlines() if "test bai form" in line]
            columns = {cell_len(row[: row.index("test bai form")]) for row in rows}
            assert len(rows) >= 2 and len(columns) == 1, rows

    asyncio.run(scenario())
