"""Article concordances: which article of one revision (or law) became which of another.

Reading the CSV files is :mod:`glossary.io.concordance`'s; this module writes the rows.

The tables shipped in ``shared/corpus/laws`` were computed by machine; every row keeps
``computed = 1, verified = 0`` so that nothing shows them as checked law.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.progress import Progress, tell
from glossary.store.db import write_transaction
from glossary.store.history import Batch
from glossary.store.reader import Queryable


@dataclass
class ConcordanceReport:
    source: str
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    batch: int | None = None
    dry_run: bool = False
    laws: list[str] = field(default_factory=list)


def row_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a stored row (the table's two unique indexes): its source article
    and rank, or for an article added in the newer revision (no source), its target."""
    if row["from_article"] is not None:
        return (
            row["from_law"],
            row["from_revision"],
            row["from_article"],
            row["to_law"],
            row["rank"],
        )
    return (
        row["from_law"],
        row["from_revision"],
        None,
        row["to_law"],
        row["to_revision"],
        row["to_article"],
    )


def find_existing(db: Database, row: dict[str, Any]) -> tuple[int] | None:
    """The stored row a new one replaces: by its source article, or for an article added
    in the newer revision (no source), by its target."""
    if row["from_article"] is not None:
        return db.execute(
            "SELECT id FROM concordance WHERE from_law = ? AND from_revision = ? "
            "AND from_article = ? AND to_law = ? AND rank = ?",
            [
                row["from_law"],
                row["from_revision"],
                row["from_article"],
                row["to_law"],
                row["rank"],
            ],
        ).fetchone()
    return db.execute(
        "SELECT id FROM concordance WHERE from_law = ? AND from_revision = ? "
        "AND from_article IS NULL AND to_law = ? AND to_revision IS ? AND to_article IS ?",
        [
            row["from_law"],
            row["from_revision"],
            row["to_law"],
            row["to_revision"],
            row["to_article"],
        ],
    ).fetchone()


def write_concordance(
    db: Database,
    files: list[tuple[str, list[dict[str, Any]]]],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[ConcordanceReport]:
    """Write the concordance rows of several files (as :mod:`glossary.io.concordance` reads
    them) in one transaction and one batch; a row already stored as it is changes nothing."""
    reports = [
        ConcordanceReport(source=source, rows=len(rows), dry_run=dry_run) for source, rows in files
    ]
    batch = Batch(db, command="import-concordance", source=", ".join(s for s, _ in files))
    with write_transaction(db, dry_run=dry_run):
        for (source, rows), report in zip(files, reports, strict=True):
            report.laws = sorted({r["from_law"] for r in rows} | {r["to_law"] for r in rows})
            for done, row in enumerate(rows):
                tell(progress, done, len(rows), f"writing {Path(source).name}")
                _write_row(db, batch, row, report)
            tell(progress, len(rows), len(rows), f"writing {Path(source).name}")
        summary = {"files": [vars(r) | {"batch": None} for r in reports]}
        batch_id = None if dry_run else batch.finish(summary)
    for report in reports:
        report.batch = batch_id
    return reports


def write_rows(
    db: Database, batch: Batch, rows: list[dict[str, Any]], report: ConcordanceReport
) -> None:
    """Write rows into the caller's transaction and batch (a restored JSON export)."""
    for row in rows:
        _write_row(db, batch, row, report)


def history_key(row: dict[str, Any]) -> str:
    """How a row is named in the history: ``law/rev/art→law/rev/art#rank``."""
    return (
        f"{row['from_law']}/{row['from_revision']}/{row['from_article'] or '-'}"
        f"→{row['to_law']}/{row['to_revision']}/{row['to_article'] or '-'}#{row['rank']}"
    )


def _write_row(db: Database, batch: Batch, row: dict[str, Any], report: ConcordanceReport) -> None:
    key = history_key(row)
    existing = find_existing(db, row)
    if existing is None:
        batch.insert("concordance", row, key=key)
        report.added += 1
    elif batch.update("concordance", existing[0], row, key=key):
        report.changed += 1
    else:
        report.unchanged += 1


# --- a person's word on a row: confirm it, or write the right one ---------------------------

#: What a person may say an article became (lawtext.align.RELATIONS but ``added``, which has
#: no source article to correct).
PERSON_RELATIONS = ("identical", "modified", "renumbered", "split", "merged", "deleted")
#: The rows that are links (the best match, or part of a split), as the app follows them.
LINK_ROWS = "(rank = 1 OR relation = 'split') AND coalesce(confidence, '') != 'none'"
VERIFY_COMMAND = "concordance verify"
CORRECT_COMMAND = "concordance correct"


@dataclass(frozen=True)
class Target:
    """Where a source article went: a revision of a law, and its article(s) there (none:
    the article was deleted)."""

    law: str
    revision: str
    articles: tuple[int, ...] = ()

    def __str__(self) -> str:
        arts = ",".join(str(a) for a in self.articles)
        return f"{self.law}:{self.revision}" + (f":{arts}" if arts else "")


@dataclass
class PersonReport:
    """What a confirmation or a correction changed."""

    command: str
    source: str
    by: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)  # the rows as they are now
    changed: int = 0
    batch: int | None = None
    dry_run: bool = False


def source_name(law: str, revision: str, article: int) -> str:
    return f"{law} {revision} {article}"


def rows_from(db: Queryable, law: str, revision: str, article: int) -> list[dict[str, Any]]:
    """Every stored row whose source is this article, by target law and rank."""
    cursor = db.execute(
        "SELECT * FROM concordance WHERE from_law = ? AND from_revision = ? "
        "AND from_article = ? ORDER BY to_law, rank",
        [law, revision, article],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def rows_to(db: Queryable, law: str, revision: str, article: int) -> list[dict[str, Any]]:
    """Every stored row whose target is this article (a cross-law row may name no target
    revision: it points at the successor law as imported)."""
    cursor = db.execute(
        "SELECT * FROM concordance WHERE to_law = ? AND to_article = ? "
        "AND coalesce(to_revision, ?) = ? ORDER BY from_law, from_revision, from_article, rank",
        [law, article, revision, revision],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def link_rows(
    db: Queryable, law: str, revision: str, article: int, to: Target | None = None
) -> list[dict[str, Any]]:
    """The links out of a source article (best match or split part), those to ``to`` only
    when given; refuses when there is nothing to confirm."""
    every = rows_from(db, law, revision, article)
    where = source_name(law, revision, article)
    if not every:
        raise GlossaryError(
            f"the concordance has no row from {where}",
            fix="see the article's rows with `glossary concordance show LAW REV ART`, or "
            "write the link with `glossary concordance correct`",
        )
    ids = {
        r[0]
        for r in db.execute(
            f"SELECT id FROM concordance WHERE {LINK_ROWS} AND from_law = ? "
            "AND from_revision = ? AND from_article = ?",
            [law, revision, article],
        )
    }
    links = [r for r in every if r["id"] in ids]
    if to is None:
        return links
    chosen = [r for r in links if _goes_to(r, to)]
    if not chosen:
        have = ", ".join(describe_target(r) for r in links) or "none"
        raise GlossaryError(
            f"no link from {where} to {to} (its links: {have})",
            fix="name one of its links with --to, or write the right one with "
            "`glossary concordance correct`",
        )
    return chosen


def describe_target(row: dict[str, Any]) -> str:
    return f"{row['to_law']}:{row['to_revision'] or '?'}:{row['to_article'] or '-'}"


def _goes_to(row: dict[str, Any], to: Target) -> bool:
    if row["to_law"] != to.law or (row["to_revision"] or to.revision) != to.revision:
        return False
    return row["to_article"] in to.articles if to.articles else row["to_article"] is None


def verify_links(
    db: Database,
    row_ids: list[int],
    *,
    by: str | None = None,
    source: str = "",
    dry_run: bool = False,
) -> PersonReport:
    """A person confirms these rows: ``verified = 1`` (``computed`` stays as it was), one
    batch; a row already verified changes nothing."""
    report = PersonReport(VERIFY_COMMAND, source, by, dry_run=dry_run)
    batch = Batch(db, command=VERIFY_COMMAND, source=by)
    with write_transaction(db, dry_run=dry_run):
        for row_id in row_ids:
            if not batch.row_exists("concordance", row_id):
                raise GlossaryError(
                    f"concordance row {row_id} does not exist (any more)",
                    fix="reload the article; another process may have changed it",
                )
            row = batch.row("concordance", row_id)
            if batch.update("concordance", row_id, {"verified": 1}, key=history_key(row)):
                report.changed += 1
            report.rows.append(batch.row("concordance", row_id))
        batch_id = None if dry_run else batch.finish(_summary(report))
    report.batch = batch_id
    return report


def verify_article(
    db: Database,
    law: str,
    revision: str,
    article: int,
    *,
    to: Target | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> PersonReport:
    """``glossary concordance verify``: confirm the links out of one source article (or
    only the one to ``to``)."""
    links = link_rows(db, law, revision, article, to)
    where = source_name(law, revision, article)
    return verify_links(db, [r["id"] for r in links], by=by, source=where, dry_run=dry_run)


def correct_article(
    db: Database,
    law: str,
    revision: str,
    article: int,
    to: Target,
    relation: str | None = None,
    *,
    by: str | None = None,
    dry_run: bool = False,
) -> PersonReport:
    """``glossary concordance correct``: the rows from this article to ``to.law`` are
    replaced by the person's: one per target article (ranks 1, 2 …), ``computed = 0,
    verified = 1``; with no target article, one row saying it was deleted. One batch."""
    where = source_name(law, revision, article)
    relation = person_relation(to, relation)
    if (law, revision) == (to.law, to.revision):
        raise GlossaryError(
            f"{where} cannot be linked to its own revision {to.revision}",
            fix="give the revision it became in, e.g. --to 2023:120",
        )
    check_articles(db, law, revision, [article], "the source article")
    check_articles(db, to.law, to.revision, list(to.articles), "--to")
    stamp = {"computed": 0, "verified": 1, "source": CORRECT_COMMAND}
    new_rows = [
        {
            "from_law": law,
            "from_revision": revision,
            "from_article": article,
            "to_law": to.law,
            "to_revision": to.revision,
            "to_article": target,
            "relation": relation,
            "similarity": None,
            "confidence": None,
            "rank": rank,
            **stamp,
        }
        for rank, target in enumerate(to.articles or (None,), start=1)
    ]
    report = PersonReport(CORRECT_COMMAND, where, by, dry_run=dry_run)
    batch = Batch(db, command=CORRECT_COMMAND, source=by)
    with write_transaction(db, dry_run=dry_run):
        old = [r for r in rows_from(db, law, revision, article) if r["to_law"] == to.law]
        if _same_rows(old, new_rows):
            report.rows = old
        else:
            for row in old:
                batch.delete("concordance", row["id"], key=history_key(row))
            for row in new_rows:
                row_id = batch.insert("concordance", row, key=history_key(row))
                report.rows.append({"id": row_id, **row})
            report.changed = len(old) + len(new_rows)
        batch_id = None if dry_run else batch.finish(_summary(report))
    report.batch = batch_id
    return report


def check_articles(db: Queryable, law: str, revision: str, articles: list[int], what: str) -> None:
    """Where the revision's text is imported, each article must be in it (a typo would
    otherwise link to nothing); a revision only the concordance knows is taken as given."""
    found = db.execute(
        "SELECT id FROM revisions WHERE law = ? AND label = ?", [law, revision]
    ).fetchone()
    if found is None:
        return
    have = {r[0] for r in db.execute("SELECT number FROM articles WHERE revision_id = ?", found)}
    missing = [a for a in articles if a not in have]
    if missing:
        span = f"{min(have)} to {max(have)}" if have else "none"
        raise GlossaryError(
            f"{what}: {law} ({revision}) has no article {missing[0]}",
            fix=f"its articles run from {span}",
        )


def person_relation(to: Target, relation: str | None) -> str:
    """The relation of a correction: given, or ``split`` for several articles and
    ``deleted`` for none; refused when it cannot be (one article ``split``, …)."""
    count = len(to.articles)
    if relation is None:
        if count == 1:
            raise GlossaryError(
                "which relation the article has to its target is missing",
                fix="add --relation, one of: " + ", ".join(PERSON_RELATIONS),
            )
        relation = "split" if count > 1 else "deleted"
    if relation not in PERSON_RELATIONS:
        raise GlossaryError(
            f"unknown relation {relation!r}",
            fix="use one of: "
            + ", ".join(PERSON_RELATIONS)
            + " (an added article has no source to correct)",
        )
    if (relation == "split") != (count > 1):
        raise GlossaryError(
            f"a {relation} article needs "
            + ("two or more" if relation == "split" else "one")
            + f" target articles, not {count}",
            fix="e.g. --to 2023:40,41 --relation split, or --to 2023:40 --relation modified",
        )
    if (relation == "deleted") != (count == 0):
        raise GlossaryError(
            f"a {relation} article "
            + ("has no" if relation == "deleted" else "needs a")
            + " target article",
            fix="write --to REV (no article) for a deleted one, e.g. --to 2023",
        )
    return relation


def _same_rows(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> bool:
    def drop_id(row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k != "id"}

    return sorted(map(str, map(drop_id, old))) == sorted(map(str, map(drop_id, new)))


def _summary(report: PersonReport) -> dict[str, Any]:
    return {"source": report.source, "by": report.by, "rows": len(report.rows)}


def verifiers(db: Queryable, row_ids: list[int]) -> dict[int, str]:
    """Who confirmed or wrote each of these rows, where a name was given: the latest
    batch in effect that set ``verified`` or inserted the row."""
    if not row_ids:
        return {}
    marks = ",".join("?" * len(row_ids))
    found: dict[int, str] = {}
    for row_id, name in db.execute(
        "SELECT c.row_id, b.source FROM changes c JOIN batches b ON b.id = c.batch_id "
        f"WHERE c.table_name = 'concordance' AND c.row_id IN ({marks}) "
        "AND b.undone_at IS NULL AND b.command IN (?, ?) AND b.source IS NOT NULL "
        "AND (c.op = 'insert' OR c.field = 'verified') ORDER BY c.id",
        [*row_ids, VERIFY_COMMAND, CORRECT_COMMAND],
    ):
        found[row_id] = name
    return found


def unverified_rows(
    db: Queryable, law: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The links no person has checked yet (best match or split part, not second guesses,
    deleted and added rows included), least sure first."""
    cursor = db.execute(
        f"SELECT * FROM concordance WHERE verified = 0 AND {LINK_ROWS} "
        "AND (? IS NULL OR from_law = ? OR to_law = ?) "
        "ORDER BY CASE confidence WHEN 'low' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, "
        "coalesce(similarity, 1), from_law, from_revision, from_article, rank "
        "LIMIT ?",
        [law, law, law, -1 if limit is None else limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
