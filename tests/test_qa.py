"""Quality checks of the Bai (glossary.store.qa): each check with a finding and without, on
the corpus' 人民调解法 (2010) with plainly fake Bai; the import's warnings and --strict; the
``glossary qa`` command.

Places used (read from the corpus at import time, never copied): article 4 (one 款, no
number, has 人民调解), article 33 款 1 (三十日), article 5 (two 款, no number).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from glossary.io.pairs import import_files, render_summary
from glossary.store.qa import Record, check_bai_text, han_has_number, run_qa

CLAUSES = ["law", "revision", "article", "paragraph", "dialect", "bai", "alternative"]
LAW = "renmin-tiaojie-fa"
COLLECTION = "测试州人民调解条例"
SAME_HAN = "测试相同文本。"  # a fake Han text, given twice in a collection


@pytest.fixture
def db(mediation_law_db):
    return mediation_law_db


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def clauses(db, tmp_path: Path, rows: list[list[str]], name: str = "c.csv", **options):
    """Import clause rows (article, paragraph, dialect, bai[, alternative]) of 人民调解法."""
    body = [[LAW, "2010", *r, *[""] * (5 - len(r))] for r in rows]
    result = import_files(db, [write_csv(tmp_path / name, [CLAUSES, *body])], **options)
    assert result.ok, render_summary(result)
    return result


def collection(db, tmp_path: Path, rows: list[list[str]]) -> None:
    """Import collection rows (article, bai, alternative) whose 款 1 all have SAME_HAN."""
    header = ["law", "revision", "article", "paragraph", "dialect", "han", "bai", "alternative"]
    body = [[COLLECTION, "2024", a, "1", "bca", SAME_HAN, bai, alt] for a, bai, alt in rows]
    result = import_files(db, [write_csv(tmp_path / "col.csv", [header, *body])])
    assert result.ok, render_summary(result)


def preferred_term(db, tmp_path: Path, han: str, form: str, status: str = "preferred") -> None:
    rows = [["han", "bai", "status", "dialect"], [han, form, status, "bca"]]
    result = import_files(db, [write_csv(tmp_path / "terms.csv", rows)])
    assert result.ok, render_summary(result)


def found(db, check: str, **where) -> list[tuple[str, str]]:
    return [(f.key, f.message) for f in run_qa(db, **where) if f.check == check]


def real_bai(corpus: Path) -> str:
    """A real Bai word in the Latin orthography, read from the corpus at test time."""
    with (corpus / "bai" / "orthographic_examples.tsv").open(encoding="utf-8") as fh:
        return next(r["bai_latin"] for r in csv.DictReader(fh, delimiter="\t"))


def han_of(db, number: int, position: int) -> str:
    return db.execute(
        "SELECT p.han FROM paragraphs p JOIN articles a ON a.id = p.article_id "
        "WHERE a.number = ? AND p.position = ?",
        [number, position],
    ).fetchone()[0]


# --- the checks --------------------------------------------------------------------------------


def test_term_without_its_preferred_form_is_a_finding(db, tmp_path: Path) -> None:
    preferred_term(db, tmp_path, "人民调解", "test bai term")
    clauses(db, tmp_path, [["4", "", "bca", "test bai one"]])
    [(key, message)] = found(db, "term")
    assert key == f"{LAW}/2010/4/bca"
    assert "人民调解" in message and "test bai term" in message


def test_term_with_its_preferred_form_or_no_preferred_form_is_none(db, tmp_path: Path) -> None:
    preferred_term(db, tmp_path, "人民调解", "test bai term")
    clauses(db, tmp_path, [["4", "", "bca", "test bai term one"], ["4", "", "bfs", "test one"]])
    assert found(db, "term") == []  # bfs: the form is for bca only
    preferred_term(db, tmp_path, "民间纠纷", "test bai other", status="admitted")
    assert found(db, "term") == []  # an admitted form is not asked for


def test_same_han_translated_differently_is_a_finding(db, tmp_path: Path) -> None:
    collection(db, tmp_path, [["1", "test bai one", ""], ["2", "test bai two", ""]])
    findings = found(db, "consistency")
    keys = [key for key, _ in findings]
    assert len(keys) == 2 and keys[0].endswith("/2024/1/1/bca") and keys[1].endswith("/2/1/bca")
    assert keys[1] in findings[0][1] and keys[0] in findings[1][1]


def test_same_han_translated_alike_or_as_an_alternative_is_none(db, tmp_path: Path) -> None:
    collection(db, tmp_path, [["1", "test bai one", ""], ["2", "test  bai one", ""]])
    assert found(db, "consistency") == []
    collection(db, tmp_path, [["1", "test bai one", ""], ["2", "test bai two", "yes"]])
    assert found(db, "consistency") == []


def test_bai_that_is_the_han_empty_or_has_han_is_a_finding(db, tmp_path: Path) -> None:
    clauses(db, tmp_path, [["4", "", "bca", han_of(db, 4, 1)], ["5", "1", "bfs", "test 调解"]])
    assert found(db, "bai-text") == [
        (f"{LAW}/2010/4/bca", "the Bai is the Han text itself"),
        (f"{LAW}/2010/5/1/bfs", "the Bai has Han characters; no other bfs text has any"),
    ]
    empty = check_bai_text(Record("k/bca", "人民调解", " ", "bca"), dialect_has_han=False)
    assert [f.message for f in empty] == ["the Bai is empty"]


def test_bai_in_bai_or_han_where_the_dialect_has_han_is_none(db, tmp_path: Path) -> None:
    clauses(db, tmp_path, [["4", "", "bca", "test bai one"]])
    assert found(db, "bai-text") == []
    clauses(db, tmp_path, [["5", "1", "bfs", "test 调解"], ["5", "2", "bfs", "test 法院"]])
    assert found(db, "bai-text") == []  # the dialect's texts have Han: a way of writing it


def test_a_number_in_the_han_and_none_in_the_bai_is_a_finding(db, tmp_path: Path) -> None:
    clauses(db, tmp_path, [["33", "1", "bca", "test bai one"]])
    assert found(db, "number") == [
        (f"{LAW}/2010/33/1/bca", "the Han has a number; the Bai has none")
    ]


def test_a_number_in_both_or_in_neither_is_none(db, tmp_path: Path) -> None:
    clauses(db, tmp_path, [["33", "1", "bca", "test bai 30"], ["4", "", "bca", "test bai one"]])
    assert found(db, "number") == []


@pytest.mark.parametrize(
    ("han", "number"),
    [
        ("第一百二十二条", True),
        ("自生效之日起三十日内", True),
        ("本法自2011年1月1日起施行", True),
        ("本法第一条", True),
        ("由委员三至九人组成", True),
        ("具有一定文化水平", False),  # a lone 一 is a word, not a number
        ("人民调解", False),
    ],
)
def test_numbers_in_the_han(han: str, number: bool) -> None:
    assert han_has_number(han) is number


def test_bai_outside_the_orthography_is_a_finding(db, tmp_path: Path, corpus: Path) -> None:
    clauses(db, tmp_path, [["4", "", "bca", "test bai one"], ["4", "", "bfs", real_bai(corpus)]])
    assert [key for key, _ in found(db, "orthography")] == [f"{LAW}/2010/4/bca"]
    assert found(db, "orthography", dialect="bfs") == []


# --- on import -------------------------------------------------------------------------------


def test_import_warns_of_each_finding_at_file_line_column(db, tmp_path: Path) -> None:
    result = clauses(db, tmp_path, [["4", "", "bca", "test bai one"], ["33", "1", "bca", "x 1"]])
    report = result.files[0]
    assert report.written and len(report.added) == 2
    path = tmp_path / "c.csv"
    warnings = [(p.where, p.what) for p in report.warnings]
    assert (
        f"{path}:2:6",
        f"{LAW}/2010/4/bca: the Bai does not read as Bai in the Latin orthography (QA orthography)",
    ) in warnings
    assert not any("QA number" in what for _, what in warnings)  # 33/1 has its number
    assert "warning:" in render_summary(result)
    assert result.to_json()["files"][0]["warnings"][0]["where"] == f"{path}:2:6"


def test_import_warns_of_rows_of_the_same_file_that_disagree(db, tmp_path: Path) -> None:
    header = ["law", "revision", "article", "paragraph", "dialect", "han", "bai"]
    rows = [[COLLECTION, "2024", a, "1", "bca", SAME_HAN, f"test {a}"] for a in ("1", "2")]
    report = import_files(db, [write_csv(tmp_path / "col.csv", [header, *rows])]).files[0]
    [(where, what)] = [(p.where, p.what) for p in report.warnings if "consistency" in p.what]
    assert where == f"{tmp_path / 'col.csv'}:3:7" and "/2024/1/1/bca" in what


def test_strict_import_refuses_and_writes_nothing(run, mediation_law_path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [CLAUSES, [LAW, "2010", "33", "1", "bca", "test one"]])
    result = run("import", "--strict", path)
    assert result.exit_code == 1
    assert f"{path}:2:6" in result.stdout and "QA number" in result.stdout
    assert "not imported" in result.stderr
    counted = run("sql", "SELECT count(*) AS n FROM translations", "--json")
    assert counted.json() == [{"n": 0}]


def test_strict_import_writes_a_clean_file(run, mediation_law_path, tmp_path, corpus) -> None:
    path = write_csv(tmp_path / "c.csv", [CLAUSES, [LAW, "2010", "4", "", "bca", real_bai(corpus)]])
    assert run("import", "--strict", path).exit_code == 0
    assert run("qa", "--json").json()["count"] == 0


# --- the command -----------------------------------------------------------------------------


def test_qa_json_lists_findings_with_key_check_message_fix(
    run, mediation_law_path, tmp_path
) -> None:
    path = write_csv(tmp_path / "c.csv", [CLAUSES, [LAW, "2010", "33", "1", "bca", "test one"]])
    assert run("import", path).exit_code == 0
    result = run("qa", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert data["count"] == 2 and data["counts"]["number"] == 1
    assert data["counts"]["orthography"] == 1
    first = data["findings"][0]
    assert set(first) == {"check", "key", "message", "fix"}
    assert first["key"] == f"{LAW}/2010/33/1/bca" and first["check"] == "number"
    assert run("qa", "--dialect", "bfs", "--json").json()["count"] == 0
    assert run("qa", "--law", "人民调解法", "--json").json()["count"] == 2
    text = run("qa")
    assert (
        text.exit_code == 0
        and text.stdout.splitlines()[-1] == "2 findings: 1 number, 1 orthography"
    )


@pytest.mark.parametrize(("option", "value"), [("--dialect", "martian"), ("--law", "no-such-law")])
def test_qa_with_a_wrong_option_is_one_line_exit_1(run, mediation_law_path, option, value) -> None:
    result = run("qa", option, value)
    assert result.exit_code == 1 and result.stdout == ""
    assert value in result.stderr
