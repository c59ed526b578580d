"""LIFT 0.13 (FieldWorks/FLEx): export valid against the official schema, round trips,
stable GUIDs, and a lexicon shaped as FLEx writes one (plainly fake data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from glossary.io.export_lift import audio_forms, lift_string, read_writing_system, writing_system
from glossary.store.db import open_db, write_transaction
from glossary.store.guids import derived_guid
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, TermRecord, upsert_term

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
FLEX_GUID = "3b6d1c2e-0f4a-4e8b-9a1d-2c3e4f5a6b7c"
OTHER_GUID = "8f1e2d3c-4b5a-4968-8776-655443322110"


@pytest.fixture(scope="module")
def lift_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "lift-0.13.rng")))


def valid(schema: etree.RelaxNG, text: str) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(root), schema.error_log
    return root


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


TERMS_CSV = (
    "han,bai,dialect,script,variety,definition,status,source,articles\n"
    "调解,test bai one,bca,latin,,test definition one,preferred,test source,"
    "renmin-tiaojie-fa:2010:4\n"
    "调解,test bai two,bca,latin,Jianchuan,,,allenbai,\n"
    "调解,tɛst ipa,bfs,ipa,,,,,\n"
    "人民调解委员会,test bai three,bfc,latin,,test definition two,,,\n"
)
CLAUSES_CSV = (
    "law,revision,article,paragraph,dialect,bai\nrenmin-tiaojie-fa,2010,4,1,bca,test bai clause\n"
)


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = open_db(path)
    try:
        return {
            t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall()
            for t in ("terms", "term_forms", "term_articles", "translations")
        }
    finally:
        db.close()


def batches(path: Path) -> int:
    db = open_db(path)
    try:
        return int(db.execute("SELECT count(*) FROM batches").fetchone()[0])
    finally:
        db.close()


@pytest.fixture
def filled(run: Any, mediation_law_path: Path, tmp_path: Path) -> Path:
    """人民调解法 with a Bai translation of article 4 and terms linked to it."""
    assert run("import", write(tmp_path / "c.csv", CLAUSES_CSV)).exit_code == 0
    assert run("import", write(tmp_path / "t.csv", TERMS_CSV)).exit_code == 0
    return mediation_law_path


def test_export_is_valid_lift_with_forms_senses_and_examples(
    run: Any, filled: Path, tmp_path: Path, lift_schema: etree.RelaxNG
) -> None:
    out = tmp_path / "g.lift"
    result = run("export", "lift", "-o", out)
    assert result.exit_code == 0, result.stderr
    root = valid(lift_schema, out.read_text(encoding="utf-8"))
    entries = {e.find("sense/gloss[@lang='zh-Hans']/text").text: e for e in root.iter("entry")}
    entry = entries["调解"]
    assert entry.get("guid") == derived_guid("调解")
    assert entry.get("dateCreated", "").endswith("Z") and entry.get("dateModified")
    unit = {f.get("lang"): f.findtext("text") for f in entry.findall("lexical-unit/form")}
    assert unit == {"bca-Latn": "test bai one", "bfs-fonipa": "tɛst ipa"}
    variant = entry.find("variant/form")
    assert variant.get("lang") == "bca-Latn" and variant.findtext("text") == "test bai two"
    notes = {a.get("name"): a.get("value") or a.findtext("form/text") for a in variant}
    assert notes["variety"] == "Jianchuan" and notes["source"] == "allenbai"
    credit = entry.find("note[@type='bibliography']/form/text").text
    assert "Allen, Bryan (2007)" in credit and "CC-BY-4.0" in credit  # CC-BY kept
    assert entry.find("field[@type='articles']/form/text").text == "renmin-tiaojie-fa:2010:4"
    example = entry.find("sense/example")
    assert example.get("source") == "renmin-tiaojie-fa:2010:4:1"
    assert "调解" in example.findtext("form[@lang='zh-Hans']/text")
    bai = example.find("translation[@type='Free translation']/form[@lang='bca-Latn']/text")
    assert bai.text == "test bai clause"
    assert entry.find("sense/definition/form[@lang='zh-Hans']/text").text == "test definition one"


def test_writing_systems_are_the_designed_tags_and_read_back() -> None:
    expected = {
        ("bca", "latin"): "bca-Latn",
        ("bfs", "latin"): "bfs-Latn",
        ("bfc", "latin"): "bfc-Latn",
        ("bca", "ipa"): "bca-fonipa",
        ("bfs", "ipa"): "bfs-fonipa",
        ("bfc", "ipa"): "bfc-fonipa",
        ("bca", "audio"): "bca-Zxxx-x-audio",
        (None, "latin"): "und-Latn-x-bai",
        (None, "ipa"): "und-fonipa-x-bai",
        (None, "audio"): "und-Zxxx-x-bai-audio",
    }
    for (dialect, script), tag in expected.items():
        assert writing_system(dialect, script) == tag
        assert read_writing_system(tag) == (dialect, script)
    assert read_writing_system("bca") == ("bca", "latin")  # a FLEx project's plain tag
    for other in ("en", "zh-Hans", "und-Latn", "bca-Hani", "qaa-x-foo"):
        assert read_writing_system(other) is None


def test_audio_forms_take_recordings_as_a_store_query_would_give_them(
    lift_schema: etree.RelaxNG,
) -> None:
    """The audio writing system (recordings are issue 15 point 1): one form per lang."""
    root = etree.fromstring(b'<lift version="0.13"><entry><lexical-unit/></entry></lift>')
    unit = root.find("entry/lexical-unit")
    audio_forms(
        unit,
        [
            {"dialect": "bca", "href": "audio/test-one.wav"},
            {"dialect": "bca", "href": "audio/test-two.wav"},
            {"dialect": None, "href": "audio/test-three.wav"},
        ],
    )
    assert [(f.get("lang"), f.findtext("text")) for f in unit] == [
        ("bca-Zxxx-x-audio", "audio/test-one.wav"),
        ("und-Zxxx-x-bai-audio", "audio/test-three.wav"),
    ]
    assert lift_schema.validate(root), lift_schema.error_log


def test_round_trip_into_an_empty_store_and_reimport_changes_nothing(
    run: Any, filled: Path, tmp_path: Path
) -> None:
    first = tmp_path / "a.lift"
    assert run("export", "lift", "-o", first).exit_code == 0
    # the same laws, no terms: what the LIFT carries comes back whole, examples included
    fresh = tmp_path / "fresh.sqlite"
    source = open_db(filled)
    source.execute("VACUUM INTO ?", [str(fresh)])  # the WAL's pages too
    source.close()
    db = open_db(fresh)
    with write_transaction(db):
        db.execute("DELETE FROM terms")
    db.close()
    run.db_path = fresh
    result = run("import", first, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["counts"]["added"] == 2
    second = tmp_path / "b.lift"
    assert run("export", "lift", "-o", second).exit_code == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    # into the store it came from: nothing changes, nothing is duplicated, no batch
    run.db_path = filled
    before, count = tables(filled), batches(filled)
    again = run("import", first, "--json")
    assert again.exit_code == 0, again.stderr
    assert again.json()["counts"] == {
        "added": 0, "changed": 0, "unchanged": 2, "rejected": 0, "warnings": 3,
    }  # fmt: skip
    assert tables(filled) == before and batches(filled) == count


def flex_lift(han: str = "测试词", guid: str = FLEX_GUID) -> str:
    """A LIFT shaped as FLEx 9 writes one, from plainly fake data."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<lift producer="SIL.FLEx 9.1.22.0" version="0.13">
<header>
<ranges>
<range id="grammatical-info" href="file:///C:/test/test.lift-ranges"/>
<range id="morph-type" href="file:///C:/test/test.lift-ranges"/>
</ranges>
<fields>
<field tag="cv-pattern"><form lang="en"><text>test cv pattern</text></form></field>
</fields>
</header>
<entry dateCreated="2023-04-05T06:07:08Z" dateModified="2023-05-06T07:08:09Z"
 id="test bai flex_{guid}" guid="{guid}">
<lexical-unit>
<form lang="bca"><text>test bai flex</text></form>
<form lang="bca-Zxxx-x-audio"><text>test-audio.wav</text></form>
</lexical-unit>
<citation><form lang="bca"><text>test bai citation</text></form></citation>
<trait name="morph-type" value="stem"/>
<trait name="do-not-publish-in" value="Mobile"/>
<pronunciation>
<form lang="bca-fonipa"><text>tɛst flex ipa</text></form>
<media href="test-pron.wav"/>
</pronunciation>
<variant>
<form lang="bfs"><text>test bai variant</text></form>
<trait name="morph-type" value="stem"/>
</variant>
<field type="cv-pattern"><form lang="en"><text>CVC</text></form></field>
<note type="encyclopedic"><form lang="en"><text>test note</text></form></note>
<relation type="_component-lexeme" ref="other_{OTHER_GUID}">
<trait name="variant-type" value="Dialectal Variant"/>
</relation>
<etymology type="borrowed" source="test"><form lang="en"><text>test</text></form></etymology>
<sense id="sense_{OTHER_GUID}" order="0">
<grammatical-info value="Noun"/>
<gloss lang="en"><text>test gloss</text></gloss>
<gloss lang="zh-CN"><text>{han}</text></gloss>
<definition><form lang="zh-CN"><text>测试定义</text></form></definition>
<trait name="semantic-domain-ddp4" value="4.7 Law"/>
<example><form lang="bca"><text>test bai example</text></form>
<translation type="Free translation"><form lang="zh-CN"><text>测试例句</text></form></translation>
</example>
<relation type="Synonyms" ref="{OTHER_GUID}"/>
</sense>
<sense id="second_{OTHER_GUID}"><gloss lang="zh-CN"><text>第二测试</text></gloss></sense>
</entry>
<entry id="deleted_{OTHER_GUID}" guid="{OTHER_GUID}" dateDeleted="2023-06-07T08:09:10Z"/>
</lift>
"""


FLEX_SKIPPED = {
    "citation": 1,
    "etymology[borrowed]": 1,
    "example": 1,
    "field[cv-pattern]": 1,
    "field[header]": 1,
    "form[sound file missing]": 1,
    "grammatical-info": 1,
    "media": 1,
    "note[encyclopedic]": 1,
    "range[header]": 2,
    "relation[Synonyms]": 1,
    "relation[_component-lexeme]": 1,
    "sense[second and later]": 1,
    "trait[do-not-publish-in]": 1,
    "trait[morph-type]": 2,
    "trait[semantic-domain-ddp4]": 1,
    "entry[dateDeleted]": 1,
}


def test_flex_lexicon_is_imported_keeping_what_it_understands(
    run: Any, tmp_path: Path, lift_schema: etree.RelaxNG
) -> None:
    path = write(tmp_path / "flex.lift", flex_lift())
    assert lift_schema.validate(etree.parse(str(path))), lift_schema.error_log  # FLEx's shape
    result = run("import", path, "--json")
    assert result.exit_code == 0, result.stderr
    report = result.json()["files"][0]
    assert report["kind"] == "lift" and report["skipped"] == dict(sorted(FLEX_SKIPPED.items()))
    human = run("import", path, "--dry-run")
    assert "skipped (not used by glossary): citation ×1" in human.stdout
    assert "trait[morph-type] ×2" in human.stdout
    db = open_db(run.db_path)
    term = db.execute(
        "SELECT han, definition, english, guid, created_at, updated_at FROM terms"
    ).fetchall()
    forms = db.execute("SELECT form, script, dialect FROM term_forms ORDER BY id").fetchall()
    db.close()
    assert term == [
        (
            "测试词",
            "测试定义",
            "test gloss",
            FLEX_GUID,
            "2023-04-05T06:07:08+00:00",
            "2023-05-06T07:08:09+00:00",
        )
    ]
    assert forms == [
        ("test bai flex", "latin", "bca"),
        ("tɛst flex ipa", "ipa", "bca"),
        ("test bai variant", "latin", "bfs"),
    ]
    out = tmp_path / "back.lift"
    assert run("export", "lift", "-o", out).exit_code == 0
    root = valid(lift_schema, out.read_text(encoding="utf-8"))
    assert [e.get("guid") for e in root.iter("entry")] == [FLEX_GUID]  # FLEx's GUID kept


def test_reimport_by_guid_renames_instead_of_duplicating(run: Any, tmp_path: Path) -> None:
    assert run("import", write(tmp_path / "a.lift", flex_lift())).exit_code == 0
    renamed = write(tmp_path / "b.lift", flex_lift(han="测试新词"))
    result = run("import", renamed, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["counts"]["changed"] == 1
    db = open_db(run.db_path)
    assert db.execute("SELECT han, guid FROM terms").fetchall() == [("测试新词", FLEX_GUID)]
    assert db.execute("SELECT count(*) FROM term_forms").fetchone()[0] == 3
    db.close()
    batch = result.json()["batch"]
    assert run("undo", str(batch)).exit_code == 0
    db = open_db(run.db_path)
    assert db.execute("SELECT han, guid FROM terms").fetchall() == [("测试词", FLEX_GUID)]
    db.close()


def test_dry_run_writes_nothing_and_undo_restores(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "flex.lift", flex_lift())
    assert run("init").exit_code == 0
    assert run("import", path, "--dry-run").exit_code == 0
    assert tables(run.db_path)["terms"] == []
    result = run("import", path, "--json")
    assert run("undo", str(result.json()["batch"])).exit_code == 0
    assert tables(run.db_path)["terms"] == [] and tables(run.db_path)["term_forms"] == []


def test_malformed_xml_is_file_line_column(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.lift", '<lift version="0.13">\n<entry>\n  <sense></entry>\n')
    result = run("import", path)
    assert result.exit_code == 1
    assert f"{path}:3:" in result.stderr and "not well-formed XML" in result.stderr
    line = result.stderr.split(f"{path}:3:")[1]
    assert line.split(":")[0].isdigit()  # the column


def test_entry_without_chinese_gloss_rejects_the_file(run: Any, tmp_path: Path) -> None:
    good = flex_lift()
    bad = good.replace("</lift>", "").rstrip() + (
        '\n<entry guid="11111111-2222-4333-8444-555555555555">\n'
        '<lexical-unit><form lang="bca"><text>test bai lonely</text></form></lexical-unit>\n'
        '<sense><gloss lang="en"><text>test only english</text></gloss></sense>\n'
        "</entry>\n</lift>\n"
    )
    path = write(tmp_path / "nogloss.lift", bad)
    assert run("init").exit_code == 0
    result = run("import", path)
    assert result.exit_code == 1
    lonely = bad.splitlines().index('<lexical-unit><form lang="bca"><text>test bai lonely'
                                    "</text></form></lexical-unit>") + 1  # fmt: skip
    assert f"{path}:{lonely}: the Han term is empty" in result.stdout + result.stderr
    assert tables(run.db_path)["terms"] == []  # all or nothing
    assert run("import", path, "--skip-invalid").exit_code == 0
    assert [r[1] for r in tables(run.db_path)["terms"]] == ["测试词"]


def test_not_a_lift_and_no_version(run: Any, tmp_path: Path) -> None:
    result = run("import", write(tmp_path / "x.lift", "<lexicon/>"))
    assert result.exit_code == 1 and "not a LIFT file" in result.stderr
    result = run("import", write(tmp_path / "y.lift", "<lift><entry/></lift>"))
    assert result.exit_code == 1 and "y.lift:1: the <lift> element has no version" in result.stderr


XML_SAFE = (
    st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
            blacklist_characters="\ufffe\uffff",
        ),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    han=XML_SAFE,
    forms=st.lists(st.tuples(XML_SAFE, st.sampled_from(["latin", "ipa"])), max_size=4),
    definition=st.one_of(st.none(), XML_SAFE),
)
def test_any_term_and_form_strings_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    han: str,
    forms: list[tuple[str, str]],
    definition: str | None,
) -> None:
    from glossary.io.pairs import import_files

    folder = tmp_path_factory.mktemp("rt")
    source = open_db(folder / "a.sqlite", create=True)
    with write_transaction(source):
        record = TermRecord(han, definition=definition, english="test english")
        record.forms = [BaiForm(text, script, "bca") for text, script in dict(forms).items()]
        upsert_term(source, Batch(source, command="test"), record)
    text = lift_string(source)
    source.close()
    path = write(folder / "a.lift", text)
    target = open_db(folder / "b.sqlite", create=True)
    result = import_files(target, [path])
    assert result.ok, [str(p) for f in result.files for p in f.rejected]
    assert lift_string(target) == text
    again = import_files(target, [path])
    assert again.counts["unchanged"] == 1 and again.batch is None
    target.close()


def test_json_report_has_skipped_for_every_file_kind(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", TERMS_CSV.split("\n")[0] + "\n测试,test bai,bca,,,,,,\n")
    report = run("import", path, "--json").json()["files"][0]
    assert report["skipped"] == {}
    assert json.dumps(report)


def test_a_term_forms_recording_is_an_audio_form_with_its_file_beside(
    run: Any, mediation_law_path: Path, tmp_path: Path, lift_schema: etree.RelaxNG
) -> None:
    """Issue 15: recordings as an audio writing system (bca-Zxxx-x-audio), the sound in
    audio/ beside the LIFT file, byte for byte; to stdout (no folder) no audio form."""
    from sounds import wav_bytes

    sound = wav_bytes(0.3)
    (tmp_path / "word.wav").write_bytes(sound)
    terms = write(tmp_path / "t.csv", "han,bai,dialect,audio\n调解,test bai one,bca,word.wav\n")
    assert run("import", terms).exit_code == 0
    out = tmp_path / "export" / "g.lift"
    out.parent.mkdir()
    assert run("export", "lift", "-o", out).exit_code == 0
    root = valid(lift_schema, out.read_text(encoding="utf-8"))
    (entry,) = [e for e in root.iter("entry") if e.findtext("sense/gloss/text") == "调解"]
    forms = {f.get("lang"): f.findtext("text") for f in entry.findall("lexical-unit/form")}
    assert forms["bca-Latn"] == "test bai one"
    name = forms["bca-Zxxx-x-audio"]
    assert (out.parent / "audio" / name).read_bytes() == sound
    streamed = run("export", "lift")
    assert "Zxxx" not in streamed.stdout.split("<entry", 1)[1]
    # … and back: into a store without it, the sound comes with its form, byte for byte
    run.db_path = tmp_path / "empty.sqlite"
    result = run("import", out, "--json")
    assert result.exit_code == 0, result.stderr
    with open_db(run.db_path) as db:
        ((data,),) = db.execute(
            "SELECT b.data FROM recordings r JOIN recording_blobs b ON b.sha256 = r.sha256 "
            "JOIN term_forms f ON f.id = r.term_form_id WHERE f.form = 'test bai one'"
        ).fetchall()
    assert bytes(data) == sound
    again = tmp_path / "again" / "g.lift"
    again.parent.mkdir()
    assert run("export", "lift", "-o", again).exit_code == 0
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
