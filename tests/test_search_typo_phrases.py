"""The FTS5 alternatives of a forgiven Han typo find exactly the rows that every one-edit
reading would, though they ask for fewer (and shorter) phrases."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.han import bigrams
from glossary.search.fts import any_of, fts_phrase
from glossary.search.fuzzy import one_edit_phrases

ALPHABET = "甲乙丙丁"  # few characters, so that near misses are common
texts = st.text(alphabet=ALPHABET, min_size=0, max_size=12)


def every_reading(query: list[str]) -> list[str]:
    """Each character left out, and each character replaced (both halves around it)."""
    out = [fts_phrase("han", query[:i] + query[i + 1 :]) for i in range(len(query))]
    for i in range(1, len(query) - 1):
        out.append(f"{fts_phrase('han', query[:i])} AND {fts_phrase('han', query[i + 1 :])}")
    return out


def matched(db: sqlite3.Connection, expression: str) -> set[int]:
    rows = db.execute("SELECT rowid FROM t WHERE t MATCH ?", [expression]).fetchall()
    return {r[0] for r in rows}


@settings(max_examples=150)
@given(
    docs=st.lists(texts, min_size=1, max_size=8), typed=st.text(ALPHABET, min_size=3, max_size=7)
)
def test_the_typo_phrases_match_what_every_one_edit_reading_matches(
    docs: list[str], typed: str
) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(han, han2)")
    db.executemany(
        "INSERT INTO t (rowid, han, han2) VALUES (?, ?, ?)",
        [(i, " ".join(d), " ".join(bigrams(list(d)))) for i, d in enumerate(docs, 1)],
    )
    query = list(typed)
    assert matched(db, any_of(one_edit_phrases(query))) == matched(db, any_of(every_reading(query)))


def test_an_inner_character_is_asked_for_once() -> None:
    """One alternative a position: the inner ones as the two halves around it."""
    alternatives = one_edit_phrases(list("当事人可以申请调解"))
    assert len(alternatives) == 9
    assert alternatives[0] == fts_phrase("han", list("事人可以申请调解"))
    assert alternatives[-1] == fts_phrase("han", list("当事人可以申请调"))
    assert all(" AND " in a for a in alternatives[1:-1])
