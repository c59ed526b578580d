"""The command palette (ctrl+p): the app's own commands, by name, for whoever does not
remember the key. Each runs the same named action a key would."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, action, help, screens it applies to: None for every screen)
COMMANDS: list[tuple[str, str, str, tuple[str, ...] | None]] = [
    ("Search", "app.focus_search", "Back to the search box", None),
    ("Browse laws", "app.browse", "The laws as a tree: revisions, 编/章/节, articles", None),
    ("History and bookmarks", "app.history", "Bookmarks, recently opened articles, searches", None),
    ("Coverage", "app.coverage", "How much of each law is in Bai, per dialect", None),
    ("Toggle light / dark theme", "app.toggle_theme", "Switch between light and dark", None),
    ("Help", "app.help", "Keys and help for the focused area", None),
    ("Bookmark this article", "screen.bookmark", "Add or remove a bookmark", ("article",)),
    ("Copy article with Bai", "screen.copy", "Han and Bai text to the clipboard", ("article",)),
    ("Export handout", "screen.export", "One-page HTML and Markdown for the parties", ("article",)),
    (
        "Next Bai dialect",
        "screen.next_dialect",
        "Show the next dialect's translation",
        ("article",),
    ),
    ("Go to successor", "screen.successor", "The article that replaced this one", ("article",)),
    (
        "Other revision",
        "screen.other_revision",
        "The same article in another revision",
        ("article",),
    ),
]


class GlossaryCommands(Provider):
    """Offers the commands that make sense on the screen the palette was opened from."""

    def _available(self) -> list[tuple[str, str, str]]:
        kind = getattr(self.screen, "KIND", "main")
        return [(n, a, h) for n, a, h, where in COMMANDS if where is None or kind in where]

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
