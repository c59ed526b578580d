"""Export → import is a round trip on a database built like the demo (every corpus law, the
concordances, the starter terms, the three CLDF word lists), plus plainly fake Bai clause
translations: every export (csv, csv --terms, tbx, json) imports back with no change, a JSON
export rebuilds the glossary in an empty database, an edit arrives as exactly that change
(and undo takes it back), and a damaged or hostile file is one line with nothing written."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


EXPORTS = {
    "clauses": ("csv",),
    "terms": ("csv", "--terms"),
    "tbx": ("tbx",),
    "json": ("json",),
}
SUFFIX = {"clauses": ".csv", "terms": ".csv", "tbx": ".tbx", "json": ".json"}
CONTENT = (
    "laws",
    "revisions",
    "divisions",
    "articles",
    "paragraphs",
    "translations",
    "terms",
    "term_forms",
    "term_articles",
    "concordance",
)


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_every_export_imports_back_unchanged(demo: Path, run, tmp_path: Path, kind: str) -> None:
    """No change, and no batch either (a batch is recorded on its first change), as for CSV."""
    exported = tmp_path / f"export{SUFFIX[kind]}"
    assert run("export", *EXPORTS[kind], "-o", exported).exit_code == 0
    before = dump(demo)
    dry = run("import", "--dry-run", "--json", exported)
    assert dry.exit_code == 0, dry.stderr
    report = dry.json()["files"][0]
    assert report["rows"] > (1000 if kind != "clauses" else 5)
    assert report["rejected"] == [] and report["added"] == [] and report["changed"] == []
    assert len(report["unchanged"]) > 5
    assert run("import", exported).exit_code == 0
    assert dump(demo) == before


def content(path: Path) -> dict:
    """The JSON export without the timestamps (the rows' own ids are never in it)."""
    from glossary.io.export_json import build_export
    from glossary.store.db import open_db

    db = open_db(path, read_only=True)
    try:
        data = build_export(db)
    finally:
        db.close()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return json.loads(re.sub(r'"(created_at|updated_at)": "[^"]*"', r'"\1": null', text))


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in CONTENT}


def test_a_json_export_rebuilds_the_glossary_in_an_empty_database(
    demo: Path, run, tmp_path: Path
) -> None:
    exported = tmp_path / "export.json"
    assert run("export", "json", "-o", exported).exit_code == 0
    empty = tmp_path / "empty.sqlite"
    assert run("init", "--db", empty, db=False).exit_code == 0
    result = run("import", exported, "--db", empty, db=False)
    assert result.exit_code == 0, result.stderr
    assert counts(empty) == counts(demo)
    assert content(empty) == content(demo)
    again = tmp_path / "again.json"
    assert run("export", "json", "-o", again, "--db", empty, db=False).exit_code == 0
    assert (
        run("import", "--dry-run", "--json", again, "--db", empty, db=False).json()["counts"][
            "changed"
        ]
        == 0
    )


def changes_after(path: Path, batch: int) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT table_name, op, field, old, new FROM changes WHERE batch_id = ? "
            "AND field IS NOT 'updated_at' ORDER BY id",
            [batch],
        ).fetchall()


def import_and_undo(run, demo: Path, edited: Path) -> list[tuple]:
    """Import the edited file; return its changes after checking undo restores the content."""
    before = {t: rows for t, rows in dump(demo).items() if t in CONTENT}
    result = run("import", "--json", edited)
    assert result.exit_code == 0, result.stderr
    batch = result.json()["batch"]
    changes = changes_after(demo, batch)
    assert run("undo", str(batch)).exit_code == 0
    assert {t: rows for t, rows in dump(demo).items() if t in CONTENT} == before
    return changes


def test_a_json_edited_in_two_places_arrives_as_those_changes(
    demo: Path, run, tmp_path: Path
) -> None:
    exported = tmp_path / "export.json"
    assert run("export", "json", "-o", exported).exit_code == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    term = next(t for t in data["terms"] if t["forms"])
    old_form = term["forms"][0]["source"]
    term["forms"][0]["source"] = "test source edited"
    law = next(law for law in data["laws"] if law["slug"] == "hunyin-fa")
    article = next(a for a in law["revisions"][0]["articles"] if a["number"] == 32)
    article["paragraphs"][0]["translations"][0]["bai"] = "test bai four edited"
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    changes = import_and_undo(run, demo, exported)
    assert changes == [
        ("translations", "update", "bai", '"test bai four"', '"test bai four edited"'),
        ("term_forms", "update", "source", json.dumps(old_form), '"test source edited"'),
    ]


def test_a_tbx_with_a_form_edited_arrives_as_that_change(demo: Path, run, tmp_path: Path) -> None:
    exported = tmp_path / "export.tbx"
    assert run("export", "tbx", "-o", exported).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    admitted = '<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>'
    bai = text.index('<langSec xml:lang="bca')  # the first Bai form's status
    at = text.index(admitted, bai)
    edited = text[:at] + admitted.replace("admitted", "deprecated") + text[at + len(admitted) :]
    exported.write_text(edited, encoding="utf-8")
    changes = import_and_undo(run, demo, exported)
    assert changes == [("term_forms", "update", "status", '"admitted"', '"deprecated"')]


HOSTILE = {
    "truncated.json": None,  # the export cut in half
    "wrong-type.json": None,  # a number where a text is expected
    "newer.json": None,  # format_version 99
    "bomb.tbx": (
        '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
        '<tbx type="TBX-Basic"><text><body><conceptEntry id="x"><langSec xml:lang="zh">'
        "<termSec><term>&c;</term></termSec></langSec></conceptEntry></body></text></tbx>\n"
    ),
    "external.tbx": (
        '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<tbx type="TBX-Basic"><text><body><conceptEntry id="x"><langSec xml:lang="zh">'
        "<termSec><term>&x;</term></termSec></langSec></conceptEntry></body></text></tbx>\n"
    ),
    "broken.tbx": '<?xml version="1.0"?>\n<tbx><text><body><conceptEntry>\n',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_damaged_or_hostile_export_is_one_line_and_writes_nothing(
    demo: Path, run, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    if HOSTILE[name] is not None:
        path.write_text(HOSTILE[name], encoding="utf-8")
    else:
        assert run("export", "json", "--law", "hunyin-fa", "-o", path).exit_code == 0
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if name == "truncated.json":
            path.write_text(text[: len(text) // 2], encoding="utf-8")
        elif name == "wrong-type.json":
            data["laws"][0]["revisions"][0]["articles"][17]["number"] = "17"
            path.write_text(json.dumps(data), encoding="utf-8")
        else:
            data["format_version"] = 99
            path.write_text(json.dumps(data), encoding="utf-8")
    before = dump(demo)
    for args in (("--dry-run",), ()):
        result = run("import", *args, path)
        assert result.exit_code == 1
        assert "Traceback" not in result.stderr
        error = result.stderr.strip().splitlines()
        assert len(error) == 1, error
    assert dump(demo) == before
    expected = {
        "truncated.json": "not valid JSON",
        "wrong-type.json": "laws[0].revisions[0].articles[17].number: expected a whole number",
        "newer.json": "format version 99",
        "bomb.tbx": "declares XML entities",
        "external.tbx": "declares XML entities",
        "broken.tbx": "not well-formed XML",
    }
    assert expected[name] in error[0]
    assert "passwd" not in result.stdout + result.stderr


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
def test_an_export_is_told_by_its_content_whatever_its_suffix(
    demo: Path, run, tmp_path: Path, kind: str
) -> None:
    exported = tmp_path / "export.csv"
    assert run("export", kind, "-o", exported).exit_code == 0
    before = dump(demo)
    result = run("import", "--dry-run", "--json", exported)
    assert result.exit_code == 0, result.stderr
    report = result.json()["files"][0]
    assert report["kind"] == ("terms" if kind == "tbx" else "json")
    assert report["added"] == report["changed"] == report["rejected"] == []
    assert dump(demo) == before


SMALL_TERMS = (
    "han,bai,dialect,definition,articles\n调解,test bai one,bca,测试释义,renmin-tiaojie-fa:2010:3\n"
)
SMALL_CLAUSES = (
    "law,revision,article,paragraph,dialect,bai\nrenmin-tiaojie-fa,2010,3,1,bca,test bai two\n"
)
FIELDS = (
    ("laws", 0, "revisions", 0, "articles", 2, "number"),
    ("laws", 0, "revisions", 0, "articles", 2, "paragraphs", 0, "han"),
    ("laws", 0, "revisions", 0, "articles", 2, "paragraphs", 0, "translations", 0, "status"),
    ("laws", 0, "revisions", 0, "structure", 0, "title"),
    ("laws", 0, "revisions", 0, "decided_on"),
    ("laws", 0, "aliases"),
    ("terms", 0, "han"),
    ("terms", 0, "forms", 0, "form"),
    ("terms", 0, "articles", 0, "article"),
    ("format_version",),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=4,
)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> tuple[Path, dict]:
    """A database with one law, a term and a translation, and its JSON export."""
    folder = tmp_path_factory.mktemp("small")
    db = folder / "small.sqlite"
    (folder / "terms.csv").write_text(SMALL_TERMS, encoding="utf-8")
    (folder / "clauses.csv").write_text(SMALL_CLAUSES, encoding="utf-8")
    cli("--db", db, "init")
    cli("--db", db, "import-law", laws_dir / "renmin-tiaojie-fa-2010.md")
    cli("--db", db, "import", folder / "terms.csv", folder / "clauses.csv")
    cli("--db", db, "export", "json", "--law", "renmin-tiaojie-fa", "-o", folder / "x.json")
    return db, json.loads((folder / "x.json").read_text(encoding="utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(field=st.sampled_from(FIELDS), value=JSON_VALUES)
def test_any_json_value_in_a_field_is_an_import_or_one_error(
    small: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory, field: tuple, value
) -> None:
    from glossary.errors import GlossaryError
    from glossary.io.pairs import import_files
    from glossary.store.db import open_db

    db_file, data = small
    edited = json.loads(json.dumps(data))
    place = edited
    for step in field[:-1]:
        place = place[step]
    place[field[-1]] = value
    path = tmp_path_factory.mktemp("hyp") / "edited.json"
    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    db = open_db(db_file)
    try:
        result = import_files(db, [path], dry_run=True)  # the whole work, rolled back
    except GlossaryError as exc:  # pragma: no cover - only an option error would be raised
        pytest.fail(f"raised instead of reporting: {exc}")
    finally:
        db.close()
    error = result.error()
    if error is not None:
        assert "\n" not in str(error.what)
        assert result.files[0].rejected[0].where.startswith(str(path))


def test_who_reviewed_and_alternatives_survive_a_json_restore(
    mediation_law_path: Path, run, tmp_path: Path
) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "法律,修订,条,款,方言,白文,备选\n"
        "调解法,2010,3,1,bfs,test bai one,否\n"
        "调解法,2010,3,2,bfs,test bai two,是\n",
        encoding="utf-8",
    )
    assert run("import", pairs).exit_code == 0
    reviewed = run("review", "调解法 3", "--status", "approved", "--by", "test reviewer")
    assert reviewed.exit_code == 0, reviewed.stderr
    exported = tmp_path / "export.json"
    assert run("export", "json", "-o", exported).exit_code == 0
    query = (
        "SELECT bai, status, reviewed_by, reviewed_at, alternative FROM translations ORDER BY bai"
    )
    with closing(sqlite3.connect(mediation_law_path)) as conn:
        expected = conn.execute(query).fetchall()
    assert [r[2] for r in expected] == ["test reviewer"] * 2 and [r[4] for r in expected] == [0, 1]
    empty = tmp_path / "empty.sqlite"
    assert run("init", "--db", empty, db=False).exit_code == 0
    assert run("import", exported, "--db", empty, db=False).exit_code == 0
    with closing(sqlite3.connect(empty)) as conn:
        assert conn.execute(query).fetchall() == expected
    # an export written before these fields existed still imports, and forgets nothing
    data = json.loads(exported.read_text(encoding="utf-8"))
    for law in data["laws"]:
        for revision in law["revisions"]:
            for article in revision["articles"]:
                for paragraph in [article, *article.get("paragraphs", [])]:
                    for t in paragraph.get("translations", []):
                        for name in ("alternative", "reviewed_by", "reviewed_at"):
                            t.pop(name, None)
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "reviewed_by" not in older.read_text(encoding="utf-8")
    result = run("import", older, "--db", empty, db=False)
    assert result.exit_code == 0, result.stderr
    with closing(sqlite3.connect(empty)) as conn:
        assert conn.execute(query).fetchall() == expected
