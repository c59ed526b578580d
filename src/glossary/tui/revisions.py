"""``r`` on an article: every revision of it, with its article number(s) and how it came
from the revision before (identical, modified, renumbered, split into …, merged from …,
added, deleted), across to the law that replaced it; how far to trust each link, in plain
words; Enter opens one. In editor mode **v** confirms the highlighted link (one batch,
:func:`glossary.store.concordance.verify_links`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from glossary.i18n import N_, _
from glossary.lawtext.labels import article_label
from glossary.lawtext.status import plain_link_notes, successor_name, unchecked
from glossary.store.concordance import verify_links
from glossary.store.revisions import article_revisions
from glossary.tui import editor
from glossary.tui.context import AppContext
from glossary.tui.messages import ArticleKey

#: How an article came from the one(s) before it (``{source}``), by the concordance's
#: relation; the shipped CSVs' own relations too.
RELATION_PHRASES = {
    "identical": N_("identical to {source}"),
    "modified": N_("modified from {source}"),
    "renumbered": N_("renumbered from {source}"),
    "split": N_("{source} split into {articles}"),
    "merged": N_("merged from {source}"),
    "added": N_("added in this revision"),
    "deleted": N_("{source} deleted"),
    "rewritten": N_("rewritten from {source}"),
    "deleted_or_merged": N_("{source} deleted or merged"),
    "candidate": N_("replaces {source}"),
}
OTHER_RELATION = N_("{relation}: {source}")


def place_name(place: Mapping[str, Any], here_law: str, law_names: Mapping[str, str]) -> str:
    """``2021 第四十条`` in the law shown, ``婚姻法 (2001) 第三十二条`` in another."""
    if place["law"] != here_law:
        return successor_name(place, law_names) if place.get("article") else place["law"]
    if place.get("article") is None:
        return str(place["revision"])
    return f"{place['revision']} {article_label(place['article'])}"


def relation_phrase(
    entry: Mapping[str, Any], here_law: str, law_names: Mapping[str, str]
) -> str | None:
    """How the entry came from the article(s) before it, one phrase per relation (a split
    part may also have a match of its own): "2021 第四十条 split into 第四十条、第四十一条"."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for link in entry["links"]:
        groups.setdefault(link["relation"], []).append(link)
    phrases = []
    for relation, links in groups.items():
        sources = [link for link in links if link["article"] is not None]
        source = "、".join(place_name(link, here_law, law_names) for link in sources)
        articles = "、".join(article_label(a) for a in links[0].get("split_into") or [])
        template = RELATION_PHRASES.get(relation, OTHER_RELATION)
        phrases.append(_(template).format(source=source, articles=articles, relation=relation))
    return "; ".join(phrases) or None


def trust_notes(entry: Mapping[str, Any]) -> list[str]:
    """How far to trust the links into the entry, in plain words (lawtext.status): the
    first one no person has checked, else that (and who) checked them."""
    links = entry["links"]
    if not links:
        return []
    link = next((lk for lk in links if unchecked(lk)), links[0])
    return plain_link_notes(
        {
            "computed": link["computed"],
            "verified": link["verified"],
            "confidence": link["confidence"],
            "by": link.get("by"),
            "article": True,
        },
        _,
    )


def entry_line(entry: Mapping[str, Any], here_law: str, law_names: Mapping[str, str]) -> Text:
    """One revision of the article: where, how it came from the one before, the trust."""
    out = Text("▶ " if entry["here"] else "  ")
    out.append(place_name(entry, here_law, law_names), style="bold" if entry["here"] else "")
    if entry["article"] is None:
        out.append(" —")
    phrase = relation_phrase(entry, here_law, law_names)
    if phrase:
        out.append(f" — {phrase}", style="italic")
    notes = trust_notes(entry)
    if notes:
        out.append(" · " + " · ".join(notes), style="dim italic")
    if not entry["imported"]:
        out.append(" " + _("(text not imported)"), style="dim")
    return out


def openable(entry: Mapping[str, Any]) -> bool:
    return bool(entry["imported"] and entry["article"] is not None and not entry["here"])


class RevisionsScreen(ModalScreen[ArticleKey | None]):
    """The list of the article's revisions; Enter opens the highlighted one."""

    KIND = "revisions"
    HELP = N_("""\
## Revisions of this article
Every revision of the article and of the law that replaced it, with its article number
there and how it came from the revision before: identical, modified, renumbered, split,
merged, added or deleted. Each line says whether a person has checked that link or the
computer matched it. **Enter** opens the highlighted revision; **Esc** closes.

Editor mode: **v** confirms the highlighted link (one batch: `glossary undo` restores;
`glossary concordance correct` writes a different one).
""")
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "close", N_("Close"), id="revisions.close"),
        Binding("v", "confirm", N_("Confirm link"), id="revisions.confirm"),
        Binding("j", "cursor_down", N_("Down"), show=False, id="revisions.down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="revisions.up"),
    ]

    def __init__(self, ctx: AppContext, ref: ArticleKey, entries: list[dict[str, Any]]) -> None:
        super().__init__()
        self.ctx = ctx
        self.ref = ref  # the article shown (its revision as opened)
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="revisions-list"):
            yield Static(Text(_("Revisions of this article"), style="bold"))
            yield OptionList(*self.options(), id="revision-options")
            yield Static(Text(_("Enter opens · Esc closes"), style="dim"))
        yield Footer(show_command_palette=False, compact=True)

    def options(self) -> list[Option]:
        names = self.ctx.catalog.law_names
        return [
            Option(entry_line(e, self.ref.law, names), id=f"revision:{i}")
            for i, e in enumerate(self.entries)
        ]

    def on_mount(self) -> None:
        found = self.query_one(OptionList)
        here = next((i for i, e in enumerate(self.entries) if e["here"]), 0)
        after = [i for i, e in enumerate(self.entries) if i > here and openable(e)]
        before = [i for i, e in enumerate(self.entries) if i < here and openable(e)]
        found.highlighted = after[0] if after else (before[-1] if before else here)
        found.focus()

    @property
    def current(self) -> dict[str, Any] | None:
        at = self.query_one(OptionList).highlighted
        return self.entries[at] if at is not None and at < len(self.entries) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return self.ctx.editing and not self.ctx.read_only
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.entries[event.option_index]
        if entry["here"]:
            self.dismiss(None)
        elif openable(entry):
            self.dismiss(ArticleKey(entry["law"], entry["revision"], entry["article"]))
        else:
            said = _("The text of {place} is not imported").format(
                place=place_name(entry, "", self.ctx.catalog.law_names)
            )
            self.notify(said, severity="warning")

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_confirm(self) -> None:
        """v (editor mode): the highlighted revision's links are checked by a person."""
        entry = self.current
        if not self.ctx.editing or entry is None:
            return
        ids = [link["id"] for link in entry["links"] if not link["verified"]]
        if not entry["links"]:
            self.notify(_("No link to confirm here"), severity="warning")
            return
        by = self.ctx.reviewer
        place = place_name(entry, self.ref.law, self.ctx.catalog.law_names)
        what = _("Link to {place} confirmed").format(place=place)
        if editor.write(self, what, lambda db: verify_links(db, ids, by=by, source=place).batch):
            self.reload()

    def reload(self) -> None:
        """Read the links again (after a save) and show them, the same line highlighted."""
        here = next(e for e in self.entries if e["here"])
        self.entries = article_revisions(
            self.ctx.reader, here["law"], here["revision"], here["article"]
        )
        found = self.query_one(OptionList)
        at = found.highlighted
        found.clear_options()
        found.add_options(self.options())
        found.highlighted = at
