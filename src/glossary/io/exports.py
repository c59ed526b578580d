"""`glossary export`: which export, with which options, to which output (the command
line's dispatch, kept out of the CLI module: each export is its own module)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.progress import Progress


@dataclass
class Export:
    """What `glossary export` was asked for."""

    kind: str
    law: str | None
    revision: str | None
    dialect: str | None
    missing: bool
    terms: bool = False
    order: str = "document"  # worksheet: or "demand" (store.usage)


def export_dialect(kind: str, dialect: str | None, output: Path | None) -> str | None:
    """The --dialect a worksheet or an XLIFF needs (as a code); a worksheet needs -o."""
    if kind not in ("worksheet", "xliff"):
        return None
    if kind == "worksheet" and output is None:
        raise GlossaryError(
            "a worksheet is a file", fix="give -o worksheet.xlsx (or -o worksheet.csv)"
        )
    from glossary.io.vocabulary import parse_dialect

    code = parse_dialect(dialect) if dialect else None
    if code is None:
        raise GlossaryError(
            f"unknown dialect {dialect!r}" if dialect else f"`export {kind}` needs --dialect",
            fix="give --dialect bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江)",
        )
    return code


def run_export(db: Any, work: Export, out: Any, progress: Progress | None, force: bool) -> Any:
    """Run the export of ``work.kind``; returns what it counted."""
    kind, slug = work.kind, work.law
    if kind == "csv":
        from glossary.io.export_csv import export_clauses_csv, export_terms_csv

        if work.terms:
            return export_terms_csv(db, out, progress=progress, force=force)
        return export_clauses_csv(db, out, law=slug, progress=progress, force=force)
    if kind == "tbx":
        from glossary.io.export_tbx import export_tbx

        return export_tbx(db, out, progress=progress, force=force)
    if kind in ("worksheet", "xliff"):
        return export_segments(db, work, out, progress, force)
    if kind == "lift":
        from glossary.io.export_lift import export_lift

        return export_lift(db, out, progress=progress, force=force)
    if kind == "tmx":
        from glossary.io.export_tmx import export_tmx

        return export_tmx(db, out, law=slug, progress=progress, force=force)
    from glossary.io.export_json import export_json

    return export_json(db, out, law=slug, progress=progress, force=force)


def export_segments(db: Any, work: Export, out: Any, progress: Progress | None, force: bool) -> int:
    """The 款/项 to translate: a worksheet or an XLIFF."""
    assert work.dialect is not None
    if work.kind == "worksheet":
        from glossary.io.export_worksheet import export_worksheet
        from glossary.store.usage import load_usage

        demand = load_usage().totals("opened") if work.order == "demand" else None
        return export_worksheet(
            db, out, work.dialect, **choice(work), force=force, progress=progress, demand=demand
        )
    from glossary.io.export_xliff import export_xliff

    return export_xliff(db, out, work.dialect, **choice(work), force=force, progress=progress)


def choice(work: Export) -> dict[str, Any]:
    return {"law": work.law, "revision": work.revision, "missing": work.missing}
