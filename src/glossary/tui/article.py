"""The article view: Han and Bai side by side, one row per 款/项 so both columns scroll
together and a mediator reading aloud never loses the matching line.

Around the text: where the article sits (编/章/节) and whether it is in force; for a
repealed law, the successor articles and a key that goes there; the glossary terms in the
text with their Bai forms; the other revisions of the article and what changed. What the
pieces say is built in :mod:`glossary.tui.article_parts`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Select, Static

from glossary.errors import GlossaryError
from glossary.i18n import N_, _
from glossary.lawtext.status import IN_FORCE
from glossary.store.browse import TermMatch, dialect_name
from glossary.store.queries import revisions_of
from glossary.store.reader import Queryable
from glossary.store.recordings import Recording
from glossary.tui import article_parts as parts
from glossary.tui import editor
from glossary.tui.article_data import ArticleData, load_article
from glossary.tui.audio import PlaysRecordings, play_bindings
from glossary.tui.context import AppContext
from glossary.tui.dialogs import ExportScreen
from glossary.tui.export import handout_page, plain_text, write_handout
from glossary.tui.messages import (
    ArticleKey,
    ArticleOpened,
    BookmarkToggled,
    HandoutExported,
    OpenArticle,
    OpenTerm,
)
from glossary.tui.revisions import RevisionsScreen


class TermsPanel(OptionList):
    """The glossary terms found in the article, each with its Bai forms."""

    HELP = N_("""\
## Terms in this article
Glossary terms found in the Han text (underlined there), with their Bai forms by dialect
and script. **Enter** opens a term; **Esc** goes back to the text.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "leave", N_("Back to text"), id="terms.leave"),
        Binding("j", "cursor_down", N_("Down"), show=False, id="terms.down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="terms.up"),
    ]

    def action_leave(self) -> None:
        self.screen.remove_class("-show-terms")
        self.screen.query_one("#clauses").focus()


ARTICLE_HELP = N_("""\
## Article
Han on the left, Bai on the right, one row per 款 (paragraph) and 项 (item), so the two
stay side by side as you scroll. A missing translation says so.

- **d** next Bai dialect (or pick one above the text) · **s** go to the successor
  (a repealed law's new article, or the newest revision) · **r** every revision of
  this article (and the law that replaced it), to open one
- **o** the repealed article this one replaced (matched by computer, not yet checked)
- **b** bookmark · **c** copy Han and Bai · **e** export a one-page handout (in a browser
  tab, the browser opens it)
- **t** the glossary terms in this article · **↑ ↓ j k PgUp PgDn** scroll · **Esc** back
- **p** plays the recording of the marked 款/项 in the dialect shown (▶ marks those that
  have one; **n N** move the mark) · **p** again stops it

Editor mode (`edit = true` in config.toml, or `glossary --edit`): **n N** next/previous
款/项 · **E** type its Bai · **A** accept the best suggestion (draft) · **v** mark it
reviewed · **V** approved. Each save is one batch: `glossary history`, `glossary undo N`.
""")


class ArticleScreen(PlaysRecordings, Screen[None]):
    """One article, Han | Bai, paragraph by paragraph and item by item."""

    ctx: AppContext
    KIND = "article"
    HELP = ARTICLE_HELP
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "back", N_("Back"), id="article.back"),
        Binding("d", "next_dialect", N_("Dialect"), id="article.dialect"),
        Binding("s", "successor", N_("Successor"), id="article.successor"),
        Binding("o", "predecessor", N_("Predecessor"), id="article.predecessor"),
        Binding("b", "bookmark", N_("Bookmark"), id="article.bookmark"),
        Binding("c", "copy", N_("Copy"), id="article.copy"),
        Binding("e", "export", N_("Export"), id="article.export"),
        Binding("r", "other_revision", N_("Revision"), show=False, id="article.revision"),
        Binding("t", "terms", N_("Terms"), show=False, id="article.terms"),
        Binding("j", "scroll('down')", N_("Down"), show=False, id="article.down"),
        Binding("k", "scroll('up')", N_("Up"), show=False, id="article.up"),
        Binding("n", "move_place(1)", N_("Next 款/项"), show=False, id="article.next_place"),
        Binding("N", "move_place(-1)", N_("Prev 款/项"), show=False, id="article.previous_place"),
        *play_bindings("article"),
        Binding("E", "edit_bai", N_("Edit Bai"), id="article.edit_bai"),
        Binding("A", "accept_suggestion", N_("Accept"), id="article.accept_suggestion"),
        Binding("v", "mark('reviewed')", N_("Reviewed"), show=False, id="article.mark_reviewed"),
        Binding("V", "mark('approved')", N_("Approved"), show=False, id="article.mark_approved"),
    ]
    EDITOR_ACTIONS = ("edit_bai", "accept_suggestion", "mark")

    def __init__(self, ctx: AppContext, ref: ArticleKey) -> None:
        super().__init__()
        self.ctx = ctx
        self.ref = ref
        self.data: ArticleData = load_article(ctx.reader, ref)
        self.dialect: str | None = self.data.dialect_for(ctx.session.preferred_dialect)
        self.place = 0  # the 款/项 editor mode acts on (index into the paragraphs)

    @property
    def view(self) -> dict[str, Any] | None:
        return self.data.view

    @property
    def dialects(self) -> list[str]:
        return self.data.dialects

    @property
    def terms(self) -> list[TermMatch]:
        return self.data.terms

    @property
    def other_revisions(self) -> list[dict[str, Any]]:
        return self.data.other_revisions

    @property
    def current_paragraph(self) -> dict[str, Any] | None:
        paragraphs = self.data.paragraphs
        return paragraphs[min(self.place, len(paragraphs) - 1)] if paragraphs else None

    @property
    def hints(self) -> int:
        """Suggestions under a missing translation: 2 on a large screen, else 1."""
        size = self.app.size
        return 2 if size.width >= 110 and size.height >= 36 else 1

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        view = self.data.view
        if view is None:
            with VerticalScroll(id="clauses"):
                yield Static(
                    Text.assemble(
                        (_("This article cannot be shown.") + " ", "bold red"),
                        self.data.problem or "",
                    ),
                    id="article-problem",
                )
            yield Footer(show_command_palette=False, compact=True)
            return
        yield Static(self.head_text(), id="article-head")
        banner = parts.banner_text(view, self.ctx.catalog.law_names)
        yield Static(banner or "", id="banner", classes=view["status"])
        replaces = parts.replaces_text(view, self.ctx.catalog.law_names)
        yield Static(replaces or "", id="replaces")
        with Horizontal(id="dialect-bar"):
            yield Label(_("Bai dialect:") + " ")
            yield Select(
                [(dialect_name(d), d) for d in self.dialects],
                value=self.dialect if self.dialect else Select.NULL,
                allow_blank=not self.dialects,
                id="dialect",
                compact=True,
            )
        with Horizontal(id="article-body"):
            with VerticalScroll(id="clauses"):
                yield from self.compose_clauses(view)
            yield TermsPanel(*parts.term_options(self.terms), id="terms-side")
        yield Footer(show_command_palette=False, compact=True)

    def compose_clauses(self, view: dict[str, Any]) -> ComposeResult:
        yield Static(parts.head_row(self.data, self.dialect), id="colhead")
        offsets = self.data.paragraph_offsets()
        for i, p in enumerate(view["paragraphs"]):
            with Vertical(classes=f"clause {p['kind']}"):
                row = parts.clause_row(self.data, p, offsets[i], self.dialect, self.hints)
                yield Static(row, classes="pair", id=f"row-{i}")
                terms_line = parts.row_terms(self.terms, p, offsets[i], self.dialect)
                if terms_line is not None:
                    yield Static(terms_line, classes="row-terms")
        yield Static(parts.whole_bai(self.data, self.dialect), id="whole-bai")
        yield Static(parts.revisions_text(self.data, self.ctx.catalog.law_names), id="revisions")

    def on_mount(self) -> None:
        self.show_parts()
        if self.data.view is not None:
            self.post_message(ArticleOpened(self.ref, self.data.view["label"]))

    def show_parts(self) -> None:
        """Hide what this article has nothing for; the focus goes to the text."""
        view = self.data.view
        if view is not None:
            self.query_one("#banner").display = view["status"] != IN_FORCE
            self.query_one("#replaces").display = bool(view.get("replaces"))
            self.query_one("#dialect-bar").display = len(self.dialects) > 1
            self.query_one("#whole-bai").display = bool(view["bai"])
            self.query_one("#revisions").display = bool(self.other_revisions)
            self.query_one("#clauses").focus()
            self.show_place()
            show_kuan(self)

    @property
    def has_place(self) -> bool:  # a 款/项 is marked: in editor mode, or for a recording
        return bool(self.data.paragraphs) and (self.ctx.editing or bool(self.data.recorded))

    @property
    def recording_here(self) -> Recording | None:
        """What ``p`` plays: the marked 款/项's recording in the dialect shown."""
        return self.data.recording(self.current_paragraph, self.dialect)

    def show_place(self) -> None:
        """Mark the 款/项 that E, A, v and V act on and p plays."""
        if not self.has_place:
            return
        self.place = min(self.place, len(self.data.paragraphs) - 1)
        for row in self.query(".pair"):
            row.set_class(row.id == f"row-{self.place}", "-current")
        self.query_one(f"#row-{self.place}").scroll_visible()

    async def data_changed(self) -> None:
        """Another process wrote: show the new Bai, terms or revisions if there are any."""
        fresh = load_article(self.ctx.reader, self.ref)
        if fresh == self.data:
            return
        self.data = fresh
        self.dialect = fresh.dialect_for(self.dialect or self.ctx.session.preferred_dialect)
        await self.recompose()
        self.show_parts()

    def head_text(self) -> Text:
        bookmarked = self.ctx.state.is_bookmarked(self.ref.to_json())
        return parts.head_text(self.data.view or {}, bookmarked)

    def refresh_bai(self) -> None:
        view = self.data.view
        if view is None:
            return
        offsets = self.data.paragraph_offsets()
        for i, p in enumerate(view["paragraphs"]):
            row = parts.clause_row(self.data, p, offsets[i], self.dialect, self.hints)
            self.query_one(f"#row-{i}", Static).update(row)
        self.query_one("#colhead", Static).update(parts.head_row(self.data, self.dialect))
        self.query_one("#whole-bai", Static).update(parts.whole_bai(self.data, self.dialect))
        self.refresh_bindings()

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing here (so the footer fits 80 columns)."""
        if self.data.view is None and action not in ("back",):
            return False
        if action in self.EDITOR_ACTIONS:
            return self.ctx.editing
        if action == "move_place":
            return self.has_place
        if action in ("play", "stop_sound"):
            return self.can_play(action)
        if action == "next_dialect":
            return len(self.dialects) > 1
        if action == "successor":
            return any(e.get("article") for e in self.data.successors)
        if action == "predecessor":
            return bool(self.data.predecessors)
        if action == "other_revision":
            return bool(self.data.linked)
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
        entry = next((e for e in self.data.successors if e.get("article")), None)
        if entry is None:
            return
        revision = entry.get("revision")
        if revision is None:
            revisions = revisions_of(self.ctx.reader, entry["law"])
            if not revisions:
                self.notify(_("{law} is not imported").format(law=entry["law"]), severity="warning")
                return
            revision = revisions[0]["label"]
        self.app.post_message(OpenArticle(ArticleKey(entry["law"], revision, entry["article"])))

    def action_predecessor(self) -> None:
        """o: the repealed law's article this one replaced (the first, if several)."""
        for entry in self.data.predecessors[:1]:
            self.app.post_message(OpenArticle(ArticleKey.from_json(entry)))

    def action_other_revision(self) -> None:
        """r: every revision of the article, and the law that replaced it, to pick from."""
        if not self.data.linked:
            return
        self.app.push_screen(
            RevisionsScreen(self.ctx, self.ref, self.data.chain), self.open_revision
        )

    def open_revision(self, key: ArticleKey | None) -> None:
        if key is not None:
            self.app.post_message(OpenArticle(key))

    def action_bookmark(self) -> None:
        label = (self.data.view or {}).get("label")
        added = self.ctx.state.toggle_bookmark(self.ref.to_json() | {"label": label})
        self.query_one("#article-head", Static).update(self.head_text())
        self.post_message(BookmarkToggled(self.ref, added))

    def action_copy(self) -> None:
        view = self.data.view
        if view is None:
            return
        self.app.copy_to_clipboard(plain_text(view, self.dialect, self.ctx.catalog.law_names))
        said = _("Copied {article} with its Bai ({dialect})").format(
            article=view["label"], dialect=self.dialect or _("none yet")
        )
        self.notify(said, timeout=3)

    def action_export(self) -> None:
        if self.app.is_web:  # glossary serve: the tablet gets the page, not a server folder
            if self.data.view is not None:
                deliver_handout(self, self.ctx.reader, self.data.view)
            return
        state, settings = self.ctx.state, self.ctx.settings
        folder = state.export_dir or settings.export_dir or str(Path.cwd())
        dialog = ExportScreen(folder, self.ctx.cursor_blink)
        self.app.push_screen(dialog, lambda chosen: export_to(self, chosen))

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

    def action_move_place(self, step: int) -> None:
        self.place = max(0, min(self.place + step, len(self.data.paragraphs) - 1))
        self.show_place()
        self.refresh_bindings()

    def action_edit_bai(self) -> None:
        editor.edit_bai(self)

    def action_accept_suggestion(self) -> None:
        editor.accept_suggestion(self)

    def action_mark(self, status: str) -> None:
        editor.mark(self, status)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("term:"):
            self.app.post_message(OpenTerm(int(event.option.id.split(":")[1])))


def export_to(screen: ArticleScreen, folder: Path | None) -> None:
    """Write the handout into the folder the export dialog chose (None: cancelled)."""
    view = screen.data.view
    if folder is None or view is None:
        return
    try:
        paths = write_handout(screen.ctx.reader, view, folder)
    except (OSError, GlossaryError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else exc.what
        said = _("Cannot write the handout into {folder}: {error}")
        screen.notify(said.format(folder=folder, error=why), severity="error")
        return
    screen.ctx.state.export_dir = str(folder)
    screen.post_message(HandoutExported(screen.ref, [str(p) for p in paths]))


def show_kuan(screen: ArticleScreen) -> None:
    """Opened at a 款 (第1079条第二款): its rows highlighted and scrolled to the top."""
    rows = screen.data.kuan_rows(screen.ref.paragraph)
    for i in rows:
        screen.query_one(f"#row-{i}").add_class("-target")
    if rows:
        screen.call_after_refresh(screen.query_one(f"#row-{rows[0]}").scroll_visible, top=True)


def deliver_handout(screen: Screen[None], reader: Queryable, view: dict[str, Any]) -> None:
    """Send the handout to the browser, which opens it (to print or save)."""
    try:
        page, name = handout_page(reader, view)
    except GlossaryError as exc:
        screen.notify(exc.what, severity="error")
        return
    screen.app.deliver_text(io.StringIO(page), save_filename=name, open_method="browser")
    screen.notify(_("Handout sent to the browser: {name}").format(name=name), timeout=5)
