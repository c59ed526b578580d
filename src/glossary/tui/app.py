"""The app: holds the database, the user's settings and history, and turns domain events
(open an article, a term, a bookmark) into screens. Everything that is not UI lives in the
core (``glossary.search``, ``glossary.store``); screens only show what it returns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding

from glossary.store.browse import dialects_in_use, laws_with_revisions
from glossary.store.reader import Reader
from glossary.tui.commands import GlossaryCommands
from glossary.tui.messages import (
    ArticleOpened,
    ArticleRef,
    BookmarkToggled,
    HandoutExported,
    OpenArticle,
    OpenTerm,
    ResultsShown,
)
from glossary.tui.service import Opened, SearchService, open_database
from glossary.tui.settings import THEMES, Settings, State, load_settings


class GlossaryApp(App[None]):
    """白汉法律词汇: find a clause in seconds, read Han and Bai side by side."""

    CSS_PATH = "app.tcss"
    TITLE = "白汉法律词汇 · Bai–Chinese legal glossary"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    COMMANDS = App.COMMANDS | {GlossaryCommands}
    BINDINGS = [  # noqa: RUF012
        Binding("f1", "help", "Help", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False),
        Binding("f2", "browse", "Browse", show=False, id="app.browse"),
        Binding("f3", "history", "History", show=False, id="app.history"),
    ]

    def __init__(
        self,
        db_path: Path,
        read_only: bool = False,
        *,
        cursor_blink: bool = True,
        settings_path: Path | None = None,
        state_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.read_only_requested = read_only
        self.cursor_blink = cursor_blink
        self.settings_path = settings_path
        self.state: State = State.load(state_path)
        self.settings: Settings = Settings()
        self.opened: Opened = Opened(path=self.db_path)
        self.service: SearchService | None = None
        self.law_names: dict[str, str] = {}
        self.laws: list[dict[str, Any]] = []
        self.dialects: list[str] = []
        self.preferred_dialect: str | None = None
        self.last_results: ResultsShown | None = None  # what the results list shows now
        self.notices: list[str] = []  # shown on the search screen until dismissed

    # --- start and stop --------------------------------------------------------------------

    @property
    def reader(self) -> Reader:
        assert self.opened.reader is not None, "no database open"
        return self.opened.reader

    @property
    def has_database(self) -> bool:
        return self.opened.reader is not None

    def binding_ids(self) -> set[str]:
        from glossary.tui.screens import all_binding_ids

        return all_binding_ids()

    def on_mount(self) -> None:
        from glossary.tui.screens import ProblemScreen, SearchScreen

        self.settings = load_settings(self.settings_path, self.binding_ids())
        self.notices.extend(self.settings.problems)
        if self.state.problem:
            self.notices.append(self.state.problem)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        theme = self.state.theme or self.settings.theme
        if theme in THEMES.values():
            self.theme = theme
        self.preferred_dialect = self.settings.dialect
        self.opened = open_database(self.db_path, self.read_only_requested)
        if not self.has_database:
            self.push_screen(ProblemScreen(self.opened))
            return
        assert self.opened.search_reader is not None
        self.service = SearchService(self.opened.search_reader)
        self.laws = laws_with_revisions(self.reader)
        self.law_names = {
            r[0]: r[1] for r in self.reader.execute("SELECT slug, short_name FROM laws")
        }
        self.dialects = dialects_in_use(self.reader)
        if self.opened.read_only:
            self.notices.insert(
                0,
                "只读 Read-only: this database is opened read-only (--read-only, or the file "
                "cannot be written). Searching and reading work; imports need a writable copy.",
            )
        if self.opened.upgraded:
            self.notices.append("The database used an older layout and was upgraded in place.")
        for problem in self.settings.problems:
            self.notify(problem, title="Settings", severity="error", timeout=10)
        self.push_screen(SearchScreen())

    def on_unmount(self) -> None:
        self.state.save()
        for reader in (self.opened.reader, self.opened.search_reader):
            if reader is not None:
                reader.close()

    # --- domain events ---------------------------------------------------------------------

    def on_open_article(self, message: OpenArticle) -> None:
        from glossary.tui.article import ArticleScreen

        self.push_screen(ArticleScreen(message.ref))

    def on_open_term(self, message: OpenTerm) -> None:
        from glossary.tui.term import TermScreen

        self.push_screen(TermScreen(message.term_id))

    def on_article_opened(self, message: ArticleOpened) -> None:
        self.state.add_opened(message.ref.to_json() | {"label": message.label})
        self.state.save()

    def on_bookmark_toggled(self, message: BookmarkToggled) -> None:
        self.state.save()
        what = "Bookmarked" if message.added else "Bookmark removed"
        self.notify(f"{what}: {self.describe(message.ref)}", timeout=3)

    def on_handout_exported(self, message: HandoutExported) -> None:
        self.notify("Handout written:\n" + "\n".join(message.paths), timeout=8)

    def on_results_shown(self, message: ResultsShown) -> None:
        self.last_results = message

    def describe(self, ref: ArticleRef) -> str:
        from glossary.lawtext.numerals import int_to_cn

        name = self.law_names.get(ref.law, ref.law)
        return f"{name} ({ref.revision}) 第{int_to_cn(ref.article)}条"

    def remember_search(self, text: str) -> None:
        self.state.add_search(text)
        self.state.save()

    # --- actions (named, so a keymap or the palette can call them) -------------------------

    def _search_screen(self):
        from glossary.tui.screens import SearchScreen

        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                return screen
        return None

    def _back_to_search(self):
        screen = self._search_screen()
        if screen is None:
            return None
        while self.screen is not screen and len(self.screen_stack) > 1:
            self.pop_screen()
        return screen

    def action_focus_search(self) -> None:
        screen = self._back_to_search()
        if screen is not None:
            screen.focus_search()

    def action_browse(self) -> None:
        screen = self._back_to_search()
        if screen is not None:
            screen.toggle_browse()

    def action_history(self) -> None:
        screen = self._back_to_search()
        if screen is not None:
            screen.show_history()

    def action_toggle_theme(self) -> None:
        self.theme = THEMES["light"] if self.theme == THEMES["dark"] else THEMES["dark"]
        self.state.theme = self.theme
        self.state.save()

    def action_help(self) -> None:
        from glossary.tui.screens import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen, self.focused))
