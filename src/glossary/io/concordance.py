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
from glossary.progress import Progress, tell
from glossary.store.concordance import ConcordanceReport, row_key, write_concordance
from glossary.store.queries import revisions_of

REVISION_CHAIN = ("from_rev", "from_article", "to_rev", "to_article", "status", "similarity")
# hunyin_fa_2001_article, best_minfadian_article, best_similarity, second_..., confidence
_CROSS_LAW = re.compile(r"^(?P<law>[a-z_]+?)_(?P<rev>\d{4})_article$")
_BEST = re.compile(r"^best_(?P<law>[a-z_]+)_article$")
_ARTICLE_NUMBER = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"(?:[0-9]{1,9}(?:\.[0-9]{0,20})?|\.[0-9]{1,20})(?:[eE][-+]?[0-9]{1,3})?")
MAX_ARTICLE = 99_999  # 民法典 has 1 260 articles; more than 99 999 is a typo
MAX_LABEL = 40  # as for --revision of import-law


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

    def where(self, line: int, column: str) -> str:
        return location(self.table.path, line, self.header.index(column) + 1)

    def number(self, value: str, line: int, column: str) -> int | None:
        """An article number: ASCII digits only (int() also takes ٣ or ３), within bounds."""
        if value == "":
            return None
        if not _ARTICLE_NUMBER.fullmatch(value) or not 1 <= int(value) <= MAX_ARTICLE:
            raise GlossaryError(
                f"{column} must be an article number from 1 to {MAX_ARTICLE}, not {value!r}",
                self.where(line, column),
                "write the number in digits 0-9, or leave the cell empty for a deleted article",
            )
        return int(value)

    def similarity(self, value: str | None, line: int, column: str) -> float | None:
        """A similarity: a decimal number from 0 to 1 (no NaN, no infinity)."""
        if not value:
            return None
        if not _DECIMAL.fullmatch(value) or not 0.0 <= float(value) <= 1.0:
            raise GlossaryError(
                f"{column} must be a number from 0 to 1, not {value!r}",
                self.where(line, column),
                "write it like 0.85, or leave the cell empty",
            )
        return float(value)

    def label(self, value: str, line: int, column: str) -> str:
        """A revision label: the year, as the law texts are imported under."""
        if not value or len(value) > MAX_LABEL or not value.isprintable():
            raise GlossaryError(
                f"{column} must be a revision label such as 2023, not {value!r}",
                self.where(line, column),
                "give the revision's year",
            )
        return value


Rows = list[tuple[int, dict[str, Any]]]  # (line in the file, row of the concordance table)


def revision_chain_rows(rows: _Rows, slug: str) -> Rows:
    """Rows of a table from one revision of a law to the next."""
    out = []
    for line, rec in rows.records:
        out.append(
            (
                line,
                {
                    "from_law": slug,
                    "from_revision": rows.label(rec["from_rev"], line, "from_rev"),
                    "from_article": rows.number(rec["from_article"], line, "from_article"),
                    "to_law": slug,
                    "to_revision": rows.label(rec["to_rev"], line, "to_rev"),
                    "to_article": rows.number(rec["to_article"], line, "to_article"),
                    "relation": rec["status"] or "unknown",
                    "similarity": rows.similarity(rec["similarity"], line, "similarity"),
                    "confidence": None,
                    "rank": 1,
                    **rows.marks,
                },
            )
        )
    return out


def cross_law_rows(
    db: Database, rows: _Rows, from_match: re.Match[str], best_match: re.Match[str]
) -> Rows:
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
                (
                    line,
                    {
                        "from_law": from_law,
                        "from_revision": from_match["rev"],
                        "from_article": from_article,
                        "to_law": to_law,
                        "to_revision": to_revision,
                        "to_article": rows.number(rec[column], line, column),
                        "relation": "candidate",
                        "similarity": rows.similarity(rec.get(sim), line, sim),
                        "confidence": rec.get("confidence") or None,
                        "rank": rank,
                        **rows.marks,
                    },
                )
            )
    return out


def concordance_rows(
    path: Path, db: Database, law: str | None = None, verified: bool = False
) -> Rows:
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


def import_concordances(
    db: Database,
    paths: list[Path],
    *,
    law: str | None = None,
    verified: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[ConcordanceReport]:
    """Load concordance CSVs: every file read and checked first, then all of them in one
    transaction and one batch, so a bad file leaves the database as it was."""
    files = []
    for done, path in enumerate(paths):
        tell(progress, done, len(paths), f"reading {Path(path).name}")
        files.append((str(path), concordance_rows(Path(path), db, law=law, verified=verified)))
    refuse_duplicates(files)
    return write_concordance(
        db,
        [(source, [row for _, row in rows]) for source, rows in files],
        dry_run=dry_run,
        progress=progress,
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
    reports = import_concordances(
        db, [path], law=law, verified=verified, dry_run=dry_run, progress=progress
    )
    return reports[0]


def refuse_duplicates(files: list[tuple[str, Rows]]) -> None:
    """Two rows for the same stored row would overwrite each other: refuse, naming both
    (as the editors' CSV import refuses a repeated row)."""
    seen: dict[tuple[Any, ...], str] = {}
    for source, rows in files:
        for line, row in rows:
            key, here = row_key(row), location(source, line)
            if key in seen:
                raise GlossaryError(
                    f"this row repeats {seen[key]} (the same from and to articles)",
                    here,
                    "keep one of the two rows",
                )
            seen[key] = here


__all__ = [
    "concordance_rows",
    "import_concordance",
    "import_concordances",
    "law_from_filename",
    "slug_from_words",
]
