"""Article concordances: which article of one revision (or law) became which of another.

The tables shipped in ``shared/corpus/laws`` were computed by machine; every row keeps
``computed = 1, verified = 0`` so that nothing shows them as checked law.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError, location
from glossary.lawtext.catalog import find_in_catalog
from glossary.store.db import write_transaction
from glossary.store.history import Batch
from glossary.store.queries import revisions_of

REVISION_CHAIN = ("from_rev", "from_article", "to_rev", "to_article", "status", "similarity")
# hunyin_fa_2001_article, best_minfadian_article, best_similarity, second_..., confidence
_CROSS_LAW = re.compile(r"^(?P<law>[a-z_]+?)_(?P<rev>\d{4})_article$")
_BEST = re.compile(r"^best_(?P<law>[a-z_]+)_article$")


@dataclass
class ConcordanceReport:
    source: str
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    batch: int | None = None
    dry_run: bool = False
    laws: list[str] = field(default_factory=list)


def slug_from_words(words: str) -> str | None:
    """``hunyin_fa`` → hunyin-fa, if the catalog knows it."""
    slug = words.replace("_", "-")
    info = find_in_catalog(slug)
    return info.slug if info else None


def law_from_filename(path: Path) -> str | None:
    """concordance-minshi-susong-fa.computed.csv → minshi-susong-fa."""
    stem = path.name.split(".")[0]
    stem = stem.removeprefix("concordance-")
    info = find_in_catalog(stem)
    return info.slug if info else None


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError("file not found", str(path), "check the path") from None
    except UnicodeDecodeError as exc:
        raise GlossaryError(
            f"not UTF-8 text (byte {exc.start})", str(path), "save the file as UTF-8 CSV"
        ) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read the file ({exc.strerror})", str(path)) from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    return header, [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]


def concordance_rows(
    path: Path, db: Database, law: str | None = None, verified: bool = False
) -> list[dict[str, Any]]:
    """Rows for the concordance table from either of the two known CSV shapes."""
    header, records = read_rows(path)
    computed = 0 if verified else 1
    source = path.name
    out: list[dict[str, Any]] = []

    def number(value: str, line: int, column: str) -> int | None:
        if value == "":
            return None
        if not value.isdigit():
            raise GlossaryError(
                f"{column} must be an article number, not {value!r}",
                location(path, line, header.index(column) + 1),
                "fix the cell, or leave it empty for a deleted article",
            )
        return int(value)

    if tuple(header[: len(REVISION_CHAIN)]) == REVISION_CHAIN:
        slug = law or law_from_filename(path)
        if slug is None:
            raise GlossaryError(
                "cannot tell which law this concordance is for",
                str(path),
                "give it with --law SLUG, e.g. --law minshi-susong-fa",
            )
        for line, rec in enumerate(records, start=2):
            out.append(
                {
                    "from_law": slug,
                    "from_revision": rec["from_rev"],
                    "from_article": number(rec["from_article"], line, "from_article"),
                    "to_law": slug,
                    "to_revision": rec["to_rev"],
                    "to_article": number(rec["to_article"], line, "to_article"),
                    "relation": rec["status"] or "unknown",
                    "similarity": float(rec["similarity"]) if rec["similarity"] else None,
                    "confidence": None,
                    "rank": 1,
                    "computed": computed,
                    "verified": int(verified),
                    "source": source,
                }
            )
        return out

    from_match = _CROSS_LAW.match(header[0]) if header else None
    best_match = _BEST.match(header[1]) if len(header) > 1 else None
    if from_match and best_match:
        from_law = slug_from_words(from_match["law"])
        to_law = slug_from_words(best_match["law"])
        if from_law is None or to_law is None:
            raise GlossaryError(
                f"unknown law in the header {header[0]!r} / {header[1]!r}",
                location(path, 1),
                "name laws by their catalog slug with _ for -, e.g. hunyin_fa_2001_article",
            )
        to_revisions = revisions_of(db, to_law)
        to_revision = to_revisions[0]["label"] if to_revisions else None
        second = header[3] if len(header) > 3 else None
        for line, rec in enumerate(records, start=2):
            from_article = number(rec[header[0]], line, header[0])
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
                        "to_article": number(rec[column], line, column),
                        "relation": "candidate",
                        "similarity": float(rec[sim]) if rec.get(sim) else None,
                        "confidence": rec.get("confidence") or None,
                        "rank": rank,
                        "computed": computed,
                        "verified": int(verified),
                        "source": source,
                    }
                )
        return out

    raise GlossaryError(
        "not a concordance file: unknown header " + ",".join(header[:6]),
        location(path, 1),
        "expected from_rev,from_article,to_rev,to_article,status,similarity "
        "or <law>_<year>_article,best_<law>_article,…",
    )


def find_existing(db: Database, row: dict[str, Any]) -> tuple[int] | None:
    """The stored row a new one replaces: by its source article, or for an article added
    in the newer revision (no source), by its target."""
    if row["from_article"] is not None:
        return db.execute(
            "SELECT id FROM concordance WHERE from_law = ? AND from_revision = ? "
            "AND from_article = ? AND to_law = ? AND rank = ?",
            [
                row["from_law"],
                row["from_revision"],
                row["from_article"],
                row["to_law"],
                row["rank"],
            ],
        ).fetchone()
    return db.execute(
        "SELECT id FROM concordance WHERE from_law = ? AND from_revision = ? "
        "AND from_article IS NULL AND to_law = ? AND to_revision IS ? AND to_article IS ?",
        [
            row["from_law"],
            row["from_revision"],
            row["to_law"],
            row["to_revision"],
            row["to_article"],
        ],
    ).fetchone()


def import_concordance(
    db: Database,
    path: Path,
    *,
    law: str | None = None,
    verified: bool = False,
    dry_run: bool = False,
) -> ConcordanceReport:
    """Load one concordance CSV in one transaction; re-importing changes nothing."""
    new_rows = concordance_rows(path, db, law=law, verified=verified)
    report = ConcordanceReport(source=str(path), rows=len(new_rows), dry_run=dry_run)
    report.laws = sorted({r["from_law"] for r in new_rows} | {r["to_law"] for r in new_rows})
    batch = Batch(db, command="import-concordance", source=str(path))
    with write_transaction(db, dry_run=dry_run):
        for row in new_rows:
            key = (
                f"{row['from_law']}/{row['from_revision']}/{row['from_article'] or '-'}"
                f"→{row['to_law']}/{row['to_revision']}/{row['to_article'] or '-'}#{row['rank']}"
            )
            existing = find_existing(db, row)
            if existing is None:
                batch.insert("concordance", row, key=key)
                report.added += 1
            elif batch.update("concordance", existing[0], row, key=key):
                report.changed += 1
            else:
                report.unchanged += 1
        report.batch = None if dry_run else batch.finish(vars(report) | {"batch": None})
    return report
