"""The query is analysed once, into a plan every stage reads; the store keeps the index."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary.search
from glossary.search import plan as plan_module
from glossary.search import query as query_module
from glossary.search import search
from glossary.search.plan import Plan, analyse
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, TermRecord, upsert_term

# What reads the typed text: the plan (and the parser it calls) alone may use these.
ANALYSERS = {
    plan_module: ("plain_pinyin", "split_syllables", "abbreviation", "key_readings", "ipa_keys"),
    query_module: ("tokens",),
}


@pytest.fixture(scope="module")
def corpus_db(search_db_path: Path) -> Iterator[Any]:
    db = open_db(search_db_path, read_only=True)
    yield db
    db.close()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every call of an analysing function during the test, by name."""
    counts: Counter[str] = Counter()
    for module, names in ANALYSERS.items():
        for name in names:
            monkeypatch.setattr(module, name, _counted(counts, name, getattr(module, name)))
    return counts


def _counted(counts: Counter[str], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return function(*args, **kwargs)

    return wrapper


def test_pinyin_query_is_analysed_once(corpus_db: Any, calls: Counter[str]) -> None:
    result = search(corpus_db, "li hun", limit=20)
    assert result.hits, "the corpus has 离婚"
    assert calls == Counter(
        tokens=1,  # one clause (li hun is one phrase)
        plain_pinyin=1,
        abbreviation=1,
        key_readings=1,  # the Bai readings (keys with and without tones), once
        split_syllables=2,  # one per word typed
    )


def test_the_same_word_twice_is_read_once(corpus_db: Any, calls: Counter[str]) -> None:
    search(corpus_db, 'tiaojie "tiaojie"', limit=20)
    assert calls["plain_pinyin"] == calls["key_readings"] == 1


def test_han_query_is_tokenised_once_and_never_read_as_latin(
    corpus_db: Any, calls: Counter[str]
) -> None:
    result = search(corpus_db, "人民法院 -调解", limit=20)
    assert result.hits
    assert calls == Counter(tokens=2)  # one per clause, nothing else


def test_a_typo_is_forgiven_from_the_same_plan(corpus_db: Any, calls: Counter[str]) -> None:
    result = search(corpus_db, "人民法阮", limit=20)
    assert any(h.match == "fuzzy" for h in result.hits)
    assert calls == Counter(tokens=1)


def test_no_other_search_module_reads_the_typed_text() -> None:
    """Only the plan (and its parser) call the pinyin, Bai key and reference functions: the
    stages read what the plan holds (tokens() is also used on a hit's own text)."""
    names = set(ANALYSERS[plan_module]) | {"parse_ref", "parse_query"}
    owners = {m.__name__ for m in ANALYSERS}
    for info in pkgutil.iter_modules(glossary.search.__path__):
        module = importlib.import_module(f"glossary.search.{info.name}")
        if module.__name__ in owners:
            continue
        source = inspect.getsource(module)
        used = {n for n in names if re.search(rf"\b{n}\(", source)}
        assert not used, f"{module.__name__} analyses the query again: {used}"


VOCAB = frozenset({"li", "hun", "tiao", "jie", "xi", "an", "xian", "a"})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=240))
def test_any_text_gives_a_plan_or_a_message(text: str) -> None:
    plan = analyse(text, lambda: VOCAB)
    assert isinstance(plan, Plan)
    if plan.error is not None:
        assert plan.error.strip() and "\n" not in plan.error
        return
    assert plan.positive, "a plan to run has something to find"
    for clause in plan.clauses:
        assert clause.han
        if clause.latin is not None:
            assert all(s in VOCAB for reading in clause.latin.pinyin for s in reading)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="lihuntaojexs -'\"12", max_size=30))
def test_latin_plans_read_only_syllables_in_use(text: str) -> None:
    plan = analyse(text, lambda: VOCAB)
    for clause in plan.clauses:
        assert clause.latin is not None
        assert clause.latin.toned == (clause.latin.bai_tone != " ".join(clause.latin.bai or []))


def test_plan_keeps_a_reference_with_the_parse_error() -> None:
    assert analyse("   ", lambda: VOCAB).error
    plan = analyse("民诉 122", lambda: VOCAB)
    assert plan.reference is not None and plan.reference.number == 122
    assert analyse("-离婚", lambda: VOCAB).error


# --- the store writes the index ---------------------------------------------------------------


def _fake_term(db: Any, han: str, bai: str) -> None:
    upsert_term(db, Batch(db, command="test"), TermRecord(han=han, forms=[BaiForm(bai, "latin")]))


def test_write_transaction_indexes_what_it_wrote(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    with write_transaction(db):
        _fake_term(db, "测试词", "test bai one")
    assert db.execute("SELECT count(*) FROM search_dirty").fetchone()[0] == 0
    hits = search(db, "test bai one").hits
    assert [h.han for h in hits if h.kind == "term"] == ["测试词"]
    assert [h.han for h in search(db, "测试词").hits] == ["测试词"]
    db.close()


def test_a_dry_run_leaves_neither_rows_nor_index(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    with write_transaction(db, dry_run=True):
        _fake_term(db, "测试词", "test bai one")
    assert db.execute("SELECT count(*) FROM term_search").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM search_dirty").fetchone()[0] == 0
    db.close()


def test_a_failed_write_leaves_the_index_as_it_was(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    with pytest.raises(RuntimeError), write_transaction(db):
        _fake_term(db, "测试词", "test bai one")
        raise RuntimeError("the writer failed")
    assert db.execute("SELECT count(*) FROM term_search").fetchone()[0] == 0
    assert search(db, "测试词").hits == []
    db.close()
