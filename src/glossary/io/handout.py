"""The one-page handout a mediator gives the parties: an article's Han text with its Bai in
every dialect that has text, each translation's status, the law's status in plain words,
the date, and for a repealed or older text the article now in force beside it.

Written from the core so the app (``e`` on an article) and ``glossary handout`` make the
same page. The page is put together here as plain strings in the handout's language
(:class:`Page`, through ``i18n.translation(language)``, not the active language: a handout
in Chinese can be written from an English session); ``io.handout_render`` turns it into
HTML or Markdown. Nothing is invented: a missing translation is said to be missing, a
machine's suggestion is never shown as a translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from babel.dates import format_date

from glossary import i18n
from glossary.errors import GlossaryError
from glossary.i18n import N_
from glossary.io.handout_render import (
    Cell,
    Comparison,
    Page,
    Row,
    Successor,
    Table,
    render_html,
    render_markdown,
)
from glossary.io.output import write_text
from glossary.lawtext.labels import paragraph_text
from glossary.lawtext.refs import parse_ref
from glossary.lawtext.status import (
    IN_FORCE,
    STATUS_LABELS,
    plain_link_notes,
    plain_status,
    successor_name,
)
from glossary.store.browse import DIALECT_NAMES, DIALECT_TITLES
from glossary.store.queries import article_view, law_names, require_law
from glossary.store.reader import Queryable
from glossary.store.review_status import plain_status as plain_translation_status

LANGUAGES = i18n.LANGUAGES
DEFAULT_LANGUAGE = i18n.CHINESE  # the handout is for the parties

HAN_HEADING = N_("Chinese text of the law")
MISSING = N_("No Bai translation yet")
NO_BAI_AT_ALL = N_("No Bai translation of this article yet")
CARRIED = N_("Carried over from {place} (the same Chinese text)")
OFFICIAL = N_(
    "The Chinese text is the official text of the law; the Bai translations help to understand it."
)


class Words:
    """The handout's language: its catalog and its way of writing dates."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise GlossaryError(
                f"no handout language {language!r}", fix="use --language zh or --language en"
            )
        self.language = language
        self.gettext = i18n.translation(language).gettext
        self.locale = i18n.CATALOG_LOCALES.get(language, language)

    def __call__(self, message: str, **fields: Any) -> str:
        return self.gettext(message).format(**fields) if fields else self.gettext(message)

    def date(self, value: str | dt.date) -> str:
        """An ISO date (or the start of an ISO time) as the language writes it; text that
        is not a date is shown as it is."""
        if not isinstance(value, str):
            return str(format_date(value, format="long", locale=self.locale))
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
        return str(format_date(day, format="long", locale=self.locale))


# --- which article, which dialects ---------------------------------------------------------


def find_article(
    db: Queryable, ref: str, law: str | None = None, revision: str | None = None
) -> dict[str, Any]:
    """The article view for a reference as search understands it (``民法典 1079``,
    ``婚姻法第三十二条``, or ``32`` with ``law``); a GlossaryError says what is wrong."""
    parsed = parse_ref(ref)
    if parsed is None:
        raise GlossaryError(
            f"{ref!r} is not an article reference",
            fix="write the law and the article, e.g. 民法典 1079 or 婚姻法第三十二条",
        )
    if not parsed.law and not law:
        raise GlossaryError(
            f"{ref!r} names no law", fix=f"write it with the law (民法典 {ref}) or give --law"
        )
    slug = require_law(db, parsed.law or str(law))
    if parsed.law and law and require_law(db, law) != slug:
        raise GlossaryError(
            f"{ref!r} is in another law than --law {law}", fix="leave out --law, or the law's name"
        )
    return article_view(db, slug, parsed.number, parsed.sub, revision)


DIALECT_ORDER = tuple(DIALECT_NAMES)


def dialect_order(codes: Iterable[str]) -> list[str]:
    """bca, bfs, bfc first (the project's order), any other variety after, by name."""
    rank = {code: n for n, code in enumerate(DIALECT_ORDER)}
    return sorted(set(codes), key=lambda c: (rank.get(c, len(rank)), c))


def dialects_with_text(view: dict[str, Any]) -> list[str]:
    """The dialects some 款/项 of the article has Bai in (its own or carried)."""
    return dialect_order(d for p in view["paragraphs"] for d in (p.get("renderings") or {}))


def check_dialects(db: Queryable, wanted: Sequence[str]) -> list[str]:
    """The dialects asked for, known to the project or in the store; else a GlossaryError."""
    known = set(DIALECT_NAMES) | {
        str(row[0]) for row in db.execute("SELECT DISTINCT dialect FROM translations")
    }
    unknown = [d for d in wanted if d not in known]
    if unknown:
        raise GlossaryError(
            f"unknown dialect {unknown[0]!r}",
            fix="give --dialect " + ", ".join(dialect_order(known)),
        )
    return dialect_order(wanted)


# --- the page -------------------------------------------------------------------------------


def build_page(
    db: Queryable,
    view: dict[str, Any],
    language: str = DEFAULT_LANGUAGE,
    dialects: Sequence[str] | None = None,
    today: dt.date | None = None,
) -> Page:
    """The handout of the article ``view`` (``store.queries.article_view``): every dialect
    with text unless ``dialects`` names some; the date written is ``today``."""
    words = Words(language)
    chosen = check_dialects(db, dialects) if dialects else None
    names = law_names(db)
    date_written = words.date(today or dt.date.today())
    return Page(
        language=language,
        title=f"{view['title']} {view['label']}",
        facts=facts(view, words, date_written),
        status_heading=words(N_("Status:")),
        status=plain_status(view, words.gettext, words.date),
        in_force=view["status"] == IN_FORCE and not view["superseded_by"],
        table=article_table(view, chosen, words),
        successors=tuple(
            successor(db, entry, names, chosen, words) for entry in view["superseded_by"]
        ),
        successors_heading=words(N_("The text now in force")),
        comparison=comparison(db, view, names, words),
        footer=words(OFFICIAL),
        stem=handout_stem(view),
    )


def facts(view: dict[str, Any], words: Words, date_written: str) -> tuple[tuple[str, str], ...]:
    revision = view["revision"]
    if view.get("decided_on"):
        revision = words(
            N_("{revision} (adopted or amended on {date})"),
            revision=view["revision"],
            date=words.date(view["decided_on"]),
        )
    found = [
        (words(N_("Law")), f"{view['title']} ({view['law_name']})"),
        (words(N_("Revision")), revision),
        (words(N_("Article")), str(view["label"])),
    ]
    if view["path"]:
        found.append((words(N_("Part")), " / ".join(view["path"])))
    found.append((words(N_("Written on")), date_written))
    return tuple(found)


def dialect_heading(code: str, words: Words) -> str:
    title = DIALECT_TITLES.get(code)
    return f"{words(title)} · {code}" if title else code


def article_table(view: dict[str, Any], chosen: Sequence[str] | None, words: Words) -> Table:
    """Han | Bai per dialect (those asked for, or every one with text)."""
    dialects = list(chosen) if chosen is not None else dialects_with_text(view)
    headings = (words(HAN_HEADING), *(dialect_heading(d, words) for d in dialects))
    note = None
    if not dialects:  # no Bai at all: one column that says so on every line
        headings = (words(HAN_HEADING), words(N_("Bai")))
        note = words(NO_BAI_AT_ALL)
    rows = []
    for p in view["paragraphs"]:
        renderings = p.get("renderings") or {}
        cells = tuple(cell(renderings.get(d), words) for d in dialects) or (cell(None, words),)
        rows.append(Row(paragraph_text(p["label"], p["han"]), cells, p["kind"] == "item"))
    return Table(headings, tuple(rows), note, tuple(dialects))


def cell(rendering: dict[str, Any] | None, words: Words) -> Cell:
    """One translation with its status in plain words; a missing one says so."""
    if rendering is None:
        return Cell(None, words(MISSING))
    status = rendering.get("status")
    on = rendering.get("reviewed_at")
    note = plain_translation_status(
        status, rendering.get("reviewed_by"), words.date(on) if on else None, words.gettext
    )
    if rendering.get("origin") == "carried":
        note = f"{note} · {words(CARRIED, place=rendering['source'])}"
    return Cell(str(rendering["bai"]), note, status not in ("reviewed", "approved"))


def successor(
    db: Queryable,
    entry: dict[str, Any],
    names: dict[str, str],
    chosen: Sequence[str] | None,
    words: Words,
) -> Successor:
    """The text now in force for one successor link, or what is known of it."""
    notes = link_notes(entry, words)
    name = successor_name(entry, names)
    if not entry.get("article"):
        heading = words(N_("Replaced by {name}; the matching article is not known"), name=name)
        return Successor(heading, tuple(notes), None)
    heading = words(N_("Now in force: {name}"), name=name)
    try:
        view = article_view(db, entry["law"], entry["article"], 0, entry.get("revision"))
    except GlossaryError:
        notes.append(words(N_("This article's text is not in the glossary.")))
        return Successor(heading, tuple(notes), None)
    return Successor(heading, tuple(notes), article_table(view, chosen, words))


def comparison(
    db: Queryable, view: dict[str, Any], names: dict[str, str], words: Words
) -> Comparison | None:
    """This article's Han beside the text now in force (the best match), for an article
    that is not the law in force; None when there is none to show."""
    for entry in view["superseded_by"]:
        if not entry.get("article"):
            continue
        try:
            now = article_view(db, entry["law"], entry["article"], 0, entry.get("revision"))
        except GlossaryError:
            continue
        this = words(N_("This article ({status})"), status=words(STATUS_LABELS[view["status"]]))
        there = words(N_("Now in force: {name}"), name=successor_name(entry, names))
        lines = [paragraph_text(p["label"], p["han"]) for p in view["paragraphs"]]
        new = [paragraph_text(p["label"], p["han"]) for p in now["paragraphs"]]
        notes = link_notes(entry, words)
        return Comparison((this, there), tuple(lines), tuple(new), " · ".join(notes))
    return None


def link_notes(entry: dict[str, Any], words: Words) -> list[str]:
    """How far to trust a successor link, in plain words of the handout's language."""
    return plain_link_notes(entry, words.gettext)


def handout_stem(view: dict[str, Any]) -> str:
    """``hunyin-fa-2001-32``: the file name of an article's handout, without suffix."""
    sub = f"-{view['sub']}" if view.get("sub") else ""
    return f"{view['law']}-{view['revision']}-{view['article']}{sub}"


# --- writing --------------------------------------------------------------------------------


def write_page(db: Queryable, page: Page, path: Path, *, force: bool = False) -> Path:
    """Write the page to ``path`` (Markdown for ``.md``, else HTML) through
    ``io.output.open_export``: complete or not at all, never over the database."""
    text = render_markdown(page) if path.suffix.lower() == ".md" else render_html(page)
    write_text(path, text, db, force=force)
    return path


def write_handout_files(db: Queryable, page: Page, folder: Path) -> list[Path]:
    """``<stem>.html`` and ``<stem>.md`` in ``folder`` (made if needed), replaced if there:
    the app's export."""
    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_page(db, page, folder / f"{page.stem}{suffix}", force=True)
        for suffix in (".html", ".md")
    ]
