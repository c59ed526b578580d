"""Every key binding the app's own classes declare, in one registry: what a keymap in
config.toml may name (F1 lists the same ids), and the check that each has an id.

The descriptions (what the footer and F1 say a key does) are English gettext messages,
marked with ``N_`` because the classes are built at import, before the language is chosen.
:func:`translate_bindings` gives every class here, and the app, its bindings said in the
language chosen at start (Textual copies a class's bindings into each new instance).

The classes of the first screen are imported here; those of the screens opened later
(:mod:`glossary.tui.later`) only when asked for — the app's first screen does not wait for
them — and are translated when the app first imports them (:func:`translate_classes`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode

from glossary.i18n import N_, _
from glossary.tui.dialogs import HelpScreen
from glossary.tui.screens import SearchScreen
from glossary.tui.search_parts import BrowseTree, ResultsList, SearchInput

APP_BINDINGS: list[BindingType] = [
    Binding("f1", "help", N_("Help"), id="app.help"),
    Binding("ctrl+t", "toggle_theme", N_("Theme"), id="app.theme", show=False),
    Binding("f2", "browse", N_("Browse"), show=False, id="app.browse"),
    Binding("f3", "history", N_("History"), show=False, id="app.history"),
]
# Textual's own bindings that F1 or the footer may show, for the catalog.
TEXTUAL_DESCRIPTIONS = (N_("Quit"),)

FIRST_SCREEN = (SearchScreen, SearchInput, ResultsList, BrowseTree, HelpScreen)


def with_bindings() -> tuple[Any, ...]:
    """Every class of the app's own that declares bindings (imports the later screens)."""
    from glossary.tui import later

    return FIRST_SCREEN + later.WITH_BINDINGS


def as_binding(binding: BindingType) -> Binding:
    return binding if isinstance(binding, Binding) else Binding(*binding)


def own_bindings() -> list[tuple[str, Binding]]:
    """(class name, binding) for every binding the app's own classes declare."""
    out = [("GlossaryApp", as_binding(b)) for b in APP_BINDINGS]
    for cls in with_bindings():
        out += [(cls.__name__, as_binding(b)) for b in cls.__dict__.get("BINDINGS", [])]
    return out


def all_binding_ids() -> set[str]:
    """Every binding id the app defines: what a keymap in config.toml may name."""
    return {b.id for _class, b in own_bindings() if b.id}


def translated(
    bindings: BindingsMap, english: dict[tuple[str, str], str] | None = None
) -> BindingsMap:
    """The same bindings, each description in the active language. ``english`` gives the
    English description by (key, action) when ``bindings`` may be translated already."""
    english = english or {}

    def said(binding: Binding) -> Binding:
        text = english.get((binding.key, binding.action), binding.description)
        return replace(binding, description=_(text)) if text else binding

    return BindingsMap.from_keys(
        {key: [said(b) for b in keyed] for key, keyed in bindings.key_to_bindings.items()}
    )


def translate_classes(classes: tuple[Any, ...]) -> None:
    """Say the bindings of these classes in the active language: screens and widgets made
    from now on copy their class's translated map."""
    for cls in classes:
        cls._merged_bindings = translated(cls._merge_bindings())


def translate_bindings(app: DOMNode) -> None:
    """Say every binding of the first screen's classes, and the running ``app``'s own, in
    the active language (the later screens' when the app imports them)."""
    translate_classes(FIRST_SCREEN)
    source = type(app)._merge_bindings()
    english = {(b.key, b.action): b.description for _key, b in source}
    app._bindings = translated(app._bindings, english)
