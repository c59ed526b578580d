"""The command palette (ctrl+p): the app's own commands, by name, for whoever does not
remember the key. Each runs the same named action a key would. Names and help are English
gettext messages, offered (and matched) in the app's language."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from glossary.i18n import N_, _

# (name, action, help, screens it applies to: None for every screen)
COMMANDS: list[tuple[str, str, str, tuple[str, ...] | None]] = [
    (N_("Search"), "app.focus_search", N_("Back to the search box"), None),
    (
        N_("Browse laws"),
        "app.browse",
        N_("The laws as a tree: revisions, 编/章/节, articles"),
        None,
    ),
    (
        N_("History and bookmarks"),
        "app.history",
        N_("Bookmarks, recently opened articles, searches"),
        None,
    ),
    (N_("Coverage"), "app.coverage", N_("How much of each law is in Bai, per dialect"), None),
    (
        N_("Toggle light / dark theme"),
        "app.toggle_theme",
        N_("Switch between light and dark"),
        None,
    ),
    (N_("Help"), "app.help", N_("Keys and help for the focused area"), None),
    (N_("Bookmark this article"), "screen.bookmark", N_("Add or remove a bookmark"), ("article",)),
    (
        N_("Copy article with Bai"),
        "screen.copy",
        N_("Han and Bai text to the clipboard"),
        ("article",),
    ),
    (
        N_("Export handout"),
        "screen.export",
        N_("One-page HTML and Markdown for the parties"),
        ("article",),
    ),
    (
        N_("Next Bai dialect"),
        "screen.next_dialect",
        N_("Show the next dialect's translation"),
        ("article",),
    ),
    (
        N_("Go to successor"),
        "screen.successor",
        N_("The article that replaced this one"),
        ("article",),
    ),
    (
        N_("Other revision"),
        "screen.other_revision",
        N_("The same article in another revision"),
        ("article",),
    ),
]


class GlossaryCommands(Provider):
    """Offers the commands that make sense on the screen the palette was opened from."""

    def _available(self) -> list[tuple[str, str, str]]:
        kind = getattr(self.screen, "KIND", "main")
        return [
            (_(name), action, _(help_text))
            for name, action, help_text, where in COMMANDS
            if where is None or kind in where
        ]

    def _runner(self, action: str):
        return partial(self.app.run_action, action, self.screen)

    async def discover(self) -> Hits:
        for name, action, help_text in self._available():
            yield DiscoveryHit(name, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._available():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._runner(action), help=help_text)


class GlossaryPalette(CommandPalette):
    """Textual's palette, saying "no matches" in the app's language (Textual writes that
    line in English, in a private method: this follows Textual 8's own code)."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                said = Text(_("No matching command"), style="not bold")
                self.query_one(CommandList).add_option(
                    Option(Align.center(said), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
