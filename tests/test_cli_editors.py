"""The editors' commands through the real command line: import, import-cldf, export,
history, undo."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest


def dump(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    rows = []
    for table in (
        "laws",
        "revisions",
        "articles",
        "paragraphs",
        "translations",
        "terms",
        "term_forms",
        "term_articles",
    ):
        rows += [(table, *r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
    conn.close()
    return rows


@pytest.fixture
def law_db(run, laws_dir: Path) -> Path:
    assert run("import-law", laws_dir / "renmin-tiaojie-fa-2010.md").exit_code == 0
    return run.db_path


def write_csv(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


CLAUSES = (
    "法律,修订,条,款,方言,白文\n"
    "调解法,2010,3,2,bfs,test bai one\n"
    "调解法,2010,3,3,bfs,test bai two\n"
)


def test_import_then_undo_restores_the_database(run, law_db: Path, tmp_path: Path) -> None:
    before = dump(law_db)
    result = run("import", write_csv(tmp_path, "c.csv", CLAUSES, "gb18030"), "--json")
    assert result.exit_code == 0, result.stderr
    batch = result.json()["batch"]
    view = run("show", "调解法 3", "--json").json()
    assert [p["bai"] for p in view["paragraphs"]][1:3] == [
        {"bfs": "test bai one"},
        {"bfs": "test bai two"},
    ]
    history = run("history", "调解法", "3", "--json").json()
    assert {h["batch"] for h in history} >= {batch}
    assert run("undo", str(batch)).exit_code == 0
    assert dump(law_db) == before
    assert run("undo", str(batch)).exit_code == 1  # already undone: a clear refusal


def test_a_bad_row_rejects_the_file_with_its_place(run, law_db: Path, tmp_path: Path) -> None:
    before = dump(law_db)
    bad = CLAUSES + "调解法,2010,999,1,bfs,test bai three\n"
    path = write_csv(tmp_path, "bad.csv", bad)
    result = run("import", path)
    assert result.exit_code == 1
    assert "bad.csv:4" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert dump(law_db) == before
    dry = run("import", write_csv(tmp_path, "ok.csv", CLAUSES), "--dry-run", "--json")
    assert dry.exit_code == 0 and dry.json()["batch"] is None
    assert dump(law_db) == before


def test_export_csv_tbx_json(run, law_db: Path, tmp_path: Path) -> None:
    run("import", write_csv(tmp_path, "c.csv", CLAUSES))
    out = tmp_path / "clauses.csv"
    assert run("export", "csv", "-o", out).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    again = run("import", out, "--json").json()
    assert again["counts"]["added"] == 0 and again["counts"]["changed"] == 0
    terms = tmp_path / "terms.csv"
    terms.write_text("han,definition\n调解,测试释义\n", encoding="utf-8")
    assert run("import", terms).exit_code == 0
    tbx = tmp_path / "out.tbx"
    assert run("export", "tbx", "-o", tbx).exit_code == 0
    root = ET.parse(tbx).getroot()
    assert len(root.findall(".//{*}conceptEntry")) == 1
    data = json.loads(run("export", "json", "--law", "调解法").stdout)
    assert "laws" in data and "terms" in data


def test_import_cldf_command(run, corpus: Path) -> None:
    result = run("import-cldf", corpus / "bai" / "allenbai", "--json")
    assert result.exit_code == 0, result.stderr
    report = result.json()[0]
    assert report["imported"] == report["forms_read"] > 4000
    hits = run("search", "妻子", "--json").json()["hits"]
    assert hits[0]["kind"] == "term" and hits[0]["han"] == "妻子" and hits[0]["bai"]


def test_one_rejected_file_stops_the_whole_command(run, law_db: Path, tmp_path: Path) -> None:
    before = dump(law_db)
    good = write_csv(tmp_path, "good.csv", CLAUSES)
    bad = write_csv(tmp_path, "bad.csv", CLAUSES.replace("test bai two", ""))  # empty Bai
    result = run("import", good, bad, "--json")
    assert result.exit_code == 1
    assert [f["written"] for f in result.json()["files"]] == [False, False]
    assert dump(law_db) == before
