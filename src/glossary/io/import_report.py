"""What an import of spreadsheets did, for ``--json`` and for people."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.io.vocabulary import clip

# --- results ----------------------------------------------------------------------------------


@dataclass
class Problem:
    """A rejection or a warning, at ``file:line:column``."""

    where: str
    what: str
    fix: str | None = None

    def __str__(self) -> str:
        return str(GlossaryError(self.what, self.where, self.fix))

    def to_json(self) -> dict[str, Any]:
        return {"where": self.where, "what": self.what, "fix": self.fix}


@dataclass
class Outcome:
    """One written clause translation or term: what happened and each old → new value."""

    line: int
    key: str
    what: str  # added | changed | unchanged
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "key": self.key,
            "what": self.what,
            "changes": {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()},
            "created": self.created,
        }


@dataclass
class FileReport:
    """What the import did (or, in a dry run, would do) with one file."""

    path: str
    kind: str | None = None  # clauses | terms | synonyms | json …
    encoding: str | None = None
    delimiter: str | None = None
    rows: int = 0
    written: bool = False
    added: list[Outcome] = field(default_factory=list)
    changed: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    guessed: bool = False  # the encoding was guessed: the preview deserves a look
    skipped: dict[str, int] = field(default_factory=dict)  # elements left out, by name

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows": self.rows,
            "written": self.written,
            "added": [o.to_json() for o in self.added],
            "changed": [o.to_json() for o in self.changed],
            "unchanged": [o.to_json() for o in self.unchanged],
            "rejected": [p.to_json() for p in self.rejected],
            "rejected_rows": self.rejected_rows,
            "warnings": [p.to_json() for p in self.warnings],
            "preview": self.preview,
            "guessed": self.guessed,
            "skipped": self.skipped,
        }


@dataclass
class ImportResult:
    files: list[FileReport]
    dry_run: bool = False
    skip_invalid: bool = False
    batch: int | None = None

    @property
    def ok(self) -> bool:
        """No file was rejected (with skip_invalid: no row either)."""
        return not any(f.rejected for f in self.files)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": sum(len(f.added) for f in self.files),
            "changed": sum(len(f.changed) for f in self.files),
            "unchanged": sum(len(f.unchanged) for f in self.files),
            "rejected": sum(len(f.rejected) for f in self.files),
            "warnings": sum(len(f.warnings) for f in self.files),
        }

    def error(self) -> GlossaryError | None:
        """The error a command should end with (after printing the summary), or None."""
        rejected = [f for f in self.files if f.rejected and not f.written]
        if rejected:
            first = rejected[0].rejected[0]
            return GlossaryError(
                f"{len(rejected)} file(s) not imported: "
                + ", ".join(Path(f.path).name for f in rejected)
                + f"; first problem: {first.where}: {first.what}",
                fix=first.fix
                or "correct the rows listed above and import again "
                "(or use --skip-invalid to import the good rows)",
            )
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "batch": self.batch,
            "counts": self.counts,
            "files": [f.to_json() for f in self.files],
        }


# --- for people ----------------------------------------------------------------------------------


def _value(value: Any) -> str:
    return "∅" if value is None else repr(clip(str(value), 80))


class _Lines:
    """The summary's lines, with at most ``limit`` of each kind of item (None: all)."""

    def __init__(self, limit: int | None) -> None:
        self.lines: list[str] = []
        self.limit = limit

    def add(self, line: str) -> None:
        self.lines.append(line)

    def capped(self, items: list[Any]) -> list[Any]:
        return items if self.limit is None else items[: self.limit]

    def more(self, items: list[Any], what: str) -> None:
        if self.limit is not None and len(items) > self.limit:
            self.add(f"  … {len(items) - self.limit} more {what} (see --json)")


def _file_line(f: FileReport, dry_run: bool) -> str:
    kind = {
        "clauses": "clause pairs",
        "terms": "term pairs",
        "synonyms": "synonyms",
        "json": "JSON export",
        "lift": "LIFT lexicon",
        "recordings": "recordings",
    }.get(f.kind or "", "?")
    how = ", ".join(x for x in (f.encoding, f.delimiter) if x)
    verb = ("would import" if dry_run else "imported") if f.written else "NOT imported"
    units = {"terms": "terms", "lift": "terms", "synonyms": "synonyms", "recordings": "recordings"}
    unit = units.get(f.kind or "", "clauses")
    return (
        f"{f.path} ({kind}{', ' + how if how else ''}): {verb} — {f.rows} rows; {unit}: "
        f"{len(f.added)} added, {len(f.changed)} changed, {len(f.unchanged)} unchanged; "
        f"{len(f.rejected_rows)} rows rejected, {len(f.warnings)} warnings"
    )


def _outcomes(out: _Lines, f: FileReport) -> None:
    for o in out.capped(f.added):
        extra = f" (new: {', '.join(o.created)})" if o.created else ""
        out.add(f"  + {o.key} (line {o.line}){extra}")
    out.more(f.added, "added")
    for o in out.capped(f.changed):
        out.add(f"  ~ {o.key} (line {o.line})")
        for name, (old, new) in o.changes.items():
            out.add(f"      {name}: {_value(old)} → {_value(new)}")
        if o.created:
            out.add(f"      new: {', '.join(o.created)}")
    out.more(f.changed, "changed")


def _skipped(out: _Lines, f: FileReport) -> None:
    if f.skipped:
        items = ", ".join(f"{name} ×{count}" for name, count in f.skipped.items())
        out.add(f"  skipped (not used by glossary): {items}")


def _problems(out: _Lines, f: FileReport) -> None:
    for p in f.rejected:
        out.add(f"  error: {p}")
    for p in out.capped(f.warnings):
        out.add(f"  warning: {p}")
    out.more(f.warnings, "warnings")


def _preview(out: _Lines, f: FileReport) -> None:
    out.add("  as read (first rows):")
    for cells in f.preview:
        shown = (clip(c.replace("\r", "").replace("\n", "⏎"), 40) for c in cells)
        out.add("    | " + " | ".join(shown))


def render_summary(
    result: ImportResult, *, preview: bool | None = None, limit: int | None = 30
) -> str:
    """A report for the terminal. ``preview``: show the rows as decoded (default: in a dry
    run, or when the encoding was guessed). ``limit``: at most this many added, changed and
    warning lines per file (None: all); every rejection is always shown."""
    out = _Lines(limit)
    if result.dry_run:
        out.add("dry run: nothing was written")
    for f in result.files:
        out.add(_file_line(f, result.dry_run))
        _outcomes(out, f)
        _skipped(out, f)
        _problems(out, f)
        show = preview if preview is not None else (result.dry_run or f.guessed)
        if show and f.preview:
            _preview(out, f)
    if result.batch:
        out.add(f"batch {result.batch}")
    return "\n".join(out.lines)
