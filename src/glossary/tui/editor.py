"""Editor mode on the article screen: type or paste one 款/项's Bai, accept the best
suggestion, mark it reviewed or approved. Every save opens a writer on the file, writes one
batch through :mod:`glossary.store.edit` and closes it again; the screens read on through
their read-only connection and show the change (DatabaseChanged)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from glossary.errors import GlossaryError
from glossary.i18n import N_, _
from glossary.store import edit
from glossary.store.db import open_db
from glossary.store.suggest import suggestions
from glossary.store.translations import DIALECTS
from glossary.tui.context import AppContext
from glossary.tui.messages import DatabaseChanged

if TYPE_CHECKING:
    from sqlite_utils import Database

NO_REVIEWER = N_(
    'Who reviews? Set reviewer = "NAME" (or translator = "NAME") in config.toml, '
    "then start the app again."
)

MARKED = {
    "reviewed": N_("Marked reviewed by {reviewer}"),
    "approved": N_("Marked approved by {reviewer}"),
}


class BaiEditScreen(ModalScreen[str | None]):
    """Ask for one 款/项's Bai: Enter or ctrl+s saves, Esc cancels."""

    KIND = "edit-bai"
    HELP = N_("""\
## Edit Bai
Type or paste the Bai of this 款/项 in the dialect shown. **Enter** or **ctrl+s** saves it
as one change in the history (`glossary undo` restores); **Esc** cancels.
""")
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", N_("Cancel"), id="edit.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="edit.save"),
    ]

    def __init__(self, title: str, bai: str, cursor_blink: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.bai = bai
        self.cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-bai"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(self.bai, id="edit-bai-text")
            yield Static(Text(_("Enter or ctrl+s saves · Esc cancels"), style="dim"))

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = self.cursor_blink
        box.focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_save(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Writer(Protocol):
    """What a save needs of the screen it is made on (the article, the revisions list)."""

    ctx: AppContext

    @property
    def app(self) -> App[Any]: ...

    def notify(
        self, message: str, *, title: str = ..., severity: Any = ..., timeout: Any = ...
    ) -> None: ...


class ArticleScreen(Writer, Protocol):
    """What editor mode needs of the article screen (no import of it: no cycle)."""

    dialect: str | None

    @property
    def current_paragraph(self) -> dict[str, Any] | None: ...


def place_dialect(screen: ArticleScreen) -> str:
    """The dialect an edit is in: the one shown, else the preferred one, else the first."""
    return screen.dialect or screen.ctx.session.preferred_dialect or DIALECTS[0]


def write(screen: Writer, what: str, change: Callable[[Database], int | None]) -> bool:
    """Open a writer, make one change (one batch), close it; say what happened. False when
    nothing could be written (an error, said; or no database file)."""
    path = screen.ctx.db_path
    if path is None:
        return False
    try:
        db = open_db(path)
        try:
            batch = change(db)
        finally:
            db.close()
    except GlossaryError as exc:
        screen.notify(str(exc), title=_("Not saved"), severity="error", timeout=8)
        return False
    if batch is None:
        screen.notify(_("{what}: nothing to change").format(what=what), timeout=3)
        return True
    said = _("{what} (batch {batch}; glossary undo {batch} restores)")
    screen.notify(said.format(what=what, batch=batch), timeout=5)
    screen.app.post_message(DatabaseChanged())
    return True


def edit_bai(screen: ArticleScreen) -> None:
    para = screen.current_paragraph
    if para is None:
        return
    dialect = place_dialect(screen)
    own = (para["bai"] or {}).get(dialect, "")
    title = _("Bai ({dialect}) of {place}:").format(
        dialect=dialect, place=para["label"] or _("this paragraph")
    )

    def save(text: str | None) -> None:
        if text is None:
            return
        translator = screen.ctx.settings.translator
        write(
            screen,
            _("Bai saved"),
            lambda db: edit.save_bai(db, para["id"], dialect, text, translator=translator),
        )

    screen.app.push_screen(BaiEditScreen(title, own, screen.ctx.cursor_blink), save)


def accept_suggestion(screen: ArticleScreen) -> None:
    para = screen.current_paragraph
    if para is None:
        return
    dialect = place_dialect(screen)
    found = suggestions(screen.ctx.reader, para["id"], dialect, limit=1)
    if not found:
        said = _("No suggestion for this place in {dialect}").format(dialect=dialect)
        screen.notify(said, severity="warning")
        return
    best, translator = found[0], screen.ctx.settings.translator
    write(
        screen,
        _("Suggestion ({score}) accepted as draft").format(score=best.score),
        lambda db: edit.save_bai(db, para["id"], dialect, best.bai, translator=translator),
    )


def mark(screen: ArticleScreen, status: str) -> None:
    para = screen.current_paragraph
    if para is None:
        return
    reviewer = screen.ctx.reviewer
    if reviewer is None:
        screen.notify(_(NO_REVIEWER), title=_("Not marked"), severity="warning", timeout=8)
        return
    dialect = place_dialect(screen)
    write(
        screen,
        _(MARKED.get(status, MARKED["reviewed"])).format(reviewer=reviewer),
        lambda db: edit.mark(db, para["id"], dialect, status, reviewer),
    )
