"""One 款/项's Bai written by hand, as the app's editor mode does: each save is one batch in
the history (command ``app edit``, source ``app``), so ``glossary history`` lists it and
``glossary undo`` restores what was there — the same write path as an import."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.store.db import write_transaction
from glossary.store.history import Batch, now
from glossary.store.review_status import REVIEW_STATUSES, STATUS_RANK
from glossary.store.translations import clause_key, find_translation, upsert_translation

COMMAND = "app edit"
SOURCE = "app"

_PLACE = """
    SELECT p.article_id, r.law, r.label AS revision, a.number, a.sub, p.position
      FROM paragraphs p
      JOIN articles a ON a.id = p.article_id
      JOIN revisions r ON r.id = a.revision_id
     WHERE p.id = ?
"""


def place(db: Database, paragraph_id: int) -> tuple[int, str]:
    """The paragraph's article id and history key (``law/revision/number/position``)."""
    cursor = db.execute(_PLACE, [paragraph_id])
    row = cursor.fetchone()
    if row is None:
        raise GlossaryError(
            f"paragraph {paragraph_id} is not in the database",
            fix="open the article again: another process may have replaced the law",
        )
    found: dict[str, Any] = dict(zip([d[0] for d in cursor.description], row, strict=True))
    key = clause_key(
        found["law"], found["revision"], found["number"], found["sub"], found["position"]
    )
    return int(found["article_id"]), key


def save_bai(
    db: Database, paragraph_id: int, dialect: str, bai: str, *, translator: str | None = None
) -> int | None:
    """Write the place's own Bai; returns the batch id (None: it was already so).

    New Bai is a draft with no reviewer: nobody has checked the new words yet."""
    text = bai.strip()
    if not text:
        raise GlossaryError("the Bai is empty", fix="type the Bai, or press Esc to cancel")
    batch = Batch(db, command=COMMAND, source=SOURCE)
    with write_transaction(db):
        article_id, key = place(db, paragraph_id)
        own = find_translation(db, article_id, paragraph_id, dialect)
        if own is not None and own["bai"] == text:
            return None
        written = upsert_translation(
            db,
            batch,
            article_id=article_id,
            paragraph_id=paragraph_id,
            dialect=dialect,
            bai=text,
            key=f"{key}/{dialect}",
            translator=translator,
            source=SOURCE,
            status="draft",
            reviewed=(None, None),
        )
        batch.finish({"edited": f"{key}/{dialect}", "what": written.what})
    return batch.id


def mark(db: Database, paragraph_id: int, dialect: str, status: str, by: str) -> int | None:
    """Set the place's own translation to reviewed/approved by ``by``, as ``glossary
    review`` does: only raised, never taken back (an approval stays), and a translation
    already at the status keeps its first reviewer. Returns the batch id (None: unchanged)."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"status {status!r} is not one of {REVIEW_STATUSES}")
    batch = Batch(db, command=f"{COMMAND} {status}", source=by)
    with write_transaction(db):
        article_id, key = place(db, paragraph_id)
        own = find_translation(db, article_id, paragraph_id, dialect)
        if own is None:
            raise GlossaryError(
                f"nothing to review: {key} has no Bai of its own in {dialect}",
                fix="type or accept its Bai first (E or A)",
            )
        if STATUS_RANK.get(own["status"], 0) < STATUS_RANK[status]:
            values = {"status": status, "reviewed_by": by, "reviewed_at": now()}
            batch.update("translations", own["id"], values, f"{key}/{dialect}")
        batch.finish({"status": status, "by": by, "place": f"{key}/{dialect}"})
    return batch.id


__all__ = ["COMMAND", "SOURCE", "mark", "place", "save_bai"]
