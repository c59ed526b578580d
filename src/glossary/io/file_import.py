"""The checks every spreadsheet import shares: header, cells, problems at file:line:column."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlite_utils import Database

from glossary.errors import location
from glossary.io.import_report import FileReport, Outcome, Problem
from glossary.io.tabular import Row, Table, cell_problems, match_header
from glossary.progress import Progress, tell
from glossary.store.history import Batch

#: Table encodings of files read from XML (XLIFF, TMX): a row is a unit at a line, and its
#: cells are not columns the user could count.
MARKUP = ("xliff", "tmx")


class FileImport:
    """Checks and writes one file; subclasses know the columns."""

    kind: ClassVar[str] = ""
    columns: ClassVar[dict[str, tuple[str, ...]]] = {}
    required: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        db: Database,
        table: Table,
        report: FileReport,
        *,
        dialect: str | None,
        translator: str | None,
    ) -> None:
        self.db = db
        self.table = table
        self.report = report
        self.default_dialect = dialect
        self.default_translator = translator
        self.cols: dict[str, int] = {}
        self.row_problems: list[Problem] = []
        self.progress: Progress | None = None

    # problems
    def where(self, row: Row, column: str | int | None = None) -> str:
        if self.table.encoding in MARKUP:  # an XML unit: its line; its "columns" are ours
            return location(self.table.path, row.line)
        if isinstance(column, str):
            index = self.cols.get(column)
            column = None if index is None else index + 1
        return location(self.table.path, row.line, column)

    def problem(self, row: Row, column: str | int | None, what: str, fix: str | None) -> None:
        self.row_problems.append(Problem(self.where(row, column), what, fix))

    def warn(self, row: Row, column: str | int | None, what: str, fix: str | None) -> None:
        self.report.warnings.append(Problem(self.where(row, column), what, fix))

    def cell(self, row: Row, name: str) -> str:
        return row.get(self.cols.get(name))

    # the header
    def check_header(self) -> bool:
        found, unknown, duplicates = match_header(self.table.header, self.columns)
        self.cols = found
        line = self.table.header_line
        for index, text, name in duplicates:
            self.report.rejected.append(
                Problem(
                    location(self.table.path, line, index + 1),
                    f"column {text!r} repeats the {name!r} column",
                    "keep one of the two columns",
                )
            )
        for index, text in unknown:
            self.report.warnings.append(
                Problem(
                    location(self.table.path, line, index + 1),
                    f"column {text!r} is not one the import knows; it is ignored",
                    "known columns: " + ", ".join(self.columns),
                )
            )
        required = list(self.required_columns())
        if self.kind == "clauses" and not self.default_dialect:
            required.append("dialect")
        missing = [name for name in required if name not in found]
        if missing:
            self.report.rejected.append(
                Problem(
                    location(self.table.path, line),
                    "missing column(s): " + ", ".join(missing),
                    "the header must name: "
                    + ", ".join(required)
                    + (" (or give --dialect)" if "dialect" in missing else "")
                    + "; see data/templates/",
                )
            )
        return not (missing or duplicates)

    def required_columns(self) -> tuple[str, ...]:
        """The columns the header must name (a subclass may decide by the header)."""
        return self.required

    def check_cells(self, row: Row) -> bool:
        bad = cell_problems(self.table, row)
        for column, what, fix in bad:
            self.problem(row, column, what, fix)
        return not bad

    def run_checks(self) -> list[Any]:
        """Check every row; returns the plans of the good rows."""
        plans = []
        what = f"checking {self.table.path.name}"
        for done, row in enumerate(self.table.rows):
            tell(self.progress, done, len(self.table.rows), what)
            self.row_problems = []
            if self.skip_row(row):
                continue
            plan = self.check_row(row) if self.check_cells(row) else None
            if self.row_problems or plan is None:
                self.report.rejected.extend(self.row_problems)
                self.report.rejected_rows.append(row.line)
            else:
                plans.append(plan)
        tell(self.progress, len(self.table.rows), len(self.table.rows), what)
        return plans

    def written(self, done: int, total: int) -> None:
        """Tell the progress callback how many plans are written."""
        tell(self.progress, done, total, f"writing {self.table.path.name}")

    def skip_row(self, row: Row) -> bool:
        """Whether the row is left alone: neither checked nor written (a worksheet's row
        left to translate). Default: no row."""
        return False

    def check_row(self, row: Row) -> Any:
        raise NotImplementedError

    def finish(self, plans: list[Any]) -> list[Any]:
        """After all rows are checked: cross-row checks (terms). Default: none."""
        return plans

    def write(self, batch: Batch, plans: list[Any]) -> None:
        raise NotImplementedError

    def record(self, outcome: Outcome) -> None:
        getattr(self.report, outcome.what).append(outcome)
