"""Joined Bai (syllables written together) is found under every split the orthography
allows, with or without tone letters on any syllable. The syllables are the attested ones of
the real word list (../shared/corpus/bai/orthographic_examples.tsv); a random sequence of
them is not a Bai word, so it is stored under a plainly fake term (测试 + a number)."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary.bai.orthography import key_readings, parse_bai, search_key, strip_tones, tone_key
from glossary.search import search
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, TermRecord, upsert_term

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def word_list_syllables(corpus: Path) -> list[str]:
    with (corpus / "bai" / "orthographic_examples.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    found = {
        s.text.lower()
        for row in rows
        if not row["scheme"].startswith("1958")
        for s in parse_bai(row["bai_latin"]) or []
    }
    return sorted(found)


SYLLABLES = word_list_syllables(CORPUS) if (CORPUS / "bai").is_dir() else ["missing"]


@pytest.fixture(scope="module")
def joined_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = open_db(tmp_path_factory.mktemp("joined") / "glossary.sqlite", create=True)
    yield db
    db.close()


_counter = itertools.count()


def store(db: Any, form: str) -> str:
    han = f"测试{next(_counter)}"
    with write_transaction(db):
        upsert_term(
            db, Batch(db, command="test"), TermRecord(han=han, forms=[BaiForm(form, "latin")])
        )
    return han


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    syllables=st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4),
    keep=st.lists(st.booleans(), min_size=4, max_size=4),
)
@example(syllables=["pienp", "guot"], keep=[False, False, False, False])  # pie|nguo?
@example(syllables=["xianx", "guax"], keep=[False, True, False, False])  # xia|nguax?
@example(syllables=["sienf", "dad"], keep=[True, False, False, False])
def test_joined_syllables_are_found_with_any_tone_letters(
    joined_db: Any, syllables: list[str], keep: list[bool]
) -> None:
    han = store(joined_db, " ".join(syllables))
    typed = "".join(s if k else strip_tones(s) for s, k in zip(syllables, keep, strict=False))
    hits = [h.han for h in search(joined_db, typed, limit=500).hits if h.kind == "term"]
    assert han in hits, (syllables, typed)


def test_every_split_is_considered_and_known_syllables_win() -> None:
    # ``bapa``: b-a-p|a (tone letter p) or b-a|p-a (initial p) — both are readings
    readings = [keys for keys, _ in key_readings("bapa")]
    assert ["ba", "pa"] in readings and ["ba", "a"] in readings
    assert readings[0] == search_key("bapa").split()  # without a vocabulary: as before
    assert key_readings("bapa", frozenset({"ba", "a"}))[0] == (["ba", "a"], "bap a")
    # ``…n|g…``: nasal n + g, or the onset ng — the store decides
    assert key_readings("xianguax", frozenset({"xian", "gua"}))[0][0] == ["xian", "gua"]
    assert key_readings("xianguax", frozenset({"xia", "ngua"}))[0][0] == ["xia", "ngua"]


def test_a_reading_of_unknown_syllables_only_when_no_other() -> None:
    assert key_readings("test bai one", frozenset()) == [
        (search_key("test bai one").split(), tone_key("test bai one"))
    ]
