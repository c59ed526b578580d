"""Bai translations of articles and 款/项, and the texts of collections, written through the
batch history.

A translation is keyed by (article, paragraph or whole article, dialect). Every inserted row
and every overwritten value is recorded in the batch, so an import can be undone and any old
translation read back. ``updated_at`` moves only when a value really changed.

A *collection* is a law-like book with no official text to import (a prefecture regulation,
the mediators' own book of common clauses): its rows are created by the translation import,
Han text and Bai together, and later imports may correct its Han text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from glossary.han.text import han_hash
from glossary.lawtext.catalog import short_name_of
from glossary.lawtext.labels import article_label
from glossary.store.history import Batch, now
from glossary.store.review_status import STATUSES

if TYPE_CHECKING:  # the app reads through this module: no sqlite-utils at start
    from sqlite_utils import Database

DIALECTS = ("bca", "bfs", "bfc")
#: The fields an import compares; ``source`` is set once, when the row is created.
COMPARED = ("bai", "status", "translator", "note")


@dataclass
class Written:
    """What a write did: "added", "changed" or "unchanged", and each field's old → new."""

    id: int
    what: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


def clause_key(
    law: str, revision: str, number: int, sub: int = 0, position: int | None = None
) -> str:
    """``minshi-susong-fa/2023/122/1`` (``/122-1`` for 第一百二十二条之一; no position: the
    whole article)."""
    key = f"{law}/{revision}/{number}" + (f"-{sub}" if sub else "")
    return key if position is None else f"{key}/{position}"


# --- reading what an import checks against --------------------------------------------------


def law_exists(db: Database, slug: str) -> bool:
    return db.execute("SELECT 1 FROM laws WHERE slug = ?", [slug]).fetchone() is not None


def law_name(db: Database, slug: str) -> str:
    return str(db.execute("SELECT name FROM laws WHERE slug = ?", [slug]).fetchone()[0])


def find_revision(db: Database, law: str, label: str) -> int | None:
    """The id of a law's revision by its exact label."""
    row = db.execute(
        "SELECT id FROM revisions WHERE law = ? AND label = ?", [law, label]
    ).fetchone()
    return None if row is None else int(row[0])


def find_article(db: Database, revision_id: int, number: int, sub: int) -> int | None:
    row = db.execute(
        "SELECT id FROM articles WHERE revision_id = ? AND number = ? AND sub = ?",
        [revision_id, number, sub],
    ).fetchone()
    return None if row is None else int(row[0])


def article_range(db: Database, revision_id: int) -> tuple[int | None, int | None]:
    """The lowest and highest article number of a revision."""
    low, high = db.execute(
        "SELECT min(number), max(number) FROM articles WHERE revision_id = ?", [revision_id]
    ).fetchone()
    return low, high


def paragraphs_of(db: Database, article_id: int) -> list[tuple[int, int, str | None, str]]:
    """(id, position, label, han) of an article's 款/项, in order."""
    return db.execute(
        "SELECT id, position, label, han FROM paragraphs WHERE article_id = ? ORDER BY position",
        [article_id],
    ).fetchall()


def find_translation(
    db: Database, article_id: int, paragraph_id: int | None, dialect: str
) -> dict[str, Any] | None:
    cursor = db.execute(
        "SELECT * FROM translations WHERE article_id = ? AND paragraph_id IS ? AND dialect = ?",
        [article_id, paragraph_id, dialect],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def new_translation_row(
    *,
    article_id: int,
    paragraph_id: int | None,
    dialect: str,
    bai: str,
    status: str | None = None,
    translator: str | None = None,
    note: str | None = None,
    source: str | None = None,
    alternative: bool | None = None,
    reviewed: tuple[str | None, str | None] | None = None,
) -> dict[str, Any]:
    """The row of a translation that is not there yet (``draft`` unless told otherwise)."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {STATUSES}")
    stamp = now()
    return {
        "article_id": article_id,
        "paragraph_id": paragraph_id,
        "dialect": dialect,
        "bai": bai,
        "status": status or "draft",
        "translator": translator,
        "note": note,
        "source": source,
        "alternative": int(bool(alternative)),
        "reviewed_by": reviewed[0] if reviewed else None,
        "reviewed_at": reviewed[1] if reviewed else None,
        "created_at": stamp,
        "updated_at": stamp,
    }


def upsert_translation(
    db: Database,
    batch: Batch,
    *,
    article_id: int,
    paragraph_id: int | None,
    dialect: str,
    bai: str,
    key: str,
    status: str | None = None,
    translator: str | None = None,
    note: str | None = None,
    source: str | None = None,
    alternative: bool | None = None,
    reviewed: tuple[str | None, str | None] | None = None,
) -> Written:
    """Insert or update one translation.

    ``status``, ``translator``, ``note``, ``alternative``, ``reviewed`` (who and when, as a
    restore gives them): None keeps the stored value (a new row gets ``draft``, NULLs, not an
    alternative). ``source`` is written only on a
    new row, so re-importing the same pairs from another file (an export) changes nothing.
    """
    if status is not None and status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {STATUSES}")  # an update's too
    existing = find_translation(db, article_id, paragraph_id, dialect)
    if existing is None:
        row = new_translation_row(
            article_id=article_id,
            paragraph_id=paragraph_id,
            dialect=dialect,
            bai=bai,
            status=status,
            translator=translator,
            note=note,
            source=source,
            alternative=alternative,
            reviewed=reviewed,
        )
        return Written(batch.insert("translations", row, key), "added")
    wanted: dict[str, Any] = {"bai": bai}
    for name, value in (("status", status), ("translator", translator), ("note", note)):
        if value is not None:
            wanted[name] = value
    if alternative is not None:
        wanted["alternative"] = int(alternative)
    if reviewed is not None:
        wanted["reviewed_by"], wanted["reviewed_at"] = reviewed
    changes = {
        name: (existing[name], value) for name, value in wanted.items() if existing[name] != value
    }
    if not changes:
        return Written(existing["id"], "unchanged")
    values = {name: new for name, (_old, new) in changes.items()} | {"updated_at": now()}
    batch.update("translations", existing["id"], values, key, before=existing)
    return Written(existing["id"], "changed", changes)


class NewTranslations:
    """Translations that are not there yet, gathered and written in one ``executemany``
    (a worksheet adds thousands). The caller flushes before anything else writes to
    the table, so ids and history come out as writing row by row would give them."""

    def __init__(self, db: Database, batch: Batch) -> None:
        self.db, self.batch = db, batch
        self.rows: list[dict[str, Any]] = []
        self.keys: list[str] = []
        self.places: set[tuple[int, int | None, str]] = set()

    def take(self, key: str, **values: Any) -> bool:
        """Gather the translation if its place (article, paragraph, dialect) holds none,
        in the table or among those gathered; False when it must be written as an update."""
        place = (values["article_id"], values["paragraph_id"], values["dialect"])
        if place in self.places or find_translation(self.db, *place) is not None:
            return False
        self.rows.append(new_translation_row(**values))
        self.keys.append(key)
        self.places.add(place)
        return True

    def flush(self) -> int:
        """Write what is gathered; how many rows."""
        written = len(self.rows)
        self.batch.insert_many("translations", self.rows, self.keys)
        self.rows, self.keys, self.places = [], [], set()
        return written


# --- collections --------------------------------------------------------------------------------


def law_kind(db: Database, slug: str) -> str | None:
    row = db.execute("SELECT kind FROM laws WHERE slug = ?", [slug]).fetchone()
    return None if row is None else row[0]


def ensure_collection(db: Database, batch: Batch, slug: str, name: str) -> bool:
    """Add the law row of a collection unless it exists; returns whether it was added."""
    if law_exists(db, slug):
        return False
    row = {
        "slug": slug,
        "name": name,
        "short_name": short_name_of(name),
        "aliases": json.dumps([], ensure_ascii=False),
        "kind": "collection",
    }
    batch.insert("laws", row, slug)
    return True


def ensure_revision(
    db: Database, batch: Batch, law: str, label: str, *, title: str, source: str | None
) -> tuple[int, bool]:
    """(revision id, created) of a collection's revision."""
    found = find_revision(db, law, label)
    if found is not None:
        return found, False
    values = {"law": law, "label": label, "title": title, "source": source}
    return batch.insert("revisions", values, f"{law}/{label}"), True


def ensure_article(
    db: Database, batch: Batch, revision_id: int, number: int, sub: int, key: str
) -> tuple[int, bool]:
    """(article id, created) of a collection's article."""
    found = find_article(db, revision_id, number, sub)
    if found is not None:
        return found, False
    values = {
        "revision_id": revision_id,
        "number": number,
        "sub": sub,
        "label": article_label(number, sub),
    }
    return batch.insert("articles", values, key), True


def ensure_paragraph(
    db: Database, batch: Batch, article_id: int, position: int, han: str | None, key: str
) -> Written:
    """A collection's 款 at ``position``: added with ``han``, or its Han text corrected
    (the old text stays in the history). ``han`` None or empty keeps the stored text."""
    cursor = db.execute(
        "SELECT * FROM paragraphs WHERE article_id = ? AND position = ?", [article_id, position]
    )
    found = cursor.fetchone()
    if found is None:
        if not han:
            raise ValueError("a new paragraph needs its Han text")
        values = {
            "article_id": article_id,
            "position": position,
            "kind": "paragraph",
            "label": None,
            "han_hash": han_hash(han),
            "han": han,
        }
        return Written(batch.insert("paragraphs", values, key), "added")
    existing = dict(zip([d[0] for d in cursor.description], found, strict=True))
    if not han or existing["han"] == han:
        return Written(existing["id"], "unchanged")
    values = {"han_hash": han_hash(han), "han": han}  # the key first: history ends on the text
    batch.update("paragraphs", existing["id"], values, key, before=existing)
    return Written(existing["id"], "changed", {"han": (existing["han"], han)})


__all__ = [
    "COMPARED",
    "DIALECTS",
    "STATUSES",
    "Written",
    "article_range",
    "clause_key",
    "ensure_article",
    "ensure_collection",
    "ensure_paragraph",
    "ensure_revision",
    "find_article",
    "find_revision",
    "find_translation",
    "law_exists",
    "law_kind",
    "law_name",
    "paragraphs_of",
    "upsert_translation",
]
