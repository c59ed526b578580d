"""The command group and what every command shares: --db, opening the file, JSON, progress,
and the entry point (failures are told in one place, cli.invocation)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from glossary.cli import invocation
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
@click.option("--edit", "editing", is_flag=True, help="Open the app in editor mode (Bai edits).")
@click.version_option(package_name="glossary")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, read_only: bool, editing: bool) -> None:
    """Bai–Chinese (白–汉) legal glossary for people's mediators.

    With no command, opens the app.
    """
    if ctx.invoked_subcommand is None:
        from glossary.tui import run_app  # Textual is loaded only here

        run_app(resolve_db_path(db_path), read_only, editing)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure a user can meet becomes one line on stderr and a non-zero
    exit, handled in one place (glossary.invocation.run)."""
    code = invocation.run(_invoke_cli, invocation.command_line_args(argv))
    if code:
        sys.exit(code)


def _invoke_cli(args: list[str]) -> Any:
    return cli.main(args=args, prog_name="glossary", standalone_mode=False)


def emit_import_result(result: Any, as_json: bool) -> None:
    """An import's outcome (io.pairs): the JSON or the summary, then its error, if any, as
    the command's failure."""
    from glossary.io.pairs import render_summary

    if as_json:
        emit_json(result.to_json())
    else:
        click.echo(render_summary(result))
    error = result.error()
    if error is not None:
        raise error
