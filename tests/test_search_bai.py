"""Bai and glossary-term search. Bai comes only from ../shared/corpus/bai, read at test time."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from glossary.search import search
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, TermRecord, upsert_term


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def bai_db(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """Terms: the glossed Latin-script words of orthographic_examples.tsv (白语 = Baip ngvp
    zix among them, and its 1958 spelling); a few legal terms with no Bai."""
    path = tmp_path_factory.mktemp("bai") / "glossary.sqlite"
    db = open_db(path, create=True)
    batch = Batch(db, command="test")
    examples = read_tsv(corpus / "bai" / "orthographic_examples.tsv")
    with write_transaction(db):
        for row in examples:
            upsert_term(
                db,
                batch,
                TermRecord(
                    han=row["chinese_gloss"],
                    forms=[BaiForm(row["bai_latin"], "latin", source=row["source_url"])],
                ),
            )
        for han in ("离婚", "调解", "人民调解委员会", "离婚诉讼"):
            upsert_term(db, batch, TermRecord(han=han, definition="测试释义"))
    yield db
    db.close()


BAI = "白语 (Bai language)"


def term_hans(result) -> list[str]:
    return [h.han for h in result.hits if h.kind == "term"]


@pytest.mark.parametrize(
    "typed",
    ["Baip ngvp zix", "bai ngv zi", "baipngvpzix", "Bairt ngvrt zix", "BAI NGV ZI", "bai‧ngv‧zi"],
)
def test_bai_with_or_without_tones_and_1958_spelling(bai_db, typed: str) -> None:
    result = search(bai_db, typed)
    assert term_hans(result)[:1] == [BAI], typed
    hit = result.hits[0]
    assert hit.bai == "Baip ngvp zix" and hit.match == "exact"


def test_exact_tones_rank_above_toneless_matches(bai_db) -> None:
    # In the word list, dad (桃子) and da (与、和) differ only in the tone letter.
    assert term_hans(search(bai_db, "dad"))[0] == "桃子"
    toneless = term_hans(search(bai_db, "da"))
    assert {"桃子", "与、和"} <= set(toneless)


def test_every_example_word_finds_its_term(bai_db, corpus: Path) -> None:
    from glossary.bai.orthography import strip_tones

    for row in read_tsv(corpus / "bai" / "orthographic_examples.tsv"):
        for typed in (row["bai_latin"], strip_tones(row["bai_latin"])):
            hans = term_hans(search(bai_db, typed, limit=50))
            assert row["chinese_gloss"] in hans, typed


def test_a_mistyped_bai_syllable_is_forgiven(bai_db) -> None:
    result = search(bai_db, "bai ngw zi")  # one letter off
    hits = [h for h in result.hits if h.han == BAI]
    assert hits and hits[0].match == "fuzzy"


def test_terms_rank_above_articles_and_exact_above_partial(bai_db) -> None:
    result = search(bai_db, "离婚")
    assert [h.han for h in result.hits[:2]] == ["离婚", "离婚诉讼"]
    assert result.hits[0].score > result.hits[1].score


@pytest.mark.parametrize("typed", ["lihun", "li hun", "lh", "LH"])
def test_pinyin_and_initials_find_terms(bai_db, typed: str) -> None:
    assert term_hans(search(bai_db, typed))[0] == "离婚"


def test_han_typo_in_a_term_is_forgiven(bai_db) -> None:
    result = search(bai_db, "离昏")
    fuzzy = [h for h in result.hits if h.kind == "term" and h.match == "fuzzy"]
    assert "离婚" in [h.han for h in fuzzy]
    assert search(bai_db, "人民调解委会").hits[0].han == "人民调解委员会"
    assert search(bai_db, "人民调解委员员会").hits[0].han == "人民调解委员会"


def test_term_hit_json_has_term_and_preferred_form(bai_db) -> None:
    data = search(bai_db, "白语").to_json()
    hit = data["hits"][0]
    assert (hit["kind"], hit["han"], hit["bai"]) == ("term", BAI, "Baip ngvp zix")
    assert hit["spans"] == [{"field": "han", "start": 0, "end": 2}]


def test_bai_spans_point_into_the_bai_text(bai_db) -> None:
    hit = search(bai_db, "ngv zi").hits[0]
    spans = [hit.bai[s["start"] : s["end"]] for s in hit.spans if s["field"] == "bai"]
    assert spans == ["ngvp zix"]


def test_a_two_character_typo_must_sound_alike(bai_db) -> None:
    # 调和 is one character from 调解 but does not sound like it: no fuzzy 调解.
    assert "调解" not in [h.han for h in search(bai_db, "调和").hits if h.kind == "term"]
    # 调节 (tiao jie) sounds like 调解: forgiven.
    assert "调解" in [h.han for h in search(bai_db, "调节").hits if h.match == "fuzzy"]
