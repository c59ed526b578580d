"""``glossary align``: the concordance of two revisions, computed (lawtext.align) and shown.

For now it only shows: writing the rows into the concordance table comes next, so
``--dry-run`` is what it always does (and is accepted, for scripts written for later).
"""

from __future__ import annotations

import click

from glossary.cli.base import cli, db_options, emit_json, open_for_reading
from glossary.errors import GlossaryError


@cli.command()
@db_options
@click.argument("law")
@click.argument("from_rev", metavar="FROM")
@click.argument("to_rev", metavar="TO", required=False)
@click.option(
    "--to",
    "target",
    metavar="LAW:REV",
    help="Align with a revision of another law (a law replaced by part of another), "
    "e.g. --to minfadian:2020.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Only show the rows (the default for now: writing the concordance comes next).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def align(
    law: str, from_rev: str, to_rev: str | None, target: str | None, dry_run: bool, as_json: bool
) -> None:
    """Compute which article of FROM became which of TO (identical, modified, renumbered,
    split, merged, added, deleted), machine-computed. Shows the rows; it does not yet write
    them into the concordance."""
    from glossary.lawtext.align import align as compute
    from glossary.store.queries import article_texts, pick_revision, require_law

    db = open_for_reading()
    slug = require_law(db, law)
    to_slug, to_label = _target(slug, to_rev, target)
    to_slug = require_law(db, to_slug)
    old = pick_revision(db, slug, from_rev)
    new = pick_revision(db, to_slug, to_label)
    part = successor_part(slug, to_slug)
    rows = compute(article_texts(db, old["id"]), article_texts(db, new["id"], part))
    if as_json:
        emit_json(
            {
                "from": {"law": slug, "revision": old["label"]},
                "to": {"law": to_slug, "revision": new["label"]},
                "dry_run": True,
                "rows": [r.as_json() for r in rows],
            }
        )
        return
    for row in rows:
        left = "+".join(row.from_articles) or "—"
        right = "+".join(row.to_articles) or "—"
        click.echo(f"{left}\t{right}\t{row.relation}\t{row.score:.2f}")
    click.echo(f"{len(rows)} rows, machine-computed; nothing written (dry run)", err=True)


def successor_part(law: str, successor: str) -> tuple[int, int] | None:
    """The articles of ``successor`` that replaced ``law``, as the catalog knows them
    (婚姻法 → 民法典 第一千零四十条–第一千一百一十八条): only those are aligned with."""
    from glossary.lawtext.catalog import catalog

    info = catalog().get(law)
    if info is None or law == successor or info.successor != successor:
        return None
    return info.successor_articles


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
            fix="give TO (e.g. `glossary align minshi-susong-fa 2017 2021`) or --to LAW:REV",
        )
    return law, to_rev
