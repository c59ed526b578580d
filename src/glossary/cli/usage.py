"""The usage counts the app keeps (store.usage): `glossary misses`, `glossary usage merge`."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.base import cli, emit_json

FILE_HELP = "The usage file (default: usage.json in the per-user data folder)."


@cli.command()
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False), help=FILE_HELP)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many searches.")
@click.option("--json", "as_json", is_flag=True, help="Print the searches as JSON.")
def misses(path: Path | None, limit: int | None, as_json: bool) -> None:
    """The searches in the app that found nothing, most frequent first (every machine merged
    in): what to add as terms or synonyms."""
    from glossary.store.usage import load_usage, top_misses

    usage = load_usage(path)
    ranked = top_misses(usage, limit)
    if as_json:
        emit_json([{"query": query, "count": count} for query, count in ranked])
        return
    if not ranked:
        click.echo(f"no searches without results recorded in {usage.path}")
    for query, count in ranked:
        click.echo(f"{count:>5}  {query}")


@cli.group()
def usage() -> None:
    """The usage counts the app keeps in the per-user data folder."""


@usage.command("merge")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--file", "path", type=click.Path(path_type=Path, dir_okay=False), help=FILE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def merge_cmd(files: tuple[Path, ...], path: Path | None, as_json: bool) -> None:
    """Add the counts of other machines' usage.json files to this machine's. Each machine's
    counts are kept apart: merging the same file again counts nothing twice."""
    from glossary.store.usage import load_usage, merge, read_usage

    others = [read_usage(file) for file in files]  # every file reads, or nothing is written
    mine = load_usage(path)
    report = merge(mine, others)
    mine.save()
    if as_json:
        emit_json(
            {
                "file": str(mine.path),
                "files": report.files,
                "machines": sorted(report.machines),
                "changed": report.changed,
            }
        )
        return
    click.echo(
        f"merged {report.files} file(s) from {len(report.machines)} other machine(s) into "
        f"{mine.path}: {report.changed} count(s) grew"
    )
