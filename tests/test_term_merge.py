"""One merge of an imported term into a stored one (glossary.store.terms.merge_term), used
by the spreadsheet import and the CLDF import alike. Fake data only."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import glossary.store.terms as terms
from glossary.io.cldf import import_cldf
from glossary.io.pairs import import_files
from glossary.store.db import open_db
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, FormPlan, TermPlan, TermRecord, merge_value, upsert_term

HAN = "测试"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def cldf_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "testset"
    folder.mkdir()
    write_csv(
        folder / "languages.csv",
        [["ID", "Name", "DialectGroup"], ["Testvillage", "Bai (Testvillage)", "Central"]],
    )
    write_csv(folder / "parameters.csv", [["ID", "Name", "Chinese_Gloss"], ["1_test", "test", HAN]])
    (folder / "metadata.json").write_text(
        json.dumps({"title": "Test set", "license": "CC-BY-4.0"}), encoding="utf-8"
    )
    write_csv(
        folder / "forms.csv",
        [
            ["ID", "Language_ID", "Parameter_ID", "Form"],
            ["1", "Testvillage", "1_test", "test bai one"],
            ["2", "Testvillage", "1_test", "test bai two"],
        ],
    )
    return folder


def pairs_file(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "terms.csv",
        [
            ["han", "bai", "dialect", "script", "variety"],
            [HAN, "test bai one", "bca", "ipa", "Testvillage"],
            [HAN, "test bai two", "bca", "ipa", "Testvillage"],
        ],
    )


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A database with an editor's term and one of its forms, judged 'preferred'."""
    path = tmp_path / "template.sqlite"
    db = open_db(path, create=True)
    with db.atomic():
        form = BaiForm("test bai one", "ipa", "bca", "Testvillage", "preferred", "editor")
        record = TermRecord(
            han=HAN, definition="test definition", status="preferred", english="test", forms=[form]
        )
        upsert_term(db, Batch(db, command="edit"), record)
    db.close()
    return path


def after(path: Path) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
    db = open_db(path)
    term = db.execute("SELECT definition, status, english FROM terms WHERE han = ?", [HAN])
    forms = db.execute("SELECT form, script, dialect, variety, status FROM term_forms ORDER BY id")
    return term.fetchone(), forms.fetchall()


def test_both_imports_merge_a_term_the_same_way(
    stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    merge = terms.merge_term

    def spy(db: object, plan: TermPlan) -> TermRecord:
        calls.append(plan.han)
        return merge(db, plan)

    monkeypatch.setattr("glossary.io.term_import.merge_term", spy)
    monkeypatch.setattr("glossary.io.cldf.merge_term", spy)
    via_pairs, via_cldf = tmp_path / "pairs.sqlite", tmp_path / "cldf.sqlite"
    shutil.copy(stored, via_pairs)
    shutil.copy(stored, via_cldf)
    db = open_db(via_pairs)
    assert import_files(db, [pairs_file(tmp_path)]).ok
    db.close()
    db = open_db(via_cldf)
    import_cldf(db, cldf_folder(tmp_path))
    db.close()
    assert calls == [HAN, HAN]  # both paths go through the one merge
    assert after(via_pairs) == after(via_cldf)
    term, forms = after(via_pairs)
    assert term == ("test definition", "preferred", "test")  # the editor's values stay
    assert [f[-1] for f in forms] == ["preferred", "admitted"]  # a new form is admitted


def test_merge_value_rules() -> None:
    assert merge_value("definition", "stored", given="file") == "file"
    assert merge_value("definition", "stored", given="") == "stored"
    assert merge_value("english", "stored", offered="list") == "stored"
    assert merge_value("english", None, offered="list") == "list"
    assert merge_value("source", "editor", credit="lexibank/x") == "editor; lexibank/x"
    assert merge_value("source", "editor; lexibank/x", credit="lexibank/x") == "editor; lexibank/x"
    assert merge_value("status", None, default="proposed") == "proposed"


def test_merge_term_of_a_new_term(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    plan = TermPlan(
        HAN,
        offered={"english": "test"},
        credits={"source": "test/set", "attribution": "Test."},
        forms=[FormPlan("test bai one", "ipa", "bca", credits={"source": "test/set"})],
    )
    record = terms.merge_term(db, plan)
    assert (record.status, record.english, record.source, record.attribution) == (
        "proposed",
        "test",
        "test/set",
        "Test.",
    )
    assert (record.forms[0].status, record.forms[0].source) == ("admitted", "test/set")
