"""One CSV reader for every import: a quoted field may hold a line break — in a clause CSV,
a CLDF forms.csv and a concordance CSV alike. All files are built here, with fake data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from glossary.errors import GlossaryError
from glossary.io.cldf import import_cldf
from glossary.io.concordance import import_concordance
from glossary.io.pairs import import_files
from glossary.store.db import open_db

NOTE = "test note line one\ntest note line two"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_clause_csv_with_a_line_break_in_a_quoted_field(mediation_law_db, tmp_path: Path) -> None:
    header = ["law", "revision", "article", "paragraph", "dialect", "bai", "note"]
    path = write_csv(
        tmp_path / "pairs.csv",
        [
            header,
            ["人民调解法", "2010", "4", "", "bca", "test bai one", NOTE],
            ["人民调解法", "2010", "5", "", "bca", "test bai two", "test note"],
        ],
    )
    result = import_files(mediation_law_db, [path])
    assert result.ok, result.files[0].rejected
    added = result.files[0].added
    assert [o.line for o in added] == [2, 4]  # the second record starts after the break
    notes = mediation_law_db.execute("SELECT bai, note FROM translations ORDER BY id").fetchall()
    assert notes == [("test bai one", NOTE), ("test bai two", "test note")]


def cldf_folder(tmp_path: Path, forms: list[list[str]]) -> Path:
    folder = tmp_path / "testset"
    folder.mkdir()
    write_csv(
        folder / "languages.csv",
        [["ID", "Name", "DialectGroup"], ["Testvillage", "Bai (Testvillage)", "Central"]],
    )
    write_csv(
        folder / "parameters.csv",
        [
            ["ID", "Name", "Chinese_Gloss"],
            ["1_test", "test", "测试"],
            ["2_test", "test two", "试验"],
        ],
    )
    (folder / "metadata.json").write_text(
        json.dumps({"title": "Test set", "license": "CC-BY-4.0"}), encoding="utf-8"
    )
    write_csv(
        folder / "forms.csv", [["ID", "Language_ID", "Parameter_ID", "Form", "Comment"], *forms]
    )
    return folder


def test_cldf_forms_with_a_line_break_in_a_quoted_field(db_path: Path, tmp_path: Path) -> None:
    folder = cldf_folder(
        tmp_path,
        [
            ["1", "Testvillage", "1_test", "test bai one", NOTE],
            ["2", "Testvillage", "2_test", "test bai two", ""],
        ],
    )
    db = open_db(db_path, create=True)
    report = import_cldf(db, folder)
    assert (report.forms_read, report.imported) == (2, 2)
    forms = db.execute("SELECT form FROM term_forms ORDER BY id").fetchall()
    assert forms == [("test bai one",), ("test bai two",)]


def test_cldf_error_after_a_line_break_names_the_records_line(
    db_path: Path, tmp_path: Path
) -> None:
    folder = cldf_folder(
        tmp_path,
        [
            ["1", "Testvillage", "1_test", "test bai one", NOTE],
            ["2", "Testvillage", "9_unknown", "test bai two", ""],
        ],
    )
    with pytest.raises(GlossaryError) as caught:
        import_cldf(open_db(db_path, create=True), folder)
    assert caught.value.where is not None and caught.value.where.endswith("forms.csv:4")


def test_concordance_with_a_line_break_in_a_quoted_field(db_path: Path, tmp_path: Path) -> None:
    header = ["from_rev", "from_article", "to_rev", "to_article", "status", "similarity", "note"]
    path = write_csv(
        tmp_path / "concordance-test.csv",
        [
            header,
            ["2017", "1", "2021", "1", "same", "1.0", NOTE],
            ["2017", "2", "2021", "3", "moved", "0.9", ""],
        ],
    )
    db = open_db(db_path, create=True)
    report = import_concordance(db, path, law="minshi-susong-fa")
    assert (report.rows, report.added) == (2, 2)
    stored = db.execute(
        "SELECT from_revision, from_article, to_article, relation FROM concordance ORDER BY id"
    ).fetchall()
    assert stored == [("2017", 1, 1, "same"), ("2017", 2, 3, "moved")]


def test_concordance_bad_cell_after_a_line_break_names_its_line(
    db_path: Path, tmp_path: Path
) -> None:
    header = ["from_rev", "from_article", "to_rev", "to_article", "status", "similarity", "note"]
    path = write_csv(
        tmp_path / "concordance-test.csv",
        [
            header,
            ["2017", "1", "2021", "1", "same", "1.0", NOTE],
            ["2017", "x", "2021", "3", "", "", ""],
        ],
    )
    with pytest.raises(GlossaryError) as caught:
        import_concordance(open_db(db_path, create=True), path, law="minshi-susong-fa")
    assert caught.value.where is not None and caught.value.where.endswith(
        "concordance-test.csv:4:2"
    )
