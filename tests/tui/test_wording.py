"""The app's banner, the clipboard copy and the handout say an article's status with the
one wording of glossary.lawtext.status (no Textual app needed)."""

from __future__ import annotations

import html
from pathlib import Path

from glossary.lawtext.status import status_headline, status_lines, successor_name
from glossary.store.queries import article_view
from glossary.store.reader import open_reader
from glossary.tui.article_parts import banner_text
from glossary.tui.context import Catalog
from glossary.tui.export import handout_html, handout_markdown, plain_text


def repealed_view(app_db: Path) -> tuple[dict, dict[str, str]]:
    reader = open_reader(app_db)
    catalog = Catalog()
    catalog.reload(reader)
    view = article_view(reader, "hunyin-fa", 32, 0, "2001")
    reader.close()
    return view, catalog.law_names


def test_copy_and_handout_carry_the_status_lines(app_db: Path) -> None:
    view, names = repealed_view(app_db)
    lines = status_lines(view, names)
    assert len(lines) >= 2 and "2021-01-01" in lines[0]
    for text in (plain_text(view, "bca", names), handout_markdown(view, "bca", names)):
        assert all(line in text for line in lines)
    page = handout_html(view, "bca", names)
    assert all(html.escape(line) in page for line in lines)


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
    mark = f"{rendering['bai']} (沿用 carried: {rendering['source']})"
    assert mark in plain_text(view, dialect)
    assert mark in handout_markdown(view, dialect)
    assert html.escape(mark) in handout_html(view, dialect)
