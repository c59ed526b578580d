"""The article view: Han and Bai side by side, one row per 款/项 so both columns scroll
together and a mediator reading aloud never loses the matching line.

Around the text: where the article sits (编/章/节) and whether it is in force; for a
repealed law, the successor articles and a key that goes there; the glossary terms in the
text with their Bai forms; the other revisions of the article and what changed.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from glossary.errors import GlossaryError
from glossary.lawtext.numerals import int_to_cn
from glossary.store.browse import (
    TermMatch,
    article_revisions,
    dialect_name,
    terms_in_text,
    text_diff,
)
from glossary.store.queries import article_view, revisions_of
from glossary.tui.export import MISSING_BAI, plain_text, write_handout
from glossary.tui.messages import (
    ArticleOpened,
    ArticleRef,
    BookmarkToggled,
    HandoutExported,
    OpenArticle,
    OpenTerm,
)
from glossary.tui.render import TERM_STYLE, Wrapped, diff_text

STATUS_TEXT = {
    "in_force": ("现行有效 in force", "bold green"),
    "superseded_revision": ("旧版 older revision", "bold yellow"),
    "repealed": ("已废止 repealed", "bold red"),
}


def article_label(number: int, sub: int = 0) -> str:
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")


def two_columns(left: Any, right: Any) -> Table:
    """One row of the Han | Bai grid: equal halves, the divider as tall as the taller
    side, so a paragraph and its translation always start on the same line."""
    table = Table(
        box=box.MINIMAL,
        show_header=False,
        show_edge=False,
        expand=True,
        padding=(0, 1),
        pad_edge=False,
    )
    table.add_column(ratio=1)
    table.add_column(ratio=1)
    table.add_row(left, right)
    return table


def form_line(form: dict[str, Any]) -> str:
    where = " ".join(x for x in (form["dialect"], form["variety"]) if x)
    script = "IPA" if form["script"] == "ipa" else "Latin"
    return f"{form['form']}  [{where + ' ' if where else ''}{script}]"


class TermsPanel(OptionList):
    """The glossary terms found in the article, each with its Bai forms."""

    HELP = """\
## Terms in this article
Glossary terms found in the Han text (underlined there), with their Bai forms by dialect
and script. **Enter** opens a term; **Esc** goes back to the text.
"""
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "leave", "Back to text", id="terms.leave"),
        Binding("j", "cursor_down", "Down", show=False, id="terms.down"),
        Binding("k", "cursor_up", "Up", show=False, id="terms.up"),
    ]

    def action_leave(self) -> None:
        self.screen.remove_class("-show-terms")
        self.screen.query_one("#clauses").focus()


class ArticleScreen(Screen[None]):
    """One article, Han | Bai, paragraph by paragraph and item by item."""

    KIND = "article"
    HELP = """\
## Article
Han on the left, Bai on the right, one row per 款 (paragraph) and 项 (item), so the two
stay side by side as you scroll. A missing translation says so.

- **d** next Bai dialect (or pick one above the text) · **s** go to the successor
  (a repealed law's new article, or the newest revision) · **r** the same article in
  another revision
- **b** bookmark · **c** copy Han and Bai · **e** export a one-page handout
- **t** the glossary terms in this article · **↑ ↓ j k PgUp PgDn** scroll · **Esc** back
"""
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "back", "Back", id="article.back"),
        Binding("d", "next_dialect", "Dialect", id="article.dialect"),
        Binding("s", "successor", "Successor", id="article.successor"),
        Binding("b", "bookmark", "Bookmark", id="article.bookmark"),
        Binding("c", "copy", "Copy", id="article.copy"),
        Binding("e", "export", "Export", id="article.export"),
        Binding("r", "other_revision", "Revision", show=False, id="article.revision"),
        Binding("t", "terms", "Terms", show=False, id="article.terms"),
        Binding("j", "scroll('down')", "Down", show=False, id="article.down"),
        Binding("k", "scroll('up')", "Up", show=False, id="article.up"),
    ]

    def __init__(self, ref: ArticleRef) -> None:
        super().__init__()
        self.ref = ref
        self.view: dict[str, Any] | None = None
        self.problem: str | None = None
        self.dialect: str | None = None
        self.dialects: list[str] = []
        self.terms: list[TermMatch] = []
        self.chain: list[dict[str, Any]] = []
        self.load()

    # --- data ------------------------------------------------------------------------------

    def load(self) -> None:
        db = self.app.reader  # type: ignore[attr-defined]
        ref = self.ref
        try:
            self.view = article_view(db, ref.law, ref.article, ref.sub, ref.revision)
        except GlossaryError as exc:
            self.problem = str(exc)
            return
        view = self.view
        counts: dict[str, int] = {}
        for p in view["paragraphs"]:
            for d in p["bai"] or {}:
                counts[d] = counts.get(d, 0) + 1
        for d in view["bai"] or {}:
            counts.setdefault(d, 0)
        self.dialects = sorted(counts)
        preferred = self.app.preferred_dialect  # type: ignore[attr-defined]
        if preferred in counts:
            self.dialect = preferred
        elif counts:
            self.dialect = max(sorted(counts), key=lambda d: counts[d])
        text = "\n".join((p["label"] or "") + p["han"] for p in view["paragraphs"])
        self.terms = terms_in_text(db, text)
        if view["status"] != "repealed":
            self.chain = article_revisions(db, ref.law, view["revision"], ref.article)

    def paragraph_offsets(self) -> list[int]:
        offsets, at = [], 0
        for p in self.view["paragraphs"] if self.view else []:
            offsets.append(at)
            at += len((p["label"] or "") + p["han"]) + 1
        return offsets

    @property
    def other_revisions(self) -> list[dict[str, Any]]:
        return [
            e
            for e in self.chain
            if e["imported"] and e["revision"] != (self.view or {}).get("revision")
        ]

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.view is None:
            with VerticalScroll(id="clauses"):
                yield Static(
                    Text.assemble(
                        ("This article cannot be shown. ", "bold red"), self.problem or ""
                    ),
                    id="article-problem",
                )
            yield Footer(show_command_palette=False, compact=True)
            return
        yield Static(self.head_text(), id="article-head")
        banner = self.banner_text()
        yield Static(banner or "", id="banner", classes=self.view["status"])
        with Horizontal(id="dialect-bar"):
            yield Label("白文 Bai dialect: ")
            yield Select(
                [(dialect_name(d), d) for d in self.dialects],
                value=self.dialect if self.dialect else Select.NULL,
                allow_blank=not self.dialects,
                id="dialect",
                compact=True,
            )
        with Horizontal(id="article-body"):
            with VerticalScroll(id="clauses"):
                yield Static(self.head_row(), id="colhead")
                offsets = self.paragraph_offsets()
                for i, p in enumerate(self.view["paragraphs"]):
                    with Vertical(classes=f"clause {p['kind']}"):
                        yield Static(self.clause_row(p, offsets[i]), classes="pair", id=f"row-{i}")
                        terms_line = self.row_terms(offsets[i], p)
                        if terms_line is not None:
                            yield Static(terms_line, classes="row-terms")
                yield Static(self.whole_bai(), id="whole-bai")
                yield Static(self.revisions_text(), id="revisions")
            yield TermsPanel(*self.term_options(), id="terms-side")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        if self.view is None:
            return
        self.query_one("#banner").display = self.view["status"] != "in_force"
        self.query_one("#dialect-bar").display = len(self.dialects) > 1
        self.query_one("#whole-bai").display = bool(self.view["bai"])
        self.query_one("#revisions").display = bool(self.other_revisions)
        self.query_one("#clauses").focus()
        self.post_message(ArticleOpened(self.ref, self.view["label"]))

    # --- texts -----------------------------------------------------------------------------

    def head_text(self) -> Text:
        view = self.view or {}
        status, style = STATUS_TEXT.get(view["status"], (view["status"], "bold"))
        star = "★ " if self.app.state.is_bookmarked(self.ref.to_json()) else ""  # type: ignore[attr-defined]
        head = Text.assemble(
            (star, "bold yellow"),
            (view["law_name"], "bold"),
            f" ({view['revision']}) ",
            (view["label"], "bold"),
            "  ",
            (status, style),
        )
        where = " / ".join(view["path"]) if view["path"] else "(no 编/章/节)"
        return Text("\n").join([head, Text(f"{where} · {view['title']}", style="dim")])

    def successor_name(self, entry: dict[str, Any]) -> str:
        name = self.app.law_names.get(entry["law"], entry["law"])  # type: ignore[attr-defined]
        if entry.get("article"):
            rev = f" ({entry['revision']})" if entry.get("revision") else ""
            return f"{name}{rev} {article_label(entry['article'])}"
        span = entry.get("articles") or []
        extent = f" (第{span[0]}–{span[1]}条)" if len(span) == 2 and span[0] else ""
        return f"{name} {entry.get('part') or ''}{extent}".rstrip()

    def banner_text(self) -> Text | None:
        view = self.view or {}
        if view["status"] == "in_force":
            return None
        out = Text()
        if view["status"] == "repealed":
            out.append(f"已废止 REPEALED on {view['repealed_on']}", style="bold")
            out.append(" — this law is no longer in force. Now:")
        else:
            out.append(
                f"旧版 Not the newest text (newest: {view['newest_revision']}).", style="bold"
            )
            if view["superseded_by"]:
                out.append(" Now:")
        for i, entry in enumerate(view["superseded_by"]):
            out.append("\n → ")
            out.append(self.successor_name(entry), style="bold")
            notes = []
            if entry.get("relation") and entry["relation"] not in ("candidate", "successor law"):
                notes.append(entry["relation"])
            if entry.get("computed") and not entry.get("verified"):
                notes.append("machine-computed, unverified")
            if notes:
                out.append(" · " + " · ".join(notes), style="italic")
            if entry.get("similarity") is not None:
                out.append(f" ({entry['similarity']:.2f})", style="italic")
            if i == 0 and entry.get("article"):
                out.append("  [s] go there", style="bold reverse")
        return out

    def head_row(self) -> Table:
        return two_columns(Text("汉文 Han", style="bold"), self.bai_head())

    def clause_row(self, paragraph: dict[str, Any], offset: int) -> Table:
        indent = 2 if paragraph["kind"] == "item" else 0
        return two_columns(
            Wrapped(self.han_cell(paragraph, offset), indent), Wrapped(self.bai_cell(paragraph))
        )

    def bai_head(self) -> Text:
        if not self.dialects:
            return Text("白文 Bai", style="bold")
        return Text.assemble(("白文 Bai", "bold"), f" · {dialect_name(self.dialect)}")

    def han_cell(self, paragraph: dict[str, Any], offset: int) -> Text:
        text = Text((paragraph["label"] or "") + paragraph["han"])
        end = offset + len(text.plain)
        for term in self.terms:
            for start, stop in term.spans:
                if offset <= start and stop <= end:
                    text.stylize(TERM_STYLE, start - offset, stop - offset)
        return text

    def bai_cell(self, paragraph: dict[str, Any]) -> Text:
        bai = paragraph["bai"] or {}
        if self.dialect and self.dialect in bai:
            return Text((paragraph["label"] or "") + bai[self.dialect])
        out = Text(MISSING_BAI, style="dim italic")
        others = sorted(d for d in bai if d != self.dialect)
        if others:
            out.append(f" (in {', '.join(others)}: press d)", style="dim")
        return out

    def whole_bai(self) -> Text:
        bai = (self.view or {}).get("bai") or {}
        if not bai:
            return Text("")
        if self.dialect in bai:
            return Text.assemble(("白文（全条）Whole article in Bai: ", "bold"), bai[self.dialect])
        return Text(f"Whole-article Bai exists in {', '.join(sorted(bai))}", style="dim")

    def row_terms(self, offset: int, paragraph: dict[str, Any]) -> Text | None:
        """On a narrow screen the terms of each row are listed under it, with Bai forms."""
        end = offset + len((paragraph["label"] or "") + paragraph["han"])
        found = [t for t in self.terms if any(offset <= s < end for s, _ in t.spans)]
        if not found:
            return None
        out = Text("  ", style="dim")
        for i, term in enumerate(found):
            if i:
                out.append(" · ", style="dim")
            out.append(term.han, style="underline")
            forms = [f for f in term.forms if f["dialect"] in (None, self.dialect)]
            shown = forms[0]["form"] if forms else (term.forms[0]["form"] if term.forms else None)
            out.append(f" → {shown}" if shown else " → (no Bai form yet)", style="dim")
        return out

    def term_options(self) -> list[Option]:
        options = [Option(Text("词条 Terms here", style="bold"), disabled=True)]
        if not self.terms:
            options.append(
                Option(Text("No glossary terms found in this article.", style="dim"), disabled=True)
            )
        for term in self.terms:
            lines = [Text.assemble((term.han, "bold underline"), f"  {term.pinyin or ''}")]
            if not term.forms:
                lines.append(Text("  no Bai form yet", style="dim"))
            for form in term.forms[:6]:
                lines.append(Text("  " + form_line(form)))
            options.append(Option(Text("\n").join(lines), id=f"term:{term.id}"))
        return options

    def revisions_text(self) -> Text:
        if not self.other_revisions or self.view is None:
            return Text("")
        here = self.view["revision"]
        out = Text("其他版本 Other revisions", style="bold")
        out.append(
            "  (linked by the machine-computed concordance, unverified)\n", style="dim italic"
        )
        for entry in self.chain:
            marker = "▶ " if entry["revision"] == here else "  "
            out.append(f"{marker}{entry['revision']} {article_label(entry['article'])}")
            if entry["relation"]:
                out.append(f" — {entry['relation']}", style="italic")
            if not entry["imported"]:
                out.append(" (text not imported)", style="dim")
            out.append("\n")
        imported = [e for e in self.chain if e["imported"] and e["han"]]
        for older, newer in itertools.pairwise(imported):
            out.append(f"\nWhat changed {older['revision']} → {newer['revision']}:", style="bold")
            if older["han"] == newer["han"]:
                out.append(" nothing (identical text)\n")
                continue
            out.append("  ")
            out.append("removed", style="strike red")
            out.append(" ")
            out.append("added", style="bold green")
            out.append("\n")
            out.append_text(diff_text(text_diff(older["han"], newer["han"])))
            out.append("\n")
        out.append("\n[r] open another revision", style="dim")
        return out

    def refresh_bai(self) -> None:
        if self.view is None:
            return
        offsets = self.paragraph_offsets()
        for i, p in enumerate(self.view["paragraphs"]):
            self.query_one(f"#row-{i}", Static).update(self.clause_row(p, offsets[i]))
        self.query_one("#colhead", Static).update(self.head_row())
        self.query_one("#whole-bai", Static).update(self.whole_bai())

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing here (so the footer fits 80 columns)."""
        if self.view is None and action not in ("back",):
            return False
        if action == "next_dialect":
            return len(self.dialects) > 1
        if action == "successor":
            return any(e.get("article") for e in (self.view or {}).get("superseded_by", []))
        if action == "other_revision":
            return bool(self.other_revisions)
        return True

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "dialect" and isinstance(event.value, str):
            self.dialect = event.value
            self.refresh_bai()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next_dialect(self) -> None:
        if len(self.dialects) < 2:
            return
        at = self.dialects.index(self.dialect) if self.dialect in self.dialects else -1
        self.query_one("#dialect", Select).value = self.dialects[(at + 1) % len(self.dialects)]

    def action_successor(self) -> None:
        for entry in (self.view or {}).get("superseded_by", []):
            if not entry.get("article"):
                continue
            revision = entry.get("revision")
            if revision is None:
                revisions = revisions_of(self.app.reader, entry["law"])  # type: ignore[attr-defined]
                if not revisions:
                    self.notify(f"{entry['law']} is not imported", severity="warning")
                    return
                revision = revisions[0]["label"]
            self.app.post_message(OpenArticle(ArticleRef(entry["law"], revision, entry["article"])))
            return

    def action_other_revision(self) -> None:
        others = self.other_revisions
        if not others:
            return
        here = (self.view or {}).get("revision")
        order = [e["revision"] for e in self.chain]
        newer = [e for e in others if order.index(e["revision"]) > order.index(here)]
        target = newer[0] if newer else others[-1]
        self.app.post_message(
            OpenArticle(ArticleRef(self.ref.law, target["revision"], target["article"]))
        )

    def action_bookmark(self) -> None:
        added = self.app.state.toggle_bookmark(
            self.ref.to_json() | {"label": (self.view or {}).get("label")}
        )  # type: ignore[attr-defined]
        self.query_one("#article-head", Static).update(self.head_text())
        self.post_message(BookmarkToggled(self.ref, added))

    def action_copy(self) -> None:
        if self.view is None:
            return
        self.app.copy_to_clipboard(plain_text(self.view, self.dialect, self.app.law_names))  # type: ignore[attr-defined]
        self.notify(
            f"Copied {self.view['label']} with its Bai ({self.dialect or 'none yet'})", timeout=3
        )

    def action_export(self) -> None:
        from glossary.tui.screens import ExportScreen

        app: Any = self.app
        folder = app.state.export_dir or app.settings.export_dir or str(Path.cwd())
        self.app.push_screen(ExportScreen(folder), self.export_to)

    def export_to(self, folder: Path | None) -> None:
        if folder is None or self.view is None:
            return
        app: Any = self.app
        try:
            paths = write_handout(self.view, self.dialect, folder, app.law_names)
        except OSError as exc:
            self.notify(f"Cannot write the handout into {folder}: {exc.strerror}", severity="error")
            return
        app.state.export_dir = str(folder)
        self.post_message(HandoutExported(self.ref, [str(p) for p in paths]))

    def action_terms(self) -> None:
        self.toggle_class("-show-terms")
        panel = self.query_one(TermsPanel)
        if self.has_class("-show-terms") or self.app.size.width >= 110:
            panel.focus()
        else:
            self.query_one("#clauses").focus()

    def action_scroll(self, direction: str) -> None:
        clauses = self.query_one("#clauses", VerticalScroll)
        if direction == "down":
            clauses.scroll_down()
        else:
            clauses.scroll_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("term:"):
            self.app.post_message(OpenTerm(int(event.option.id.split(":")[1])))
