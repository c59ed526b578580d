"""``glossary align``: the concordance of revisions, computed (lawtext.align) and written.

``import-law`` does the same for every revision it imports (store.alignment); this command
recomputes on demand — after a parser fix, or for a law imported with ``--no-align`` — and
shows the rows it computed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from glossary.cli.base import cli, db_options, emit_json, open_from_context
from glossary.errors import GlossaryError
from glossary.lawtext.labels import article_label

if TYPE_CHECKING:
    from glossary.lawtext.align import Row  # numpy and scipy: only when aligning


@cli.command()
@db_options
@click.argument("law")
@click.argument("from_rev", metavar="[FROM]", required=False)
@click.argument("to_rev", metavar="[TO]", required=False)
@click.option(
    "--to",
    "target",
    metavar="LAW:REV",
    help="Align with a revision of another law (a law replaced by part of another), "
    "e.g. --to minfadian:2020.",
)
@click.option("--dry-run", is_flag=True, help="Show the rows; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def align(
    law: str,
    from_rev: str | None,
    to_rev: str | None,
    target: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Compute which article of FROM became which of TO (identical, modified, renumbered,
    split, merged, added, deleted) and write it into the concordance, machine-computed.
    Rows a person verified are kept as they are. With LAW alone: every revision of the law
    with the next one, and with the law it replaced or that replaced it."""
    from glossary.cli.laws import alignment_line
    from glossary.store.alignment import align_link, link_between, realign
    from glossary.store.db import write_transaction
    from glossary.store.history import Batch
    from glossary.store.queries import pick_revision, require_law

    db = open_from_context(writes=True)
    slug = require_law(db, law)
    batch = Batch(db, command="align", source=slug)
    with write_transaction(db, dry_run=dry_run):
        if from_rev is None:
            if target is not None:
                raise GlossaryError(
                    "--to needs FROM",
                    fix="e.g. `glossary align hunyin-fa 2001 --to minfadian:2020`",
                )
            reports = realign(db, batch, [slug])
        else:
            to_slug, to_label = _target(slug, to_rev, target)
            old = pick_revision(db, slug, from_rev)
            new = pick_revision(db, require_law(db, to_slug), to_label)
            link, kept = link_between(db, old, new)
            if not kept and not dry_run:
                raise GlossaryError(
                    f"{link.name}: the concordance links only neighbouring revisions "
                    "(and a replaced law's newest with its successor's oldest)",
                    fix="align each revision with the next one, or add --dry-run to see "
                    "these rows without writing them",
                )
            reports = [align_link(db, batch, link)]
        batch_id = batch.finish({"links": [r.to_json() for r in reports]})
    if as_json:
        emit_json(
            {
                "dry_run": dry_run,
                "batch": None if dry_run else batch_id,
                "links": [
                    r.to_json() | {"computed": [_numbered(x) for x in r.computed]} for r in reports
                ],
            }
        )
        return
    if from_rev is not None:
        for row in reports[0].computed:
            _echo_row(row)
    for report in reports:
        click.echo(alignment_line(report.to_json()), err=from_rev is not None)
    _echo_outcome(dry_run, batch_id, from_rev is not None)


def _numbered(row: Row) -> dict[str, Any]:
    """A computed row for JSON: article numbers as numbers."""
    data = row.as_json()
    return data | {
        "from": [int(k) for k in row.from_articles],
        "to": [int(k) for k in row.to_articles],
    }


def _echo_row(row: Row) -> None:
    left = "+".join(article_label(int(k)) for k in row.from_articles) or "—"
    right = "+".join(article_label(int(k)) for k in row.to_articles) or "—"
    click.echo(f"{left}\t{right}\t{row.relation}\t{row.score:.2f}")


def _echo_outcome(dry_run: bool, batch_id: int | None, to_stderr: bool) -> None:
    if dry_run:
        said = "dry run: nothing written"
    elif batch_id is None:
        said = "the concordance was already up to date: nothing written"
    else:
        said = f"written (batch {batch_id}; `glossary undo {batch_id}` takes it back)"
    click.echo(said, err=to_stderr)


def _target(law: str, to_rev: str | None, target: str | None) -> tuple[str, str]:
    """The law and revision aligned with: TO of the same law, or --to LAW:REV."""
    if target is not None and to_rev is not None:
        raise GlossaryError(
            "give either TO or --to, not both",
            fix="e.g. `glossary align hunyin-fa 2001 --to minfadian:2020`",
        )
    if target is not None:
        other, sep, revision = target.partition(":")
        if not sep or not other or not revision:
            raise GlossaryError(
                f"--to {target!r} is not LAW:REV", fix="write it as e.g. minfadian:2020"
            )
        return other, revision
    if to_rev is None:
        raise GlossaryError(
            "which revision to align with is missing",
            fix="give TO (e.g. `glossary align minshi-susong-fa 2017 2021`) or --to LAW:REV, "
            "or only the law to realign all its revisions",
        )
    return law, to_rev
