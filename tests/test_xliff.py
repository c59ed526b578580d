"""XLIFF 1.2 for CAT tools: valid against the official strict schema, read by an independent
reader (translate-toolkit), and a round trip through `glossary import` — untouched it
changes nothing (a carried target stays carried), an edited or confirmed target becomes
the place's own translation with history, and undo takes it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from translate.storage import xliff

from conftest import corpus_dir
from translators import dump, last_batch, translation

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(
        etree.parse(str(corpus_dir().parent / "schemas" / "xliff-core-1.2-strict.xsd"))
    )


def export(run, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "work.xlf"
    result = run("export", "xliff", "--dialect", "bca", "--law", "民诉", *extra, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def unit(tree: etree._ElementTree, key: str) -> etree._Element:
    [found] = tree.xpath("//x:trans-unit[@id=$key]", namespaces=NS, key=key)
    return found


def test_valid_against_the_strict_schema(run, translators_db, tmp_path, schema):
    out = export(run, tmp_path)
    tree = etree.parse(str(out))
    assert schema.validate(tree), schema.error_log.last_error
    file = tree.getroot()[0]
    assert (file.get("source-language"), file.get("target-language")) == ("zh-CN", "bca")


def test_own_carried_and_suggestions_as_the_standard_says(run, translators_db, tmp_path):
    tree = etree.parse(str(export(run, tmp_path)))
    own = unit(tree, "minshi-susong-fa/2023/3/1").find("x:target", NS)
    assert (own.text, own.get("state")) == ("test bai three", "translated")
    carried = unit(tree, "minshi-susong-fa/2023/1/1")
    target = carried.find("x:target", NS)
    assert target.text == "test bai two"
    assert (target.get("state"), target.get("state-qualifier")) == (
        "needs-review-translation",
        "exact-match",
    )
    [alt] = carried.findall("x:alt-trans", NS)
    assert "(2021)" in alt.get("origin") and alt.get("match-quality") == "100"
    context = carried.find("x:context-group/x:context", NS)
    assert context.text == "民事诉讼法 (2023) 第一条"
    untranslated = unit(tree, "minshi-susong-fa/2023/2/1")
    assert untranslated.find("x:target", NS) is None


def test_suggestions_are_alt_trans_labelled_machine(run, translators_db, tmp_path):
    tree = etree.parse(str(export(run, tmp_path)))
    reworded = unit(tree, "minshi-susong-fa/2023/40/1")  # 2021 40/1, reworded in 2023
    assert reworded.find("x:target", NS) is None  # a suggestion is never the target
    [alt] = reworded.findall("x:alt-trans", NS)
    assert alt.get("match-quality") == "98"
    assert alt.get("origin").startswith("glossary machine suggestion: 民事诉讼法 (2021) 第四十条")
    assert alt.find("x:target", NS).text == "test bai five"
    assert "machine suggestion 98%" in alt.find("x:note", NS).text


def test_an_independent_reader_reads_it(run, translators_db, tmp_path):
    store = xliff.xlifffile.parsefile(str(export(run, tmp_path)))
    by_key = {u.getid().split("\x04")[-1]: u for u in store.units}
    assert by_key["minshi-susong-fa/2023/3/1"].target == "test bai three"
    assert by_key["minshi-susong-fa/2023/1/1"].source.startswith("中华人民共和国民事诉讼法")
    assert len(by_key) == 667  # one unit per 款/项 of 民诉 2023


def test_untouched_file_changes_nothing(run, translators_db, tmp_path):
    out = export(run, tmp_path)
    before = dump(translators_db)
    dry = run("import", "--dry-run", out)
    assert dry.exit_code == 0 and "0 added, 0 changed, 1 unchanged" in dry.stdout
    assert run("import", out).exit_code == 0
    assert dump(translators_db) == before
    assert translation(translators_db, "minshi-susong-fa", "2023", 1, 1) is None  # still carried


def edit(path: Path, key: str, text: str | None = None, state: str | None = None) -> None:
    tree = etree.parse(str(path))
    target = unit(tree, key).find("x:target", NS)
    if target is None:
        target = etree.SubElement(unit(tree, key), f"{{{NS['x']}}}target")
        unit(tree, key).insert(1, target)
    if text is not None:
        target.text = text
    if state is not None:
        target.set("state", state)
        target.attrib.pop("state-qualifier", None)
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)


def test_a_changed_target_arrives_with_history_and_undo(run, translators_db, tmp_path):
    out = export(run, tmp_path)
    before = dump(translators_db)
    edit(out, "minshi-susong-fa/2023/3/1", "test bai three changed", "signed-off")
    edit(out, "minshi-susong-fa/2023/2/1", "test bai new")
    result = run("import", out)
    assert result.exit_code == 0, result.stdout
    assert "1 added, 1 changed" in result.stdout
    assert "'test bai three' → 'test bai three changed'" in result.stdout
    assert translation(translators_db, "minshi-susong-fa", "2023", 3, 1)[:2] == (
        "test bai three changed",
        "reviewed",
    )
    batch = last_batch(translators_db)
    assert "minshi-susong-fa/2023/3/1/bca" in run("history", "--batch", str(batch)).stdout
    assert run("undo", str(batch)).exit_code == 0
    assert dump(translators_db)["translations"] == before["translations"]


def test_confirming_a_carried_target_makes_it_own(run, translators_db, tmp_path):
    out = export(run, tmp_path)
    edit(out, "minshi-susong-fa/2023/1/1", state="translated")  # confirmed, text as it was
    assert run("import", out).exit_code == 0
    assert translation(translators_db, "minshi-susong-fa", "2023", 1, 1)[:2] == (
        "test bai two",
        "draft",
    )


def test_a_source_from_an_older_text_is_refused(run, translators_db, tmp_path):
    out = export(run, tmp_path)
    tree = etree.parse(str(out))
    found = unit(tree, "minshi-susong-fa/2023/3/1")
    found.find("x:source", NS).text = "一段旧的文本。"
    tree.write(str(out), encoding="UTF-8", xml_declaration=True)
    before = dump(translators_db)
    result = run("import", out)
    assert result.exit_code != 0
    assert f"{out.name}:{found.sourceline}: the Han text differs" in result.stdout
    assert dump(translators_db) == before


@pytest.mark.parametrize(
    "text, what",
    [
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><xliff>&a;</xliff>',
            "entities",
        ),
        ("<xliff version='1.2'><file", "not well-formed XML"),
        ("<tmx version='1.4'/>", "not a XLIFF file"),
    ],
)
def test_a_hostile_or_broken_file_is_one_clear_line(run, translators_db, tmp_path, text, what):
    bad = tmp_path / "bad.xlf"
    bad.write_text(text, encoding="utf-8")
    before = dump(translators_db)
    result = run("import", bad)
    assert result.exit_code != 0
    assert what in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert dump(translators_db) == before
