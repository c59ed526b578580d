"""The translators' worksheet: one row per 款/项 in document order, what the store knows
(own, carried, machine suggestion, terms) read-only, a column to fill; the .xlsx made for
Excel/WPS; a filled worksheet goes back through `glossary import` like any clause pairs."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from glossary.io.vocabulary import WORKSHEET_HEADER
from translators import dump, last_batch, translation

COLUMNS = list(WORKSHEET_HEADER)


def col(name: str) -> int:
    return COLUMNS.index(name) + 1


def sheet_rows(path: Path) -> list[list[str]]:
    book = openpyxl.load_workbook(path)
    return [["" if c is None else str(c) for c in row] for row in book.worksheets[0].values]


def find(rows: list[list[str]], revision: str, article: str, position: str) -> list[str]:
    return next(r for r in rows if r[1:4] == [revision, article, position])


def test_rows_in_document_order_with_own_carried_and_terms(run, translators_db, tmp_path):
    out = tmp_path / "ws.xlsx"
    assert (
        run("export", "worksheet", "--dialect", "bca", "--law", "民事诉讼法", "-o", out).exit_code
        == 0
    )
    rows = sheet_rows(out)
    assert rows[0] == list(WORKSHEET_HEADER.values())
    body = rows[1:]
    keys = [(int(r[2]), int(r[3])) for r in body]
    assert keys == sorted(keys) and {r[1] for r in body} == {"2023"}  # the newest revision
    first = find(body, "2023", "1", "1")  # carried from 2021: shown, not its own
    assert first[col("existing") - 1] == "" and first[col("bai") - 1] == ""
    carried = first[col("carried") - 1]
    assert carried.startswith("test bai two") and "carried: same text as" in carried
    assert "(2021)" in carried and "draft" in carried
    own = find(body, "2023", "3", "1")
    assert own[col("existing") - 1] == "test bai three"
    assert own[col("existing_status") - 1] == "draft"
    assert "人民法院 = test bai court" in find(body, "2023", "3", "1")[col("terms") - 1]
    suggested = find(body, "2023", "40", "1")[col("suggestion") - 1]
    assert suggested.startswith("test bai five") and "machine suggestion 98%" in suggested
    assert "(2021) 第四十条" in suggested


def test_missing_leaves_out_own_and_carried(run, translators_db, tmp_path):
    out = tmp_path / "ws.csv"
    assert (
        run(
            "export", "worksheet", "--dialect", "bca", "--law", "民诉", "--missing", "-o", out
        ).exit_code
        == 0
    )
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    keys = {(r[1], r[2], r[3]) for r in rows[1:]}
    assert ("2023", "1", "1") not in keys and ("2023", "3", "1") not in keys
    assert ("2023", "2", "1") in keys
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese


def test_xlsx_is_made_for_excel(run, translators_db, tmp_path):
    out = tmp_path / "ws.xlsx"
    run("export", "worksheet", "--dialect", "bca", "--law", "renmin-tiaojie-fa", "-o", out)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet
    letter = openpyxl.utils.get_column_letter
    status = letter(col("status"))
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list" and "reviewed" in validation.formula1
    assert str(validation.sqref).startswith(f"{status}2:")
    assert sheet.cell(2, col("han")).protection.locked
    assert sheet.cell(2, col("law")).protection.locked
    assert not sheet.cell(2, col("bai")).protection.locked
    assert not sheet.cell(2, col("status")).protection.locked
    assert sheet.cell(2, col("han")).alignment.wrap_text
    han_width = sheet.column_dimensions[letter(col("han"))].width
    assert han_width > sheet.column_dimensions[letter(col("dialect"))].width
    assert book.sheetnames[1] == "说明 Notes"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_untouched_worksheet_changes_nothing(run, translators_db, tmp_path, suffix):
    out = tmp_path / f"ws{suffix}"
    run("export", "worksheet", "--dialect", "bca", "--law", "民诉", "-o", out)
    before = dump(translators_db)
    dry = run("import", "--dry-run", out)
    assert dry.exit_code == 0 and "0 added, 0 changed, 0 unchanged" in dry.stdout
    assert run("import", out).exit_code == 0
    assert dump(translators_db) == before  # the carried one stays carried
    assert translation(translators_db, "minshi-susong-fa", "2023", 1, 1) is None


def fill_xlsx(path: Path, fills: dict[tuple[str, str], tuple[str, str]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in range(2, sheet.max_row + 1):
        key = (
            str(sheet.cell(row, col("article")).value),
            str(sheet.cell(row, col("paragraph")).value),
        )
        if key in fills:
            sheet.cell(row, col("bai")).value, sheet.cell(row, col("status")).value = fills[key]
    book.save(path)


def fill_csv(path: Path, fills: dict[tuple[str, str], tuple[str, str]]) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if (row[2], row[3]) in fills:
            row[col("bai") - 1], row[col("status") - 1] = fills[(row[2], row[3])]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_filled_rows_arrive_with_history_and_undo(run, translators_db, tmp_path, suffix):
    out = tmp_path / f"ws{suffix}"
    run("export", "worksheet", "--dialect", "bca", "--law", "民诉", "-o", out)
    before = dump(translators_db)
    fills = {
        ("1", "1"): ("test bai carried accepted", ""),
        ("2", "1"): ("test bai new", "reviewed"),
    }
    (fill_xlsx if suffix == ".xlsx" else fill_csv)(out, fills)
    dry = run("import", "--dry-run", out)
    assert "2 added, 0 changed, 0 unchanged" in dry.stdout
    assert dump(translators_db) == before
    done = run("import", out)
    assert done.exit_code == 0, done.stderr
    assert translation(translators_db, "minshi-susong-fa", "2023", 1, 1)[:2] == (
        "test bai carried accepted",
        "draft",
    )  # accepting a carried row makes it this place's own
    assert translation(translators_db, "minshi-susong-fa", "2023", 2, 1)[:2] == (
        "test bai new",
        "reviewed",
    )
    history = run("history", "--batch", str(last_batch(translators_db)))
    assert "minshi-susong-fa/2023/2/1/bca insert" in history.stdout
    assert run("undo", str(last_batch(translators_db))).exit_code == 0
    assert dump(translators_db)["translations"] == before["translations"]


def test_a_worksheet_from_an_older_text_is_refused_naming_the_row(run, translators_db, tmp_path):
    out = tmp_path / "ws.csv"
    run("export", "worksheet", "--dialect", "bca", "--law", "民诉", "-o", out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][col("han") - 1] = "一段旧的文本。"
    rows[1][col("bai") - 1] = "test bai four"
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = dump(translators_db)
    result = run("import", out)
    assert result.exit_code != 0
    assert f"{out.name}:2:{col('han')}: the Han text differs" in result.stdout
    assert "differs from the stored text" in result.stdout
    assert dump(translators_db) == before


def test_a_status_without_bai_is_said_and_changes_nothing(run, translators_db, tmp_path):
    out = tmp_path / "ws.csv"
    run("export", "worksheet", "--dialect", "bca", "--law", "民诉", "-o", out)
    fill_csv(out, {("3", "1"): ("", "approved")})
    before = dump(translators_db)
    result = run("import", out)
    assert result.exit_code == 0
    assert "a status without Bai changes nothing" in result.stdout
    assert dump(translators_db) == before


def test_worksheet_needs_a_dialect_and_a_known_suffix(run, translators_db, tmp_path):
    no_dialect = run("export", "worksheet", "-o", tmp_path / "ws.xlsx")
    assert no_dialect.exit_code != 0 and "--dialect" in no_dialect.stderr
    wrong = run("export", "worksheet", "--dialect", "bca", "-o", tmp_path / "ws.ods")
    assert wrong.exit_code != 0 and ".xlsx or .csv" in wrong.stderr
    assert not (tmp_path / "ws.ods").exists()
