"""The term view: one glossary term with everything a mediator may need to say it right —
Han, pinyin, its Bai forms per dialect, variety and script, where each comes from."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from glossary.lawtext.labels import article_label
from glossary.store.browse import dialect_name, term_view
from glossary.tui.context import AppContext
from glossary.tui.messages import ArticleKey, OpenArticle
from glossary.tui.render import status_badge

STATUS = {
    "preferred": "preferred 推荐",
    "admitted": "admitted 可用",
    "deprecated": "deprecated 不推荐",
    "proposed": "proposed 待审",
}


class TermScreen(Screen[None]):
    """One term: forms grouped by dialect and variety, sources, linked articles."""

    KIND = "term"
    HELP = """\
## Term
A glossary term: Han, pinyin, status, definition, and its Bai forms by dialect, variety and
script (Latin spelling or IPA), each with its source and attribution. The articles the term
is linked to are listed last: **Enter** opens one. **Esc** goes back.
"""
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "back", "Back", id="term.back"),
    ]

    def __init__(self, ctx: AppContext, term_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.term_id = term_id
        self.term: dict[str, Any] | None = term_view(ctx.reader, term_id)

    def compose(self) -> ComposeResult:
        if self.term is None:
            yield Static(Text("This term is no longer in the database.", style="bold red"))
            yield Footer(show_command_palette=False, compact=True)
            return
        with VerticalScroll(id="term-body"):
            yield Static(self.head(), id="term-head")
            yield Static(self.body(), id="term-forms")
            yield Static(Text("相关条文 Linked articles", style="bold"))
            options = []
            for i, a in enumerate(self.term["articles"]):
                name = a["law_name"] or a["law"]
                line = Text(f"{name} ({a['revision']}) {a['label'] or article_label(a['article'])}")
                status = self.ctx.catalog.revision_status(a["law"], a["revision"])
                options.append(Option(line.append_text(status_badge(status)), id=f"a:{i}"))
            if not options:
                options.append(Option(Text("No linked articles yet.", style="dim"), disabled=True))
            yield OptionList(*options, id="term-articles")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        if self.term is not None:
            self.query_one("#term-articles").focus()

    async def data_changed(self) -> None:
        """Another process wrote: show the term's new forms, sources and links."""
        fresh = term_view(self.ctx.reader, self.term_id)
        if fresh == self.term:
            return
        self.term = fresh
        await self.recompose()
        self.on_mount()

    def head(self) -> Text:
        t = self.term or {}
        return Text.assemble(
            (t["han"], "bold"),
            "  ",
            (t["pinyin"] or "", "italic"),
            "  ",
            (STATUS.get(t["status"], t["status"]), "bold"),
            ("\n" + t["english"] if t.get("english") else "", "dim"),
        )

    def body(self) -> Text:
        t = self.term or {}
        out = Text()
        out.append("释义 Definition: ", style="bold")
        out.append((t["definition"] or "—") + "\n")
        if t.get("domain"):
            out.append(f"Domain: {t['domain']}\n")
        out.append("来源 Source: ", style="bold")
        out.append((t["source"] or "—") + "\n")
        out.append("Attribution: ", style="bold")
        out.append((t["attribution"] or "—") + "\n\n")
        out.append("白文 Bai forms\n", style="bold")
        if not t["form_groups"]:
            out.append("  no Bai form yet — 尚无白文\n", style="dim italic")
        for group in t["form_groups"]:
            title = dialect_name(group["dialect"]) if group["dialect"] else "dialect not stated"
            if group["variety"]:
                title += f" — {group['variety']}"
            out.append(f"  {title}\n", style="bold")
            for form in group["forms"]:
                script = "IPA  " if form["script"] == "ipa" else "Latin"
                out.append(f"    {script} ")
                out.append(form["form"], style="bold")
                out.append(f"  ({STATUS.get(form['status'], form['status'])})", style="dim")
                cite = " · ".join(x for x in (form["source"], form["attribution"]) if x)
                if cite:
                    out.append(f"\n          {cite}", style="dim")
                out.append("\n")
        return out

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id or self.term is None:
            return
        a = self.term["articles"][int(event.option.id.split(":")[1])]
        self.app.post_message(OpenArticle(ArticleKey(a["law"], a["revision"], a["article"])))

    def action_back(self) -> None:
        self.app.pop_screen()
