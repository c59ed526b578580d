"""How much of each law is in Bai: per revision and dialect, the 款/项 in total, with their
own translation, with only a carried one, and with a reviewed or an approved own one.

The counting is the view ``coverage`` (store.schema, m007): one definition, which
``glossary coverage``, the app and anyone with sqlite3 or Datasette read alike. Here the
counts get their percentages and the dialect split for ``stats``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from glossary.store.reader import Queryable

COUNTS = ("translated", "carried", "reviewed", "approved")


@dataclass(frozen=True)
class Coverage:
    """One revision in one dialect."""

    law: str
    law_name: str
    revision: str
    dialect: str
    total: int
    translated: int
    carried: int
    reviewed: int
    approved: int
    revision_id: int

    def percent(self, name: str) -> float:
        """``name`` (translated, carried, …) as a share of the 款/项, one decimal."""
        return round(100 * getattr(self, name) / self.total, 1) if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["percent"] = {name: self.percent(name) for name in COUNTS}
        return data


def coverage(db: Queryable, dialect: str | None = None) -> list[Coverage]:
    """Every revision × dialect (one dialect if given), in law and revision order."""
    sql = (
        "SELECT c.law, c.law_name, c.revision, c.dialect, c.total, c.translated, c.carried, "
        "c.reviewed, c.approved, c.revision_id FROM coverage c "
        "JOIN revisions r ON r.id = c.revision_id"
    )
    params: list[Any] = []
    if dialect is not None:
        sql += " WHERE c.dialect = ?"
        params.append(dialect)
    sql += " ORDER BY c.law, coalesce(r.decided_on, r.label), c.dialect"
    return [Coverage(*row) for row in db.execute(sql, params).fetchall()]


def translations_by_dialect(db: Queryable) -> dict[tuple[str, str], dict[str, int]]:
    """(law, revision label) → dialect → how many translations (款/项 and whole articles):
    the dialect split ``stats`` shows."""
    found = db.execute(
        "SELECT r.law, r.label, t.dialect, count(*) FROM translations t "
        "JOIN articles a ON a.id = t.article_id JOIN revisions r ON r.id = a.revision_id "
        "GROUP BY r.id, t.dialect ORDER BY r.id, t.dialect"
    ).fetchall()
    out: dict[tuple[str, str], dict[str, int]] = {}
    for law, revision, dialect, count in found:
        out.setdefault((law, revision), {})[dialect] = count
    return out


def first_untranslated(db: Queryable, revision_id: int, dialect: str) -> tuple[int, int] | None:
    """(number, sub) of the revision's first article with a 款/项 that has neither its own
    nor a carried translation in ``dialect``; None when every one has."""
    row = db.execute(
        """
        SELECT a.number, a.sub FROM articles a JOIN paragraphs p ON p.article_id = a.id
         WHERE a.revision_id = ?
           AND NOT EXISTS (SELECT 1 FROM translations t
                            WHERE t.paragraph_id = p.id AND t.dialect = ?)
           AND NOT EXISTS (SELECT 1 FROM paragraphs s JOIN translations t
                             ON t.paragraph_id = s.id
                            WHERE s.han_hash = p.han_hash AND s.id != p.id
                              AND t.dialect = ? AND t.alternative = 0)
         ORDER BY a.number, a.sub LIMIT 1
        """,
        [revision_id, dialect, dialect],
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


__all__ = ["COUNTS", "Coverage", "coverage", "first_untranslated", "translations_by_dialect"]
