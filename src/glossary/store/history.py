"""Batches and the change history: every write goes through here, so nothing is lost.

A batch is one command's writes (one transaction). Each inserted, updated or deleted row is
recorded in ``changes`` with its old and new values, so that any value ever overwritten can
be read back, and a batch can be undone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class Batch:
    """Records the writes of one command. The batch row is created on the first change,
    so a command that changes nothing leaves no trace."""

    db: Database
    command: str
    source: str | None = None
    id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def _ensure(self) -> int:
        if self.id is None:
            self.id = (
                self.db["batches"]
                .insert({"at": now(), "command": self.command, "source": self.source})
                .last_pk
            )
        return self.id

    def _record(
        self,
        table: str,
        row_id: int | None,
        key: str,
        op: str,
        field_name: str | None,
        old: Any,
        new: Any,
    ) -> None:
        self.db["changes"].insert(
            {
                "batch_id": self._ensure(),
                "at": now(),
                "table_name": table,
                "row_id": row_id,
                "key": key,
                "op": op,
                "field": field_name,
                "old": _json(old),
                "new": _json(new),
            }
        )
        self.counts[f"{table}.{op}"] = self.counts.get(f"{table}.{op}", 0) + 1

    def record_insert(self, table: str, row_id: int | None, key: str, row: dict[str, Any]) -> None:
        """Record a row the caller inserted itself (e.g. with INSERT OR IGNORE)."""
        self._record(table, row_id, key, "insert", None, None, row)

    def insert(self, table: str, row: dict[str, Any], key: str) -> int:
        row_id = self.db[table].insert(row).last_rowid
        self._record(table, row_id, key, "insert", None, None, row)
        return row_id

    def row(self, table: str, row_id: int | str, pk: str = "id") -> dict[str, Any]:
        cursor = self.db.execute(f"SELECT * FROM [{table}] WHERE [{pk}] = ?", [row_id])
        columns = [d[0] for d in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))

    def update(
        self,
        table: str,
        row_id: int | str,
        values: dict[str, Any],
        key: str,
        pk: str = "id",
        before: dict[str, Any] | None = None,
    ) -> bool:
        """Write the values that differ from the stored ones; record each old → new.

        ``before``: the row as it was when the command started, where the command had to
        move it out of the way first (renumbering), so the history shows the real old value.
        """
        current = before if before is not None else self.row(table, row_id, pk)
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if not changed:
            return False
        self.db[table].update(row_id, changed)
        rowid = row_id if isinstance(row_id, int) else None
        for name, value in changed.items():
            self._record(table, rowid, key, "update", name, current.get(name), value)
        return True

    def delete(self, table: str, row_id: int, key: str) -> None:
        """Delete a row, keeping all of it (and of the rows it cascades to) in the history."""
        for child_table, column in CASCADES.get(table, ()):
            children = self.db.execute(
                f"SELECT id FROM [{child_table}] WHERE [{column}] = ?", [row_id]
            ).fetchall()
            for (child_id,) in children:
                self.delete(child_table, child_id, f"{key}/{child_table}:{child_id}")
        old = self.row(table, row_id)
        self.db.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
        self._record(table, row_id, key, "delete", None, old, None)

    def finish(self, summary: dict[str, Any]) -> int | None:
        if self.id is not None:
            self.db["batches"].update(self.id, {"summary": _json(summary)})
        return self.id


# Rows deleted by ON DELETE CASCADE: recorded one by one before the parent goes.
CASCADES: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("translations", "article_id"), ("paragraphs", "article_id")),
    "paragraphs": (("translations", "paragraph_id"),),
    "terms": (("term_forms", "term_id"),),
}
