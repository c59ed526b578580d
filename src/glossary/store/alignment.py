"""The concordance the project computes itself (:mod:`glossary.lawtext.align`), in the table.

Which revisions are linked — a law's *links*:
- each revision with the next one, in the order :func:`revisions_of` gives (decision date),
  so that a revision imported late (2012 after 2007 and 2023) goes between its neighbours;
- a law the store says was replaced by part of another (婚姻法 → 民法典 婚姻家庭编): its
  newest revision with the successor's oldest, compared only with the articles of that part.

What a recompute may touch, so that it is safe to run on every ``import-law``:
- rows a person verified (``verified = 1``) are never changed or deleted; the articles they
  cover, on either side, are left out of the computation (the verified link stands for them);
- the other rows of a link are the machine's: a row that comes out the same is not written
  (recomputing when nothing changed changes nothing, and leaves no batch), one that differs
  is updated and one no longer found is deleted — the old values kept in the history;
- rows this module wrote for two revisions that are no longer neighbours (one was imported
  between them) are deleted; rows imported from a file for revisions not in the store
  (民事诉讼法 1991 → 2007) are not this module's and stay.

All of it runs in the caller's transaction and batch, so ``glossary undo`` takes back an
import together with the concordance it computed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from glossary.lawtext.align import Row, align, confidence
from glossary.store.concordance import find_existing, history_key, row_key
from glossary.store.history import Batch
from glossary.store.queries import numbered_article_texts, revisions_of, rows

SOURCE = "glossary align"  # the concordance rows' source: computed by this module

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Link:
    """Two revisions whose articles are aligned (the newer may be another law's)."""

    old: dict[str, Any]  # a revisions row
    new: dict[str, Any]
    within: tuple[int, int] | None = None  # the successor's articles that replaced the law

    @property
    def name(self) -> str:
        old, new = self.old, self.new
        if old["law"] == new["law"]:
            return f"{old['law']} {old['label']} → {new['label']}"
        return f"{old['law']} {old['label']} → {new['law']} {new['label']}"


@dataclass
class AlignReport:
    """What aligning one link found and wrote."""

    link: str
    sides: tuple[tuple[str, str], tuple[str, str]]  # (law, revision) old and new
    computed: list[Row] = field(default_factory=list)
    verified: int = 0  # rows a person verified, kept as they are
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    not_stored: list[str] = field(default_factory=list)  # 之一 articles; verified rows in the way

    def to_json(self) -> dict[str, Any]:
        (old_law, old_rev), (new_law, new_rev) = self.sides
        return {
            "link": self.link,
            "from": {"law": old_law, "revision": old_rev},
            "to": {"law": new_law, "revision": new_rev},
            "rows": len(self.computed),
            "verified_kept": self.verified,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "not_stored": self.not_stored,
        }


def links_of(db: Database, law: str) -> list[Link]:
    """Every link that involves ``law``: its neighbouring revisions, the law it replaced
    part of (or the law that replaced it) — where both sides are in the store."""
    found = [Link(old, new) for new, old in itertools.pairwise(revisions_of(db, law))]
    for row in rows(db, "SELECT * FROM laws WHERE slug = ? OR successor = ?", [law, law]):
        if row["successor"] and row["successor"] != row["slug"]:
            link = successor_link(db, row)
            if link is not None:
                found.append(link)
    return found


def successor_link(db: Database, law: dict[str, Any]) -> Link | None:
    """The link of a replaced law's newest revision to its successor's oldest one."""
    old, new = revisions_of(db, law["slug"]), revisions_of(db, law["successor"])
    if not old or not new:
        return None
    span = None
    if law["successor_first"] is not None and law["successor_last"] is not None:
        span = (int(law["successor_first"]), int(law["successor_last"]))
    return Link(old[0], new[-1], span)


def link_between(db: Database, old: dict[str, Any], new: dict[str, Any]) -> tuple[Link, bool]:
    """The link of two revisions (compared within the successor's part where ``new`` is of
    the law that replaced ``old``'s), and whether it is one of the law's links — neighbours,
    or the replaced law's newest with the successor's oldest — that the table keeps."""
    for link in links_of(db, old["law"]):
        if link.old["id"] == old["id"] and link.new["id"] == new["id"]:
            return link, True
    law = rows(db, "SELECT * FROM laws WHERE slug = ?", [old["law"]])[0]
    span = None
    if law["successor"] == new["law"] != old["law"]:
        found = successor_link(db, law)
        span = found.within if found else None
    return Link(old, new, span), False


def realign(db: Database, batch: Batch, laws: list[str]) -> list[AlignReport]:
    """Recompute every link of these laws (after an import), having first dropped this
    module's rows of revisions that are no longer neighbours (reported as removed)."""
    current = {law: links_of(db, law) for law in laws}
    reports: dict[str, AlignReport] = {}
    for law, links in current.items():
        for stale in drop_stale(db, batch, law, links):
            reports[stale.link] = stale
    for links in current.values():
        for link in links:
            if link.name not in reports:
                reports[link.name] = align_link(db, batch, link)
    return list(reports.values())


def drop_stale(db: Database, batch: Batch, law: str, current: list[Link]) -> list[AlignReport]:
    """Delete this module's unverified rows from ``law`` that belong to no current link:
    one report for each pair of revisions that are no longer neighbours."""
    wanted = {(k.old["label"], k.new["law"], k.new["label"]) for k in current}
    dropped: dict[tuple[str, str, str], AlignReport] = {}
    for row in rows(
        db,
        "SELECT * FROM concordance WHERE from_law = ? AND source = ? AND verified = 0 ORDER BY id",
        [law, SOURCE],
    ):
        pair = (row["from_revision"], row["to_law"], row["to_revision"])
        if pair in wanted:
            continue
        if pair not in dropped:
            gone = Link({"law": law, "label": pair[0]}, {"law": pair[1], "label": pair[2]})
            dropped[pair] = AlignReport(
                link=gone.name + " (no longer neighbours)",
                sides=((law, pair[0]), (pair[1], pair[2])),
            )
        batch.delete("concordance", row["id"], history_key(row))
        dropped[pair].removed += 1
    return list(dropped.values())


def align_link(db: Database, batch: Batch, link: Link) -> AlignReport:
    """Compute one link and bring its machine rows in line with what was computed."""
    sides = ((link.old["law"], link.old["label"]), (link.new["law"], link.new["label"]))
    report = AlignReport(link=link.name, sides=sides)
    stored = stored_rows(db, link)
    verified = [r for r in stored if r["verified"]]
    report.verified = len(verified)
    pinned_old = {r["from_article"] for r in verified if r["from_article"] is not None}
    pinned_new = {r["to_article"] for r in verified if r["to_article"] is not None}
    old = _texts(db, link.old["id"], None, pinned_old, report)
    new = _texts(db, link.new["id"], link.within, pinned_new, report)
    report.computed = align(old, new)
    wanted = {row_key(r): r for row in report.computed for r in table_rows(link, row)}
    machine = {row_key(r): r for r in stored if not r["verified"]}
    for key, row in machine.items():
        if key not in wanted:
            batch.delete("concordance", row["id"], history_key(row))
            report.removed += 1
    for key, row in wanted.items():
        if key in machine:
            if batch.update("concordance", machine[key]["id"], row, key=history_key(row)):
                report.changed += 1
            else:
                report.unchanged += 1
            continue
        _put(db, batch, row, report)
    return report


def _put(db: Database, batch: Batch, row: dict[str, Any], report: AlignReport) -> None:
    """Insert a computed row — or, where the table already holds a row for the same source
    article and rank towards another revision of the target law (the unique index does not
    name the target revision), take that row over unless a person verified it."""
    existing = find_existing(db, row)
    if existing is None:
        batch.insert("concordance", row, key=history_key(row))
        report.added += 1
    elif batch.row("concordance", existing[0])["verified"]:
        report.not_stored.append(history_key(row))
    else:
        batch.update("concordance", existing[0], row, key=history_key(row))
        report.changed += 1


def stored_rows(db: Database, link: Link) -> list[dict[str, Any]]:
    """The stored rows of a link (rows of a file read before the successor law was imported
    have no target revision: they count as the link's too)."""
    return rows(
        db,
        "SELECT * FROM concordance WHERE from_law = ? AND from_revision = ? AND to_law = ? "
        "AND (to_revision = ? OR (to_revision IS NULL AND from_law != to_law))",
        [link.old["law"], link.old["label"], link.new["law"], link.new["label"]],
    )


def _texts(
    db: Database,
    revision_id: int,
    within: tuple[int, int] | None,
    pinned: set[int],
    report: AlignReport,
) -> list[tuple[str, str]]:
    """A revision's articles keyed by number, less those a verified row already links."""
    texts = []
    for number, sub, label, text in numbered_article_texts(db, revision_id, within):
        if sub:
            report.not_stored.append(label)  # the table has no column for 之一
            continue
        if number not in pinned:
            texts.append((str(number), text))
    return texts


def table_rows(link: Link, row: Row) -> list[dict[str, Any]]:
    """A computed row as rows of the concordance table: a split gives one row per new
    article (rank 1, 2 …), a merge one row per old article; an added article has no source
    and a deleted one no target."""
    base = {
        "from_law": link.old["law"],
        "from_revision": link.old["label"],
        "to_law": link.new["law"],
        "to_revision": link.new["label"],
        "relation": row.relation,
        "similarity": round(row.score, 3) if row.relation not in ("added", "deleted") else None,
        "confidence": None,
        "computed": 1,
        "verified": 0,
        "source": SOURCE,
    }
    if base["similarity"] is not None:
        base["confidence"] = confidence(row.score)
    sources: list[int | None] = [int(k) for k in row.from_articles] or [None]
    targets: list[int | None] = [int(k) for k in row.to_articles] or [None]
    return [
        base | {"from_article": a, "to_article": b, "rank": rank}
        for a in sources
        for rank, b in enumerate(targets, start=1)
    ]
