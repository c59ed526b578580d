"""TBX-Basic and JSON exports, on synthetic laws and terms (plainly made up) and Bai forms
read at test time from the corpus."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from glossary.errors import GlossaryError
from glossary.io.export_json import build_export, export_json
from glossary.io.export_tbx import export_tbx, language_tag, tbx_string
from glossary.io.laws import import_law_files, load_law_files
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch, now
from glossary.store.queries import stats
from glossary.store.terms import BaiForm, TermRecord, upsert_term

NS = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

LAW_A = """# 中华人民共和国测试甲法

2020年5月1日 第一届测试代表大会第二次会议通过

<!-- INFO END -->

## 第一章 总 则

第一条 为了测试导出功能，制定本法。

第二条 测试委员会处理下列事项：

（一）登记；

（二）复核。
"""
LAW_B = """# 中华人民共和国测试乙法

2021年3月1日 第一届测试代表大会第三次会议通过

<!-- INFO END -->

第一条 测试乙法的第一条文字。
"""
SLUG_A, SLUG_B = "ce-shi-jia-fa", "ce-shi-yi-fa"
TRICKY = 'a <b> & "c" \x01 d'


def corpus_forms(corpus: Path, count: int) -> list[str]:
    with (corpus / "bai" / "orthographic_examples.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    forms = [r["bai_latin"] for r in rows if r["bai_latin"]][:count]
    assert len(forms) == count
    return forms


def add_terms(db, terms: list[TermRecord]) -> None:
    batch = Batch(db, command="test-terms")
    with write_transaction(db):
        for term in terms:
            upsert_term(db, batch, term)
        batch.finish({})


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two synthetic laws, imported once per module (the first pinyin refresh is slow)."""
    folder = tmp_path_factory.mktemp("export")
    for name, text in (("a.md", LAW_A), ("b.md", LAW_B)):
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "glossary.sqlite"
    db = open_db(path, create=True)
    import_law_files(db, load_law_files([folder / "a.md", folder / "b.md"]))
    db.close()
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path):
    path = tmp_path / "glossary.sqlite"
    shutil.copy(template, path)
    db = open_db(path)
    yield db
    db.close()


@pytest.fixture
def glossary(db, corpus: Path):
    latin = corpus_forms(corpus, 3)
    add_terms(
        db,
        [
            TermRecord(
                han="调解",
                definition="测试定义：调解纠纷。",
                status="preferred",
                domain="测试领域",
                english="test mediation",
                forms=[
                    BaiForm(latin[0], "latin", "bca", "Jianchuan", "preferred"),
                    BaiForm(latin[1], "latin", "bca", None, "deprecated"),
                    BaiForm("test ipa one", "ipa", "bca", "Jianchuan", source="allenbai"),
                    BaiForm("test ipa two", "ipa", "bfs", "Zhoucheng", source="wangbai"),
                    BaiForm("test proto", "ipa", None, "ProtoBai", source="wangbai"),
                ],
                articles=[(SLUG_A, "2020", 1)],
            ),
            TermRecord(han="申请", forms=[BaiForm(latin[2], "latin", "bfc", status="proposed")]),
            TermRecord(han="测试<&>", definition=TRICKY, note=TRICKY, status="admitted"),
        ],
    )
    return db


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{NS}text/{NS}body/{NS}conceptEntry")


def entry_for(root: ET.Element, han: str) -> ET.Element:
    found = [
        e
        for e in entries(root)
        if any(t.text == han for t in e.iterfind(f"{NS}langSec/{NS}termSec/{NS}term"))
    ]
    assert len(found) == 1, han
    return found[0]


def lang_secs(entry: ET.Element) -> dict[str, ET.Element]:
    return {sec.get(XML_LANG): sec for sec in entry.findall(f"{NS}langSec")}


def terms_in(sec: ET.Element) -> list[str]:
    return [t.text for t in sec.iterfind(f"{NS}termSec/{NS}term")]


# ── TBX ───────────────────────────────────────────────────────────────────────────────


def test_tbx_is_tbx_basic_with_one_concept_entry_per_term(glossary) -> None:
    root = parse(tbx_string(glossary))
    assert root.tag == f"{NS}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "zh")
    assert root.find(f"{NS}tbxHeader/{NS}fileDesc/{NS}sourceDesc/{NS}p") is not None
    found = entries(root)
    count = glossary.execute("SELECT count(*) FROM terms").fetchone()[0]
    assert len(found) == count == 3
    assert len({e.get("id") for e in found}) == count
    for entry in found:
        assert next(iter(lang_secs(entry))) == "zh", "the Han term comes first"
        assert len(terms_in(lang_secs(entry)["zh"])) == 1


def test_tbx_puts_bai_forms_in_their_language_sections(glossary, corpus: Path) -> None:
    latin = corpus_forms(corpus, 3)
    root = parse(tbx_string(glossary))
    secs = lang_secs(entry_for(root, "调解"))
    assert list(secs) == ["zh", "bca", "bca-fonipa", "bfs-fonipa"]
    assert terms_in(secs["bca"]) == [latin[0], latin[1]], "preferred before deprecated"
    assert terms_in(secs["bca-fonipa"]) == ["test ipa one"]
    assert terms_in(secs["bfs-fonipa"]) == ["test ipa two"]
    assert "test proto" not in tbx_string(glossary), "reconstructions are not Bai words"
    first = secs["bca"].find(f"{NS}termSec")
    assert first is not None
    notes = {n.get("type"): n.text for n in first.findall(f"{NS}termNote")}
    assert notes == {
        "administrativeStatus": "preferredTerm-admn-sts",
        "geographicalUsage": "Jianchuan",
    }
    zh = secs["zh"]
    assert zh.find(f"{NS}descrip[@type='definition']").text == "测试定义：调解纠纷。"
    han = zh.find(f"{NS}termSec")
    assert han.find(f"{NS}termNote[@type='administrativeStatus']").text == (
        "preferredTerm-admn-sts"
    )
    assert han.find(f"{NS}note[@{{http://www.w3.org/XML/1998/namespace}}lang]").text == ("tiáo jiě")
    proposed = lang_secs(entry_for(root, "申请"))
    assert terms_in(proposed["bfc"]) == [latin[2]]
    assert proposed["bfc"].find(f"{NS}termSec/{NS}termNote") is None, "no status for proposed"
    assert proposed["zh"].find(f"{NS}termSec/{NS}termNote") is None


def test_tbx_credits_the_lexibank_word_lists(glossary, db) -> None:
    root = parse(tbx_string(glossary))
    credits = " ".join(p.text for p in root.iter(f"{NS}p"))
    assert "lexibank/allenbai" in credits and "lexibank/wangbai" in credits
    assert "CC-BY-4.0" in credits and "Allen, Bryan (2007)" in credits
    assert "lexibank/suntb" not in credits


def test_tbx_without_lexibank_forms_owes_no_credit(db, corpus: Path) -> None:
    add_terms(db, [TermRecord(han="调解", forms=[BaiForm("test bai one", "latin", "bca")])])
    assert "lexibank" not in tbx_string(db)


def test_tbx_escapes_special_characters(glossary) -> None:
    text = tbx_string(glossary)
    assert "测试&lt;&amp;&gt;" in text and "&lt;b&gt; &amp;" in text
    root = parse(text)
    entry = entry_for(root, "测试<&>")
    definition = entry.find(f"{NS}langSec/{NS}descrip[@type='definition']")
    assert definition is not None and definition.text == 'a <b> & "c"  d'
    assert "\x01" not in text, "characters XML cannot carry are dropped"


def test_tbx_attributes_are_escaped(db) -> None:
    add_terms(db, [TermRecord(han="调解", concepticon_id='1 "2" <3>')])
    text = tbx_string(db)
    xref = parse(text).find(f".//{NS}xref")
    assert xref is not None and xref.get("type") == "externalCrossReference"
    assert xref.get("target").startswith("https://concepticon.clld.org/parameters/1%20%222%22")


def test_tbx_is_deterministic_and_writes_files(glossary, tmp_path: Path) -> None:
    out = tmp_path / "glossary.tbx"
    assert export_tbx(glossary, out) == 3
    buffer = io.StringIO()
    assert export_tbx(glossary, buffer) == 3
    assert out.read_text(encoding="utf-8") == buffer.getvalue() == tbx_string(glossary)
    assert buffer.getvalue().startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_tbx_without_terms_is_refused(db) -> None:
    with pytest.raises(GlossaryError, match="no glossary terms"):
        tbx_string(db)


def test_language_tags() -> None:
    assert language_tag("bca", "latin") == "bca"
    assert language_tag("bfs", "ipa") == "bfs-fonipa"
    assert language_tag(None, "latin") == "und-x-bai"
    assert language_tag("Central Bai", "ipa") == "und-fonipa-x-bai"


# ── JSON ──────────────────────────────────────────────────────────────────────────────


def walk_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in walk_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in walk_keys(v)}
    return set()


def translate(db, law: str, article: int, position: int, bai: str) -> None:
    pid, aid = db.execute(
        "SELECT paragraph_id, article_id FROM clauses WHERE law = ? AND article = ? "
        "AND paragraph = ?",
        [law, article, position],
    ).fetchone()
    batch = Batch(db, command="test-translate")
    with write_transaction(db):
        stamp = now()
        batch.insert(
            "translations",
            {
                "article_id": aid,
                "paragraph_id": pid,
                "dialect": "bca",
                "bai": bai,
                "created_at": stamp,
                "updated_at": stamp,
            },
            key=f"{law}/{article}/{position}/bca",
        )


def test_json_is_deterministic_and_has_no_history(glossary, tmp_path: Path) -> None:
    translate(glossary, SLUG_A, 2, 2, "test bai one")
    out = tmp_path / "one.json"
    export_json(glossary, out)
    buffer = io.StringIO()
    export_json(glossary, buffer)
    assert out.read_bytes() == buffer.getvalue().encode("utf-8")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert not walk_keys(data) & {"batches", "changes", "batch", "undone_at", "table_name"}
    assert list(data) == sorted(data)
    law = next(entry for entry in data["laws"] if entry["slug"] == SLUG_A)
    article = law["revisions"][0]["articles"][1]
    assert article["label"] == "第二条" and article["division"] == "第一章"
    item = article["paragraphs"][1]
    assert (item["label"], item["han"]) == ("（一）", "登记；")
    assert item["translations"][0]["bai"] == "test bai one"
    term = next(t for t in data["terms"] if t["han"] == "调解")
    assert term["articles"] == [{"law": SLUG_A, "revision": "2020", "article": 1}]
    assert {f["form"] for f in term["forms"]} >= {"test ipa one", "test ipa two"}


def test_json_counts_a_small_corpus_import(db, laws_dir: Path, tmp_path: Path) -> None:
    import_law_files(db, load_law_files([laws_dir / "renmin-tiaojie-fa-2010.md"]))
    data = build_export(db)
    numbers = stats(db)
    by_law = {row["law"]: row for row in numbers["laws"]}
    tiaojie = next(entry for entry in data["laws"] if entry["slug"] == "renmin-tiaojie-fa")
    revision = tiaojie["revisions"][0]
    row = by_law["renmin-tiaojie-fa"]
    assert len(revision["articles"]) == row["articles"] > 30
    paragraphs = [p for a in revision["articles"] for p in a["paragraphs"]]
    assert len(paragraphs) == row["paragraphs"]
    assert sum(p["kind"] == "item" for p in paragraphs) == row["items"]
    total = sum(r["articles"] for r in numbers["laws"])
    assert data["counts"]["articles"] == total
    assert data["counts"]["laws"] == len({r["law"] for r in numbers["laws"]})
    assert tiaojie["status"] == "in_force" and "successor" in tiaojie


def test_json_law_filter(glossary) -> None:
    batch = Batch(glossary, command="test-concordance")
    with write_transaction(glossary):
        for from_law, to_law in ((SLUG_A, SLUG_A), (SLUG_B, SLUG_B)):
            batch.insert(
                "concordance",
                {
                    "from_law": from_law,
                    "from_revision": "2019",
                    "from_article": 1,
                    "to_law": to_law,
                    "to_revision": "2020",
                    "to_article": 1,
                    "relation": "identical",
                    "similarity": 1.0,
                },
                key=f"{from_law}→{to_law}",
            )
    everything = build_export(glossary)
    assert [entry["slug"] for entry in everything["laws"]] == [SLUG_A, SLUG_B]
    assert len(everything["concordance"]) == 2
    only = build_export(glossary, law="测试甲法")
    assert only["law"] == SLUG_A
    assert [entry["slug"] for entry in only["laws"]] == [SLUG_A]
    assert only["counts"]["articles"] == 2
    assert [c["from_law"] for c in only["concordance"]] == [SLUG_A]
    assert only["concordance"][0]["computed"] is True
    assert only["concordance"][0]["verified"] is False
    assert only["terms"] == everything["terms"], "terms are not filtered by law"
    with pytest.raises(GlossaryError, match="unknown law"):
        build_export(glossary, law="没有这部法")
