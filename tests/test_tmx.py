"""TMX 1.4b: the Han and every dialect in one unit, with translator and dates; valid against
the official DTD, read by an independent reader (translate-toolkit), and a round trip
through `glossary import`; a unit without a key goes to the first 款/项 with its Han."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx

from conftest import corpus_dir
from translators import dump, last_batch, translation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export(run, tmp_path: Path) -> Path:
    out = tmp_path / "memory.tmx"
    result = run("export", "tmx", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def tu(tree: etree._ElementTree, key: str) -> etree._Element:
    [found] = tree.xpath("//tu[prop[@type='x-glossary-key']=$key]", key=key)
    return found


@pytest.fixture
def second_dialect(run, translators_db, tmp_path) -> None:
    pairs = tmp_path / "bfs.csv"
    pairs.write_text(
        "law,revision,article,paragraph,dialect,bai,translator\n"
        "renmin-tiaojie-fa,2010,1,1,bfs,test bai south,tester two\n",
        encoding="utf-8",
    )
    assert run("import", pairs).exit_code == 0


def test_valid_against_the_dtd(run, translators_db, tmp_path, second_dialect):
    dtd = etree.DTD(str(corpus_dir().parent / "schemas" / "tmx14.dtd"))
    tree = etree.parse(str(export(run, tmp_path)))
    assert dtd.validate(tree), dtd.error_log.last_error


def test_han_and_every_dialect_in_one_unit(run, translators_db, tmp_path, second_dialect):
    tree = etree.parse(str(export(run, tmp_path)))
    unit = tu(tree, "renmin-tiaojie-fa/2010/1/1")
    langs = [t.get(XML_LANG) for t in unit.findall("tuv")]
    assert langs == ["zh-CN", "bca", "bfs"]
    bca = unit.findall("tuv")[1]
    assert bca.get("creationid") == "tester" and bca.find("seg").text == "test bai one"
    assert len(bca.get("creationdate")) == 16 and bca.get("creationdate").endswith("Z")
    assert bca.xpath("prop[@type='x-glossary-status']")[0].text == "reviewed"
    assert not tree.xpath("//tu[prop='minshi-susong-fa/2023/1/1']")  # carried: not a unit


def test_an_independent_reader_reads_it(run, translators_db, tmp_path):
    store = tmx.tmxfile.parsefile(str(export(run, tmp_path)))
    pairs = {(u.source[:6], u.target) for u in store.units}
    assert ("为了完善人民", "test bai one") in pairs
    assert len(store.units) == 4


def test_untouched_file_changes_nothing(run, translators_db, tmp_path, second_dialect):
    out = export(run, tmp_path)
    before = dump(translators_db)
    dry = run("import", "--dry-run", out)
    assert dry.exit_code == 0 and "0 added, 0 changed, 5 unchanged" in dry.stdout
    assert run("import", out).exit_code == 0
    assert dump(translators_db) == before


def test_a_changed_segment_arrives_with_history_and_undo(run, translators_db, tmp_path):
    out = export(run, tmp_path)
    before = dump(translators_db)
    tree = etree.parse(str(out))
    tu(tree, "minshi-susong-fa/2023/3/1").findall("tuv")[1].find("seg").text = "test bai changed"
    tree.write(str(out), encoding="UTF-8", xml_declaration=True)
    result = run("import", out)
    assert result.exit_code == 0 and "0 added, 1 changed, 3 unchanged" in result.stdout
    assert translation(translators_db, "minshi-susong-fa", "2023", 3, 1)[0] == "test bai changed"
    batch = last_batch(translators_db)
    assert "minshi-susong-fa/2023/3/1/bca" in run("history", "--batch", str(batch)).stdout
    assert run("undo", str(batch)).exit_code == 0
    assert dump(translators_db)["translations"] == before["translations"]


def test_a_unit_without_a_key_goes_to_the_newest_place_with_its_han(run, translators_db, tmp_path):
    """The Han of 民诉 2021/2023 第二条: the unit goes to 2023 (the newest), and is carried
    to 2021 from there."""
    han = (
        "中华人民共和国民事诉讼法的任务，是保护当事人行使诉讼权利，保证人民法院查明事实，分清是非，"
        "正确适用法律，及时审理民事案件，确认民事权利义务关系，制裁民事违法行为，保护当事人的合法权益，"
        "教育公民自觉遵守法律，维护社会秩序、经济秩序，保障社会主义建设事业顺利进行。"
    )
    memory = tmp_path / "other-tool.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-CN" '
        f'datatype="plaintext"/><body><tu><tuv xml:lang="zh-CN"><seg>{han}</seg></tuv>'
        '<tuv xml:lang="bca" changeid="someone"><seg>test bai keyless</seg></tuv></tu>'
        '<tu><tuv xml:lang="zh-CN"><seg>一段没有的文本。</seg></tuv>'
        '<tuv xml:lang="bca"><seg>test bai nowhere</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    result = run("import", memory)
    assert result.exit_code == 0, result.stdout
    assert "1 added" in result.stdout and "no stored 款/项 has the unit's Han text" in result.stdout
    assert translation(translators_db, "minshi-susong-fa", "2023", 2, 1) == (
        "test bai keyless",
        "draft",
        "someone",
    )
    assert translation(translators_db, "minshi-susong-fa", "2021", 2, 1) is None  # carried


def test_a_hostile_file_is_one_clear_line(run, translators_db, tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        "<tmx version='1.4'><body><tu><tuv xml:lang='bca'><seg>&e;</seg></tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    before = dump(translators_db)
    result = run("import", bad)
    assert result.exit_code != 0 and "declares XML entities" in result.stdout
    assert dump(translators_db) == before
