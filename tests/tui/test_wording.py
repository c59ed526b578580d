"""The app's banner and the clipboard copy say an article's status with the one wording of
glossary.lawtext.status; the handout (written by the core, io.handout) says it in plain
words of the same module (no Textual app needed)."""

from __future__ import annotations

import html
from pathlib import Path

from glossary.i18n import translation
from glossary.io.handout import build_page
from glossary.io.handout_render import render_html, render_markdown
from glossary.lawtext.status import (
    PLAIN_COMPUTED_NOTE,
    PLAIN_STATUS,
    REPEALED,
    status_headline,
    status_lines,
    successor_name,
)
from glossary.store.queries import article_view
from glossary.store.reader import open_reader
from glossary.tui.article_parts import banner_text
from glossary.tui.context import Catalog
from glossary.tui.export import plain_text


def handout(db: Path, view: dict, language: str = "en") -> tuple[str, str]:
    """The core's handout of ``view``: (HTML, Markdown)."""
    reader = open_reader(db)
    page = build_page(reader, view, language)
    reader.close()
    return render_html(page), render_markdown(page)


def repealed_view(app_db: Path) -> tuple[dict, dict[str, str]]:
    reader = open_reader(app_db)
    catalog = Catalog()
    catalog.reload(reader)
    view = article_view(reader, "hunyin-fa", 32, 0, "2001")
    reader.close()
    return view, catalog.law_names


def test_copy_carries_the_status_lines_and_the_handout_says_them_plainly(app_db: Path) -> None:
    view, names = repealed_view(app_db)
    lines = status_lines(view, names)
    assert len(lines) >= 2 and "2021-01-01" in lines[0]
    assert all(line in plain_text(view, "bca", names) for line in lines)
    for language in ("en", "zh"):
        words = translation(language).gettext
        for text in handout(app_db, view, language):
            assert words(PLAIN_STATUS[REPEALED]).split("{")[0] in text
            assert words(PLAIN_COMPUTED_NOTE) in text
            assert all(successor_name(entry, names) in text for entry in view["superseded_by"])
            assert "machine-computed" not in text


def test_the_banner_says_the_headline_and_each_successor(app_db: Path) -> None:
    view, names = repealed_view(app_db)
    banner = banner_text(view, names)
    assert banner is not None
    assert banner.plain.startswith(status_headline(view) or "?")
    assert all(successor_name(entry, names) in banner.plain for entry in view["superseded_by"])


def test_copy_and_handout_show_a_carried_translation_as_carried(
    snapshot_db_master: Path,
) -> None:
    reader = open_reader(snapshot_db_master)
    view = article_view(reader, "minfadian", 1079, 0, "2020")
    reader.close()
    carried = [
        (p, r)
        for p in view["paragraphs"]
        for r in (p.get("renderings") or {}).values()
        if r["origin"] == "carried"
    ]
    assert carried, "the made-up store carries a translation into 民法典 1079"
    paragraph, rendering = carried[0]
    dialect = next(d for d, r in paragraph["renderings"].items() if r is rendering)
    assert paragraph["bai"] is None or dialect not in paragraph["bai"]  # not its own
    mark = f"{rendering['bai']} (carried: {rendering['source']})"
    assert mark in plain_text(view, dialect)
    carried_from = f"Carried over from {rendering['source']}"
    page, markdown = handout(snapshot_db_master, view)
    assert html.escape(rendering["bai"]) in page and html.escape(carried_from) in page
    assert carried_from in markdown
