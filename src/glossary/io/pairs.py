"""``glossary import``: Bai–Han pairs from spreadsheets — clause translations and term pairs —
and, as clause pairs, from the files CAT tools write (XLIFF 1.2, TMX 1.4) and from worksheets.

Two kinds of file, told apart by the header:

- clause pairs: ``law, revision, article, paragraph, dialect, bai`` (+ ``han, status,
  translator, note``): a Bai translation of one 款/项 (``paragraph`` = its position as
  ``glossary show`` lists it; empty = the whole article). For a law whose official text is
  imported, the article and paragraph must exist and a ``han`` cell must match the stored text.
  For a *collection* (a law unknown to the catalog and the database: a prefecture regulation,
  the mediators' book of common clauses) the rows create it, Han and Bai together.
- term pairs: ``han, bai`` (+ ``dialect, script, variety, definition, status, source,
  articles``): a Bai form of a glossary term.
- synonyms: ``word, term`` (+ ``kind, note, source``): a word people say for a term
  (io.synonym_import).

Every file is checked row by row before anything of it is written; one bad row rejects the
whole file unless ``skip_invalid``. All files go in one transaction and one batch; a dry run
takes the same path and rolls back. An empty optional cell keeps the stored value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from glossary.errors import GlossaryError, location
from glossary.io.clause_import import ClauseImport
from glossary.io.file_import import MARKUP, FileImport
from glossary.io.import_report import FileReport, ImportResult, Outcome, Problem, render_summary
from glossary.io.markup import sniff
from glossary.io.read_json import read_json
from glossary.io.read_lift import read_lift
from glossary.io.read_tbx import read_tbx
from glossary.io.read_tmx import read_tmx
from glossary.io.read_xliff import read_xliff
from glossary.io.synonym_import import SynonymImport
from glossary.io.tabular import Table, export_kind, match_header, read_table
from glossary.io.term_import import TermImport
from glossary.io.vocabulary import (
    CLAUSE_COLUMNS,
    SYNONYM_COLUMNS,
    TERM_COLUMNS,
    parse_article,
    parse_dialect,
)
from glossary.progress import Progress
from glossary.store.db import collector_paused, write_transaction
from glossary.store.history import Batch


def file_kind(table: Table) -> type[FileImport] | None:
    """The reader's import for an export (TBX, JSON); else clause pairs if the header names
    a law, revision, article or paragraph column; a synonym table if it names word and term;
    term pairs if it names han and bai and none of those; else None."""
    if table.importer is not None:
        return table.importer
    clause, _, _ = match_header(table.header, CLAUSE_COLUMNS)
    if clause.keys() & {"law", "revision", "article", "paragraph"}:
        return ClauseImport
    synonym, _, _ = match_header(table.header, SYNONYM_COLUMNS)
    if {"word", "term"} <= synonym.keys():
        return SynonymImport
    term, _, _ = match_header(table.header, TERM_COLUMNS)
    if "han" in term and ("bai" in term or "definition" in term):
        return TermImport
    return None


@collector_paused()
def import_files(
    db: Database,
    paths: Iterable[str | Path],
    *,
    dry_run: bool = False,
    encoding: str | None = None,
    dialect: str | None = None,
    translator: str | None = None,
    skip_invalid: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import clause-pair and term-pair files (CSV, TSV, .xlsx) in one transaction and one
    batch (command "import"). Every row of a file is checked before any of it is written; a
    file with a bad row is not written at all unless ``skip_invalid``, which writes its good
    rows. A dry run does the same work and rolls it back.

    ``dialect``: for rows with an empty dialect cell. ``translator``: for rows with an empty
    translator cell. ``strict``: the quality checks' findings (store.qa) reject a row instead
    of warning. ``progress``: told of each row checked and written. Raises
    GlossaryError only for a bad option or a missing file; problems in the files are in the
    result (see :meth:`ImportResult.error`).
    """
    files = [Path(p) for p in paths]
    default_dialect = _default_dialect(dialect)
    for path in files:
        check_readable(path)
    result = ImportResult([], dry_run=dry_run, skip_invalid=skip_invalid)
    tables = [_read(db, path, encoding, result) for path in files]
    batch = Batch(db, command="import", source=", ".join(p.name for p in files))
    options = _Options(default_dialect, translator, skip_invalid, progress, strict)
    try:
        with write_transaction(db, dry_run=dry_run):
            for table, report in zip(tables, result.files, strict=True):
                if table is not None:
                    import_table(db, batch, table, report, options)
            if not skip_invalid and any(f.rejected and not f.written for f in result.files):
                raise _NothingWritten  # one command, one transaction: all files or none
            batch_id = batch.finish({"files": [f.path for f in result.files], **result.counts})
            result.batch = None if dry_run else batch_id
    except _NothingWritten:
        for report in result.files:
            report.written = False
    return result


def check_readable(path: Path) -> None:
    """One clear error before any work for a path that is not a file the import can open."""
    try:
        if path.is_dir():  # stat: a folder above that cannot be entered is PermissionError
            raise GlossaryError(
                "this is a folder, not a file",
                str(path),
                f"give the CSV, TSV or .xlsx files in it (e.g. {path / '*.csv'})",
            )
        path.open("rb").close()
    except FileNotFoundError:
        raise GlossaryError("no such file", str(path), "check the path") from None
    except PermissionError:
        raise GlossaryError(
            "cannot read the file (permission denied)",
            str(path),
            "give yourself read permission on it and its folders (chmod u+r), or copy the "
            "file somewhere readable",
        ) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read the file ({exc.strerror or exc})", str(path)) from None


@dataclass
class _Options:
    dialect: str | None
    translator: str | None
    skip_invalid: bool
    progress: Progress | None
    strict: bool = False


def _default_dialect(dialect: str | None) -> str | None:
    """The --dialect option as a code (None: not given)."""
    if not dialect:
        return None
    code = parse_dialect(dialect)
    if code is None:
        raise GlossaryError(
            f"unknown dialect {dialect!r}",
            fix="use bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江)",
        )
    return code


def _read(db: Database, path: Path, encoding: str | None, result: ImportResult) -> Table | None:
    """One file read into a table, its report added to ``result``; None if it cannot be
    read (the report says why). An unknown --encoding stops the command."""
    report = FileReport(str(path))
    result.files.append(report)
    try:
        table = read_any(db, path, encoding)
    except GlossaryError as exc:
        if exc.what.startswith("unknown encoding"):
            raise
        report.rejected.append(Problem(exc.where or str(path), exc.what, exc.fix))
        return None
    markup = table.encoding in MARKUP
    report.encoding = table.encoding
    report.delimiter = None if markup else table.delimiter_name
    report.preview, report.rows = table.raw_preview, len(table.rows)
    report.skipped = dict(table.skipped)
    # a doubt about the decoding: show the preview (a TMX's notes are on its units)
    report.guessed = bool(table.notes) and not markup
    for note in table.notes:
        report.warnings.append(Problem(str(path), note))
    return table


#: Files read back by their own reader, not as a table: tabular.export_kind → reader.
EXPORT_READERS = {"tbx": read_tbx, "json": read_json}


def read_any(db: Database, path: Path, encoding: str | None) -> Table:
    """A file as a table: XLIFF and TMX (by suffix, or by the root of an .xml file) as
    clause pairs, a LIFT lexicon (.lift) as terms, the project's TBX and JSON exports by
    their readers, anything else as a spreadsheet (CSV, TSV, .xlsx)."""
    markup = sniff(path)
    if markup == "xliff":
        return read_xliff(path)
    if markup == "tmx":
        return read_tmx(path, db)
    if markup == "lift":
        return read_lift(path)
    kind = export_kind(path)
    return EXPORT_READERS[kind](path) if kind else read_table(path, encoding=encoding)


class _NothingWritten(Exception):
    """Rolls the whole import back when a file is rejected (without --skip-invalid)."""


def import_table(
    db: Database, batch: Batch, table: Table, report: FileReport, options: _Options
) -> None:
    kind = file_kind(table)
    if kind is None:
        report.rejected.append(
            Problem(
                location(table.path, table.header_line),
                "cannot tell what the file holds from its header "
                f"({', '.join(repr(h) for h in table.header[:8])})",
                "clause pairs need law, revision, article, paragraph, dialect, bai; term "
                "pairs need han, bai; synonyms need word, term (see data/templates/; "
                "Chinese headers such as 法律 or 白文 work too)",
            )
        )
        return
    importer = kind(db, table, report, dialect=options.dialect, translator=options.translator)
    importer.progress = options.progress
    if isinstance(importer, ClauseImport):
        importer.quality.strict = options.strict
    report.kind = importer.kind
    if not importer.check_header():
        return
    plans = importer.finish(importer.run_checks())
    if report.rejected and not options.skip_invalid:
        return
    importer.write(batch, plans)
    report.written = True


__all__ = [
    "FileReport",
    "ImportResult",
    "Outcome",
    "Problem",
    "check_readable",
    "import_files",
    "parse_article",
    "parse_dialect",
    "render_summary",
]
