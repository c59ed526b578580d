"""The fuzzy floor: a short word that is not in the corpus finds nothing (and says what to
try), not whatever is one edit away; real slips are still forgiven."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from glossary.han import to_simplified
from glossary.han.tones import sound_alike_with_tone
from glossary.search import search
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, TermRecord, upsert_term


@pytest.fixture(scope="module")
def db(search_db_path: Path):
    conn = open_db(search_db_path, read_only=True)
    yield conn
    conn.close()


def in_corpus(db, word: str) -> bool:
    return (
        db.execute("SELECT 1 FROM paragraphs WHERE instr(han, ?) LIMIT 1", [word]).fetchone()
        is not None
    )


# Each of these found unrelated articles before the floor: 家暴 → 国家保护 (家保), 车祸 →
# 聚居或者 (居或), 房子 → 双方自愿 (方自), 人情 → 人请, 欠款 → 前款 (tones differ).
@pytest.mark.parametrize("word", ["家暴", "车祸", "房子", "起火", "人情", "欠款", "分家"])
def test_a_two_character_word_not_in_the_corpus_finds_nothing(db, word: str) -> None:
    assert not in_corpus(db, word)
    result = search(db, word)
    assert result.hits == [], [h.han[:20] for h in result.hits]
    assert result.message is not None and "nothing found" in result.message


@pytest.mark.parametrize("word", ["离昏", "调届", "宜产"])
def test_a_keyboard_slip_in_two_characters_is_still_forgiven(db, word: str) -> None:
    assert not in_corpus(db, word)
    hits = search(db, word).hits
    assert hits and all(h.match == "fuzzy" for h in hits)


@pytest.mark.parametrize("word", ["离昏", "宜产", "调届", "实食", "公食", "强之"])
def test_every_two_character_fuzzy_hit_is_one_same_tone_slip_side_by_side(db, word: str) -> None:
    """Checked here from the hit's own text, independently of the fuzzy stage."""
    for hit in search(db, word, all_revisions=True, limit=100).hits:
        text = to_simplified(hit.han)
        assert hit.spans
        for span in hit.spans:
            found = text[span["start"] : span["end"]]
            assert len(found) == 2, found  # no punctuation between
            differ = [(a, b) for a, b in zip(word, found, strict=True) if a != b]
            assert len(differ) == 1, found
            assert sound_alike_with_tone(*differ[0]), found


def test_one_character_is_never_forgiven(db) -> None:
    for char in ["暴", "祸", "娠"]:
        assert all(h.match == "exact" for h in search(db, char).hits)


@pytest.fixture(scope="module")
def bai_terms(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """The glossed Latin-script words of the corpus's orthographic examples, as terms."""
    path = tmp_path_factory.mktemp("floor") / "glossary.sqlite"
    conn = open_db(path, create=True)
    batch = Batch(conn, command="test")
    with (corpus / "bai" / "orthographic_examples.tsv").open(encoding="utf-8") as fh:
        examples = list(csv.DictReader(fh, delimiter="\t"))
    with write_transaction(conn):
        for row in examples:
            form = BaiForm(row["bai_latin"], "latin", source=row["source_url"])
            upsert_term(conn, batch, TermRecord(han=row["chinese_gloss"], forms=[form]))
    yield conn
    conn.close()


def test_short_latin_is_not_corrected(bai_terms) -> None:
    vocab = {r[0] for r in bai_terms.execute("SELECT token FROM search_vocab WHERE kind='bai'")}
    two_letter = sorted(v for v in vocab if len(v) == 2)
    assert two_letter, "the examples have two-letter syllables"
    for syllable in two_letter:
        typo = syllable[0] + ("q" if syllable[1] != "q" else "w")  # one letter off
        if typo in vocab:
            continue
        hits = search(bai_terms, typo).hits
        assert not [h for h in hits if h.match == "fuzzy"], (typo, [h.han for h in hits])
    # three letters or more: one letter off is still forgiven
    assert any(h.match == "fuzzy" for h in search(bai_terms, "bai ngw zi").hits)
