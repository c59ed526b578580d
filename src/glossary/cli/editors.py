"""Commands for the people who write the Bai: import, import-cldf, export, history, undo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from glossary.cli.base import (
    cli,
    db_options,
    emit_import_result,
    emit_json,
    open_for_reading,
    open_from_context,
    progress_bar,
)


class _Kinds(click.Choice):
    """The export kinds, listed on one line when the kind is missing (a short error)."""

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        return "choose from: " + ", ".join(map(str, self.choices))


@cli.command("import")
@db_options
# readable=False: an unreadable file is the import's own one-line error, not a usage error
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--encoding", help="The files' encoding, when detection gets it wrong.")
@click.option("--dialect", help="Dialect for rows that leave it empty: bca, bfs or bfc.")
@click.option("--translator", help="Translator for rows that leave it empty.")
@click.option("--skip-invalid", is_flag=True, help="Import the good rows of a file with bad ones.")
@click.option("--strict", is_flag=True, help="Quality-check findings are errors, not warnings.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_pairs(
    files: tuple[Path, ...],
    dry_run: bool,
    encoding: str | None,
    dialect: str | None,
    translator: str | None,
    skip_invalid: bool,
    strict: bool,
    as_json: bool,
) -> None:
    """Import clause pairs or glossary terms from CSV/TSV/xlsx (editors' files), a filled
    worksheet, clause translations from XLIFF 1.2 and TMX 1.4 (CAT tools), or terms from a
    LIFT 0.13 lexicon (.lift, FieldWorks/FLEx)."""
    from glossary.io.pairs import check_readable, import_files

    for path in files:  # a wrong path is reported before the database is opened or created
        check_readable(path)
    db = open_from_context(create=True, writes=True)
    with progress_bar(as_json) as progress:
        result = import_files(
            db,
            list(files),
            dry_run=dry_run,
            encoding=encoding,
            dialect=dialect,
            translator=translator,
            skip_invalid=skip_invalid,
            strict=strict,
            progress=progress,
        )
    emit_import_result(result, as_json)


@cli.command("import-cldf")
@db_options
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_cldf_cmd(folders: tuple[Path, ...], dry_run: bool, as_json: bool) -> None:
    """Import Bai word lists in CLDF (lexibank) as IPA forms of glossary terms."""
    from glossary.io.cldf import import_cldf_folders

    db = open_from_context(create=True, writes=True)
    with progress_bar(as_json) as progress:  # all folders or none: one transaction, one batch
        reports = import_cldf_folders(db, list(folders), dry_run=dry_run, progress=progress)
    if as_json:
        emit_json([r.to_json() for r in reports])
        return
    for r in reports:
        verb = "would import" if dry_run else "imported"
        click.echo(
            f"{verb} {r.dataset}: {r.imported} forms of {r.forms_read} "
            f"({r.reconstructions_skipped} reconstructions skipped), {r.varieties} varieties; "
            f"terms {r.terms['added']} added, {r.terms['changed']} changed"
            + (f" (batch {r.batch})" if r.batch else "")
        )


@cli.command()
@db_options
@click.argument("kind", type=_Kinds(["csv", "tbx", "json", "worksheet", "xliff", "tmx", "lift"]))
@click.option("--law", help="Only this law (csv of clauses, json, worksheet, xliff, tmx).")
@click.option("--revision", help="worksheet, xliff: this revision (default: the newest).")
@click.option("--dialect", help="worksheet, xliff: the dialect to translate into (bca, bfs, bfc).")
@click.option("--missing", is_flag=True, help="worksheet, xliff: only 款/项 with no Bai yet.")
@click.option("--terms", is_flag=True, help="csv: export glossary terms, not clause pairs.")
@click.option(
    "--order",
    type=click.Choice(["document", "demand"]),
    default="document",
    help="worksheet: demand puts the untranslated 款/项 of the most-opened articles first.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def export(
    kind: str,
    law: str | None,
    revision: str | None,
    dialect: str | None,
    missing: bool,
    terms: bool,
    order: str,
    output: Path | None,
    force: bool,
) -> None:
    """Export clause pairs or terms as CSV (for Excel), TBX-Basic (CAT tools) or JSON; the
    款/项 to translate as a worksheet (.xlsx/.csv) or XLIFF 1.2; translations as TMX 1.4;
    the terms as a LIFT 0.13 lexicon for FieldWorks (FLEx).

    A file is written whole or not at all; never over the database, nor over an existing
    file without --force."""
    db = open_for_reading()
    slug = None
    if law:
        from glossary.store.queries import require_law

        slug = require_law(db, law)
    from glossary.io.exports import Export, export_dialect, run_export

    out = output if output is not None else sys.stdout
    if order == "demand" and kind != "worksheet":
        from glossary.errors import GlossaryError

        raise GlossaryError(
            f"--order demand is for worksheets, not {kind}", fix="drop --order, or export worksheet"
        )
    code = export_dialect(kind, dialect, output)
    work = Export(kind, slug, revision, code, missing, terms, order)
    with progress_bar() as progress:
        count = run_export(db, work, out, progress, force)
    if output is not None:
        click.echo(f"wrote {output} ({count})", err=True)


@cli.command()
@db_options
@click.argument("ref", nargs=-1)
@click.option("--batch", type=int, help="Only the changes of this batch.")
@click.option("--revision", help="With REF: only this revision.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
def history(
    ref: tuple[str, ...],
    batch: int | None,
    revision: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Every change: by article (REF), by batch, or the list of batches."""
    from glossary.store.undo import list_batches, list_changes

    db = open_for_reading()
    if ref or batch is not None:
        rows = list_changes(
            db, ref=" ".join(ref) or None, batch=batch, limit=limit, revision=revision
        )
        if as_json:
            emit_json(rows)
            return
        for r in rows:
            what = f"{r['field']}: {r['old']!r} → {r['new']!r}" if r["field"] else r["op"]
            click.echo(f"batch {r['batch']} {r['at']} {r['table']} {r['key']} {what}")
        return
    batches = list_batches(db, limit=limit)
    if as_json:
        emit_json(batches)
        return
    for b in batches:
        undone = f" (undone {b['undone_at']})" if b["undone_at"] else ""
        click.echo(
            f"batch {b['batch']} {b['at']} {b['command']} {b['source'] or ''}: "
            f"{b['changes']} changes{undone}"
        )


@cli.command()
@db_options
@click.argument("batch", type=int)
@click.option("--dry-run", is_flag=True, help="Show what would be restored; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def undo(batch: int, dry_run: bool, as_json: bool) -> None:
    """Restore exactly what was there before a batch (see `glossary history`)."""
    from glossary.store.undo import undo_batch

    db = open_from_context(writes=True)
    report = undo_batch(db, batch, dry_run=dry_run)
    if as_json:
        emit_json(report.to_json())
        return
    verb = "would undo" if dry_run else "undid"
    recorded = f" — recorded as batch {report.undo_batch}" if report.undo_batch else ""
    click.echo(f"{verb} batch {batch} ({report.command}): {report.changes} changes{recorded}")


@cli.command()
@db_options
@click.argument("ref", nargs=-1)
@click.option("--batch", type=int, help="The translations this batch wrote.")
@click.option("--law", help="Every translation of this law.")
@click.option("--revision", help="With REF or --law: this revision (REF: default the newest).")
@click.option("--status", required=True, help="reviewed or approved.")
@click.option("--by", help="Who checked the Bai (required).")
@click.option("--dialect", help="Only this dialect (bca, bfs, bfc).")
@click.option("--demote", is_flag=True, help="Also lower approved translations to reviewed.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def review(
    ref: tuple[str, ...],
    batch: int | None,
    law: str | None,
    revision: str | None,
    status: str,
    by: str | None,
    dialect: str | None,
    demote: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Mark translations reviewed or approved, with who and when (undo with `glossary undo`)."""
    from glossary.store.review import Selection, check_request
    from glossary.store.review import review as run_review

    selection = Selection(" ".join(ref) or None, batch, law, revision, dialect)
    check_request(status, by, selection)  # refused before the database is opened for writing
    db = open_from_context(writes=True)
    report = run_review(db, selection, status=status, by=by, demote=demote, dry_run=dry_run)
    if as_json:
        emit_json(report.to_json())
        return
    verb = "would mark" if dry_run else "marked"
    click.echo(
        f"{verb} {len(report.changed)} of {report.selected} translations {status} by {report.by}"
        + (f"; {report.unchanged} already {status}" if report.unchanged else "")
        + (f"; {report.kept} approved kept (--demote to lower)" if report.kept else "")
        + (f" (batch {report.batch})" if report.batch else "")
    )
    for key in report.changed:
        click.echo(f"  {key}")
