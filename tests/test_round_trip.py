"""Export → import is a round trip on a database built like the demo (every corpus law, the
concordances, the starter terms, the three CLDF word lists), plus plainly fake Bai clause
translations: the CSV exports import back with no change; TBX and JSON are export-only and
refused by the import with what to do instead."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from conftest import REPO

FAKE_CLAUSES = """law,revision,article,paragraph,dialect,han,bai,status,translator,note
minshi-susong-fa,2023,122,,bca,,test bai one,approved,tester,=1+1
minshi-susong-fa,2023,122,2,bfs,,test bai two,,,
minshi-susong-fa,2021,122,1,bca,,test bai three,,,
hunyin-fa,2001,32,1,bfc,,test bai four,reviewed,,
minfadian,2020,1079,1,bca,,"test bai
five",,,
renmin-tiaojie-fa,2010,3,,bca,,-test bai six,,,0012
测试调解常用条款,2024,1,1,bca,测试文本，一。,test bai seven,,,
"""


def cli(*args: str | Path) -> None:
    from glossary.cli import main

    main([str(a) for a in args])  # raises SystemExit on an error


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """Built once per session with the importers, as the Makefile's demo target does."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.sqlite"
    laws = corpus / "laws"
    cli("--db", db, "init")
    cli("--db", db, "import-law", *sorted(p for p in laws.glob("*.md") if p.name != "SOURCES.md"))
    cli("--db", db, "import-concordance", *sorted(laws.glob("concordance-*.computed.csv")))
    cli("--db", db, "import", REPO / "data" / "glossary" / "starter-terms.csv")
    cli(
        "--db",
        db,
        "import-cldf",
        *(corpus / "bai" / n for n in ("allenbai", "wangbai", "suntb_bai")),
    )
    clauses = folder / "fake-clauses.csv"
    clauses.write_text(FAKE_CLAUSES, encoding="utf-8")
    cli("--db", db, "import", clauses)
    with closing(sqlite3.connect(db)) as conn:  # one self-contained file, as `make demo`
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def demo(demo_template: Path, db_path: Path) -> Path:
    shutil.copy(demo_template, db_path)
    return db_path


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table of the file, row by row (the history too: an import that changes nothing
    records nothing)."""
    conn = sqlite3.connect(path)
    try:
        names = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f"SELECT * FROM [{n}] ORDER BY 1").fetchall() for n in names}
    finally:
        conn.close()


@pytest.mark.parametrize("kind", [(), ("--terms",)], ids=["clauses", "terms"])
def test_a_csv_export_imports_back_unchanged(
    demo: Path, run, tmp_path: Path, kind: tuple[str, ...]
) -> None:
    exported = tmp_path / "export.csv"
    assert run("export", "csv", *kind, "-o", exported).exit_code == 0
    before = dump(demo)
    dry = run("import", "--dry-run", "--json", exported)
    assert dry.exit_code == 0, dry.stderr
    report = dry.json()["files"][0]
    assert report["rows"] > (1000 if kind else 5)
    assert report["rejected"] == [] and report["added"] == [] and report["changed"] == []
    assert run("import", exported).exit_code == 0
    assert dump(demo) == before


def test_forms_differing_only_by_variety_or_script_are_not_duplicates(
    demo: Path, run, tmp_path: Path
) -> None:
    """allenbai has several Central varieties with the same form: each is its own form."""
    path = tmp_path / "terms.csv"
    path.write_text(
        "han,bai,dialect,script,variety\n"
        "调解,test bai one,bca,latin,Jianchuan\n"
        "调解,test bai one,bca,latin,Eryuan\n"
        "调解,test bai one,bca,ipa,Eryuan\n",
        encoding="utf-8",
    )
    assert run("import", path).exit_code == 0
    again = path.with_name("again.csv")
    again.write_text(path.read_text(encoding="utf-8") + "调解,test bai one,bca,ipa,Eryuan\n")
    result = run("import", "--dry-run", again)
    assert result.exit_code == 1 and "already on line 4" in result.stdout


@pytest.mark.parametrize("kind", ["tbx", "json"])
@pytest.mark.parametrize("suffix", ["same", ".csv"])
def test_tbx_and_json_exports_are_refused_by_the_import(
    demo: Path, run, tmp_path: Path, kind: str, suffix: str
) -> None:
    exported = tmp_path / (f"export.{kind}" if suffix == "same" else "export.csv")
    assert run("export", kind, "-o", exported).exit_code == 0
    before = dump(demo)
    result = run("import", exported)
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert f"this is a {kind.upper()} export" in error and "export csv" in error
    assert dump(demo) == before
