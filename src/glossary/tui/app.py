"""The app: holds the database, the user's settings and history, and turns domain events
(open an article, a term, a bookmark) into screens. Everything that is not UI lives in the
core (``glossary.search``, ``glossary.store``); screens only show what it returns, and get
what they need as an :class:`AppContext`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Protocol

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from glossary import i18n
from glossary.i18n import N_, _
from glossary.lawtext.labels import article_label
from glossary.tui.bindings import (
    APP_BINDINGS,
    all_binding_ids,
    translate_bindings,
    translate_classes,
)
from glossary.tui.collector import freeze_loaded, release_loaded
from glossary.tui.commands import GlossaryCommands, GlossaryPalette
from glossary.tui.context import AppContext, Catalog, DataWatch, Session
from glossary.tui.dialogs import HelpScreen, ProblemScreen
from glossary.tui.messages import (
    ArticleKey,
    ArticleOpened,
    BookmarkToggled,
    DatabaseChanged,
    HandoutExported,
    OpenArticle,
    OpenTerm,
    ResultsShown,
    SoundChanged,
)
from glossary.tui.screens import SearchScreen
from glossary.tui.service import Opened, SearchService, open_database
from glossary.tui.settings import THEMES, Settings, State, load_settings
from glossary.tui.usage import UsageRecorder

READ_ONLY_NOTICE = N_(
    "Read-only: this database is opened read-only (--read-only, or the file "
    "cannot be written). Searching and reading work; imports need a writable copy."
)
EDIT_REFUSED_NOTICE = N_(
    "Editor mode is off: the database is opened read-only. Open it without --read-only "
    "(and make the file writable) to edit Bai."
)
UPGRADED_NOTICE = N_("The database used an older layout and was upgraded in place.")
# Textual's palette commands the app keeps, by their English title: (title, help) as said
# here. The others (theme picker, key panel, maximize, screenshot) are hidden: the app has
# its own light/dark switch and F1 help, and a screenshot means nothing to a mediator.
KEPT_SYSTEM_COMMANDS = {"Quit": (N_("Quit"), N_("Close the glossary"))}
WATCH_SECONDS = 1.0  # how often the app looks whether another process wrote to the file


class ShowsData(Protocol):
    """A screen that shows database content and can show it again after an import."""

    async def data_changed(self) -> None: ...


class GlossaryApp(App[None]):
    """白汉法律词汇: find a clause in seconds, read Han and Bai side by side."""

    CSS_PATH = "app.tcss"
    TITLE = N_("Bai–Chinese legal glossary")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    COMMANDS = App.COMMANDS | {GlossaryCommands}
    BINDINGS = APP_BINDINGS

    def __init__(
        self,
        db_path: Path,
        read_only: bool = False,
        *,
        editing: bool = False,
        cursor_blink: bool = True,
        settings_path: Path | None = None,
        state_path: Path | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__()
        self.language = language  # "zh" or "en" (tests); None: the settings, then the locale
        self.db_path = Path(db_path)
        self.read_only_requested = read_only
        self.editing_requested = editing
        self.cursor_blink = cursor_blink
        self.settings_path = settings_path
        self.state: State = State.load(state_path)
        self.settings: Settings = Settings()
        self.opened: Opened = Opened(path=self.db_path)
        self.ctx: AppContext | None = None  # once a database is open
        self.last_results: ResultsShown | None = None  # what the results list shows now
        self.usage = UsageRecorder(enabled=False)  # on once the settings say so
        self._later: ModuleType | None = None  # the later screens, once imported here
        self.background_loading: str = "not started"  # "running", then "done"
        self.frozen_objects = 0  # what was loaded by then, out of the collector's way

    @property
    def has_database(self) -> bool:
        return self.opened.reader is not None

    # --- start and stop --------------------------------------------------------------------

    def on_mount(self) -> None:
        self.choose_language()
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.usage.enabled = self.settings.record_usage
        theme = self.state.theme or self.settings.theme
        if theme is not None and theme in THEMES.values():
            self.theme = theme
        self.opened = open_database(self.db_path, self.read_only_requested)
        if self.opened.reader is None or self.opened.search_reader is None:
            self.push_screen(ProblemScreen(self.opened))
            return
        self.ctx = self.make_context(self.opened)
        self.ctx.sounds.on_change = self.sound_changed
        for problem in self.settings.problems:
            self.notify(problem, title=_("Settings"), severity="error", timeout=10)
        self.set_interval(WATCH_SECONDS, self.look_for_changes)
        self.push_screen(SearchScreen(self.ctx))

    def choose_language(self) -> None:
        """Read the settings, use the language they (or the locale) choose, and read them
        again so that their problems are said in that language; the same for the history.
        Bindings, title and everything shown from now on are in that language."""
        settings = load_settings(self.settings_path)
        i18n.use_language(self.language or i18n.language_from(settings.language))
        # The binding ids (of every screen: imports the later ones) only for a keymap.
        known = all_binding_ids() if settings.keymap else None
        self.settings = load_settings(self.settings_path, known)
        if self.state.problem:
            self.state = State.load(self.state.path)
        translate_bindings(self)
        self.title = _(self.TITLE)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands that mean something here, said in the app's language."""
        for command in super().get_system_commands(screen):
            kept = KEPT_SYSTEM_COMMANDS.get(command.title)
            if kept is not None:
                yield command._replace(title=_(kept[0]), help=_(kept[1]))

    def action_command_palette(self) -> None:
        """The palette, with its search box's placeholder in the app's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = _("Search for commands…")
            self.push_screen(GlossaryPalette(placeholder=placeholder, id="--command-palette"))

    def make_context(self, opened: Opened) -> AppContext:
        assert opened.reader is not None and opened.search_reader is not None
        catalog = Catalog()
        catalog.reload(opened.reader)
        return AppContext(
            reader=opened.reader,
            service=SearchService(opened.search_reader),
            settings=self.settings,
            state=self.state,
            catalog=catalog,
            session=Session(self.settings.dialect, self.startup_notices(opened)),
            watch=DataWatch(opened.reader.conn),
            read_only=opened.read_only,
            cursor_blink=self.cursor_blink,
            editing=self.wants_editing and not opened.read_only,
            db_path=self.db_path,
        )

    @property
    def wants_editing(self) -> bool:
        return self.editing_requested or self.settings.edit

    def startup_notices(self, opened: Opened) -> list[str]:
        notices = [_(READ_ONLY_NOTICE)] if opened.read_only else []
        if opened.read_only and self.wants_editing:
            notices.append(_(EDIT_REFUSED_NOTICE))
        notices += self.settings.problems
        if self.state.problem:
            notices.append(self.state.problem)
        if opened.upgraded:
            notices.append(_(UPGRADED_NOTICE))
        return notices

    def on_unmount(self) -> None:
        if self.frozen_objects:
            release_loaded()
            self.frozen_objects = 0
        if self.ctx is not None:
            self.ctx.sounds.close()
        self.state.save()
        self.usage.flush()
        for reader in (self.opened.reader, self.opened.search_reader):
            if reader is not None:
                reader.close()

    # --- another process wrote -------------------------------------------------------------

    def look_for_changes(self) -> None:
        if self.ctx is not None and self.ctx.watch.changed():
            self.post_message(DatabaseChanged())

    async def on_database_changed(self, message: DatabaseChanged) -> None:
        """Read the laws and dialects again and let every open screen show the new data."""
        if self.ctx is None:
            return
        self.ctx.catalog.reload(self.ctx.reader)
        for screen in list(self.screen_stack):
            shows: ShowsData | None = screen if hasattr(screen, "data_changed") else None
            if shows is not None:  # the search, an article, a term, the coverage
                await shows.data_changed()

    # --- domain events ---------------------------------------------------------------------

    def later(self) -> ModuleType:
        """The screens opened after the first (tui.later), imported and their bindings said
        in the app's language the first time this app asks."""
        if self._later is None:
            from glossary.tui import later

            translate_classes(later.WITH_BINDINGS)
            self._later = later
        return self._later

    def load_in_background(self) -> None:
        """Once the first screen is shown: import the later screens in a thread, so that the
        first article opens without waiting for them either."""
        if self.background_loading == "not started":
            self.background_loading = "running"
            self.run_worker(self._import_later, thread=True, group="load", exit_on_error=False)

    def _import_later(self) -> None:
        try:
            import glossary.search.engine  # noqa: F401 (the first search: before the screens)
            from glossary.tui import later

            later.load_in_background()
        finally:
            self.frozen_objects = freeze_loaded()  # tui.collector: no 50 ms pauses on a key
            self.background_loading = "done"

    def on_open_article(self, message: OpenArticle) -> None:
        if self.ctx is not None:
            self.push_screen(self.later().ArticleScreen(self.ctx, message.ref))

    def on_open_term(self, message: OpenTerm) -> None:
        if self.ctx is not None:
            self.push_screen(self.later().TermScreen(self.ctx, message.term_id))

    def on_article_opened(self, message: ArticleOpened) -> None:
        self.state.add_opened(message.ref.to_json() | {"label": message.label})
        self.state.save()
        ref = message.ref
        self.usage.opened(ref.law, ref.revision, ref.number, ref.sub)
        self.say_usage_problem()

    def on_bookmark_toggled(self, message: BookmarkToggled) -> None:
        self.state.save()
        said = _("Bookmarked: {article}") if message.added else _("Bookmark removed: {article}")
        self.notify(said.format(article=self.describe(message.ref)), timeout=3)

    def on_handout_exported(self, message: HandoutExported) -> None:
        self.notify(_("Handout written:") + "\n" + "\n".join(message.paths), timeout=8)

    def on_results_shown(self, message: ResultsShown) -> None:
        if self.background_loading == "not started":
            self.call_after_refresh(self.load_in_background)  # the first screen is up
        self.last_results = message
        self.usage.shown(message.query, message.count)
        self.say_usage_problem()

    def sound_changed(self) -> None:
        """Called from the audio thread: posting a message is thread-safe."""
        self.post_message(SoundChanged())

    def on_sound_changed(self, message: SoundChanged) -> None:
        """Play or Stop in the footer; a recording that cannot be played says why."""
        sounds = self.ctx.sounds if self.ctx is not None else None
        if sounds is None:
            return
        self.screen.refresh_bindings()
        if sounds.problem:
            self.notify(sounds.problem, severity="error")
            sounds.problem = None
        if sounds.notice:
            self.notify(sounds.notice, severity="warning", timeout=5)
            sounds.notice = ""  # said once

    def say_usage_problem(self) -> None:
        if self.usage.problem:
            self.notify(self.usage.problem, title=_("Usage counts"), severity="warning")
            self.usage.problem = None

    def describe(self, ref: ArticleKey) -> str:
        """``婚姻法 (2001) 第三十二条``, ``… 第一百二十二条之一``: for the messages shown."""
        name = self.ctx.catalog.law_name(ref.law) if self.ctx else ref.law
        return f"{name} ({ref.revision}) {article_label(ref.number, ref.sub)}"

    # --- actions (named, so a keymap or the palette can call them) -------------------------

    def _back_to_search(self) -> SearchScreen | None:
        screen = next((s for s in self.screen_stack if isinstance(s, SearchScreen)), None)
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

    def action_coverage(self) -> None:
        coverage = self.later().CoverageScreen
        if self.ctx is not None and not isinstance(self.screen, coverage):
            self.push_screen(coverage(self.ctx))

    def action_toggle_theme(self) -> None:
        self.theme = THEMES["light"] if self.theme == THEMES["dark"] else THEMES["dark"]
        self.state.theme = self.theme
        self.state.save()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen, self.focused))
