"""``glossary concordance``: read the article concordance, and a person's word on it.

``show LAW REV ART`` prints every row from and to an article; ``unverified`` lists the links
no person has checked; ``verify`` confirms the links out of an article (``verified = 1``);
``correct`` replaces them with the right ones (``computed = 0, verified = 1``). Each write
is one batch: ``glossary undo N`` restores exactly what was there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import click

from glossary.cli.base import cli, db_options, emit_json, open_for_reading, open_from_context
from glossary.errors import GlossaryError

if TYPE_CHECKING:
    from glossary.store.concordance import Target
    from glossary.store.reader import Queryable

_DIGITS = re.compile(r"[0-9]{1,5}")
_CHINESE = re.compile(r"第?([零〇一二两三四五六七八九十百千万]+)条?")
TO_HELP = (
    "Where it went: [LAW:]REV[:ART[,ART…]], e.g. 2023:120, minfadian:2020:1079,1080, "
    "or 2023 alone for a deleted article."
)


@cli.group()
def concordance() -> None:
    """Read the article concordance; confirm or correct its rows."""


def article_number(text: str, what: str = "ART") -> int:
    """An article number: 122, or 第一百二十二条."""
    from glossary.lawtext.numerals import cn_to_int

    value = text.strip()
    if _DIGITS.fullmatch(value) and int(value) > 0:
        return int(value)
    found = _CHINESE.fullmatch(value)
    if found:
        try:
            return cn_to_int(found[1])
        except ValueError:
            pass
    raise GlossaryError(
        f"{what} {text!r} is not an article number",
        fix="write it in digits (122) or as 第一百二十二条",
    )


def parse_target(db: Queryable, law: str, text: str) -> Target:
    """``--to``: REV, REV:ART[,ART], LAW:REV or LAW:REV:ART[,ART] (LAW defaults to the
    source's law)."""
    from glossary.store.concordance import Target
    from glossary.store.queries import resolve_law

    parts = [p.strip() for p in text.split(":")]
    if any(not p for p in parts) or len(parts) > 3:
        raise GlossaryError(
            f"--to {text!r} is not [LAW:]REV[:ART[,ART…]]",
            fix="e.g. --to 2023:120, --to minfadian:2020:1079 or --to 2023 (deleted)",
        )
    other = resolve_law(db, parts[0]) if len(parts) > 1 else None
    if len(parts) == 3 and other is None:
        raise _unknown_law(db, parts[0])
    if other is not None:
        law, parts = other, parts[1:]
    revision = parts[0]
    arts = parts[1].split(",") if len(parts) > 1 else []
    articles = tuple(article_number(a, "--to article") for a in arts)
    if len(set(articles)) != len(articles):
        raise GlossaryError(f"--to {text!r} names an article twice", fix="name each once")
    known_revision(db, law, revision, "--to")
    return Target(law, revision, articles)


def _unknown_law(db: Queryable, name: str) -> GlossaryError:
    from glossary.store.queries import require_law

    try:
        require_law(db, name)
    except GlossaryError as exc:
        return exc
    return GlossaryError(f"unknown law {name!r}")  # pragma: no cover - require_law raised


def known_revision(db: Queryable, law: str, revision: str, what: str) -> None:
    """The revision is imported, or the concordance names it: else it is a typo."""
    imported = db.execute(
        "SELECT 1 FROM revisions WHERE law = ? AND label = ?", [law, revision]
    ).fetchone()
    named = db.execute(
        "SELECT 1 FROM concordance WHERE (from_law = ? AND from_revision = ?) "
        "OR (to_law = ? AND to_revision = ?) LIMIT 1",
        [law, revision, law, revision],
    ).fetchone()
    if imported is None and named is None:
        labels = sorted(
            {r[0] for r in db.execute("SELECT label FROM revisions WHERE law = ?", [law])}
            | {
                r[0]
                for r in db.execute(
                    "SELECT from_revision FROM concordance WHERE from_law = ? UNION "
                    "SELECT to_revision FROM concordance WHERE to_law = ? "
                    "AND to_revision IS NOT NULL",
                    [law, law],
                )
            }
        )
        raise GlossaryError(
            f"{what}: {law} has no revision {revision!r}",
            fix=f"use one of: {', '.join(labels)}" if labels else "import the law first",
        )


def source(db: Queryable, law: str, revision: str, art: str) -> tuple[str, str, int]:
    from glossary.store.queries import require_law

    slug = require_law(db, law)
    number = article_number(art)
    known_revision(db, slug, revision, "REV")
    return slug, revision, number


def row_line(row: dict[str, Any]) -> str:
    """One row for people: from → to, relation, rank, score, who made it."""
    left = f"{row['from_law']} {row['from_revision']} {row['from_article'] or '—'}"
    right = f"{row['to_law']} {row['to_revision'] or '?'} {row['to_article'] or '—'}"
    if row["verified"]:
        mark = "verified" + (f" by {row['by']}" if row.get("by") else "")
        mark += "" if row["computed"] else " (written by a person)"
    else:
        mark = "machine-computed, unverified"
    score = f" {row['similarity']:.2f}" if row["similarity"] is not None else ""
    sure = f" {row['confidence']}" if row["confidence"] else ""
    return f"{left} → {right}\t{row['relation']} #{row['rank']}{score}{sure}\t{mark}"


def with_names(db: Queryable, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from glossary.store.concordance import verifiers

    names = verifiers(db, [r["id"] for r in found if r["verified"]])
    return [r | {"by": names.get(r["id"])} for r in found]


@concordance.command("show")
@db_options
@click.argument("law")
@click.argument("revision", metavar="REV")
@click.argument("art", metavar="ART")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def show_cmd(law: str, revision: str, art: str, as_json: bool) -> None:
    """Every concordance row from and to one article (LAW REV ART, e.g. hunyin-fa 2001 32)."""
    from glossary.store.concordance import rows_from, rows_to

    db = open_for_reading()
    slug, rev, number = source(db, law, revision, art)
    out = {
        "from": with_names(db, rows_from(db, slug, rev, number)),
        "to": with_names(db, rows_to(db, slug, rev, number)),
    }
    if as_json:
        emit_json(out)
        return
    if not out["from"] and not out["to"]:
        click.echo(f"no concordance row from or to {slug} {rev} {number}")
    for row in out["to"] + out["from"]:
        click.echo(row_line(row))


@concordance.command("unverified")
@db_options
@click.argument("law", required=False)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def unverified_cmd(law: str | None, limit: int | None, as_json: bool) -> None:
    """The links no person has checked yet (of LAW, if given), least sure first."""
    from glossary.store.concordance import unverified_rows
    from glossary.store.queries import require_law

    db = open_for_reading()
    found = unverified_rows(db, require_law(db, law) if law else None, limit)
    if as_json:
        emit_json(found)
        return
    for row in found:
        click.echo(row_line(row | {"by": None}))
    click.echo(f"{len(found)} unverified rows", err=True)


@concordance.command("verify")
@db_options
@click.argument("law")
@click.argument("revision", metavar="REV")
@click.argument("art", metavar="ART")
@click.option("--to", "target", metavar="[LAW:]REV[:ART]", help="Only the link there. " + TO_HELP)
@click.option("--by", help="Who checked it (shown with the link).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def verify_cmd(
    law: str,
    revision: str,
    art: str,
    target: str | None,
    by: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Confirm the links out of an article: a person checked them (one batch)."""
    from glossary.store.concordance import verify_article

    db = open_from_context(writes=True)
    slug, rev, number = source(db, law, revision, art)
    to = parse_target(db, slug, target) if target else None
    report = verify_article(db, slug, rev, number, to=to, by=by, dry_run=dry_run)
    tell(report, "would confirm" if dry_run else "confirmed", as_json)


@concordance.command("correct")
@db_options
@click.argument("law")
@click.argument("revision", metavar="REV")
@click.argument("art", metavar="ART")
@click.option("--to", "target", required=True, metavar="[LAW:]REV[:ART,…]", help=TO_HELP)
@click.option(
    "--relation",
    help="identical, modified, renumbered, split, merged or deleted (default: split for "
    "several articles, deleted for none).",
)
@click.option("--by", help="Who wrote the correction (shown with the link).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def correct_cmd(
    law: str,
    revision: str,
    art: str,
    target: str,
    relation: str | None,
    by: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Replace the rows from an article to a law with the right link(s), written by a
    person (one batch)."""
    from glossary.store.concordance import correct_article

    db = open_from_context(writes=True)
    slug, rev, number = source(db, law, revision, art)
    to = parse_target(db, slug, target)
    report = correct_article(db, slug, rev, number, to, relation, by=by, dry_run=dry_run)
    tell(report, "would write" if dry_run else "wrote", as_json)


def tell(report: Any, verb: str, as_json: bool) -> None:
    if as_json:
        emit_json(vars(report))
        return
    if not report.changed:
        click.echo(f"{report.source}: nothing to change (already as given)")
    else:
        click.echo(
            f"{verb} {len(report.rows)} rows from {report.source}"
            + (
                f" (batch {report.batch}; `glossary undo {report.batch}` restores)"
                if report.batch
                else ""
            )
        )
    for row in report.rows:
        click.echo("  " + row_line(row | {"by": report.by}))
