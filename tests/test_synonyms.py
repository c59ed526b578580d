"""Synonyms and everyday words: the import (checked, all or nothing, undoable), the JSON
round trip, and the starter table's words in search (家暴 → 家庭暴力 and its articles)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from glossary.io.export_json import build_export, export_json
from glossary.io.pairs import import_files
from glossary.search import search
from glossary.store.db import open_db
from glossary.store.undo import undo_batch

REPO = Path(__file__).resolve().parents[1]
STARTER = REPO / "data" / "glossary" / "starter-terms.csv"
EVERYDAY = REPO / "data" / "glossary" / "everyday-words.csv"
TERMS = (
    "han,definition,english\n"
    "测试婚姻,测试用的第一个术语。,test marriage\n"
    "测试财产,测试用的第二个术语。,\n"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def term_db(tmp_path: Path):
    """A database holding two test terms and no law."""
    db = open_db(tmp_path / "g.sqlite", create=True)
    result = import_files(db, [write(tmp_path / "terms.csv", TERMS)])
    assert result.batch is not None
    yield db
    db.close()


def synonyms(db) -> list[tuple[str, str, str]]:
    return db.execute(
        "SELECT s.word, t.han, s.kind FROM term_synonyms s JOIN terms t ON t.id = s.term_id "
        "ORDER BY s.word"
    ).fetchall()


# --- the starter table ------------------------------------------------------------------------


def test_every_everyday_word_names_a_starter_term_once() -> None:
    terms = {r["han"] for r in csv.DictReader(STARTER.open(encoding="utf-8-sig"))}
    rows = list(csv.DictReader(EVERYDAY.open(encoding="utf-8-sig")))
    assert 40 <= len(rows) <= 80
    for row in rows:
        assert row["term"] in terms, row
        assert row["word"] != row["term"]
        assert row["kind"] in ("synonym", "everyday", "abbreviation")
        assert row["source"] == "starter glossary (project editors)"
    pairs = [(r["word"], r["term"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    assert EVERYDAY.read_bytes().startswith(b"\xef\xbb\xbf")


# --- the import -------------------------------------------------------------------------------


def test_a_synonym_file_is_imported_and_undone(term_db, tmp_path: Path) -> None:
    path = write(
        tmp_path / "syn.csv",
        "word,term,kind,note,source\n婚事,测试婚姻,everyday,说法,编者\n家当,测试财产,,,\n",
    )
    preview = import_files(term_db, [path], dry_run=True)
    assert preview.files[0].kind == "synonyms" and len(preview.files[0].added) == 2
    assert synonyms(term_db) == []
    result = import_files(term_db, [path])
    assert synonyms(term_db) == [("婚事", "测试婚姻", "everyday"), ("家当", "测试财产", "synonym")]
    again = import_files(term_db, [path])
    assert len(again.files[0].unchanged) == 2 and again.batch is None
    undo_batch(term_db, result.batch)
    assert synonyms(term_db) == []
    assert term_db.execute("SELECT count(*) FROM synonym_keys").fetchone()[0] == 0


def test_an_unknown_term_rejects_the_whole_file(term_db, tmp_path: Path) -> None:
    path = write(tmp_path / "syn.csv", "word,term\n婚事,测试婚姻\n家当,测试财富\n")
    result = import_files(term_db, [path])
    report = result.files[0]
    assert not report.written and synonyms(term_db) == []
    problem = report.rejected[0]
    assert problem.where == f"{path}:3:2"
    assert "'测试财富' is not a term of the glossary" in problem.what
    assert "测试财产" in (problem.fix or "")  # the close term is suggested


def test_a_bad_kind_and_a_repeated_row_are_told(term_db, tmp_path: Path) -> None:
    path = write(tmp_path / "syn.csv", "word,term,kind\n婚事,测试婚姻,slang\n婚事,测试婚姻,\n")
    report = import_files(term_db, [path]).files[0]
    whats = [p.what for p in report.rejected]
    assert any("unknown kind 'slang'" in w for w in whats)
    assert not report.written


def test_a_header_without_term_is_not_taken_for_synonyms(term_db, tmp_path: Path) -> None:
    path = write(tmp_path / "syn.csv", "word,meaning\n婚事,测试婚姻\n")
    report = import_files(term_db, [path]).files[0]
    assert not report.written
    assert "cannot tell what the file holds" in report.rejected[0].what
    assert "synonyms need word, term" in (report.rejected[0].fix or "")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_synonym_files_in_gb18030_and_utf8_bom(term_db, tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "syn.csv", "词,术语,类型\n婚事,测试婚姻,口语\n", encoding)
    report = import_files(term_db, [path]).files[0]
    assert report.written and report.encoding.replace("_", "-").startswith(encoding[:5])
    assert synonyms(term_db) == [("婚事", "测试婚姻", "everyday")]


def test_the_json_export_and_restore_keep_synonyms(term_db, tmp_path: Path) -> None:
    import_files(term_db, [write(tmp_path / "s.csv", "word,term,note\n婚事,测试婚姻,一个说法\n")])
    out = tmp_path / "all.json"
    export_json(term_db, out)
    term = next(t for t in build_export(term_db)["terms"] if t["han"] == "测试婚姻")
    assert term["synonyms"] == [
        {"word": "婚事", "kind": "synonym", "note": "一个说法", "source": None}
    ]
    fresh = open_db(tmp_path / "fresh.sqlite", create=True)
    result = import_files(fresh, [out])
    assert result.files[0].written, result.files[0].rejected
    assert synonyms(fresh) == [("婚事", "测试婚姻", "synonym")]
    restored = {t["han"]: t["synonyms"] for t in build_export(fresh)["terms"]}
    assert restored == {t["han"]: t["synonyms"] for t in build_export(term_db)["terms"]}
    fresh.close()


# --- search -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def starter_db(search_db_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """The five corpus texts with the starter glossary and its everyday words."""
    path = tmp_path_factory.mktemp("synonyms") / "glossary.sqlite"
    shutil.copy(search_db_path, path)
    db = open_db(path)
    for file in (STARTER, EVERYDAY):
        assert import_files(db, [file]).files[0].written
    yield db
    db.close()


def linked_articles(db, han: str) -> set[int]:
    """The ids of a term's linked articles in the newest revisions."""
    return {
        r[0]
        for r in db.execute(
            "SELECT a.id FROM term_articles ta JOIN terms t ON t.id = ta.term_id "
            "JOIN revisions r ON r.law = ta.law AND r.label = ta.revision "
            "JOIN articles a ON a.revision_id = r.id AND a.number = ta.article "
            "WHERE t.han = ?",
            [han],
        )
    }


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("家暴", "家庭暴力"),
        ("打官司", "诉讼"),
        ("告状", "起诉"),
        ("抚养权", "直接抚养"),
        ("jiabao", "家庭暴力"),
    ],
)
def test_an_everyday_word_lands_on_its_term_and_articles(starter_db, word: str, term: str) -> None:
    hits = search(starter_db, word, limit=40).hits
    assert (hits[0].kind, hits[0].han, hits[0].via, hits[0].through) == (
        "term",
        term,
        "synonym",
        term,
    )
    linked = linked_articles(starter_db, term) & {h.id for h in hits if h.kind == "article"}
    assert linked
    top = hits[1 : 1 + len(linked)]
    assert {h.id for h in top} == linked  # the term's articles come right after the term
    assert all(h.through == term and h.via == "synonym" for h in top)
    assert all(term in h.han for h in top if h.kind == "article" and len(term) > 2)


def test_jiabao_no_longer_finds_adoption_first(starter_db) -> None:
    hits = search(starter_db, "家暴", limit=10).hits
    assert all("收养" not in h.han or "家庭暴力" in h.han for h in hits)
    articles = [h for h in hits if h.kind == "article"]
    assert articles and all(h.through == "家庭暴力" for h in articles)
    assert all(h.match == "exact" for h in hits)  # no typo forgiven: 家暴 is a known word


def test_a_synonym_counts_as_its_word_in_a_query_of_several(starter_db) -> None:
    several = {h.id for h in search(starter_db, "家暴 离婚", limit=100).hits}
    spelled = {h.id for h in search(starter_db, "家庭暴力 离婚", limit=100).hits}
    assert several and spelled <= several


def test_english_glosses_find_terms(starter_db) -> None:
    hits = search(starter_db, "divorce", limit=20).hits
    assert hits[0].han == "离婚" and hits[0].via == "english"
    custody = search(starter_db, "custody", limit=5).hits
    assert custody and custody[0].via == "english"


def test_a_definition_is_found_below_the_term_itself(term_db, tmp_path: Path) -> None:
    import_files(
        term_db,
        [write(tmp_path / "t.csv", "han,definition\n家事纠纷,家里的事。\n测试丙,也叫家事纠纷。\n")],
    )
    hits = search(term_db, "家事纠纷").hits
    assert [(h.han, h.via) for h in hits[:2]] == [("家事纠纷", "han"), ("测试丙", "definition")]
    assert hits[0].score > hits[1].score


def test_starter_definitions_are_searched(starter_db) -> None:
    hits = search(starter_db, "官司", limit=50).hits  # 诉讼's definition: 通俗说就是“打官司”
    assert any(h.han == "诉讼" and h.via == "definition" for h in hits)


def test_cli_says_which_term_a_hit_went_through(starter_db, run) -> None:
    run.db_path = Path(starter_db.conn.execute("PRAGMA database_list").fetchone()[2])
    out = run("search", "家暴", "--limit", "3").stdout
    assert out.splitlines()[1].endswith("· via 家庭暴力")
