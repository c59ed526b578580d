"""The translation memory: a Bai translation belongs to the Han text it translates.

Every paragraph whose normalised Han (:func:`glossary.han.text.han_key`, stored as its hash
in ``paragraphs.han_hash``) equals a translated one's shows that translation, *carried over*,
with where it comes from — in another revision, another law.

Design: carried translations are found when read, never copied. A write-time copy would
have to be kept in step by every import, correction, re-import and undo, and would blur
the history (who translated what, where). Read-time lookup through the indexed key needs
nothing of them: a re-imported paragraph with a changed text simply has another key (it no
longer shows the old translation), the others keep theirs; undoing the batch that wrote a
translation removes it, and with it every place it was carried to. A segment table keyed by
text would have done the same with one more table to keep in step; the key column on the
paragraph is that table's index without the bookkeeping.

A paragraph's rendering for a dialect is its own translation when it has one (an
*alternative* included — an editor's translation for this place only); otherwise the best
non-alternative translation of another paragraph with the same key: approved > reviewed >
draft, then the newest ``updated_at``, then the newest revision's place. The view
``clause_renderings`` (store.schema) is the same rule in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from glossary.lawtext.labels import article_label
from glossary.store.reader import Queryable

ORIGINS = ("own", "carried")
_STATUS_RANK = {"approved": 0, "reviewed": 1, "draft": 2}

_PLACE_COLUMNS = """
    p.id AS paragraph_id, p.article_id, l.slug AS law, l.short_name AS law_name,
    r.label AS revision, a.number AS article, a.sub, p.position, p.kind, p.label,
    coalesce(r.decided_on, r.label) AS revision_order
"""
_PLACE_JOINS = """
    JOIN articles a ON a.id = p.article_id
    JOIN revisions r ON r.id = a.revision_id
    JOIN laws l ON l.slug = r.law
"""


@dataclass(frozen=True)
class Place:
    """Where a translation lives: one 款/项 of one revision of one law."""

    paragraph_id: int
    article_id: int
    law: str
    law_name: str
    revision: str
    article: int
    sub: int
    position: int
    kind: str = "paragraph"  # paragraph | item
    label: str | None = None  # （一） for an item

    def describe(self) -> str:
        """``民事诉讼法 (2017) 第一百一十九条 第1款`` (an item: ``款/项 3 （一）``)."""
        where = f"{self.law_name} ({self.revision}) {article_label(self.article, self.sub)}"
        if self.kind == "item":
            return f"{where} 款/项 {self.position} {self.label or ''}".rstrip()
        return f"{where} 第{self.position}款"


@dataclass(frozen=True)
class Rendering:
    """What a paragraph shows for one dialect: its own translation or a carried one."""

    bai: str
    dialect: str
    status: str  # draft | reviewed | approved
    origin: str  # "own" | "carried"
    source: Place  # own: this place; carried: where from
    translator: str | None
    updated_at: str
    alternative: bool
    translation_id: int = 0
    reviewed_by: str | None = None  # who set the status (store.review), None: nobody yet
    reviewed_at: str | None = None

    @property
    def carried(self) -> bool:
        return self.origin == "carried"


def place_from_row(row: dict[str, Any]) -> Place:
    return Place(
        paragraph_id=row["paragraph_id"],
        article_id=row["article_id"],
        law=row["law"],
        law_name=row["law_name"],
        revision=row["revision"],
        article=row["article"],
        sub=row["sub"],
        position=row["position"],
        kind=row["kind"],
        label=row["label"],
    )


def _rows(db: Queryable, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def places(db: Queryable, paragraph_ids: Sequence[int]) -> dict[int, Place]:
    """The places of these paragraphs (ids not in the store are left out)."""
    found = _rows(
        db,
        f"SELECT {_PLACE_COLUMNS} FROM paragraphs p {_PLACE_JOINS} "
        "WHERE p.id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(paragraph_ids))],
    )
    return {row["paragraph_id"]: place_from_row(row) for row in found}


def _translation_rows(
    db: Queryable, paragraph_ids: Sequence[int], dialect: str | None, *, carried: bool
) -> list[dict[str, Any]]:
    """Own translations of the paragraphs (``carried`` False), or the non-alternative
    translations of other paragraphs with the same key; ``target`` is the asking paragraph."""
    if carried:
        source = (
            "FROM paragraphs q JOIN paragraphs p ON p.han_hash = q.han_hash AND p.id != q.id "
            "JOIN translations t ON t.paragraph_id = p.id AND t.alternative = 0"
        )
    else:
        source = "FROM paragraphs q JOIN paragraphs p ON p.id = q.id "
        source += "JOIN translations t ON t.paragraph_id = p.id"
    sql = (
        f"SELECT q.id AS target, t.id AS translation_id, t.dialect, t.bai, t.status, "
        f"t.translator, t.updated_at, t.alternative, t.reviewed_by, t.reviewed_at, "
        f"{_PLACE_COLUMNS} {source} {_PLACE_JOINS} "
        "WHERE q.id IN (SELECT value FROM json_each(?))"
    )
    params: list[Any] = [json.dumps(list(paragraph_ids))]
    if dialect is not None:
        sql += " AND t.dialect = ?"
        params.append(dialect)
    return _rows(db, sql, params)


def best_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Translation rows, best first: approved > reviewed > draft, then the newest update,
    then the newest revision (stable sorts, least important key first)."""
    ordered = sorted(rows, key=lambda r: r["translation_id"], reverse=True)
    ordered.sort(key=lambda r: str(r["revision_order"]), reverse=True)
    ordered.sort(key=lambda r: r["updated_at"], reverse=True)
    ordered.sort(key=lambda r: _STATUS_RANK.get(r["status"], 3))
    return ordered


def _rendering(row: dict[str, Any], origin: str) -> Rendering:
    return Rendering(
        bai=row["bai"],
        dialect=row["dialect"],
        status=row["status"],
        origin=origin,
        source=place_from_row(row),
        translator=row["translator"],
        updated_at=row["updated_at"],
        alternative=bool(row["alternative"]),
        translation_id=row["translation_id"],
        reviewed_by=row["reviewed_by"],
        reviewed_at=row["reviewed_at"],
    )


def renderings(
    db: Queryable, paragraph_ids: Sequence[int], dialect: str | None = None
) -> dict[int, dict[str, Rendering]]:
    """Paragraph id → dialect → its rendering (own, else the best carried one). A
    paragraph with no rendering in any (the asked) dialect is left out."""
    ids = list(dict.fromkeys(paragraph_ids))
    if not ids:
        return {}
    out: dict[int, dict[str, Rendering]] = {}
    for row in _translation_rows(db, ids, dialect, carried=False):
        out.setdefault(row["target"], {})[row["dialect"]] = _rendering(row, "own")
    carried = _translation_rows(db, ids, dialect, carried=True)
    for row in best_first(carried):
        mine = out.setdefault(row["target"], {})
        if row["dialect"] not in mine:
            mine[row["dialect"]] = _rendering(row, "carried")
    return {pid: found for pid, found in out.items() if found}


def rendering(db: Queryable, paragraph_id: int, dialect: str) -> Rendering | None:
    return renderings(db, [paragraph_id], dialect).get(paragraph_id, {}).get(dialect)


def carried_count(
    db: Queryable, dialect: str | None = None, *, revision_id: int | None = None
) -> int:
    """How many paragraph renderings (paragraph × dialect) are carried, not their own:
    for coverage, which counts them apart from the reviewed ones."""
    sql = """
        SELECT count(DISTINCT q.id || '/' || t.dialect)
          FROM paragraphs q
          JOIN paragraphs p ON p.han_hash = q.han_hash AND p.id != q.id
          JOIN translations t ON t.paragraph_id = p.id AND t.alternative = 0
         WHERE NOT EXISTS (SELECT 1 FROM translations o
                            WHERE o.paragraph_id = q.id AND o.dialect = t.dialect)
    """
    params: list[Any] = []
    if dialect is not None:
        sql += " AND t.dialect = ?"
        params.append(dialect)
    if revision_id is not None:
        sql += " AND q.article_id IN (SELECT id FROM articles WHERE revision_id = ?)"
        params.append(revision_id)
    return int(db.execute(sql, params).fetchone()[0])


def rendering_json(item: Rendering) -> dict[str, Any]:
    """One rendering as ``glossary show --json`` prints it."""
    return {
        "bai": item.bai,
        "status": item.status,
        "origin": item.origin,
        "source": item.source.describe(),
        "translator": item.translator,
        "alternative": item.alternative,
        "reviewed_by": item.reviewed_by,
        "reviewed_at": item.reviewed_at,
    }


__all__ = [
    "ORIGINS",
    "Place",
    "Rendering",
    "best_first",
    "carried_count",
    "places",
    "rendering",
    "rendering_json",
    "renderings",
]
