"""The term view: one glossary term with everything a mediator may need to say it right —
Han, pinyin, its Bai forms per dialect, variety and script, where each comes from."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from glossary.bai.ipa import respell
from glossary.i18n import N_, _
from glossary.lawtext.labels import article_label
from glossary.store.browse import dialect_name, term_view
from glossary.store.recordings import Recording, recorded_forms
from glossary.tui.audio import MARK, PlaysRecordings, play_bindings
from glossary.tui.context import AppContext
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.render import status_badge

STATUS = {
    "preferred": N_("preferred"),
    "admitted": N_("admitted"),
    "deprecated": N_("deprecated"),
    "proposed": N_("proposed"),
}


def status_word(status: str) -> str:
    """A term's or form's status in the app's language (an unknown one as it is stored)."""
    return _(STATUS[status]) if status in STATUS else status


SCRIPTS = {"ipa": N_("IPA"), "latin": N_("Latin")}
#: Next to an IPA form, its Latin respelling made by bai.ipa — never an attested spelling.
MACHINE_RESPELLING = N_("machine respelling")


def respelling_note(form: str, script: str) -> str:
    """``≈ bof nid (machine respelling)`` for an IPA form that bai.ipa can respell, else ""."""
    if script != "ipa":
        return ""
    latin = respell(form)
    return f"≈ {latin} ({_(MACHINE_RESPELLING)})" if latin else ""


def script_width() -> int:
    """The script column's width in terminal cells: its widest label in this language."""
    return max(cell_len(_(label)) for label in SCRIPTS.values())


def script_label(script: str) -> str:
    """The script of a form, padded to the script column's width in terminal cells (a Han
    character takes two), so the forms line up under each other in either language."""
    return set_cell_size(_(SCRIPTS.get(script, SCRIPTS["latin"])), script_width())


class TermScreen(PlaysRecordings, Screen[None]):
    """One term: forms grouped by dialect and variety, sources, linked articles."""

    ctx: AppContext
    KIND = "term"
    HELP = N_("""\
## Term
A glossary term: Han, pinyin, status, definition, and its Bai forms by dialect, variety and
script (Latin spelling or IPA), each with its source and attribution. Next to an IPA form,
"≈ … (machine respelling)" is its Latin spelling worked out by the program from the IPA
(a search key, not an attested spelling; see the README). The articles the term is linked
to are listed last: **Enter** opens one. **Esc** goes back.

▶ marks a form that has a recording: **p** plays the highlighted one, **p** again stops it;
**n N** highlight the next or previous recorded form.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "back", N_("Back"), id="term.back"),
        *play_bindings("term"),
        Binding("n", "move_form(1)", N_("Next recorded form"), show=False, id="term.next_form"),
        Binding(
            "N", "move_form(-1)", N_("Previous recorded form"), show=False, id="term.previous_form"
        ),
    ]

    def __init__(self, ctx: AppContext, term_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.term_id = term_id
        self.term: dict[str, Any] | None = term_view(ctx.reader, term_id)
        self.recorded: dict[int, Recording] = recorded_forms(ctx.reader, term_id)
        self.form_at = 0  # which of the recorded forms p plays (index into recorded_order)

    def compose(self) -> ComposeResult:
        if self.term is None:
            yield Static(Text(_("This term is no longer in the database."), style="bold red"))
            yield Footer(show_command_palette=False, compact=True)
            return
        with VerticalScroll(id="term-body"):
            yield Static(self.head(), id="term-head")
            yield Static(self.body(), id="term-forms")
            yield Static(Text(_("Linked articles"), style="bold"))
            options = []
            for i, a in enumerate(self.term["articles"]):
                name = a["law_name"] or a["law"]
                line = Text(f"{name} ({a['revision']}) {a['label'] or article_label(a['article'])}")
                status = self.ctx.catalog.revision_status(a["law"], a["revision"])
                options.append(Option(line.append_text(status_badge(status)), id=f"a:{i}"))
            if not options:
                options.append(
                    Option(Text(_("No linked articles yet."), style="dim"), disabled=True)
                )
            yield OptionList(*options, id="term-articles")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        if self.term is not None:
            self.query_one("#term-articles").focus()

    async def data_changed(self) -> None:
        """Another process wrote: show the term's new forms, sources and links."""
        fresh = term_view(self.ctx.reader, self.term_id)
        recorded = recorded_forms(self.ctx.reader, self.term_id)
        if fresh == self.term and recorded == self.recorded:
            return
        self.term, self.recorded = fresh, recorded
        await self.recompose()
        self.on_mount()

    def head(self) -> Text:
        t = self.term or {}
        return Text.assemble(
            (t["han"], "bold"),
            "  ",
            (t["pinyin"] or "", "italic"),
            "  ",
            (status_word(t["status"]), "bold"),
            ("\n" + t["english"] if t.get("english") else "", "dim"),
        )

    def body(self) -> Text:
        t = self.term or {}
        out = Text()
        out.append(_("Definition:") + " ", style="bold")
        out.append((t["definition"] or "—") + "\n")
        if t.get("domain"):
            out.append(_("Domain: {domain}").format(domain=t["domain"]) + "\n")
        out.append(_("Source:") + " ", style="bold")
        out.append((t["source"] or "—") + "\n")
        out.append(_("Attribution:") + " ", style="bold")
        out.append((t["attribution"] or "—") + "\n\n")
        out.append(_("Bai forms") + "\n", style="bold")
        if not t["form_groups"]:
            out.append("  " + _("no Bai form yet") + "\n", style="dim italic")
        for group in t["form_groups"]:
            title = dialect_name(group["dialect"]) if group["dialect"] else _("dialect not stated")
            if group["variety"]:
                title += f" — {group['variety']}"
            out.append(f"  {title}\n", style="bold")
            for form in group["forms"]:
                recorded = form["id"] in self.recorded
                if recorded:
                    out.append("  ").append(MARK, style="bold")
                out.append(f"{' ' if recorded else '    '}{script_label(form['script'])} ")
                current = recorded and form["id"] == self.form_here
                out.append(form["form"], style="bold reverse" if current else "bold")
                if note := respelling_note(form["form"], form["script"]):
                    out.append(f"  {note}", style="italic")
                out.append(f"  ({status_word(form['status'])})", style="dim")
                cite = " · ".join(x for x in (form["source"], form["attribution"]) if x)
                if cite:
                    out.append("\n" + " " * (5 + script_width()) + cite, style="dim")
                out.append("\n")
        return out

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id or self.term is None:
            return
        a = self.term["articles"][int(event.option.id.split(":")[1])]
        self.app.post_message(OpenArticle(ArticleKey(a["law"], a["revision"], a["article"])))

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- recordings ------------------------------------------------------------------------

    @property
    def recorded_order(self) -> list[int]:
        """The ids of the forms that have a recording, in the order they are shown."""
        groups = (self.term or {}).get("form_groups") or []
        return [f["id"] for g in groups for f in g["forms"] if f["id"] in self.recorded]

    @property
    def form_here(self) -> int | None:
        order = self.recorded_order
        return order[min(self.form_at, len(order) - 1)] if order else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "stop_sound"):
            return self.can_play(action)
        if action == "move_form":
            return len(self.recorded_order) > 1
        return True

    @property
    def recording_here(self) -> Recording | None:
        form = self.form_here
        return self.recorded[form] if form is not None else None

    def action_move_form(self, step: int) -> None:
        self.form_at = max(0, min(self.form_at + step, len(self.recorded_order) - 1))
        self.query_one("#term-forms", Static).update(self.body())
