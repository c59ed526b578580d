"""`glossary import-law`, `show`, `stats`, `import-concordance` on the real corpus."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file

FILES = {
    "minshi-susong-fa-2023.md": ("minshi-susong-fa", "2023", 306),
    "minshi-susong-fa-2021.md": ("minshi-susong-fa", "2021", 291),
    "minshi-susong-fa-2017.md": ("minshi-susong-fa", "2017", 284),
    "minshi-susong-fa-2012.md": ("minshi-susong-fa", "2012", 284),
    "minshi-susong-fa-2007.md": ("minshi-susong-fa", "2007", 268),
    "hunyin-fa-2001.md": ("hunyin-fa", "2001", 51),
    "minfadian-2020-hunyin-jiating-bian.md": ("minfadian", "2020", 79),
    "renmin-tiaojie-fa-2010.md": ("renmin-tiaojie-fa", "2010", 35),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> Path:
    """One database with every corpus file and both concordances, built by the CLI (the
    project's own alignment is left out: this module checks the shipped files' import)."""
    from glossary.cli import main

    path = tmp_path_factory.mktemp("corpus") / "glossary.sqlite"
    for args in (
        ["init"],
        ["import-law", "--no-align", *[str(laws_dir / f) for f in FILES]],
        ["import-concordance", *map(str, sorted(laws_dir.glob("concordance-*.computed.csv")))],
    ):
        with _no_exit():
            main([*args, "--db", str(path)])
    return path


class _no_exit:
    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is SystemExit:
            raise AssertionError(f"command failed with exit {exc.code}")
        return False


def test_every_corpus_file_is_stored_with_its_counts(corpus_db: Path, run) -> None:
    run.db_path = corpus_db
    data = run("stats", "--json").json()
    got = {(r["law"], r["revision"]): r for r in data["laws"]}
    for law, revision, articles in FILES.values():
        assert got[(law, revision)]["articles"] == articles, (law, revision)
    assert got[("minfadian", "2020")]["part"] == "婚姻家庭编"
    assert data["translations"] == 0 and data["terms"] == 0


def test_stored_text_equals_the_parsed_source_paragraph_for_paragraph(
    corpus_db: Path, laws_dir: Path
) -> None:
    conn = sqlite3.connect(corpus_db)
    for name, (law, revision, _) in FILES.items():
        parsed = parse_law(read_law_file(laws_dir / name), source=name)
        stored: dict[int, list[tuple[str, str | None, str]]] = {}
        for number, kind, label, han in conn.execute(
            "SELECT article, kind, label, han FROM clauses WHERE law = ? AND revision = ? "
            "ORDER BY article, paragraph",
            [law, revision],
        ):
            stored.setdefault(number, []).append((kind, label, han))
        expected = {
            a.number: [(p.kind, p.label, p.han) for p in a.paragraphs] for a in parsed.articles
        }
        assert stored == expected, name
        raw = (laws_dir / name).read_text(encoding="utf-8")
        for paragraphs in stored.values():
            for _kind, _label, han in paragraphs:
                assert han and han in raw.replace("**", ""), (name, han[:30])


def test_reimporting_changes_nothing(corpus_db: Path, laws_dir: Path, run) -> None:
    run.db_path = corpus_db
    conn = sqlite3.connect(corpus_db)
    before = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    batches = conn.execute("SELECT count(*) FROM batches").fetchone()[0]
    result = run("import-law", laws_dir / "minshi-susong-fa-2023.md", "--json")
    assert result.exit_code == 0, result.stderr
    report = result.json()[0]
    assert report["articles"] == {"added": 0, "changed": 0, "unchanged": 306, "removed": 0}
    assert report["batch"] is None
    assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    assert conn.execute("SELECT count(*) FROM batches").fetchone()[0] == batches


REFS = ["民诉 122", "民事诉讼法第一百二十二条", "minshi-susong-fa:122", "民诉法 第122条"]


@pytest.mark.parametrize("ref", REFS)
def test_show_reference_forms_reach_the_same_article(corpus_db: Path, run, ref: str) -> None:
    run.db_path = corpus_db
    view = run("show", ref, "--json").json()
    assert (view["law"], view["revision"], view["article"]) == ("minshi-susong-fa", "2023", 122)
    assert view["status"] == "in_force"
    assert view["path"][0].startswith("第二编")
    assert all(p["bai"] is None for p in view["paragraphs"])
    assert view["paragraphs"][0]["kind"] == "paragraph"


def test_show_json_has_paragraphs_and_items_in_order(corpus_db: Path, run, laws_dir) -> None:
    run.db_path = corpus_db
    view = run("show", "调解法 3", "--json").json()
    assert set(view) >= {
        "law",
        "revision",
        "article",
        "path",
        "status",
        "paragraphs",
        "superseded_by",
    }
    kinds = [(p["kind"], p["label"]) for p in view["paragraphs"]]
    assert kinds == [
        ("paragraph", None),
        ("item", "（一）"),
        ("item", "（二）"),
        ("item", "（三）"),
    ]
    raw = (laws_dir / "renmin-tiaojie-fa-2010.md").read_text(encoding="utf-8")
    for p in view["paragraphs"]:
        assert (p["label"] or "") + p["han"] in raw


def test_older_revision_and_its_successor(corpus_db: Path, run) -> None:
    run.db_path = corpus_db
    view = run("show", "民诉 39", "--revision", "2017", "--json").json()
    assert view["revision"] == "2017" and view["status"] == "superseded_revision"
    successor = view["superseded_by"][0]
    # 2017 art 39 → 2021 art 40 (SOURCES.md anchor) → 2023 art 40; machine-computed
    assert (successor["law"], successor["revision"], successor["article"]) == (
        "minshi-susong-fa",
        "2023",
        40,
    )
    assert successor["computed"] is True and successor["verified"] is False


def test_repealed_marriage_law_points_to_the_civil_code(corpus_db: Path, run) -> None:
    run.db_path = corpus_db
    view = run("show", "婚姻法第三条", "--json").json()
    assert view["status"] == "repealed" and view["repealed_on"] == "2021-01-01"
    best = view["superseded_by"][0]
    assert (best["law"], best["article"]) == ("minfadian", 1042)
    assert best["computed"] is True and best["verified"] is False
    text = run("show", "婚姻法 3").stdout
    assert "REPEALED on 2021-01-01" in text and "machine-computed" in text
    # An article with no counterpart still names the successor law and part.
    lone = run("show", "婚姻法 49", "--json").json()["superseded_by"]
    assert lone and lone[0]["law"] == "minfadian"


def test_show_errors_are_one_clear_line(corpus_db: Path, run) -> None:
    run.db_path = corpus_db
    for args, needle in [
        (["show", "刑法 3"], "unknown law"),
        (["show", "民诉 999"], "no 第九百九十九条"),
        (["show", "离婚纠纷"], "not an article reference"),
        (["show", "民诉 12", "--revision", "1999"], "no revision"),
    ]:
        result = run(*args)
        assert result.exit_code == 1
        assert needle in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_concordance_rows_are_marked_machine_computed(corpus_db: Path, laws_dir, run) -> None:
    conn = sqlite3.connect(corpus_db)
    total, computed, verified = conn.execute(
        "SELECT count(*), sum(computed), sum(verified) FROM concordance"
    ).fetchone()
    assert total == computed and verified == 0
    assert (
        conn.execute(
            "SELECT count(*) FROM concordance WHERE from_law = 'minshi-susong-fa'"
        ).fetchone()[0]
        == 1455
    )
    run.db_path = corpus_db
    again = run("import-concordance", *sorted(laws_dir.glob("concordance-*.csv")), "--json")
    assert [r["added"] + r["changed"] for r in again.json()] == [0, 0]


def test_sql_reads_and_refuses_every_write(corpus_db: Path, run) -> None:
    run.db_path = corpus_db
    ok = run("sql", "SELECT law, count(*) AS n FROM clauses GROUP BY law ORDER BY law", "--json")
    assert ok.exit_code == 0
    assert {r["law"] for r in ok.json()} == {
        "hunyin-fa",
        "minfadian",
        "minshi-susong-fa",
        "renmin-tiaojie-fa",
    }
    before = digest(corpus_db)
    for statement in [
        "DELETE FROM paragraphs",
        "UPDATE laws SET status = 'repealed'",
        "INSERT INTO batches (at, command) VALUES ('x', 'y')",
        "DROP TABLE laws",
        "CREATE TABLE x (a)",
        f"ATTACH DATABASE '{corpus_db}.other' AS other",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA query_only = 0",
        "SELECT load_extension('/tmp/nothing')",
        "SELECT 1; DELETE FROM laws",
    ]:
        result = run("sql", statement)
        assert result.exit_code == 1, statement
        assert "Traceback" not in result.stderr and result.stderr.startswith("error:")
    assert digest(corpus_db) == before
    assert not Path(f"{corpus_db}.other").exists()
