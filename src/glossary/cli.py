"""The command line: a thin layer over the core (no Textual import on these paths)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from glossary import invocation
from glossary.errors import GlossaryError
from glossary.paths import ENV_DB, resolve_db_path
from glossary.progress import Progress

DB_HELP = f"Database file (default: ${ENV_DB}, else the per-user data directory)."


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextmanager
def progress_bar(as_json: bool = False, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A progress bar on stderr while the block runs — only when stderr is a terminal and
    the output is not --json; else None, and nothing extra is printed."""
    stream = stream if stream is not None else sys.stderr
    if as_json or not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(console=Console(file=stream, force_terminal=True), transient=True) as bar:
        task = bar.add_task("", total=None)
        shown = [""]

        def update(done: int, total: int | None, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)
            if what != shown[0]:  # a new step is drawn at once, not at the next tick
                shown[0] = what
                bar.refresh()

        yield update


def db_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --read-only on every command; they may also be given before the command."""

    @click.option("--db", "db_path", type=click.Path(dir_okay=False), help=DB_HELP)
    @click.option("--read-only", is_flag=True, default=None, help="Open the file read-only.")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, db_path: str | None, read_only: bool | None, **kw: Any):
        root = ctx.find_root().params
        ctx.obj = {
            "db_path": resolve_db_path(db_path or root.get("db_path")),
            "read_only": bool(read_only if read_only is not None else root.get("read_only")),
        }
        invocation.current().db_path = ctx.obj["db_path"]
        return ctx.invoke(func, **kw)

    return wrapper


def open_from_context(*, create: bool = False, writes: bool = False):
    """The database for a writing command: checked, upgraded, refused if damaged. A file
    this creates is removed again if the command then fails (see glossary.invocation)."""
    from glossary.store.db import open_db

    obj = click.get_current_context().obj
    if writes and obj["read_only"]:
        raise GlossaryError(
            "this command writes, but --read-only was given",
            fix="leave out --read-only",
        )
    path = Path(obj["db_path"])
    new = create and not obj["read_only"] and not path.exists()
    db = open_db(path, read_only=obj["read_only"], create=create)
    if new:
        invocation.remember_created(path, db)
    return db


def open_for_reading():
    """The database for a command that only reads, without loading sqlite-utils. Reading
    never changes the file: an older one is refused with how to upgrade it."""
    from glossary.store.reader import open_reader

    return open_reader(click.get_current_context().obj["db_path"])


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--read-only", is_flag=True, help="Open the database read-only; never write.")
@click.version_option(package_name="glossary")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, read_only: bool) -> None:
    """Bai–Chinese (白–汉) legal glossary for people's mediators.

    With no command, opens the app.
    """
    if ctx.invoked_subcommand is None:
        from glossary.tui import run_app  # Textual is loaded only here

        run_app(resolve_db_path(db_path), read_only)


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
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_law(
    files: tuple[Path, ...], law: str | None, revision: str | None, dry_run: bool, as_json: bool
) -> None:
    """Import official law texts (Markdown, plain text or .docx)."""
    from glossary.io.laws import import_law_files, load_law_files

    with progress_bar(as_json) as progress:
        # every file parses, or nothing is done
        loaded = load_law_files(list(files), law, revision, progress=progress)
        db = open_from_context(create=True, writes=True)
        reports = import_law_files(db, loaded, dry_run=dry_run, progress=progress)
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


@cli.command("import")
@db_options
# readable=False: an unreadable file is the import's own one-line error, not a usage error
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--encoding", help="The files' encoding, when detection gets it wrong.")
@click.option("--dialect", help="Dialect for rows that leave it empty: bca, bfs or bfc.")
@click.option("--translator", help="Translator for rows that leave it empty.")
@click.option("--skip-invalid", is_flag=True, help="Import the good rows of a file with bad ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_pairs(
    files: tuple[Path, ...],
    dry_run: bool,
    encoding: str | None,
    dialect: str | None,
    translator: str | None,
    skip_invalid: bool,
    as_json: bool,
) -> None:
    """Import clause pairs or glossary terms from CSV/TSV/xlsx (editors' files), a filled
    worksheet, or clause translations from XLIFF 1.2 and TMX 1.4 (CAT tools)."""
    from glossary.io.pairs import check_readable, import_files, render_summary

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
            progress=progress,
        )
    if as_json:
        emit_json(result.to_json())
    else:
        click.echo(render_summary(result))
    error = result.error()
    if error is not None:
        raise error


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
@click.argument("kind", type=click.Choice(["csv", "tbx", "json", "worksheet", "xliff", "tmx"]))
@click.option("--law", help="Only this law (csv of clauses, json, worksheet, xliff, tmx).")
@click.option("--revision", help="worksheet, xliff: this revision (default: the newest).")
@click.option("--dialect", help="worksheet, xliff: the dialect to translate into (bca, bfs, bfc).")
@click.option("--missing", is_flag=True, help="worksheet, xliff: only 款/项 with no Bai yet.")
@click.option("--terms", is_flag=True, help="csv: export glossary terms, not clause pairs.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def export(
    kind: str,
    law: str | None,
    revision: str | None,
    dialect: str | None,
    missing: bool,
    terms: bool,
    output: Path | None,
    force: bool,
) -> None:
    """Export clause pairs or terms as CSV (for Excel), TBX-Basic (CAT tools) or JSON; the
    款/项 to translate as a worksheet (.xlsx/.csv) or XLIFF 1.2; translations as TMX 1.4.

    A file is written whole or not at all; never over the database, nor over an existing
    file without --force."""
    db = open_for_reading()
    slug = None
    if law:
        from glossary.store.queries import require_law

        slug = require_law(db, law)
    from glossary.io.exports import Export, export_dialect, run_export

    out = output if output is not None else sys.stdout
    work = Export(kind, slug, revision, export_dialect(kind, dialect, output), missing, terms)
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
@click.argument("query", nargs=-1, required=True)
@click.option("--law", help="Only this law (slug, name or alias).")
@click.option("--revision", help="Only this revision (default: the newest of each law).")
@click.option("--all-revisions", is_flag=True, help="Search every revision, not only the newest.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search(
    query: tuple[str, ...],
    law: str | None,
    revision: str | None,
    all_revisions: bool,
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
        limit=limit,
    )
    if as_json:
        emit_json(result.to_json())
        return
    if result.message:
        click.echo(result.message, err=not result.hits)
    for hit in result.hits:
        fuzzy = " ~fuzzy" if hit.match == "fuzzy" else ""
        if hit.kind == "term":
            bai = hit.bai or "[no Bai form yet]"
            click.echo(f"[term] {hit.han} {hit.label or ''} — {bai}{fuzzy}")
        else:
            first = hit.han.split("\n", 1)[0]
            snippet = first if len(first) <= 60 else first[:59] + "…"
            click.echo(f"{hit.law_name} ({hit.revision}) {hit.label}: {snippet}{fuzzy}")


@cli.command()
@db_options
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(as_json: bool) -> None:
    """Counts per law and revision: articles, 款/项, translations; terms."""
    from glossary.store.queries import stats as collect

    data = collect(open_for_reading())
    if as_json:
        emit_json(data)
        return
    for row in data["laws"]:
        part = f" [{row['part']} only]" if row["part"] else ""
        flag = " (repealed)" if row["status"] == "repealed" else ""
        click.echo(
            f"{row['name']} {row['revision']}{part}{flag}: {row['articles']} articles, "
            f"{row['paragraphs']} 款/项 ({row['items']} 项), {row['translations']} translations"
        )
    if not data["laws"]:
        click.echo("no law texts imported yet — `glossary import-law FILE`")
    click.echo(
        f"terms: {data['terms']}, Bai term forms: {data['term_forms']}, "
        f"translations: {data['translations']}, concordance rows: {data['concordance']}"
    )


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


@cli.command()
@db_options
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(as_json: bool) -> None:
    """Check the file: SQLite integrity, full-text indexes, the search index."""
    from glossary.store.maintenance import check_database

    with progress_bar(as_json) as progress:
        report = check_database(click.get_current_context().obj["db_path"], progress=progress)
    if as_json:
        emit_json(
            {
                "path": report.path,
                "ok": report.ok,
                "problems": report.problems,
                "checked": report.checked,
            }
        )
    else:
        for item in report.checked:
            click.echo(f"checked: {item}")
        for problem in report.problems:
            click.echo(f"PROBLEM: {problem}")
        click.echo("ok" if report.ok else f"{len(report.problems)} problem(s) found")
    if not report.ok:
        raise GlossaryError(
            f"{len(report.problems)} problem(s) in the database",
            report.path,
            "restore a backup (glossary backup) or re-import; see the list above",
        )


@cli.command()
@db_options
@click.argument("dest", type=click.Path(path_type=Path))
def backup(dest: Path) -> None:
    """Make a consistent copy of the database, even while the app or an import uses it."""
    from glossary.store.maintenance import backup_database

    with progress_bar() as progress:
        written = backup_database(
            click.get_current_context().obj["db_path"], dest, progress=progress
        )
    click.echo(f"backup written: {written}")


@cli.command()
@db_options
@click.option(
    "--metadata",
    "metadata_out",
    type=click.Path(path_type=Path),
    help="Only write Datasette's metadata to this file.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8001, show_default=True)
def datasette(metadata_out: Path | None, host: str, port: int) -> None:
    """Browse the database in Datasette, with titles, sources, licences and search."""
    import subprocess
    import tempfile

    from glossary.io.datasette import datasette_command, write_metadata

    path = click.get_current_context().obj["db_path"]
    if metadata_out is not None:
        write_metadata(path, metadata_out)
        click.echo(f"metadata written: {metadata_out}")
        return
    command = datasette_command()
    # The metadata lives only as long as the server: removed however the server ends.
    with tempfile.TemporaryDirectory(prefix="glossary-datasette-") as folder:
        meta = write_metadata(path, Path(folder) / "metadata.json")
        args = ["serve", str(path), "-m", str(meta), "--host", host, "--port", str(port)]
        subprocess.call([*command, *args])


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure a user can meet becomes one line on stderr and a non-zero
    exit, handled in one place (glossary.invocation.run)."""
    code = invocation.run(_invoke_cli, invocation.command_line_args(argv))
    if code:
        sys.exit(code)


def _invoke_cli(args: list[str]) -> Any:
    return cli.main(args=args, prog_name="glossary", standalone_mode=False)
