"""What `glossary import` is given: workbooks read by their content (not their nominal
size), unreadable files and folders refused with one line. Bai text is plainly fake."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

import glossary.io.tabular as tabular
from glossary.errors import GlossaryError
from glossary.io.pairs import import_files

HEADER = ["han", "bai", "dialect"]


@pytest.fixture
def db(mediation_law_db):
    return mediation_law_db


def workbook(path: Path, rows: list[list[Any]], stray: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, value in (stray or {}).items():
        sheet[ref] = value
    book.save(path)
    return path


@pytest.fixture
def built_widths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The width of every row openpyxl builds for the reader; one far wider than the table
    stops the test at once (the unbounded reader would run for minutes)."""
    widths: list[int] = []
    real = ReadOnlyWorksheet._get_row

    def counted(self: Any, *args: Any, **kwargs: Any) -> tuple:
        row = real(self, *args, **kwargs)
        widths.append(len(row))
        assert len(row) <= tabular.MAX_COLUMNS + 1, f"the reader built a row of {len(row)} cells"
        return row

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_row", counted)
    return widths


@pytest.mark.parametrize("ref", ["XFD1048576", "XFD1"])
def test_a_stray_far_cell_does_not_make_the_reader_walk_the_nominal_sheet(
    db, tmp_path: Path, built_widths: list[int], ref: str
) -> None:
    rows = [HEADER, ["调解", "test bai one", "bca"], ["申请", "test bai two", "bca"]]
    path = workbook(tmp_path / "stray.xlsx", rows, {ref: " "} if ref == "XFD1" else {ref: "x"})
    report = import_files(db, [path]).files[0]
    assert report.written and len(report.added) == 2, report.rejected
    # the header (looked for in the first MAX_COLUMNS + 1 columns), then the rows present in
    # the file, each only as wide as the header: never the sheet's nominal 16 384 columns
    header, *body = built_widths
    assert header == tabular.MAX_COLUMNS + 1 and body and set(body) == {3} and len(body) <= 3


def test_a_far_row_inside_the_columns_is_a_row_with_its_line(
    db, tmp_path: Path, built_widths: list[int]
) -> None:
    path = workbook(tmp_path / "far.xlsx", [HEADER, ["调解", "test bai", "bca"]], {"A1048576": "x"})
    report = import_files(db, [path]).files[0]
    assert [p.where for p in report.rejected] == [f"{path}:1048576:2"]  # bai is empty there
    assert set(built_widths[1:]) == {3}


def test_trailing_empty_header_cells_are_not_columns(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [[*HEADER, None, "  "], ["调解", "test bai", "bca"]])
    table = tabular.read_table(path)
    assert table.header == HEADER and table.rows[0].cells == ["调解", "test bai", "bca"]


def test_a_header_wider_than_the_bound_is_refused(tmp_path: Path) -> None:
    header = [f"column {i}" for i in range(1, tabular.MAX_COLUMNS + 2)]
    with pytest.raises(GlossaryError, match="beyond column 100") as error:
        tabular.read_table(workbook(tmp_path / "wide.xlsx", [header]))
    assert error.value.where is not None and error.value.where.endswith(":1")
    assert "stray cells" in str(error.value)


def test_cells_far_right_of_the_header_are_not_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "far.xlsx", [HEADER, ["调解", "test bai", "bca"]], {"GR1": "x"})
    assert tabular.read_table(path).header == HEADER


def test_more_rows_than_the_bound_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    rows = [HEADER] + [[f"词{i}", f"test bai {i}", "bca"] for i in range(5)]
    with pytest.raises(GlossaryError, match="more than 3 rows") as error:
        tabular.read_table(workbook(tmp_path / "long.xlsx", rows))
    assert error.value.where is not None and error.value.where.endswith(":5")


# --- unreadable paths -------------------------------------------------------------------------


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_a_folder_is_named_as_a_folder(run, tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "pairs"
    folder.mkdir()
    error = one_line_error(run("import", folder))
    assert "folder" in error and "no such file" not in error and "*.csv" in error
    assert not db_path.exists()  # nothing written, not even a new database


def test_an_unreadable_file_is_one_line_exit_1(
    run, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.csv"
    path.write_text("han,bai\n调解,test bai\n", encoding="utf-8")
    real_open = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "secret.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    real_access = os.access

    def no_access(name: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        return "secret.csv" not in str(name) and real_access(name, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    monkeypatch.setattr(os, "access", no_access)  # what a non-root user's check would say
    error = one_line_error(run("import", path))
    assert "permission denied" in error and "chmod" in error and not db_path.exists()


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_an_unreadable_file_as_an_ordinary_user(
    mediation_law_template: Path, as_a_user, locked: str
) -> None:
    """The real thing, as a user who is not root: a chmod 000 file once made click's usage
    error (exit 2), a file in a folder one cannot enter a traceback."""
    folder = Path(tempfile.mkdtemp(prefix="glossary-user-"))  # /tmp: any user may enter
    folder.chmod(0o777)
    db = folder / "glossary.sqlite"
    shutil.copy(mediation_law_template, db)
    db.chmod(0o666)
    private = folder / "private"
    private.mkdir()
    secret = private / "secret.csv"
    secret.write_text("han,bai\n调解,test bai\n", encoding="utf-8")
    (secret if locked == "file" else private).chmod(0o000)
    from glossary.cli import main

    def import_it() -> dict[str, object]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                main(["--db", str(db), "import", str(secret)])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return {"code": code, "stderr": err.getvalue()}

    try:
        done = as_a_user(import_it)
    finally:
        private.chmod(0o755)
        shutil.rmtree(folder)
    assert "error" not in done, done
    lines = str(done["stderr"]).strip().splitlines()
    assert done["code"] == 1 and len(lines) == 1, done
    assert "permission denied" in lines[0]
