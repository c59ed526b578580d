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

from glossary.progress import Progress, tell
from glossary.store.db import write_transaction
from glossary.store.history import Batch


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


def _write_row(db: Database, batch: Batch, row: dict[str, Any], report: ConcordanceReport) -> None:
    key = (
        f"{row['from_law']}/{row['from_revision']}/{row['from_article'] or '-'}"
        f"→{row['to_law']}/{row['to_revision']}/{row['to_article'] or '-'}#{row['rank']}"
    )
    existing = find_existing(db, row)
    if existing is None:
        batch.insert("concordance", row, key=key)
        report.added += 1
    elif batch.update("concordance", existing[0], row, key=key):
        report.changed += 1
    else:
        report.unchanged += 1
