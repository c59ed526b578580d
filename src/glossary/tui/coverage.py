"""The coverage screen (F4): how much of each law is in Bai, per revision and dialect, as
bars — the figures of `glossary coverage` (store.coverage). Enter opens the revision's
first article with a 款/项 that has no Bai in that dialect (neither its own nor carried)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from glossary.i18n import N_, _
from glossary.store.coverage import Coverage, coverage, first_untranslated
from glossary.tui.context import AppContext
from glossary.tui.messages import ArticleKey, OpenArticle

BAR = 30  # characters of a full bar


def bar(row: Coverage) -> Text:
    """Own translations (solid), carried ones (shaded), the rest (dots), then the figures."""
    own = round(BAR * row.translated / row.total) if row.total else 0
    carried = min(BAR - own, round(BAR * row.carried / row.total) if row.total else 0)
    out = Text()
    out.append("█" * own, style="green")
    out.append("▒" * carried, style="yellow")
    out.append("·" * (BAR - own - carried), style="dim")
    said = _(
        "{translated}/{total} translated ({percent}%), {carried} carried, "
        "{reviewed} reviewed, {approved} approved"
    )
    out.append(
        " "
        + said.format(
            translated=row.translated,
            total=row.total,
            percent=row.percent("translated"),
            carried=row.carried,
            reviewed=row.reviewed,
            approved=row.approved,
        )
    )
    return out


def label(row: Coverage) -> Text:
    head = Text(f"{row.law_name} ({row.revision}) [{row.dialect}]\n", style="bold")
    return head + bar(row)


class CoverageScreen(Screen[None]):
    """Every revision × dialect as a bar; Enter goes to where translating is to be done."""

    KIND = "coverage"
    HELP = N_("""\
## Coverage
Per law, revision and dialect: the 款/项 with their own Bai translation (█), with a carried
one — the same Han translated elsewhere (▒) — and without (·); reviewed and approved count
own translations with that status. **Enter** opens the first article with a 款/项 that has
no Bai in that dialect. **Esc** goes back. The same figures: `glossary coverage`.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "back", N_("Back"), id="coverage.back"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows = coverage(ctx.reader)

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Coverage — Enter: first 款/项 without Bai"), style="bold"))
        options = [Option(label(row), id=f"c:{i}") for i, row in enumerate(self.rows)]
        if not options:
            options.append(
                Option(Text(_("No law texts imported yet."), style="dim"), disabled=True)
            )
        yield OptionList(*options, id="coverage-rows")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.query_one("#coverage-rows").focus()

    async def data_changed(self) -> None:
        """Another process wrote (an import): show the new figures."""
        fresh = coverage(self.ctx.reader)
        if fresh != self.rows:
            self.rows = fresh
            await self.recompose()
            self.on_mount()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id:
            return
        row = self.rows[int(event.option.id.split(":")[1])]
        found = first_untranslated(self.ctx.reader, row.revision_id, row.dialect)
        if found is None:
            said = _("{law} ({revision}): every 款/项 has Bai in {dialect}")
            self.notify(said.format(law=row.law_name, revision=row.revision, dialect=row.dialect))
            return
        number, sub = found
        self.app.post_message(OpenArticle(ArticleKey(row.law, row.revision, number, sub)))

    def action_back(self) -> None:
        self.app.pop_screen()
