"""Synonyms and everyday words of glossary terms (家暴 → 家庭暴力): the writes and reads.

A synonym belongs to one term and is keyed by (term, word): the same word may stand for two
terms (打官司 for 诉讼 and 起诉). Every insert and overwritten value is recorded in the
batch's history like any term data, so an import of synonyms can be undone. The search
index keys each synonym by its Han and its pinyin (store.search_index); search finds the
term and its articles through it (search.synonyms).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from glossary.store.history import Batch, now
from glossary.store.queries import rows
from glossary.store.reader import Queryable
from glossary.store.schema import SYNONYM_KINDS

__all__ = ["SYNONYM_KINDS", "SynonymRecord", "synonyms_of", "upsert_synonym"]


@dataclass
class SynonymRecord:
    """One row of a synonym table: the word people say and the term it stands for."""

    word: str
    term: str  # the term's Han
    kind: str = "synonym"
    note: str | None = None
    source: str | None = None

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind, "note": self.note, "source": self.source}


def synonym_key(term: str, word: str) -> str:
    """The history key of a synonym: under its term's (``term/家庭暴力/synonym:家暴``)."""
    return f"term/{term}/synonym:{word}"


def upsert_synonym(db: Database, batch: Batch, term_id: int, record: SynonymRecord) -> str:
    """Insert or update one synonym of a stored term; "added", "changed" or "unchanged".
    An empty note or source keeps the stored one."""
    key = synonym_key(record.term, record.word)
    found = db.execute(
        "SELECT id FROM term_synonyms WHERE term_id = ? AND word = ?", [term_id, record.word]
    ).fetchone()
    if found is None:
        stamp = now()
        batch.insert(
            "term_synonyms",
            {"term_id": term_id, "word": record.word, **record.values()}
            | {"created_at": stamp, "updated_at": stamp},
            key,
        )
        return "added"
    before = batch.row("term_synonyms", found[0])
    wanted = {k: v for k, v in record.values().items() if v not in (None, "")}
    if all(before.get(k) == v for k, v in wanted.items()):
        return "unchanged"
    batch.update("term_synonyms", found[0], wanted | {"updated_at": now()}, key, before=before)
    return "changed"


def synonyms_of(db: Queryable, term_id: int) -> list[dict[str, Any]]:
    """A term's synonyms in the order they were added: word, kind, note, source."""
    return rows(
        db,
        "SELECT word, kind, note, source FROM term_synonyms WHERE term_id = ? ORDER BY id",
        [term_id],
    )


def all_synonyms(db: Queryable) -> list[dict[str, Any]]:
    """Every synonym with its term's Han (exports): term, word, kind, note, source."""
    return rows(
        db,
        "SELECT t.han AS term, s.word, s.kind, s.note, s.source FROM term_synonyms s "
        "JOIN terms t ON t.id = s.term_id ORDER BY t.han, s.id",
    )
