"""``glossary import-concordance``: article concordance tables read from CSV.

Two shapes are known: a revision chain of one law (``from_rev, from_article, to_rev,
to_article, status, similarity``) and a table from one law to its successor
(``<law>_<year>_article, best_<law>_article, best_similarity, …``). The file is read with the
project's one reader (:func:`glossary.io.tabular.read_table`); the rows are written by
:func:`glossary.store.concordance.write_concordance`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError, location
from glossary.io.tabular import Table, read_table
from glossary.lawtext.catalog import find_in_catalog
from glossary.progress import Progress
from glossary.store.concordance import ConcordanceReport, write_concordance
from glossary.store.queries import revisions_of

REVISION_CHAIN = ("from_rev", "from_article", "to_rev", "to_article", "status", "similarity")
# hunyin_fa_2001_article, best_minfadian_article, best_similarity, second_..., confidence
_CROSS_LAW = re.compile(r"^(?P<law>[a-z_]+?)_(?P<rev>\d{4})_article$")
_BEST = re.compile(r"^best_(?P<law>[a-z_]+)_article$")


def slug_from_words(words: str) -> str | None:
    """``hunyin_fa`` → hunyin-fa, if the catalog knows it."""
    info = find_in_catalog(words.replace("_", "-"))
    return info.slug if info else None


def law_from_filename(path: Path) -> str | None:
    """concordance-minshi-susong-fa.computed.csv → minshi-susong-fa."""
    stem = path.name.split(".")[0].removeprefix("concordance-")
    info = find_in_catalog(stem)
    return info.slug if info else None


class _Rows:
    """The records of a concordance file by column name, and the checks of their cells."""

    def __init__(self, table: Table, verified: bool) -> None:
        self.table = table
        self.header = table.header
        self.records = [
            (row.line, {name: row.get(i) for i, name in enumerate(self.header) if name})
            for row in table.rows
        ]
        self.marks = {
            "computed": 0 if verified else 1,
            "verified": int(verified),
            "source": table.path.name,
        }

    def number(self, value: str, line: int, column: str) -> int | None:
        if value == "":
            return None
        if not value.isdigit():
            raise GlossaryError(
                f"{column} must be an article number, not {value!r}",
                location(self.table.path, line, self.header.index(column) + 1),
                "fix the cell, or leave it empty for a deleted article",
            )
        return int(value)


def revision_chain_rows(rows: _Rows, slug: str) -> list[dict[str, Any]]:
    """Rows of a table from one revision of a law to the next."""
    out = []
    for line, rec in rows.records:
        out.append(
            {
                "from_law": slug,
                "from_revision": rec["from_rev"],
                "from_article": rows.number(rec["from_article"], line, "from_article"),
                "to_law": slug,
                "to_revision": rec["to_rev"],
                "to_article": rows.number(rec["to_article"], line, "to_article"),
                "relation": rec["status"] or "unknown",
                "similarity": float(rec["similarity"]) if rec["similarity"] else None,
                "confidence": None,
                "rank": 1,
                **rows.marks,
            }
        )
    return out


def cross_law_rows(
    db: Database, rows: _Rows, from_match: re.Match[str], best_match: re.Match[str]
) -> list[dict[str, Any]]:
    """Rows of a table from one law to its successor: the best and second-best candidate."""
    header = rows.header
    from_law = slug_from_words(from_match["law"])
    to_law = slug_from_words(best_match["law"])
    if from_law is None or to_law is None:
        raise GlossaryError(
            f"unknown law in the header {header[0]!r} / {header[1]!r}",
            location(rows.table.path, rows.table.header_line),
            "name laws by their catalog slug with _ for -, e.g. hunyin_fa_2001_article",
        )
    to_revisions = revisions_of(db, to_law)
    to_revision = to_revisions[0]["label"] if to_revisions else None
    second = header[3] if len(header) > 3 else None
    out = []
    for line, rec in rows.records:
        from_article = rows.number(rec[header[0]], line, header[0])
        for rank, column, sim in ((1, header[1], header[2]), (2, second, "second_similarity")):
            if column is None or not rec.get(column):
                continue
            out.append(
                {
                    "from_law": from_law,
                    "from_revision": from_match["rev"],
                    "from_article": from_article,
                    "to_law": to_law,
                    "to_revision": to_revision,
                    "to_article": rows.number(rec[column], line, column),
                    "relation": "candidate",
                    "similarity": float(rec[sim]) if rec.get(sim) else None,
                    "confidence": rec.get("confidence") or None,
                    "rank": rank,
                    **rows.marks,
                }
            )
    return out


def concordance_rows(
    path: Path, db: Database, law: str | None = None, verified: bool = False
) -> list[dict[str, Any]]:
    """Rows for the concordance table from either of the two known CSV shapes."""
    table = read_table(path)
    rows = _Rows(table, verified)
    header = table.header
    if tuple(header[: len(REVISION_CHAIN)]) == REVISION_CHAIN:
        slug = law or law_from_filename(path)
        if slug is None:
            raise GlossaryError(
                "cannot tell which law this concordance is for",
                str(path),
                "give it with --law SLUG, e.g. --law minshi-susong-fa",
            )
        return revision_chain_rows(rows, slug)
    from_match = _CROSS_LAW.match(header[0]) if header else None
    best_match = _BEST.match(header[1]) if len(header) > 1 else None
    if from_match and best_match:
        return cross_law_rows(db, rows, from_match, best_match)
    raise GlossaryError(
        "not a concordance file: unknown header " + ",".join(header[:6]),
        location(path, table.header_line),
        "expected from_rev,from_article,to_rev,to_article,status,similarity "
        "or <law>_<year>_article,best_<law>_article,…",
    )


def import_concordance(
    db: Database,
    path: Path,
    *,
    law: str | None = None,
    verified: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ConcordanceReport:
    """Load one concordance CSV in one transaction; re-importing changes nothing."""
    rows = concordance_rows(Path(path), db, law=law, verified=verified)
    return write_concordance(db, rows, str(path), dry_run=dry_run, progress=progress)


__all__ = ["concordance_rows", "import_concordance", "law_from_filename", "slug_from_words"]
