"""`glossary coverage`: how much of each law is translated, per revision and dialect."""

from __future__ import annotations

import click

from glossary.cli.base import cli, db_options, emit_json, open_for_reading


@cli.command("coverage")
@db_options
@click.option("--dialect", help="Only this dialect (bca, bfs, bfc).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def coverage_cmd(dialect: str | None, as_json: bool) -> None:
    """Per law, revision and dialect: 款/项 in total, translated (their own), carried (the
    same text translated elsewhere), reviewed, approved — numbers and percentages."""
    from glossary.errors import GlossaryError
    from glossary.io.vocabulary import parse_dialect
    from glossary.store.coverage import coverage

    code = (parse_dialect(dialect) or dialect.strip()) if dialect else None
    rows = coverage(open_for_reading(), code)
    if code and not rows and parse_dialect(code) is None:  # a variety no translation uses
        raise GlossaryError(
            f"unknown dialect {dialect!r}",
            fix="give --dialect bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江)",
        )
    if as_json:
        emit_json([row.to_json() for row in rows])
        return
    if not rows:
        click.echo("no law texts imported yet — `glossary import-law FILE`")
    for row in rows:
        figures = ", ".join(
            f"{name} {getattr(row, name)} ({row.percent(name)}%)"
            for name in ("translated", "carried", "reviewed", "approved")
        )
        click.echo(f"{row.law_name} {row.revision} [{row.dialect}]: {row.total} 款/项 — {figures}")
