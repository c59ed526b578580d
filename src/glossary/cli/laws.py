"""Commands for the law texts: init, import-law, import-concordance, show, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from glossary.cli.base import (
    cli,
    db_options,
    emit_json,
    open_for_reading,
    open_from_context,
    progress_bar,
)


@cli.command()
@db_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def init(as_json: bool) -> None:
    """Create the database (or upgrade an older one) and load the law catalog."""
    from glossary.lawtext.catalog import catalog
    from glossary.store.db import write_transaction
    from glossary.store.history import Batch
    from glossary.store.laws import sync_catalog

    db = open_from_context(create=True, writes=True)
    batch = Batch(db, command="init")
    with write_transaction(db):
        sync_catalog(db, batch, catalog())
        batch.finish({"laws": len(catalog())})
    path = str(click.get_current_context().obj["db_path"])
    if as_json:
        emit_json({"db": path, "laws": len(catalog()), "batch": batch.id})
    else:
        click.echo(f"database ready: {path} ({len(catalog())} laws in the catalog)")


@cli.command("import-law")
@db_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--law", help="Law slug, when the title does not say (e.g. minshi-susong-fa).")
@click.option("--revision", help="Revision label, when the preamble does not say (e.g. 2023).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--no-align",
    is_flag=True,
    help="Do not align the new revision with its neighbours (the concordance stays as it is).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_law(
    files: tuple[Path, ...],
    law: str | None,
    revision: str | None,
    dry_run: bool,
    no_align: bool,
    as_json: bool,
) -> None:
    """Import official law texts (Markdown, plain text or .docx). A revision of a law already
    in the store is aligned with the revisions next to it (machine-computed concordance)."""
    from glossary.io.laws import import_law_files, load_law_files

    with progress_bar(as_json) as progress:
        # every file parses, or nothing is done
        loaded = load_law_files(list(files), law, revision, progress=progress)
        db = open_from_context(create=True, writes=True)
        reports = import_law_files(
            db, loaded, dry_run=dry_run, align=not no_align, progress=progress
        )
    if as_json:
        emit_json([r.to_json() for r in reports])
        return
    for r in reports:
        verb = "would import" if dry_run else "imported"
        a, p = r.articles, r.paragraphs
        part = f" [{r.part} only]" if r.part else ""
        click.echo(
            f"{verb} {r.source}: {r.law} {r.revision}{part} — articles "
            f"{a['added']} added, {a['changed']} changed, {a['unchanged']} unchanged, "
            f"{a['removed']} removed; 款/项 {p['added']} added, {p['changed']} changed, "
            f"{p['removed']} removed" + (f" (batch {r.batch})" if r.batch else "")
        )
        for warning in r.warnings:
            click.echo(f"  warning: {warning}")
        for link in r.aligned:
            click.echo("  aligned " + alignment_line(link))


def alignment_line(link: dict[str, Any]) -> str:
    """``minshi-susong-fa 2017 → 2021: 291 links computed — 291 added, …`` (machine)."""
    said = (
        f"{link['link']}: {link['rows']} links, machine-computed — {link['added']} added, "
        f"{link['changed']} changed, {link['removed']} removed, {link['unchanged']} unchanged"
    )
    if link["verified_kept"]:
        said += f"; {link['verified_kept']} verified by a person, kept"
    return said


@cli.command("import-concordance")
@db_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--law", help="Law slug for a revision-to-revision table, if the file name lacks it.")
@click.option("--verified", is_flag=True, help="Mark the rows as checked by a person.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_concordance_cmd(
    files: tuple[Path, ...], law: str | None, verified: bool, dry_run: bool, as_json: bool
) -> None:
    """Import article concordances (machine-computed unless --verified)."""
    from glossary.io.concordance import import_concordances

    db = open_from_context(create=True, writes=True)
    with progress_bar(as_json) as progress:  # all files or none: one transaction, one batch
        reports = import_concordances(
            db, list(files), law=law, verified=verified, dry_run=dry_run, progress=progress
        )
    if as_json:
        emit_json([vars(r) for r in reports])
        return
    for r in reports:
        mark = "verified" if verified else "machine-computed, unverified"
        click.echo(
            f"{'would import' if dry_run else 'imported'} {r.source} ({mark}): {r.rows} rows — "
            f"{r.added} added, {r.changed} changed, {r.unchanged} unchanged"
            + (f" (batch {r.batch})" if r.batch else "")
        )


@cli.command()
@db_options
@click.argument("ref", nargs=-1, required=True)
@click.option("--revision", help="Revision label (default: the newest).")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
def show(ref: tuple[str, ...], revision: str | None, as_json: bool) -> None:
    """Show an article: REF such as 民诉 122, 婚姻法第三十二条, minshi-susong-fa:122."""
    from glossary.store.queries import article_view, law_names, parse_article_ref

    db = open_for_reading()
    slug, parsed = parse_article_ref(db, " ".join(ref))
    view = article_view(db, slug, parsed.number, parsed.sub, revision)
    if as_json:
        emit_json(view)
    else:
        click.echo(format_article(view, law_names(db)))


def format_article(view: dict[str, Any], law_names: dict[str, str] | None = None) -> str:
    """The article as text: each 款/项 under its number (the ``paragraph`` column of the
    editors' CSV), its Bai below it; a translation of the whole article first."""
    from glossary.lawtext.labels import paragraph_text
    from glossary.lawtext.status import status_lines
    from glossary.store.suggest import paragraph_bai_lines

    lines = [f"{view['title']} ({view['revision']}) {view['label']}"]
    if view["path"]:
        lines.append(" / ".join(view["path"]))
    lines += status_lines(view, law_names)
    lines.append("")
    if view["bai"]:
        lines.append("[whole article 整条]")
        lines.extend(bai_lines(view["bai"]))
    for p in view["paragraphs"]:
        lines.append(f"{p['position']:>2}  {paragraph_text(p['label'], p['han'])}")
        lines.extend(paragraph_bai_lines(p))  # own, carried, suggestions (store.suggest)
    return "\n".join(lines)


def bai_lines(bai: dict[str, str]) -> list[str]:
    return [f"    [{dialect}] {text}" for dialect, text in bai.items()]


@cli.command()
@db_options
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(as_json: bool) -> None:
    """Counts per law and revision: articles, 款/项, translations; terms; recordings and
    the bytes their sounds take."""
    from glossary.store.coverage import translations_by_dialect
    from glossary.store.queries import stats as collect

    db = open_for_reading()
    data = collect(db)
    split = translations_by_dialect(db)
    for row in data["laws"]:
        row["dialects"] = split.get((row["law"], row["revision"]), {})
    if as_json:
        emit_json(data)
        return
    for row in data["laws"]:
        part = f" [{row['part']} only]" if row["part"] else ""
        flag = " (repealed)" if row["status"] == "repealed" else ""
        click.echo(
            f"{row['name']} {row['revision']}{part}{flag}: {row['articles']} articles, "
            f"{row['paragraphs']} 款/项 ({row['items']} 项), {row['translations']} translations"
            + dialect_split(row["dialects"])
        )
    if not data["laws"]:
        click.echo("no law texts imported yet — `glossary import-law FILE`")
    click.echo(
        f"terms: {data['terms']}, Bai term forms: {data['term_forms']}, "
        f"translations: {data['translations']}, concordance rows: {data['concordance']}"
    )
    sounds = data["recordings"]
    kept = sounds["stored_sounds"] - sounds["sounds"]
    history = sounds["stored_bytes"] - sounds["bytes"]
    said = f" (and {kept} earlier sounds kept for undo, {history:,} bytes)" if kept else ""
    click.echo(f"recordings: {sounds['recordings']}, {sounds['bytes']:,} bytes{said}")


def dialect_split(counts: dict[str, int]) -> str:
    """`` (bca 10, bfs 2)``: the translations of a revision by dialect; empty if none."""
    if not counts:
        return ""
    return " (" + ", ".join(f"{dialect} {n}" for dialect, n in counts.items()) + ")"
