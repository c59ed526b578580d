"""The app driven as a mediator would, with Pilot: type, open, switch dialect, follow a
successor, bookmark, restart. Assertions are on what is on the screen and on the domain
messages the app receives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette

from glossary.lawtext.status import PLAIN_COMPUTED_NOTE
from glossary.tui.app import GlossaryApp
from glossary.tui.article import ArticleScreen
from glossary.tui.article_parts import han_cell
from glossary.tui.dialogs import ExportScreen, HelpScreen, ProblemScreen
from glossary.tui.messages import (
    ArticleKey,
    ArticleOpened,
    BookmarkToggled,
    OpenArticle,
    ResultsShown,
)
from glossary.tui.screens import SearchScreen
from glossary.tui.search_parts import BrowseTree, ResultsList
from glossary.tui.term import TermScreen
from glossary.tui.testing import screen_text, wait_for_results

from .helpers import TIMEOUT, flat, showing, shows, until, until_screen, until_text


class Recorder:
    """Collects the domain messages an app receives (wraps its post_message)."""

    def __init__(self, app: GlossaryApp) -> None:
        self.messages: list[Any] = []
        original = app.post_message

        def post(message: Any) -> bool:
            self.messages.append(message)
            return original(message)

        app.post_message = post  # type: ignore[method-assign]

    def of(self, kind: type) -> list[Any]:
        return [m for m in self.messages if isinstance(m, kind)]


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_query(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await wait_for_results(pilot.app, pilot.app.screen.query_one("#query").value)


def opening_words(paragraph: int) -> str:
    """The first characters of 婚姻法 (2001) art. 32's 款, read from the corpus at test time
    (the repository keeps no text of it)."""
    from conftest import corpus_dir
    from glossary.lawtext.parse import parse_law
    from glossary.lawtext.read import read_law_file

    parsed = parse_law(read_law_file(corpus_dir() / "laws" / "hunyin-fa-2001.md"))
    article = next(a for a in parsed.articles if a.number == 32)
    return article.paragraphs[paragraph - 1].han[:8]


def run(coro: Any) -> Any:
    import asyncio

    return asyncio.run(coro)


# --- search as you type ------------------------------------------------------------------


def test_typing_shows_grouped_results_with_law_revision_and_article(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            recorder = Recorder(app)
            await type_query(pilot, "离婚")
            text = flat(await until_text(pilot, "Terms · ", "Articles · "))
            assert text.index(flat("Terms · ")) < text.index(flat("Articles · "))
            assert shows(app, "婚姻法 (2001) 第三十二条") or shows(app, "民法典 (2020)")
            shown = recorder.of(ResultsShown)
            assert shown[-1].query == "离婚" and shown[-1].count > 3
            # the snippet carries the match highlighted (from the hit's spans)
            results = app.screen.query_one(ResultsList)
            prompt = results.get_option_at_index(results.highlighted or 1).prompt
            styles = [str(span.style) for span in prompt.spans]
            assert any("reverse" in s for s in styles)

    run(scenario())


def test_each_keystroke_searches_and_stale_results_are_dropped(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*"lihun")
            await wait_for_results(app, "lihun")
            await settle(pilot)
            # Only the last text's results are on screen, whatever order the threads ended in.
            assert app.last_results is not None and app.last_results.query == "lihun"
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            assert screen.shown is not None and screen.shown[0] == "lihun"
            await until_text(pilot, "离婚")
            # A result that arrives for an old text is ignored.
            from glossary.tui.messages import SearchFinished

            old = app.ctx.service.begin() - 1
            stale = SearchFinished(old, "li", screen.shown[1])
            screen.on_search_finished(stale)
            assert screen.shown[0] == "lihun"

    run(scenario())


def test_search_runs_in_a_worker_thread_and_typing_never_waits_for_it(
    make_app, monkeypatch
) -> None:
    """The first search is held in its thread until the test lets it go: both keys must be
    in the box while it is still held, so typing cannot have waited for it."""
    import threading

    from glossary.search import engine as service_module

    threads: list[str] = []
    entered = threading.Event()  # a search is running in its thread
    release = threading.Event()  # the test lets the held search go on
    real = service_module.search

    def held_search(*args: Any, **kw: Any) -> Any:
        threads.append(threading.current_thread().name)
        entered.set()
        assert release.wait(TIMEOUT), "the test never released the search"
        return real(*args, **kw)

    monkeypatch.setattr(service_module, "search", held_search)

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            main = threading.current_thread().name
            await pilot.press("离")
            await until(pilot, entered.is_set, "the search for 离 running")
            await pilot.press("婚")
            box = app.screen.query_one("#query")
            await until(pilot, lambda: box.value == "离婚", "both keys in the box")
            assert not release.is_set() and app.last_results.query == ""  # still held
            release.set()
            await wait_for_results(app, "离婚")
            assert threads and all(name != main for name in threads)

    try:
        run(scenario())
    finally:
        release.set()  # never leave a thread waiting


def test_arrows_and_j_k_move_and_enter_opens(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await type_query(pilot, "离婚")
            results = app.screen.query_one(ResultsList)
            await pilot.press("down")  # from the box into the list
            assert results.has_focus and results.highlighted == 1
            await pilot.press("j", "j")
            assert results.highlighted == 4  # skips the "Articles" heading
            await pilot.press("k")
            assert results.highlighted == 2
            await pilot.press("up", "up")  # up from the first goes back to typing
            assert app.screen.query_one("#query").has_focus
            await pilot.press("down", "j", "j", "enter")
            await until_screen(pilot, ArticleScreen)

    run(scenario())


def test_enter_in_the_box_opens_the_first_result_a_term(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await type_query(pilot, "离婚")
            await pilot.press("enter")
            await until_screen(pilot, TermScreen)
            await until_text(pilot, "离婚", "lí hūn")
            await until_text(pilot, "Latin", "test variety")  # forms by dialect/variety/script
            await until_text(pilot, "test source", "test attribution")
            await until_text(pilot, "婚姻法 (2001) 第三十二条")  # linked article
            await pilot.press("enter")  # open the linked article
            await until_screen(pilot, ArticleScreen)
            assert app.screen.ref == ArticleKey("hunyin-fa", "2001", 32)

    run(scenario())


def test_no_results_teaches_what_to_try(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await type_query(pilot, "鬣狗")
            await until_text(pilot, "Nothing found", "pinyin", "fewer characters")

    run(scenario())


def test_law_filter_limits_results_and_no_results_suggests_clearing_it(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            screen.query_one("#law-filter").value = "hunyin-fa"
            await until(pilot, lambda: screen.filters["law"] == "hunyin-fa")
            await type_query(pilot, "离婚")
            hits = screen.shown[1].hits
            assert {h.law for h in hits if h.kind == "article"} == {"hunyin-fa"}
            await pilot.press(*["backspace"] * 2)
            await type_query(pilot, "鬣狗")
            await until_text(pilot, "clear the law filter")

    run(scenario())


def test_revision_filter_searches_an_older_revision(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            screen.query_one("#law-filter").value = "minshi-susong-fa"
            await until(pilot, lambda: screen.filters["law"] == "minshi-susong-fa")
            screen.query_one("#revision-filter").value = "2021"
            await until(pilot, lambda: screen.filters["revision"] == "2021")
            await type_query(pilot, "调解")
            revisions = {(h.law, h.revision) for h in screen.shown[1].hits if h.kind == "article"}
            assert revisions == {("minshi-susong-fa", "2021")}
            screen.query_one("#revision-filter").value = "*all*"

            def both() -> bool:
                hits = screen.shown[1].hits if screen.shown and screen.shown[1] else []
                return {h.revision for h in hits if h.kind == "article"} == {"2021", "2023"}

            await until(pilot, both, "hits of both revisions")

    run(scenario())


def test_dialect_filter_chooses_the_bai_shown_first(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            app.screen.query_one("#dialect-filter").value = "bfs"
            await until(pilot, lambda: app.ctx.session.preferred_dialect == "bfs")
            screen = await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            assert screen.dialect == "bfs"
            await until_text(pilot, "test bai one in bfs")

    run(scenario())


def test_run_app_starts_the_app_on_the_given_file(monkeypatch, tmp_path: Path) -> None:
    from glossary.tui import run_app

    seen: list[tuple[Path, bool]] = []
    monkeypatch.setattr(
        GlossaryApp, "run", lambda self: seen.append((self.db_path, self.read_only_requested))
    )
    run_app(tmp_path / "x.sqlite", True)
    assert seen == [(tmp_path / "x.sqlite", True)]


# --- the article view --------------------------------------------------------------------


async def open_article(pilot: Any, ref: ArticleKey) -> ArticleScreen:
    pilot.app.post_message(OpenArticle(ref))
    await until(pilot, lambda: showing(pilot.app, ref), f"the article {ref}")
    return pilot.app.screen


def test_article_shows_han_and_bai_side_by_side_and_missing_bai_as_missing(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            recorder = Recorder(app)
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await until_text(pilot, "婚姻法 (2001) 第三十二条", "第四章 离婚", "repealed")
            await until_text(pilot, opening_words(1), "test bai one", "（一）重婚")
            lines = screen_text(app).splitlines()
            # paragraph 1 and its Bai start on the same row
            row = next(line for line in lines if opening_words(1) in line)
            assert "test bai one" in row
            row = next(line for line in lines if opening_words(2) in line)
            assert "test bai two" in row
            # items are rows of their own, their missing Bai said so
            row = next(line for line in lines if "（一）重婚" in line)
            assert "no Bai translation yet" in row
            assert recorder.of(ArticleOpened)[-1].ref == ArticleKey("hunyin-fa", "2001", 32)

    run(scenario())


def test_dialect_picker_switches_the_bai_column(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            assert screen.dialects == ["bca", "bfs"]
            assert screen.query_one("#dialect-bar").display
            await until_text(pilot, "test bai one")
            await pilot.press("d")
            text = await until_text(pilot, "test bai one in bfs", "bfs · Southern Bai")
            # bfs has no paragraph 2: it says so, and where it exists
            row = next(line for line in text.splitlines() if opening_words(2) in line)
            assert "no Bai translation yet" in row and "test bai two" not in row

    run(scenario())


def test_no_dialect_picker_with_a_single_dialect(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, ArticleKey("minfadian", "2020", 1079))
            assert screen.dialects == ["bca"]
            assert not screen.query_one("#dialect-bar").display

    run(scenario())


def test_repealed_banner_and_successor_key(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            recorder = Recorder(app)
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await until_text(pilot, "REPEALED on 2021-01-01", "民法典 (2020) 第一千零七十九条")
            await until_text(pilot, "matched by computer, not yet checked by a person")
            assert "0.82" not in screen_text(app) and "machine-computed" not in screen_text(app)
            await pilot.press("s")
            successor = ArticleKey("minfadian", "2020", 1079)
            await until(pilot, lambda: showing(app, successor), "the successor on top")
            assert recorder.of(OpenArticle)[-1].ref == successor
            await until_text(pilot, "民法典 (2020) 第一千零七十九条", "in force")
            await until_text(pilot, "test bai successor")
            await pilot.press("escape")
            await until(pilot, lambda: showing(app, ArticleKey("hunyin-fa", "2001", 32)))

    run(scenario())


def test_older_revision_shows_what_changed_and_goes_to_the_other_one(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, ArticleKey("minshi-susong-fa", "2021", 40))
            assert [e["revision"] for e in screen.other_revisions] == ["2023"]
            await until_text(pilot, "older revision")
            clauses = screen.query_one("#clauses")
            clauses.scroll_end(animate=False)
            await until_text(pilot, "Other revisions", "What changed 2021 → 2023")
            revisions = screen.query_one("#revisions").render()
            styles = (
                {str(s.style) for s in revisions.spans} if hasattr(revisions, "spans") else set()
            )
            assert any("strike" in s for s in styles) or any("green" in s for s in styles)
            await pilot.press("r")  # the list of revisions, the newer one highlighted
            await until_text(pilot, "Revisions of this article", "modified from 2021 第四十条")
            await pilot.press("enter")
            await until(pilot, lambda: showing(app, ArticleKey("minshi-susong-fa", "2023", 40)))

    run(scenario())


def test_glossary_terms_in_the_han_text_are_marked_with_bai_forms_beside(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            hans = [t.han for t in screen.terms]
            assert "离婚" in hans and "调解" in hans and "离婚诉讼" in hans
            forms = [f["form"] for t in screen.terms if t.han == "离婚" for f in t.forms]
            assert forms
            await until_text(pilot, "Terms here", forms[0])
            cell = han_cell(screen.terms, screen.view["paragraphs"][0], 0)
            marked = {
                cell.plain[s.start : s.end] for s in cell.spans if "underline" in str(s.style)
            }
            assert {"离婚", "调解"} <= marked  # the Han cell marks the terms

    run(scenario())


def test_terms_go_under_each_row_on_a_narrow_screen(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            assert not screen.query_one("#terms-side").display
            forms = [f["form"] for t in screen.terms if t.han == "调解" for f in t.forms]
            await until_text(pilot, f"调解 → {forms[0]}")
            await pilot.press("t")
            await until(pilot, lambda: screen.query_one("#terms-side").display, "the terms panel")

    run(scenario())


# --- bookmarks, history, copy, export ------------------------------------------------------


def test_bookmark_survives_a_restart(make_app) -> None:
    async def first() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            recorder = Recorder(app)
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await pilot.press("b")
            await until(pilot, lambda: recorder.of(BookmarkToggled), "a bookmark")
            assert recorder.of(BookmarkToggled)[-1].added
            await until_text(pilot, "★", "Bookmarked: 婚姻法 (2001) 第三十二条")

    async def second() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await until_text(pilot, "Bookmarks", "婚姻法 (2001) 第三十二条")
            await pilot.press("down", "enter")
            await until(pilot, lambda: showing(app, ArticleKey("hunyin-fa", "2001", 32)))

    run(first())
    run(second())


def test_the_bookmark_message_names_an_inserted_article_with_its_zhi(make_app) -> None:
    """第三十二条之一 is not 第三十二条: the message says which one was bookmarked."""

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await until_screen(pilot, SearchScreen)
            app.post_message(BookmarkToggled(ArticleKey("hunyin-fa", "2001", 32, 1), True))
            await until_text(pilot, "Bookmarked: 婚姻法 (2001) 第三十二条之一")

    run(scenario())


def test_history_of_searches_and_articles_is_kept(make_app, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await type_query(pilot, "调解")
            await pilot.press("enter")
            await until_screen(pilot, TermScreen)
            await pilot.press("escape")
            await until_screen(pilot, SearchScreen)
            await pilot.press("f3")
            await until_text(pilot, "Recent searches", "调解")
            await pilot.press("escape")  # back to the box
            await type_query(pilot, "婚姻法32")
            await pilot.press("enter")
            await until(pilot, lambda: showing(app, ArticleKey("hunyin-fa", "2001", 32)))
            await pilot.press("escape")
            await until_screen(pilot, SearchScreen)
            await pilot.press("f3")
            await until_text(pilot, "Recently opened", "婚姻法 (2001) 第三十二条")

    run(scenario())
    state = json.loads((tmp_path / "data" / "app-state.json").read_text(encoding="utf-8"))
    assert state["searches"][:2] == ["婚姻法32", "调解"]
    assert state["opened"][0]["law"] == "hunyin-fa" and state["opened"][0]["article"] == 32


def test_state_goes_to_the_per_user_data_dir_not_home(app_db: Path, tmp_path: Path) -> None:
    from glossary.tui.settings import config_path, state_path

    assert str(state_path()).startswith(str(tmp_path))
    assert str(config_path()).startswith(str(tmp_path))


def test_copy_puts_han_and_bai_on_the_clipboard(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await pilot.press("c")
            await until(pilot, lambda: app.clipboard, "a copy on the clipboard")
            copied = app.clipboard
            assert opening_words(1) in copied and "test bai one" in copied
            assert "REPEALED" in copied.upper() or "Repealed" in copied
            assert "no Bai translation yet" in copied

    run(scenario())


def test_export_writes_html_and_markdown_handouts(make_app, tmp_path: Path) -> None:
    out = tmp_path / "handouts"

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await pilot.press("e")
            await until_screen(pilot, ExportScreen)
            box = app.screen.query_one("#export-folder")
            box.value = str(out)
            await pilot.press("enter")
            await until(pilot, lambda: (out / "hunyin-fa-2001-32.md").exists(), "the handout")

    run(scenario())
    html = (out / "hunyin-fa-2001-32.html").read_text(encoding="utf-8")
    md = (out / "hunyin-fa-2001-32.md").read_text(encoding="utf-8")
    for text in (html, md):  # the core's handout (io.handout), in the app's language
        assert opening_words(1) in text and "test bai one" in text
        assert "test bai one in bfs" in text  # every dialect with text, not only the one shown
        assert "January 1, 2021" in text and PLAIN_COMPUTED_NOTE in text
        assert "No Bai translation yet" in text and "Draft, not yet checked" in text
    assert html.startswith("<!DOCTYPE html>")


# --- browse --------------------------------------------------------------------------------


def test_browse_tree_laws_revisions_divisions_articles(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f2")
            tree = app.screen.query_one(BrowseTree)
            await until(pilot, lambda: tree.has_focus, "the tree focused")
            labels = [str(n.label) for n in tree.root.children]
            assert any("婚姻法" in lb for lb in labels) and any("民事诉讼法" in lb for lb in labels)
            law = next(n for n in tree.root.children if "婚姻法" in str(n.label))
            law.expand()
            revision = law.children[0]
            revision.expand()
            await until(pilot, lambda: revision.children, "the revision's chapters")
            chapters = [str(c.label) for c in revision.children]
            assert any("第四章 离婚" in c for c in chapters)
            chapter = next(c for c in revision.children if "第四章" in str(c.label))
            chapter.expand()
            await until(pilot, lambda: chapter.children, "the chapter's articles")
            article = next(c for c in chapter.children if "第三十二条" in str(c.label))
            tree.select_node(article)
            await until(pilot, lambda: showing(app, ArticleKey("hunyin-fa", "2001", 32)))

    run(scenario())


# --- help, keys, palette, themes -----------------------------------------------------------


def test_f1_help_is_about_the_focused_area(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f1")
            await until_screen(pilot, HelpScreen)
            assert "## Search box" in app.screen.help_text
            await pilot.press("escape")
            await until_screen(pilot, SearchScreen)
            await type_query(pilot, "离婚")
            await pilot.press("down", "f1")
            await until_screen(pilot, HelpScreen)
            assert "## Results" in app.screen.help_text
            assert "results.down" in app.screen.help_text  # keys listed with their ids
            await pilot.press("escape")
            await until_screen(pilot, SearchScreen)
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await pilot.press("f1")
            await until_screen(pilot, HelpScreen)
            assert "## Article" in app.screen.help_text
            assert "article.bookmark" in app.screen.help_text

    run(scenario())


def test_every_binding_has_an_id() -> None:
    from glossary.tui.bindings import own_bindings

    missing = [(cls, b.key) for cls, b in own_bindings() if not b.id]
    assert not missing
    ids = [b.id for _, b in own_bindings()]
    assert len(ids) == len(set(ids))


def test_user_keymap_changes_a_key(make_app, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap]\n"article.bookmark" = "m"\n', encoding="utf-8")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            recorder = Recorder(app)
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await pilot.press("b", "c")  # the copy comes after whatever b did
            await until(pilot, lambda: app.clipboard, "the copy")
            assert not recorder.of(BookmarkToggled)
            await pilot.press("m")
            await until(pilot, lambda: recorder.of(BookmarkToggled), "a bookmark by m")

    run(scenario())


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[keymap\n", "not valid TOML"),
        ('[keymap]\n"no.such.binding" = "x"\n', "not a binding id"),
        ('theme = "purple"\n', "theme 'purple' is unknown"),
    ],
)
def test_bad_config_is_explained_and_the_app_still_starts(
    make_app, tmp_path: Path, content: str, said: str
) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(content, encoding="utf-8")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 30)) as pilot:
            await until_screen(pilot, SearchScreen)
            notice = str(app.screen.query_one("#notice").render())
            assert said in notice and "config.toml" in notice
            await type_query(pilot, "离婚")  # and it works
            assert app.last_results.count > 0

    run(scenario())


def test_command_palette_offers_the_apps_commands(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            recorder = Recorder(app)
            await open_article(pilot, ArticleKey("hunyin-fa", "2001", 32))
            await pilot.press("ctrl+p")
            await until_screen(pilot, CommandPalette)
            await pilot.press(*"bookmark this")
            await until_text(pilot, "Add or remove a bookmark")  # the command's help line
            await pilot.press("enter")
            await until(pilot, lambda: recorder.of(BookmarkToggled), "a bookmark")

    run(scenario())


def test_light_and_dark_themes(make_app) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await until_screen(pilot, SearchScreen)
            before = app.theme
            await pilot.press("ctrl+t")
            await until(pilot, lambda: app.theme != before, "another theme")
            assert {before, app.theme} == {"textual-dark", "textual-light"}

    run(scenario())


# --- empty states --------------------------------------------------------------------------


def test_no_database_says_how_to_build_one(make_app, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = make_app(db=tmp_path / "nothing.sqlite")
        async with app.run_test(size=(100, 30)) as pilot:
            await until_screen(pilot, ProblemScreen)
            await until_text(pilot, "No glossary database yet")
            await until_text(pilot, "glossary init", "glossary import-law")

    run(scenario())


def test_a_file_that_is_not_a_database_is_explained(make_app, tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("hello", encoding="utf-8")

    async def scenario() -> None:
        app = make_app(db=bad)
        async with app.run_test(size=(100, 30)) as pilot:
            await until_screen(pilot, ProblemScreen)
            await until_text(pilot, "not a SQLite database")

    run(scenario())


def test_no_laws_imported_says_how_to_import(make_app, tmp_path: Path) -> None:
    from glossary.store.db import open_db

    empty = tmp_path / "empty.sqlite"
    open_db(empty, create=True).close()

    async def scenario() -> None:
        app = make_app(db=empty)
        async with app.run_test(size=(100, 30)) as pilot:
            await until_text(pilot, "No law texts in this database yet", "glossary import-law")

    run(scenario())


def test_read_only_is_said(make_app, app_db: Path, monkeypatch) -> None:
    async def scenario(read_only: bool) -> str:
        app = make_app(read_only=read_only)
        async with app.run_test(size=(100, 30)) as pilot:
            return flat(await until_text(pilot, "F1 helps"))  # the start: notices are up

    assert "Read-only" in run(scenario(True))
    assert "Read-only" not in run(scenario(False))
    import os

    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: False if Path(p) == app_db and mode == os.W_OK else real_access(p, mode),
    )
    assert "Read-only" in run(scenario(False))
