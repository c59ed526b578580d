"""CSV export (glossary.io.export_csv) and the import templates: an export imports again with
no change, and spreadsheet formulas never run. Bai text here is plainly fake."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.io.export_csv import (
    CLAUSE_HEADER,
    TERM_HEADER,
    export_clauses_csv,
    export_terms_csv,
)
from glossary.io.pairs import import_files, render_summary
from glossary.io.tabular import neutralise, read_table, restore
from glossary.store.queries import article_view

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "templates"
HEADER = ["law", "revision", "article", "paragraph", "dialect", "han", "bai", "status", "note"]
FORMULA = '=HYPERLINK("http://example.invalid/x","click")'


@pytest.fixture
def db(mediation_law_db):
    return mediation_law_db


def write(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def snapshot(db) -> dict[str, list[tuple]]:
    tables = ("laws", "paragraphs", "translations", "terms", "term_forms", "term_articles")
    out = {t: db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in tables}
    out["changes"] = db.execute("SELECT count(*) FROM changes").fetchall()
    return out


def fill(db, tmp_path: Path) -> None:
    """Translations of every shape: whole article, 款, 项, a collection; awkward cells."""
    clauses = [
        HEADER,
        ["renmin-tiaojie-fa", "2010", "4", "", "bca", "", "test bai one", "approved", FORMULA],
        ["renmin-tiaojie-fa", "2010", "3", "2", "bfs", "", "test bai two", "", "+1 -2 @x"],
        ["renmin-tiaojie-fa", "2010", "3", "1", "bca", "", 'test "bai",\nthree', "", "0012"],
        ["renmin-tiaojie-fa", "2010", "5", "2", "bfc", "", "-test bai four", "reviewed", ""],
        ["测试调解常用条款", "2024", "1", "1", "bca", "测试文本，一。", "test bai five", "", ""],
        ["测试调解常用条款", "2024", "2", "", "bca", "测试文本二。", "@test bai six", "", ""],
    ]
    terms = [
        ["han", "bai", "dialect", "script", "definition", "status", "source", "articles"],
        [
            "调解",
            "test bai seven",
            "bca",
            "latin",
            "测试释义",
            "preferred",
            "=1+1",
            "人民调解法:2010:4",
        ],
        ["调解", "test-ipa eight", "", "ipa", "", "", "", ""],
        ["纠纷", "test bai nine", "bfs", "", "", "", "", ""],
    ]
    result = import_files(
        db, [write(tmp_path / "c.csv", clauses), write(tmp_path / "t.csv", terms)]
    )
    assert result.ok and all(f.written for f in result.files), render_summary(result)


def test_clause_export_imports_again_with_no_change(db, tmp_path: Path) -> None:
    fill(db, tmp_path)
    out = tmp_path / "export.csv"
    assert export_clauses_csv(db, out) == 6
    before = snapshot(db)
    result = import_files(db, [out])
    report = result.files[0]
    assert report.written and not report.rejected, render_summary(result)
    assert len(report.unchanged) == 6 and not report.added and not report.changed
    assert result.batch is None and snapshot(db) == before


def test_term_export_imports_again_with_no_change(db, tmp_path: Path) -> None:
    fill(db, tmp_path)
    db.execute(
        "INSERT INTO terms (han, status, created_at, updated_at) VALUES ('无形式', 'proposed', "
        "'2024-01-01', '2024-01-01')"
    )
    db.conn.commit()
    out = tmp_path / "terms.csv"
    assert export_terms_csv(db, out) == 3  # a term without a Bai form is no pair
    table = read_table(out)
    assert table.header == list(TERM_HEADER)
    assert table.rows[0].cells[:2] == ["纠纷", "test bai nine"]
    before = snapshot(db)
    result = import_files(db, [out])
    assert result.ok and result.batch is None, render_summary(result)
    assert not result.files[0].added and not result.files[0].changed
    assert snapshot(db) == before


def test_export_is_excel_friendly_and_formulas_are_neutralised(db, tmp_path: Path) -> None:
    fill(db, tmp_path)
    out = tmp_path / "export.csv"
    export_clauses_csv(db, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(CLAUSE_HEADER)
    cells = [c for row in rows for c in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert "'+1 -2 @x" in cells and "'-test bai four" in cells and "'@test bai six" in cells
    assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells)
    # the importer strips exactly the apostrophe back
    note = db.execute("SELECT note FROM translations WHERE bai = 'test bai one'").fetchone()[0]
    assert note == FORMULA
    han_cells = {row[5] for row in rows[1:]}
    item = next(p for p in article_view(db, "renmin-tiaojie-fa", 3)["paragraphs"] if p["label"])
    assert item["label"] + item["han"] in han_cells  # 项 with its label


def test_export_one_law_and_unknown_law(db, tmp_path: Path) -> None:
    fill(db, tmp_path)
    assert export_clauses_csv(db, tmp_path / "one.csv", law="人民调解法") == 4
    stream = io.StringIO()
    assert export_clauses_csv(db, stream, law="测试调解常用条款") == 2
    assert stream.getvalue().splitlines()[0] == ",".join(CLAUSE_HEADER)
    with pytest.raises(GlossaryError, match="unknown law"):
        export_clauses_csv(db, tmp_path / "x.csv", law="没有这部法")


def test_a_value_already_starting_with_an_apostrophe_round_trips(db, tmp_path: Path) -> None:
    rows = [HEADER, ["renmin-tiaojie-fa", "2010", "4", "", "bca", "", "test bai", "", "'=x"]]
    path = tmp_path / "q.csv"
    write(path, [[neutralise(c) for c in row] for row in rows])
    import_files(db, [path])
    assert db.execute("SELECT note FROM translations").fetchone()[0] == "'=x"
    export_clauses_csv(db, tmp_path / "e.csv")
    assert import_files(db, [tmp_path / "e.csv"]).batch is None


@given(st.text(max_size=30))
def test_restore_undoes_neutralise(value: str) -> None:
    safe = neutralise(value)
    assert restore(safe) == value
    assert safe[:1] not in ("=", "+", "-", "@", "\t", "\r") or not safe


# --- templates ----------------------------------------------------------------------------------


def test_templates_import_into_a_database_with_the_law(db) -> None:
    clause, term = TEMPLATES / "clause-pairs.csv", TEMPLATES / "term-pairs.csv"
    result = import_files(db, [clause, term], dry_run=True)
    assert result.ok, render_summary(result)
    assert [f.kind for f in result.files] == ["clauses", "terms"]
    assert [len(f.added) for f in result.files] == [1, 1]
    for path in (clause, term):
        table = read_table(path)
        assert table.encoding == "utf-8-sig" and len(table.rows) == 1
        bai = table.rows[0].cells[table.header.index("bai")]
        assert bai.startswith("test bai")  # plainly fake, never plausible Bai
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for name in (*CLAUSE_HEADER, *TERM_HEADER, "白文", "方言", "款", "释义", "条文"):
        assert f"`{name}`" in readme


def test_export_works_on_the_read_only_path(db, tmp_path: Path) -> None:
    import subprocess
    import sys

    from glossary.store.reader import open_reader

    fill(db, tmp_path)
    reader = open_reader(tmp_path / "glossary.sqlite")
    stream = io.StringIO()
    assert export_clauses_csv(reader, stream) == 6 and export_terms_csv(reader, io.StringIO())
    code = "import sys, glossary.io.export_csv; assert 'sqlite_utils' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
