"""Every key binding the app's own classes declare, in one registry: what a keymap in
config.toml may name (F1 lists the same ids), and the check that each has an id."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from glossary.tui.article import ArticleScreen, TermsPanel
from glossary.tui.coverage import CoverageScreen
from glossary.tui.dialogs import ExportScreen, HelpScreen
from glossary.tui.editor import BaiEditScreen
from glossary.tui.screens import BrowseTree, ResultsList, SearchInput, SearchScreen
from glossary.tui.term import TermScreen

APP_BINDINGS: list[BindingType] = [
    Binding("f1", "help", "Help", id="app.help"),
    Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False),
    Binding("f2", "browse", "Browse", show=False, id="app.browse"),
    Binding("f3", "history", "History", show=False, id="app.history"),
]

WITH_BINDINGS = (
    SearchScreen,
    SearchInput,
    ResultsList,
    BrowseTree,
    ArticleScreen,
    TermsPanel,
    TermScreen,
    CoverageScreen,
    HelpScreen,
    ExportScreen,
    BaiEditScreen,
)


def as_binding(binding: BindingType) -> Binding:
    return binding if isinstance(binding, Binding) else Binding(*binding)


def own_bindings() -> list[tuple[str, Binding]]:
    """(class name, binding) for every binding the app's own classes declare."""
    out = [("GlossaryApp", as_binding(b)) for b in APP_BINDINGS]
    for cls in WITH_BINDINGS:
        out += [(cls.__name__, as_binding(b)) for b in cls.__dict__.get("BINDINGS", [])]
    return out


def all_binding_ids() -> set[str]:
    """Every binding id the app defines: what a keymap in config.toml may name."""
    return {b.id for _, b in own_bindings() if b.id}
