"""Reading the tables people make in Excel or WPS: CSV/TSV in any of the encodings they save,
and ``.xlsx`` workbooks.

Everything is read as text (an article ``007`` or a note ``0012`` keeps its zeros). Each row
keeps the physical line of the file where it starts, so that a message can point at
``file:line:column``. Decoding is strict, never guessed (:mod:`glossary.io.decoding`). A
file in Big5 decodes as GB18030 *without an error* but into nonsense, so what was read is
kept as a preview for the user to look at before anything is written.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError, location
from glossary.io.decoding import decode, looks_like_big5

#: Longest cell accepted (characters); a longer one is almost always a broken file.
MAX_FIELD = 10_000
#: Bounds of a workbook (beyond them a sheet is refused, not read for minutes): the import
#: knows 11 columns, so 100 leaves room for notes; 200 000 rows is far beyond an editor's
#: file (exporting every term of the demo database gives ~11 400 rows).
MAX_COLUMNS = 100
MAX_ROWS = 200_000

#: First characters that make Excel, WPS or LibreOffice read a cell as a formula (or, for tab
#: and CR, that hide such a start). Exported cells starting so get an apostrophe in front.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}
PREVIEW_ROWS = 5
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")

_HEADER_NOISE = re.compile(r"[\s_\-*:：]+")
_HEADER_SPLIT = re.compile(r"[\s/|()（）\[\]【】,，、]+")


@dataclass
class Row:
    """One record as read: its cells (stripped, formula prefix removed) and where it starts."""

    line: int
    cells: list[str]

    def get(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]


@dataclass
class Table:
    """A whole file: header, rows, and how it was read."""

    path: Path
    encoding: str  # the decoding used, or "xlsx"
    delimiter: str | None  # None for a workbook
    header: list[str]
    header_line: int
    rows: list[Row]
    raw_preview: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # doubts about the decoding
    #: the import class of a file that is not a spreadsheet (a TBX or JSON export), set by
    #: its reader; None: the header tells (glossary.io.pairs.file_kind)
    importer: Any = None
    #: elements of an XML file its reader left out, by name (a LIFT's traits, relations …)
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def delimiter_name(self) -> str:
        return DELIMITERS.get(self.delimiter or "", "workbook" if self.encoding == "xlsx" else "")

    def where(self, line: int | None = None, column: int | None = None) -> str:
        return location(self.path, line, column)


# --- cells --------------------------------------------------------------------------------------


def neutralise(value: str) -> str:
    """A cell value safe to open in a spreadsheet: one apostrophe before a formula start.

    A value that already starts with apostrophes followed by a formula start gets one more, so
    that :func:`restore` (which removes exactly one) gives back the exact value.
    """
    stripped = value.lstrip("'")
    if stripped[:1] and stripped[0] in FORMULA_START:
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo :func:`neutralise`: drop one apostrophe before ``'*`` and a formula start."""
    if value.startswith("'"):
        rest = value.lstrip("'")
        if rest[:1] and rest[0] in FORMULA_START:
            return value[1:]
    return value


def clean_cell(value: str) -> str:
    value = value.replace("\r\n", "\n").strip()
    return restore(value)


# --- headers ------------------------------------------------------------------------------------


def header_key(name: str) -> str:
    """A header reduced for matching: NFKC, lower case, no spaces, underscores or hyphens."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", name)).lower()


def match_header(
    header: list[str], columns: dict[str, tuple[str, ...]]
) -> tuple[dict[str, int], list[tuple[int, str]], list[tuple[int, str, str]]]:
    """Map column names to indices. Returns (found, unknown, duplicates):
    ``unknown`` = (index, header) not matching any column; ``duplicates`` = (index, header,
    column) for a column named twice. Matching ignores case and spaces; ``bai（白文）`` and
    ``款/项`` match by any of their parts."""
    aliases = {header_key(a): name for name, names in columns.items() for a in (name, *names)}
    found: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[int, str, str]] = []
    for index, text in enumerate(header):
        key = header_key(text)
        if not key:
            continue
        name = aliases.get(key)
        if name is None:
            for piece in _HEADER_SPLIT.split(text):
                name = aliases.get(header_key(piece))
                if name:
                    break
        if name is None:
            unknown.append((index, text))
        elif name in found:
            duplicates.append((index, text, name))
        else:
            found[name] = index
    return found, unknown, duplicates


# --- delimited text -----------------------------------------------------------------------------


def sniff_delimiter(text: str, suffix: str = "") -> str:
    """Comma, tab or semicolon: whichever occurs most often on the header line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    return "\t" if suffix in (".tsv", ".tab", ".txt") else ","


def parse_delimited(text: str, delimiter: str, path: Path) -> list[Row]:
    """All records of the text with the physical line where each starts; blank ones skipped.
    Quoted fields may hold delimiters, quotes ("") and newlines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[Row] = []
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise GlossaryError(
                    f"a field is far too long (over {MAX_FIELD:,} characters)",
                    location(path, start),
                    'look for an unclosed quote (") before this line',
                ) from None
            raise GlossaryError(
                f"cannot read the row ({exc})",
                location(path, start),
                "save the file again from the spreadsheet as CSV",
            ) from None
        previous_end = reader.line_num
        if any(c.strip() for c in cells):
            rows.append(Row(start, cells))
    return rows


# --- workbooks ----------------------------------------------------------------------------------


def read_workbook(path: Path) -> list[Row]:
    """The first sheet's rows, every value as text; line = the sheet's row number."""
    try:
        import openpyxl
    except ImportError:
        raise GlossaryError(
            "reading .xlsx files needs the openpyxl package, which is not installed",
            str(path),
            "install it (pip install openpyxl), or save the sheet as “CSV UTF-8” in Excel",
        ) from None
    from zipfile import BadZipFile

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise GlossaryError(
            f"not a readable .xlsx workbook ({exc.__class__.__name__})",
            str(path),
            "open it in Excel and save it again as .xlsx or as “CSV UTF-8”",
        ) from None
    try:
        return sheet_rows(book.worksheets[0], path) if book.worksheets else []
    finally:
        book.close()


def sheet_rows(sheet: Any, path: Path) -> list[Row]:
    """The rows of a read-only sheet, bounded by its content, not by its nominal size: one
    stray cell at XFD1048576 makes the sheet claim 16 384 × 1 048 576 cells. The table is
    as wide as its header's last non-empty cell (looked for in the first MAX_COLUMNS + 1
    columns); cells right of it are never built."""
    sheet.reset_dimensions()  # forget the <dimension> the file claims
    top = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    header = next(((n, v) for n, v in enumerate(top, start=1) if _filled(v)), None)
    if header is None:
        return []
    line, values = header
    width = max(i for i, v in enumerate(values, start=1) if _filled((v,)))
    if width > MAX_COLUMNS:
        raise GlossaryError(
            f"the header row has cells beyond column {MAX_COLUMNS}: too wide for a table",
            location(path, line),
            "delete the stray cells right of the header (Ctrl+End shows the last one)",
        )
    rows = [Row(line, [cell_text(v) for v in values[:width]])]
    body = sheet.iter_rows(min_row=line + 1, max_col=width, values_only=True)
    for number, values in enumerate(body, start=line + 1):
        if not _filled(values):
            continue
        if len(rows) > MAX_ROWS:
            raise GlossaryError(
                f"the sheet has more than {MAX_ROWS:,} rows",
                location(path, number),
                "split the file, or delete the stray rows below the table (Ctrl+End)",
            )
        rows.append(Row(number, [cell_text(v) for v in values]))
    return rows


def _filled(values: tuple[object, ...]) -> bool:
    if values.count(None) == len(values):  # the gap rows: fast, there may be a million
        return False
    return any(v is not None and str(v).strip() for v in values)


def cell_text(value: object) -> str:
    """A workbook value as the text shown in the cell (1.0 → "1")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


# --- the whole file -----------------------------------------------------------------------------


def read_table(path: str | Path, *, encoding: str | None = None) -> Table:
    """Read a CSV/TSV or .xlsx file into a header and rows of text cells.

    Raises GlossaryError for a file that cannot be read at all (missing, empty, undecodable,
    no header). Row-level checks (NUL, length, values) are the caller's.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    notes: list[str] = []
    if suffix == ".xls":
        raise GlossaryError(
            "old .xls workbooks cannot be read",
            str(path),
            "save the sheet as .xlsx or as “CSV UTF-8” in Excel",
        )
    if suffix in SPREADSHEET_SUFFIXES:
        if not path.is_file():
            raise _missing(path)
        raw_rows = read_workbook(path)
        used, delimiter = "xlsx", None
    else:
        raw_rows, used, delimiter = _read_delimited(path, encoding, notes)
    if not raw_rows:
        raise GlossaryError("the file has no rows", str(path), "put a header row first")
    preview = [list(r.cells) for r in raw_rows[: PREVIEW_ROWS + 1]]
    head, *body = raw_rows
    header = [clean_cell(c) for c in head.cells]
    for column, name in enumerate(header, start=1):
        if "\x00" in name:
            raise GlossaryError(
                "the header contains a NUL byte",
                location(path, head.line, column),
                "this is not a text file: save it as CSV from the spreadsheet",
            )
    rows = [Row(r.line, [clean_cell(c) for c in r.cells]) for r in body]
    return Table(
        path=path,
        encoding=used,
        delimiter=delimiter,
        header=header,
        header_line=head.line,
        rows=rows,
        raw_preview=preview,
        notes=notes,
    )


def _read_delimited(
    path: Path, encoding: str | None, notes: list[str]
) -> tuple[list[Row], str, str]:
    """(rows, encoding used, delimiter) of a CSV/TSV file; doubts go to ``notes``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _missing(path) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read the file ({exc.strerror})", str(path)) from None
    if not data.strip():
        raise GlossaryError("the file is empty", str(path), "put a header row first")
    text, used = decode(data, path, encoding)
    refuse_export_only(path, text)
    if used == "gb18030" and not encoding and looks_like_big5(data):
        notes.append(
            "the file decodes as GB18030 but looks like Big5 (traditional characters): "
            "check the preview; if the text is garbled, give --encoding big5"
        )
    delimiter = sniff_delimiter(text, path.suffix.lower())
    return parse_delimited(text, delimiter, path), used, delimiter


#: The exports read back by `glossary import` (glossary.io.pairs), not as tables.
EXPORTS = {
    "tbx": "a TBX export (terms for CAT tools)",
    "json": "a JSON export (the whole glossary)",
}


def export_kind(path: Path, text: str | None = None) -> str | None:
    """ "tbx" or "json" for a TBX or JSON export, by suffix or by content (whatever the
    suffix); None for anything else. ``text``: the file's text, if already read."""
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix == ".json":
        return "json"
    if text is None:
        try:
            with path.open("rb") as f:
                head = f.read(4096).decode("utf-8", errors="replace")
        except OSError:
            return None
    else:
        head = text[:4096]
    start = head.lstrip("\ufeff \t\r\n")[:200]
    if start.startswith(("<?xml", "<tbx")):
        return "tbx"
    if start.startswith(("{", "[")) and _is_json(path, text):
        return "json"
    return None


def refuse_export_only(path: Path, text: str) -> None:
    """A TBX or JSON export given to a command that reads tables (import-concordance…):
    refused by name, with the command that reads it."""
    kind = export_kind(path, text)
    if kind is not None:
        raise GlossaryError(
            f"this is {EXPORTS[kind]}, not a table",
            str(path),
            "import it with `glossary import FILE`",
        )


def _is_json(path: Path, text: str | None) -> bool:
    import json

    try:
        json.loads(text if text is not None else path.read_bytes().decode("utf-8-sig"))
    except (ValueError, OSError):
        return False
    return True


def _missing(path: Path) -> GlossaryError:
    return GlossaryError("no such file", str(path), "check the path")


def cell_problems(table: Table, row: Row) -> list[tuple[int, str, str]]:
    """(column, what, fix) for NUL bytes and oversized cells in a row (1-based column)."""
    problems = []
    for column, value in enumerate(row.cells, start=1):
        if "\x00" in value:
            problems.append(
                (column, "the cell contains a NUL byte", "delete the invisible character")
            )
        if len(value) > MAX_FIELD:
            problems.append(
                (
                    column,
                    f"the cell is too long ({len(value):,} characters, at most {MAX_FIELD:,})",
                    'split the text, or look for an unclosed quote (") that swallowed rows',
                )
            )
    return problems


__all__ = [
    "FORMULA_START",
    "MAX_FIELD",
    "Row",
    "Table",
    "cell_problems",
    "decode",
    "header_key",
    "match_header",
    "neutralise",
    "parse_delimited",
    "read_table",
    "restore",
    "sniff_delimiter",
]
