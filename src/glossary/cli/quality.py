"""``glossary qa``: the quality checks (store.qa) over the stored translations, on demand."""

from __future__ import annotations

import click

from glossary.cli.base import cli, db_options, emit_json, open_for_reading
from glossary.errors import GlossaryError


@cli.command("qa")
@db_options
@click.option("--dialect", help="Only this dialect: bca, bfs or bfc.")
@click.option("--law", help="Only this law (slug, name or alias).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def quality(dialect: str | None, law: str | None, as_json: bool) -> None:
    """Quality checks of the Bai: glossary terms, consistency, empty or Han text, numbers,
    spelling. Findings are listed (exit 0); a wrong option exits 1."""
    from glossary.io.vocabulary import parse_dialect
    from glossary.store.qa import CHECKS, run_qa
    from glossary.store.queries import require_law

    code = parse_dialect(dialect) if dialect else None
    if dialect and code is None:
        raise GlossaryError(
            f"unknown dialect {dialect!r}",
            fix="give --dialect bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江)",
        )
    db = open_for_reading()
    slug = require_law(db, law) if law else None
    findings = run_qa(db, dialect=code, law=slug)
    counts = {check: sum(f.check == check for f in findings) for check in CHECKS}
    if as_json:
        emit_json(
            {"count": len(findings), "counts": counts, "findings": [f.to_json() for f in findings]}
        )
        return
    for f in findings:
        click.echo(f"{f.key}: {f.message} (QA {f.check}; {f.fix})")
    summary = ", ".join(f"{n} {check}" for check, n in counts.items() if n)
    click.echo(f"{len(findings)} findings" + (f": {summary}" if summary else ""))
