"""The handout command: one article's page for the parties, written by the core
(``io.handout``, the same page as the app's export)."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.base import cli, db_options, emit_json, open_for_reading


@cli.command()
@db_options
@click.argument("ref", nargs=-1, required=True)
@click.option("--law", help="The law, when REF is only an article number (slug, name or alias).")
@click.option("--revision", help="Revision label (default: the newest).")
@click.option(
    "--dialect",
    "dialects",
    multiple=True,
    help="Only this dialect (bca, bfs, bfc); repeat for several. Default: every one with text.",
)
@click.option(
    "--language",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="The language of the page's own words (the parties read them).",
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write: FILE.html (or FILE.md for Markdown).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def handout(
    ref: tuple[str, ...],
    law: str | None,
    revision: str | None,
    dialects: tuple[str, ...],
    language: str,
    out: Path,
    force: bool,
    as_json: bool,
) -> None:
    """Write a one-page handout of an article: REF such as 民法典 1079, 婚姻法 32."""
    from glossary.io.handout import build_page, find_article, write_page

    db = open_for_reading()
    view = find_article(db, " ".join(ref), law, revision)
    page = build_page(db, view, language, list(dialects) or None)
    write_page(db, page, out, force=force)
    shown = list(page.table.dialects)
    if as_json:
        emit_json({"path": str(out), "article": page.title, "dialects": shown})
        return
    dialect_text = ", ".join(shown) if shown else "no Bai translation yet"
    click.echo(f"wrote {out}: {page.title} ({dialect_text})")
