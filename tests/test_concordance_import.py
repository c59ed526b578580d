"""import-concordance and hostile cells: every cell checked, one line per mistake, nothing
written; repeated rows refused as the editors' CSV import refuses them."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.io.concordance import import_concordance
from glossary.store.db import open_db

HEADER = ["from_rev", "from_article", "to_rev", "to_article", "status", "similarity"]
CROSS = [
    "hunyin_fa_2001_article",
    "best_minfadian_article",
    "best_similarity",
    "second_minfadian_article",
    "second_similarity",
    "confidence",
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def stored(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT * FROM concordance ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("row", "column", "wanted"),
    [
        (["2021", "5", "2023", "5", "identical", "very"], 6, "similarity"),
        (["2021", "5", "2023", "5", "identical", "nan"], 6, "similarity"),
        (["2021", "5", "2023", "5", "identical", "1.5"], 6, "similarity"),
        (["2021", "5²", "2023", "5", "identical", "1"], 2, "from_article"),
        (["2021", "٣", "2023", "5", "identical", "1"], 2, "from_article"),
        (["2021", "5", "2023", "1" * 23, "identical", "1"], 4, "to_article"),
        (["2021", "0", "2023", "5", "identical", "1"], 2, "from_article"),
        (["", "5", "2023", "5", "identical", "1"], 1, "from_rev"),
    ],
)
def test_a_bad_cell_is_one_line_naming_file_line_and_column(
    row: list[str], column: int, wanted: str, tmp_path: Path, run
) -> None:
    path = write_csv(
        tmp_path / "c.csv", [HEADER, ["2021", "1", "2023", "1", "identical", "1"], row]
    )
    result = run("import-concordance", "--law", "minshi-susong-fa", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:3:{column}: {wanted} ")
    assert result.stderr.count("\n") == 1 and " — " in result.stderr
    assert not run.db_path.exists() or stored(run.db_path) == []


def test_a_bad_cell_of_a_cross_law_table_names_its_column(tmp_path: Path, run) -> None:
    path = write_csv(tmp_path / "x.csv", [CROSS, ["1", "112", "0.27", "1040", "２", "none"]])
    result = run("import-concordance", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:2:5: second_similarity ")


@pytest.mark.parametrize(
    ("rows", "first", "second"),
    [
        # the same source article twice
        ([["2021", "5", "2023", "5", "identical", "1"], ["2021", "5", "2023", "6", "x", ""]], 2, 3),
        # the same added article twice
        ([["2021", "", "2023", "7", "added", ""], ["2021", "1", "2023", "1", "x", ""]] * 2, 2, 4),
    ],
)
def test_a_repeated_row_is_refused_naming_both_lines(
    rows: list[list[str]], first: int, second: int, tmp_path: Path, run
) -> None:
    path = write_csv(tmp_path / "dup.csv", [HEADER, *rows])
    result = run("import-concordance", "--law", "minshi-susong-fa", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:{second}: this row repeats {path}:{first} ")
    assert not run.db_path.exists() or stored(run.db_path) == []


def test_a_row_repeated_in_another_file_is_refused(tmp_path: Path, run) -> None:
    row = ["2021", "5", "2023", "5", "identical", "1"]
    one = write_csv(tmp_path / "one.csv", [HEADER, row])
    two = write_csv(tmp_path / "two.csv", [HEADER, ["2021", "6", "2023", "6", "x", ""], row])
    result = run("import-concordance", "--law", "minshi-susong-fa", one, two)
    assert result.exit_code == 1
    assert f"{two}:3: this row repeats {one}:2 " in result.stderr


CELL = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "1", "0.5", "1.00", "²", "٣", "３", "1e-3", "1e999", " 7", "+3"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELL, min_size=6, max_size=6), min_size=1, max_size=4))
@example(rows=[["2021", "1" * 23, "2023", "1", "modified", "0.5"]])
@example(rows=[["2021", "5", "2023", "5", "identical", "１"]])
def test_any_cells_import_or_give_one_error_and_write_nothing(
    rows: list[list[str]], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "any.csv", [HEADER, *rows])
    db_path = tmp_path / "any.sqlite"
    db_path.unlink(missing_ok=True)
    db = open_db(db_path, create=True)
    try:
        report = import_concordance(db, path, law="minshi-susong-fa")
    except GlossaryError as error:
        assert error.where and error.where.startswith(str(path)) and error.fix
        assert "\n" not in error.what
        assert stored(db_path) == []
    else:
        assert report.rows <= len(rows)  # blank lines are not rows
        for row in stored(db_path):
            from_article, to_article, similarity = row[3], row[6], row[8]
            for number in (from_article, to_article):
                assert number is None or 1 <= number <= 99_999
            assert similarity is None or 0 <= similarity <= 1
    finally:
        db.close()
