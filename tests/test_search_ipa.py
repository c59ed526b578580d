"""IPA forms found by Latin, toneless Latin and pasted IPA, through the machine respelling of
bai.ipa. The forms are the real lexibank word lists, imported from ../shared/corpus/bai."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.bai.ipa import ipa_keys, ipa_syllables, looks_like_ipa, respell
from glossary.bai.orthography import strip_tones
from glossary.io.cldf import import_cldf
from glossary.search import search
from glossary.store.db import open_db

SETS = ("suntb_bai", "wangbai")  # superscript tones (Sun 1991) and plain digits (Wang 2004)
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@pytest.fixture(scope="module")
def ipa_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = open_db(tmp_path_factory.mktemp("ipa") / "glossary.sqlite", create=True)
    for name in SETS:
        import_cldf(db, corpus / "bai" / name)
    yield db
    db.close()


def ipa_forms(db: Any) -> list[tuple[str, str]]:
    """(form, term) of every IPA form the respelling covers."""
    rows = db.execute(
        "SELECT f.form, t.han FROM term_forms f JOIN terms t ON t.id = f.term_id "
        "WHERE f.script = 'ipa' ORDER BY f.id"
    ).fetchall()
    return [(form, han) for form, han in rows if respell(form) is not None]


def found(db: Any, typed: str, han: str) -> bool:
    return han in [h.han for h in search(db, typed, limit=500).hits if h.kind == "term"]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_the_respelling_gives_the_word_lists_own_spelling(corpus: Path) -> None:
    """orthographic_examples.tsv gives Latin and IPA side by side: every pair is respelled
    exactly, except the rows whose note says the source itself disagrees and the 1958 one."""
    checked = 0
    for row in read_tsv(corpus / "bai" / "orthographic_examples.tsv"):
        note = row["note"].lower()
        if not row["ipa_in_source"] or "typo" in note or "mismatch" in note:
            continue
        if row["scheme"].startswith("1958"):
            continue
        expected = row["bai_latin"].lower().replace("’", " ")
        assert respell(row["ipa_in_source"]) == expected, row
        checked += 1
    assert checked >= 35


def test_the_issues_example_is_found_by_latin_toneless_and_pasted_ipa(ipa_db: Any) -> None:
    # po³⁵ȵi²¹ is the Dali word for 丈夫 in Sun (1991), forms_bai.csv
    assert ("po³⁵ȵi²¹", "丈夫") in ipa_forms(ipa_db)
    assert respell("po³⁵ȵi²¹") == "bof nid"
    for typed in ("po³⁵ȵi²¹", "po35ȵi21", "po³⁵ ȵi²¹", "bof nid", "bofnid", "bo ni", "boni"):
        assert found(ipa_db, typed, "丈夫"), typed


def test_pasted_ipa_with_the_same_tones_ranks_first(ipa_db: Any) -> None:
    hits = [h for h in search(ipa_db, "po³⁵ȵi²¹", limit=50).hits if h.kind == "term"]
    assert hits[0].han == "丈夫"


def test_plain_digit_forms_are_found_by_superscripts_and_latin(ipa_db: Any) -> None:
    # Wang (2004) writes tones as plain digits: xɯ22 (线 'thread', Tuoluo and others)
    assert ("xɯ22", "线") in ipa_forms(ipa_db)
    for typed in ("xɯ22", "xɯ²²", "he"):
        assert found(ipa_db, typed, "线"), typed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_real_ipa_form_is_found_every_way(ipa_db: Any, data: st.DataObject) -> None:
    form, han = data.draw(st.sampled_from(ipa_forms(ipa_db)))
    latin = respell(form)
    assert latin is not None
    keys = ipa_keys(form)
    assert keys is not None
    syllables = ipa_syllables(form) or ()
    # A form with a one-digit tone (a slip of the word list: Chao numbers have two or three)
    # reads, as written, as pinyin with tone numbers, as li2 does: only its keys are typed.
    as_written = [form, form.translate(SUPERSCRIPT)]
    typed = as_written if all(len(s.pitch) != 1 for s in syllables) else []
    typed.append(keys[0])
    if all(s.regular for s in syllables):  # letters the orthography reads: typed joined too
        typed.append(keys[0].replace(" ", ""))
        if all(s.tone is not None for s in syllables):  # every tone has a letter
            typed += [latin, latin.replace(" ", ""), strip_tones(latin)]
    for text in typed:
        assert found(ipa_db, text, han), (form, text)


def set_aside(form: str) -> bool:
    """Whether the form has what the respelling sets aside: a combining mark but the tilde
    (the syllabic ◌̩), or punctuation before or after it (``)``, ``]``, ``?`` in the lists)."""
    marks = any(
        unicodedata.combining(c) and c != "\u0303" for c in unicodedata.normalize("NFD", form)
    )
    stripped = form.strip()
    edges = bool(stripped) and any(not c.isalnum() for c in (stripped[0], stripped[-1]))
    return marks or edges


def test_forms_with_what_the_respelling_sets_aside_are_found_as_typed(ipa_db: Any) -> None:
    """The form itself, and with its tones as plain digits (what NFKC makes of a typed
    query), reads as IPA and finds its term."""
    forms = [(form, han) for form, han in ipa_forms(ipa_db) if set_aside(form)]
    assert forms
    for form, han in forms:
        assert looks_like_ipa(form.translate(SUPERSCRIPT)), form
        assert found(ipa_db, form, han), form


def test_ipa_is_told_from_latin_and_pinyin() -> None:
    assert looks_like_ipa("po³⁵ȵi²¹") and looks_like_ipa("po35ni21") and looks_like_ipa("xɯ22")
    assert not looks_like_ipa("Baip ngvp zix")
    assert not looks_like_ipa("li2 hun1")  # pinyin tone numbers are one digit
    assert not looks_like_ipa("test bai one")


def test_a_tone_without_a_letter_keeps_its_pitch() -> None:
    # 22 is not a pitch of the Central standard's tone letters: shown, not guessed
    assert respell("xɯ22") == "he²²"
    assert ipa_keys("xɯ22") == ("he", "he22")


def test_existing_databases_are_reindexed_by_the_migration(ipa_db: Any, tmp_path: Path) -> None:
    """A database from before m011 (IPA forms without keys) gets them when opened."""
    import shutil

    from glossary.store.search_index import refresh

    path = tmp_path / "old.sqlite"
    shutil.copy(ipa_db.conn.execute("PRAGMA database_list").fetchone()[2], path)
    old = open_db(path)
    old.execute("UPDATE term_search SET bai = '', bai_tone = ''")
    old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_ipa_search_keys'")
    old.conn.commit()
    assert not found(old, "bof nid", "丈夫")
    old.close()
    again = open_db(path)
    assert refresh(again) == 0  # done while opening
    assert found(again, "bof nid", "丈夫")
    again.close()


def test_a_respelled_syllable_the_template_does_not_parse_is_found_whole(ipa_db: Any) -> None:
    """pie²¹ (搬, Sun 1991) respells as bieid, which the orthography's syllable template
    does not read (it splits biei into bi+ei): typed whole, with or without the tone letter,
    it is still the store's syllable and finds the form."""
    assert ("pie²¹", "搬") in ipa_forms(ipa_db)
    for typed in ("biei", "bieid"):
        assert found(ipa_db, typed, "搬"), typed
