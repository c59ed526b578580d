"""CSV export of clause translations and term pairs, for Excel and for re-import.

UTF-8 with a BOM (so Excel on Windows reads the Chinese), CRLF line ends, and every cell that
a spreadsheet would run as a formula (``= + - @``, tab, CR) neutralised with a leading
apostrophe, which the importer removes again. Importing an export changes nothing.

Works on a read-only database (``Queryable``) and loads neither sqlite-utils nor the importer.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from glossary.errors import GlossaryError
from glossary.io.output import open_export
from glossary.io.tabular import neutralise
from glossary.io.vocabulary import article_number
from glossary.lawtext.labels import paragraph_text_sql
from glossary.progress import Progress, tell
from glossary.store.queries import resolve_law
from glossary.store.reader import Queryable

CLAUSE_HEADER = (
    "law",
    "revision",
    "article",
    "paragraph",
    "dialect",
    "han",
    "bai",
    "status",
    "translator",
    "note",
)
TERM_HEADER = (
    "han",
    "bai",
    "dialect",
    "script",
    "variety",
    "definition",
    "status",
    "source",
    "articles",
)


@contextmanager
def _open(out: str | os.PathLike[str] | TextIO, db: Queryable, force: bool) -> Iterator[TextIO]:
    if isinstance(out, str | os.PathLike):
        with open_export(Path(out), db, force=force, encoding="utf-8-sig", newline="") as handle:
            yield handle
    else:
        yield out  # a stream is written as it is (no BOM)


def _write(
    out: str | os.PathLike[str] | TextIO,
    header: tuple[str, ...],
    rows: list[list[Any]],
    progress: Progress | None,
    *,
    db: Queryable,
    force: bool,
) -> int:
    """``db``: the database exported (never written over); ``force``: replace a file."""
    with _open(out, db, force) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for done, row in enumerate(rows):
            tell(progress, done, len(rows), "writing rows")
            writer.writerow([neutralise("" if v is None else str(v)) for v in row])
    tell(progress, len(rows), len(rows), "writing rows")
    return len(rows)


def clause_rows(db: Queryable, law: str | None = None) -> list[list[Any]]:
    """One row per translation: law, revision, article, paragraph, dialect, han, bai, …"""
    params: list[Any] = []
    where = ""
    if law is not None:
        slug = resolve_law(db, law)
        if slug is None:
            raise GlossaryError(f"unknown law {law!r}", fix="give a slug, a name or an alias")
        where, params = "WHERE r.law = ?", [slug]
    cursor = db.execute(
        f"""
        SELECT r.law, r.label, a.number, a.sub, p.position, t.dialect,
               CASE WHEN t.paragraph_id IS NULL THEN
                    (SELECT group_concat({paragraph_text_sql("q")}, char(10))
                       FROM (SELECT * FROM paragraphs WHERE article_id = a.id
                             ORDER BY position) q)
                    ELSE {paragraph_text_sql("p")} END AS han,
               t.bai, t.status, t.translator, t.note
          FROM translations t
          JOIN articles a ON a.id = t.article_id
          LEFT JOIN paragraphs p ON p.id = t.paragraph_id
          JOIN revisions r ON r.id = a.revision_id
          {where}
         ORDER BY r.law, coalesce(r.decided_on, r.label), r.label, a.number, a.sub,
                  coalesce(p.position, 0), t.dialect
        """,
        params,
    )
    return [
        [law_slug, rev, article_number(number, sub), position, dialect, han, bai, *rest]
        for law_slug, rev, number, sub, position, dialect, han, bai, *rest in cursor.fetchall()
    ]


def export_clauses_csv(
    db: Queryable,
    out: str | os.PathLike[str] | TextIO,
    law: str | None = None,
    progress: Progress | None = None,
    *,
    force: bool = False,
) -> int:
    """Write every clause translation (or one law's) as clause pairs; returns the row count.

    ``out``: a path (written as UTF-8 with a BOM, for Excel, see :func:`open_export`;
    ``force`` replaces an existing file) or an open text stream."""
    return _write(out, CLAUSE_HEADER, clause_rows(db, law), progress, db=db, force=force)


def term_rows(db: Queryable) -> list[list[Any]]:
    """One row per Bai form of a term (terms without a form have no pair and are left out)."""
    links: dict[int, list[str]] = {}
    for term_id, law, revision, article in db.execute(
        "SELECT term_id, law, revision, article FROM term_articles "
        "ORDER BY term_id, law, revision, article"
    ).fetchall():
        links.setdefault(term_id, []).append(f"{law}:{revision}:{article}")
    cursor = db.execute(
        """
        SELECT t.id, t.han, f.form, f.dialect, f.script, f.variety, t.definition, f.status,
               f.source
          FROM term_forms f JOIN terms t ON t.id = f.term_id
         ORDER BY t.han, f.id
        """
    )
    out = []
    for term_id, *values in cursor.fetchall():
        out.append([*values, ";".join(links.get(term_id, []))])
    return out


def export_terms_csv(
    db: Queryable,
    out: str | os.PathLike[str] | TextIO,
    progress: Progress | None = None,
    *,
    force: bool = False,
) -> int:
    """Write every term's Bai forms as term pairs; returns the row count."""
    return _write(out, TERM_HEADER, term_rows(db), progress, db=db, force=force)


__all__ = ["CLAUSE_HEADER", "TERM_HEADER", "export_clauses_csv", "export_terms_csv"]
