"""Reviewing translations: setting draft → reviewed → approved, with who and when.

A review is one batch in the history: every old status, reviewer and time is recorded, so
``glossary history`` shows it and ``glossary undo`` restores exactly what was there.

Rules (documented in the README):

* only a place's own translations are reviewed; a carried one is reviewed at its source;
* a status is only raised unless ``demote`` is given (approved → reviewed): a wide selection
  (a law, a batch) never quietly takes back an approval — those are kept and counted;
* a translation already at the status keeps its first reviewer and time;
* ``updated_at`` stays: the Bai did not change, ``reviewed_at`` says when it was checked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.lawtext.labels import article_label
from glossary.store.db import write_transaction
from glossary.store.history import Batch, now
from glossary.store.queries import parse_article_ref, pick_revision, require_law, rows
from glossary.store.review_status import REVIEW_STATUSES, STATUS_RANK
from glossary.store.translations import clause_key, find_article
from glossary.store.undo import list_changes

_SELECT = """
    SELECT t.id, t.dialect, t.status, t.reviewed_by, t.reviewed_at,
           l.slug AS law, r.label AS revision, a.number, a.sub, p.position
      FROM translations t
      JOIN articles a ON a.id = t.article_id
      JOIN revisions r ON r.id = a.revision_id
      JOIN laws l ON l.slug = r.law
      LEFT JOIN paragraphs p ON p.id = t.paragraph_id
"""
_ORDER = " ORDER BY l.slug, r.label, a.number, a.sub, ifnull(p.position, 0), t.dialect"


@dataclass(frozen=True)
class Selection:
    """Which translations to review: exactly one of an article, a batch, a law."""

    ref: str | None = None
    batch: int | None = None
    law: str | None = None
    revision: str | None = None
    dialect: str | None = None

    def describe(self) -> str:
        what = (
            f"article {self.ref}"
            if self.ref
            else f"batch {self.batch}"
            if self.batch is not None
            else f"law {self.law}"
        )
        if self.revision:
            what += f" ({self.revision})"
        return what + (f" in dialect {self.dialect}" if self.dialect else "")


@dataclass
class ReviewReport:
    """What a review did (or, in a dry run, would do)."""

    status: str
    by: str
    selected: int = 0
    changed: list[str] = field(default_factory=list)  # keys, "law/revision/article/款"
    unchanged: int = 0
    kept: int = 0  # higher than asked, left as they are (no demote)
    batch: int | None = None
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def check_request(status: str, by: str | None, selection: Selection) -> str:
    """The reviewer's name, or a one-line refusal of a request that cannot be right."""
    if status not in REVIEW_STATUSES:
        raise GlossaryError(
            f"unknown review status {status!r}", fix=f"use one of: {', '.join(REVIEW_STATUSES)}"
        )
    if not by or not by.strip():
        raise GlossaryError(
            f"a {status} status needs the reviewer's name",
            fix="add --by NAME (who checked the Bai)",
        )
    given = [selection.ref is not None, selection.batch is not None, selection.law is not None]
    if sum(given) != 1:
        raise GlossaryError(
            "say which translations to review",
            fix="give exactly one of: an article (民诉 122), --batch N, --law L",
        )
    if selection.batch is not None and selection.revision is not None:
        raise GlossaryError(
            "--revision does not narrow --batch (a batch wrote what it wrote)",
            fix="leave out --revision, or review by article or --law with it",
        )
    return by.strip()


def _by_ref(db: Database, selection: Selection) -> tuple[list[dict[str, Any]], str]:
    assert selection.ref is not None
    slug, parsed = parse_article_ref(db, selection.ref)
    rev = pick_revision(db, slug, selection.revision)
    article_id = find_article(db, rev["id"], parsed.number, parsed.sub)
    if article_id is None:
        raise GlossaryError(
            f"{slug} ({rev['label']}) has no {article_label(parsed.number, parsed.sub)}",
            fix="check the number with `glossary show`",
        )
    return rows(db, _SELECT + " WHERE t.article_id = ?" + _ORDER, [article_id]), slug


def _by_batch(db: Database, batch: int) -> list[dict[str, Any]]:
    ids = sorted(
        {
            c["row_id"]
            for c in list_changes(db, batch=batch)
            if c["table"] == "translations" and c["op"] in ("insert", "update")
        }
    )
    sql = _SELECT + " WHERE t.id IN (SELECT value FROM json_each(?))" + _ORDER
    return rows(db, sql, [f"[{','.join(map(str, ids))}]"])


def _by_law(db: Database, law: str, revision: str | None) -> list[dict[str, Any]]:
    slug = require_law(db, law)
    if revision is None:
        return rows(db, _SELECT + " WHERE l.slug = ?" + _ORDER, [slug])
    rev = pick_revision(db, slug, revision)
    return rows(db, _SELECT + " WHERE a.revision_id = ?" + _ORDER, [rev["id"]])


def _carried_note(db: Database, selection: Selection) -> str:
    """Why an article with Bai shown has nothing to review: it is all carried."""
    from glossary.store.memory import renderings

    assert selection.ref is not None
    slug, parsed = parse_article_ref(db, selection.ref)
    rev = pick_revision(db, slug, selection.revision)
    article_id = find_article(db, rev["id"], parsed.number, parsed.sub)
    ids = [r[0] for r in db.execute("SELECT id FROM paragraphs WHERE article_id = ?", [article_id])]
    sources = sorted(
        {
            item.source.describe()
            for found in renderings(db, ids, selection.dialect).values()
            for item in found.values()
            if item.carried
        }
    )
    if not sources:
        return ""
    return f"; its Bai is carried — review it at its source: {', '.join(sources)}"


def select_translations(db: Database, selection: Selection) -> list[dict[str, Any]]:
    """The own translations selected, in reading order; a one-line error when none are."""
    if selection.ref is not None:
        found, _slug = _by_ref(db, selection)
    elif selection.batch is not None:
        found = _by_batch(db, selection.batch)
    else:
        assert selection.law is not None
        found = _by_law(db, selection.law, selection.revision)
    if selection.dialect is not None:
        found = [r for r in found if r["dialect"] == selection.dialect]
    if not found:
        note = _carried_note(db, selection) if selection.ref is not None else ""
        raise GlossaryError(
            f"nothing to review: {selection.describe()} has no translation of its own{note}",
            fix="check the selection with `glossary show` or `glossary history`",
        )
    return found


def review(
    db: Database,
    selection: Selection,
    *,
    status: str,
    by: str | None,
    demote: bool = False,
    dry_run: bool = False,
) -> ReviewReport:
    """Set ``status``, ``reviewed_by`` and ``reviewed_at`` on the selected translations,
    all in one batch (or, ``dry_run``, report what would change and write nothing)."""
    reviewer = check_request(status, by, selection)
    report = ReviewReport(status=status, by=reviewer, dry_run=dry_run)
    batch = Batch(db, command=f"review {status}", source=reviewer)
    with write_transaction(db, dry_run=dry_run):
        found = select_translations(db, selection)
        report.selected = len(found)
        stamp = now()
        for row in found:
            rank, wanted = STATUS_RANK.get(row["status"], 0), STATUS_RANK[status]
            if rank == wanted:
                report.unchanged += 1
                continue
            if rank > wanted and not demote:
                report.kept += 1
                continue
            key = clause_key(
                row["law"], row["revision"], row["number"], row["sub"], row["position"]
            )
            values = {"status": status, "reviewed_by": reviewer, "reviewed_at": stamp}
            batch.update("translations", row["id"], values, f"{key}/{row['dialect']}")
            report.changed.append(f"{key} [{row['dialect']}]")
        batch.finish({"status": status, "by": reviewer, "changed": len(report.changed)})
    report.batch = None if dry_run else batch.id
    return report


__all__ = ["ReviewReport", "Selection", "check_request", "review", "select_translations"]
