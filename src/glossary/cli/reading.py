"""Commands that only read: search and sql."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from glossary.cli.base import (
    cli,
    db_options,
    emit_json,
    open_for_reading,
)

if TYPE_CHECKING:
    from glossary.search.model import Hit


@cli.command()
@db_options
@click.argument("query", nargs=-1, required=True)
@click.option("--law", help="Only this law (slug, name or alias).")
@click.option("--revision", help="Only this revision (default: the newest of each law).")
@click.option("--all-revisions", is_flag=True, help="Search every revision, not only the newest.")
@click.option(
    "--in-force",
    "in_force",
    is_flag=True,
    help="Only the law in force: no repealed laws or older revisions.",
)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search(
    query: tuple[str, ...],
    law: str | None,
    revision: str | None,
    all_revisions: bool,
    in_force: bool,
    limit: int,
    as_json: bool,
) -> None:
    """Search terms and articles: Han, pinyin, Bai (tone letters optional), 民诉 122."""
    from glossary.search.engine import search as run_search
    from glossary.store.queries import require_law

    db = open_for_reading()
    slug = require_law(db, law) if law else None
    result = run_search(
        db,
        " ".join(query),
        law=slug,
        revision=revision,
        all_revisions=all_revisions,
        in_force_only=in_force,
        limit=limit,
    )
    if as_json:
        emit_json(result.to_json())
        return
    if result.message:
        click.echo(result.message, err=not result.hits)
    for hit in result.hits:
        fuzzy = " ~fuzzy" if hit.match == "fuzzy" else ""
        fuzzy += _found_how(hit)
        if hit.kind == "term":
            bai = hit.bai or "[no Bai form yet]"
            click.echo(f"[term] {hit.han} {hit.label or ''} — {bai}{fuzzy}")
        else:
            click.echo(article_line(hit) + fuzzy)


def article_line(hit: Hit) -> str:
    """``民法典 (2020) 第一千零七十九条第三款: …``, with ``[已废止 repealed]`` or
    ``[旧版 older revision]`` (lawtext.status wording) for a text not in force. The
    snippet is the 款 a reference named, when it named one."""
    from glossary.lawtext.numerals import int_to_cn
    from glossary.lawtext.status import IN_FORCE, STATUS_LABELS

    mark = f" [{STATUS_LABELS[hit.status]}]" if hit.status and hit.status != IN_FORCE else ""
    paragraph = f"第{int_to_cn(hit.paragraph)}款" if hit.paragraph else ""
    span = next((s for s in hit.spans if s["field"] == "han"), None)
    text = hit.han[span["start"] : span["end"]] if paragraph and span else hit.han
    first = text.split("\n", 1)[0]
    snippet = first if len(first) <= 60 else first[:59] + "…"
    return f"{hit.law_name} ({hit.revision}) {hit.label}{paragraph}{mark}: {snippet}"


def _found_how(hit: Hit) -> str:
    """How a hit was found when it is not by its own text: through a synonym's term
    (家暴 → "via 家庭暴力"), or by a term's definition or English gloss."""
    if hit.through:
        return f" · via {hit.through}"
    if hit.via in ("definition", "english"):
        return f" · by its {hit.via if hit.via == 'definition' else 'English gloss'}"
    return ""


@cli.command()
@db_options
@click.argument("statement")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON objects.")
@click.option("--limit", type=click.IntRange(min=1), help="Print at most this many rows.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=5.0,
    show_default=True,
    help="Stop the statement after this many seconds.",
)
def sql(statement: str, as_json: bool, limit: int | None, timeout: float) -> None:
    """Run one read-only SQL statement (SELECT). Writing is refused."""
    from glossary.store.sql import QueryInterrupted, json_safe, run_query

    path = click.get_current_context().obj["db_path"]
    open_for_reading().close()  # the same checks as every command
    try:
        result = run_query(path, statement, limit=limit, timeout=timeout)
    except QueryInterrupted as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(130)
    if as_json:
        emit_json([dict(zip(result.columns, map(json_safe, r), strict=True)) for r in result.rows])
    else:
        if result.columns:
            click.echo("\t".join(result.columns))
        for r in result.rows:
            click.echo("\t".join("" if v is None else str(v) for v in r))
    for note in (result.note, result.cut):
        if note:
            click.echo(f"note: {note}", err=True)
