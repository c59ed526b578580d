"""Commands that keep the file healthy: check, backup, datasette."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.base import (
    cli,
    db_options,
    emit_json,
    progress_bar,
)
from glossary.errors import GlossaryError


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
