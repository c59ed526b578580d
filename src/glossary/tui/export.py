"""An article as text to hand over: the clipboard copy, and the one-page handout (HTML and
Markdown) that a mediator prints or sends to the parties — written by the core
(io.handout, the same page as ``glossary handout``). Plain functions over the dict
``article_view`` returns, so they are tested without the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glossary.i18n import N_, _, active_language
from glossary.io.handout import build_page, write_handout_files
from glossary.io.handout_render import render_html
from glossary.lawtext.labels import paragraph_text
from glossary.lawtext.status import status_lines
from glossary.store.reader import Queryable
from glossary.store.review_status import status_mark

# A 款/项 with no translation in the dialect shown, in the copy and the article view.
MISSING_BAI = N_("no Bai translation yet")


def law_label(view: dict[str, Any]) -> str:
    return f"{view['law_name']} ({view['revision']}) {view['label']}"


def bai_of(paragraph: dict[str, Any], dialect: str | None) -> str | None:
    """The Bai shown for a 款/项: its own translation, or one carried from the same Han
    elsewhere (store.memory), marked as carried and where from."""
    renderings = paragraph.get("renderings") or {}
    found = next(iter(renderings.values()), None) if dialect is None else renderings.get(dialect)
    if found is None:
        return None
    if found["origin"] == "carried":
        carried = _("carried: {source}").format(source=found["source"])
        return f"{found['bai']} ({carried})"
    mark = status_mark(found.get("status"))
    return f"{found['bai']} ({mark})" if mark else str(found["bai"])


def plain_text(
    view: dict[str, Any], dialect: str | None, law_names: dict[str, str] | None = None
) -> str:
    """The article for the clipboard: Han, each 款/项 followed by its Bai."""
    lines = [f"{view['title']} ({view['revision']}) {view['label']}"]
    if view["path"]:
        lines.append(" / ".join(view["path"]))
    lines += status_lines(view, law_names)
    lines.append("")
    for p in view["paragraphs"]:
        lines.append(paragraph_text(p["label"], p["han"]))
        bai = bai_of(p, dialect)
        lines.append(f"  [{dialect or _('Bai')}] {bai}" if bai else f"  [{_(MISSING_BAI)}]")
    return "\n".join(lines) + "\n"


def write_handout(
    db: Queryable, view: dict[str, Any], folder: Path, language: str | None = None
) -> list[Path]:
    """Write <law>-<revision>-<article>.html and .md into the folder (created if needed):
    the core's handout (io.handout), every dialect with text, in ``language`` (default:
    the app's own)."""
    page = build_page(db, view, language or active_language())
    return write_handout_files(db, page, folder)


def handout_page(
    db: Queryable, view: dict[str, Any], language: str | None = None
) -> tuple[str, str]:
    """The handout as one HTML text and its file name: what a browser tab is sent
    (``glossary serve``), where a folder on the server would mean nothing to the tablet."""
    page = build_page(db, view, language or active_language())
    return render_html(page), f"{page.stem}.html"
