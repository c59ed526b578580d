"""The small screens around the search and the article: help (F1), the folder a handout
goes to, and the screen shown when there is no usable database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Static

from glossary.i18n import N_, _
from glossary.tui.service import Opened


class ProblemScreen(Screen[None]):
    """No usable database: say what is wrong and how to get one, instead of a traceback."""

    KIND = "problem"
    HELP = N_("""\
## No database
The app reads a glossary database built by the `glossary` command. See the message for
how to build or choose one. **ctrl+q** quits.
""")

    def __init__(self, opened: Opened) -> None:
        super().__init__()
        self.opened = opened

    def compose(self) -> ComposeResult:
        yield Header()
        from textual.widgets import Markdown  # markdown-it: not needed for the first screen

        with VerticalScroll(id="problem"):
            yield Markdown(self.text())
        yield Footer(show_command_palette=False, compact=True)

    def text(self) -> str:
        path = self.opened.path
        if self.opened.missing:
            return _("""\
# No glossary database yet

There is no database at `{path}`.

Build one from the official texts:

```
glossary init
glossary import-law ../shared/corpus/laws/minshi-susong-fa-2023.md
glossary import-law ../shared/corpus/laws/hunyin-fa-2001.md
```

or run `make run` in the project folder for the demo database — or open another file with
`glossary --db PATH` (or set `GLOSSARY_DB`). Then start the app again. **ctrl+q** quits.
""").format(path=path)
        return _("""\
# This database cannot be opened

{problem}

**ctrl+q** quits.
""").format(problem=self.opened.problem)


class HelpScreen(ModalScreen[None]):
    """F1: help for the area that had the focus, and every key that works there."""

    KIND = "help"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "close", N_("Close"), id="help.close"),
    ]

    def __init__(self, under: Screen[Any], focused: Widget | None) -> None:
        super().__init__()
        self.help_text = help_for(under, focused)

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        with VerticalScroll(id="help"):
            yield Markdown(self.help_text)

    def action_close(self) -> None:
        self.dismiss(None)


def help_for(screen: Screen[Any], focused: Widget | None) -> str:
    """The nearest HELP from the focused widget up to the screen, plus the keys that are
    active there (after the user's keymap), with the binding ids a keymap uses. Every HELP
    is an English gettext message (``N_``), shown in the app's language."""
    node: Any = focused
    text = None
    while node is not None:
        if isinstance(node, Widget) and node.HELP:
            text = node.HELP
            break
        node = node.parent
    parts = [_(text or screen.HELP or N_("## Help"))]
    if text and screen.HELP and text != screen.HELP:
        parts.append(_(screen.HELP))
    rows = []
    for _key, active in sorted(screen.active_bindings.items()):
        binding = active.binding
        if not binding.id and not (binding.show and binding.description):
            continue  # scrolling keys of the containers: not worth a line
        shown = screen.app.get_key_display(binding)
        rows.append(
            f"| `{shown}` | {binding.description or binding.action} | {binding.id or '—'} |"
        )
    head = _("| key | does | id (for the keymap) |")
    parts.append(_("## Keys here") + f"\n\n{head}\n|---|---|---|\n" + "\n".join(rows))
    parts.append(
        _(
            "## Everywhere\n\n**F1** this help · **F2** browse the laws · **F3** history and "
            "bookmarks · **ctrl+p** all commands · **ctrl+t** light/dark · **ctrl+q** quit\n\n"
            "Change keys in `config.toml` in your settings folder, e.g."
        )
        + '\n\n```toml\n[keymap]\n"article.bookmark" = "m"\n```'
    )
    return "\n\n".join(parts)


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to write the handout."""

    KIND = "export"
    HELP = N_("""\
## Export a handout
Writes the article as a one-page HTML file (to print) and a Markdown file, Han and Bai side
by side, into the folder you type. Enter writes, Esc cancels.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", N_("Cancel"), id="export.cancel"),
    ]

    def __init__(self, folder: str, cursor_blink: bool = True) -> None:
        super().__init__()
        self.folder = folder
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(_("Export handout (HTML + Markdown) into folder:"), style="bold"))
            yield Input(self.folder, id="export-folder")
            yield Static(Text(_("Enter writes · Esc cancels"), style="dim"))

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = self.cursor_blink
        box.focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value) if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
