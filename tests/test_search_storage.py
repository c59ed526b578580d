"""The article search index stores what it indexes once (m014): han and py in
article_search_text, their pairs computed by a view — the same pairs the index was given,
so that a row is taken out exactly and FTS5's own check of index against content holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.han import bigrams
from glossary.store.db import open_db, write_transaction
from glossary.store.schema_search import pairs_sql
from glossary.store.search_index import _han_columns, _pairs, article_display_texts
from test_history_undo import SLUG, import_text, translate

TOKEN = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789ü", min_size=1, max_size=6),
)


@pytest.fixture
def store(tmp_path: Path):
    db = open_db(tmp_path / "glossary.sqlite", create=True)
    yield db, tmp_path / "glossary.sqlite"
    db.close()


def integrity_problem(db) -> str | None:
    try:
        db.execute(
            "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKEN, max_size=40))
def test_the_view_pairs_tokens_as_the_index_was_given_them(words: list[str]) -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (v TEXT NOT NULL)")
    text = " ".join(words)
    con.execute("INSERT INTO t VALUES (?)", [text])
    (from_sql,) = con.execute(f"SELECT {pairs_sql('v')} FROM t").fetchone()
    assert from_sql == _pairs(text) == " ".join(bigrams(words))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="离婚协议调解书abc12 ，。ＡＢ１２", max_size=30))
def test_a_text_s_pairs_are_those_of_its_columns(text: str) -> None:
    """What is indexed for a new row is what a delete gives back from the stored columns."""
    cols = _han_columns(text)
    assert cols.han2 == _pairs(cols.han) and cols.py2 == _pairs(cols.py)


def test_the_index_keeps_no_copy_and_reads_its_pairs(store, tmp_path: Path) -> None:
    db, _path = store
    import_text(db, tmp_path, LAW_WITH_LATIN)
    shadows = {
        r[0]
        for r in db.execute("SELECT name FROM sqlite_master WHERE name LIKE ?", ["article_search%"])
    }
    assert "article_search_content" not in shadows and "article_search_text" in shadows
    rows = db.execute("SELECT rowid, han, han2, py, py2 FROM article_search").fetchall()
    assert rows
    for _id, han, han2, py, py2 in rows:
        assert han2 == " ".join(bigrams(han.split())) and py2 == " ".join(bigrams(py.split()))
    found = db.execute(
        "SELECT rowid FROM article_search WHERE article_search MATCH ?", ['han2 : "委员"']
    ).fetchall()
    assert found
    assert integrity_problem(db) is None


def test_changed_and_removed_rows_leave_the_index_exact(store, tmp_path: Path) -> None:
    from glossary.store.undo import undo_batch

    db, _path = store
    first = import_text(db, tmp_path, LAW_WITH_LATIN)
    translated = translate(db, SLUG, 3, 1, "test bai one")
    assert db.execute(
        "SELECT count(*) FROM article_search WHERE article_search MATCH ?", ['bai : "test"']
    ).fetchone() == (1,)
    assert integrity_problem(db) is None
    undo_batch(db, translated)
    assert db.execute(
        "SELECT count(*) FROM article_search WHERE article_search MATCH ?", ['bai : "test"']
    ).fetchone() == (0,)
    assert integrity_problem(db) is None
    assert first is not None
    undo_batch(db, first)
    assert db.execute("SELECT count(*) FROM article_search_text").fetchone() == (0,)
    assert db.execute(
        "SELECT count(*) FROM article_search WHERE article_search MATCH ?", ['"委"']
    ).fetchone() == (0,)
    assert integrity_problem(db) is None


LAW_WITH_LATIN = """# 中华人民共和国测试撤销法

2020年5月1日 第一届测试代表大会第二次会议通过

<!-- INFO END -->

第一条 为了测试撤销功能，制定本法。

第二条 测试委员会处理下列事项：

（一）登记ABC表；

（二）复核。

第三条 当事人可以提出测试申请。

测试委员会应当及时答复。

第四条 本法自2020年6月1日起施行。
"""


READING = st.text(alphabet="abcdefghiklmnorstuvwxyzü", min_size=1, max_size=6)
HAN_TOKEN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E10)  # few: they recur


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.tuples(HAN_TOKEN, READING), st.tuples(TOKEN, st.just(None))),
            max_size=30,
        ),
        max_size=5,
    )
)
def test_pinyin_kept_as_its_unusual_readings_is_spelled_out_again(
    texts: list[list[tuple[str, str | None]]],
) -> None:
    """Each text's tokens with their readings in context (a Latin word or number reads as
    itself): the view gives back every text's pinyin, as Python does, however the usual
    readings were met."""
    from sqlite_utils import Database

    from glossary.store.schema_search import READINGS_SCHEMA
    from glossary.store.usual_readings import UsualReadings

    db = Database(memory=True)
    db.executescript(READINGS_SCHEMA)
    readings = UsualReadings(db)
    stored = []
    for i, text in enumerate(texts):
        han = " ".join(t for t, _ in text)
        py = " ".join(r or t for t, r in text)
        stored.append((i, han, py))
        db.execute(
            "INSERT INTO article_search_text VALUES (?, ?, ?, '', '')",
            [i, han, readings.others(han, py)],
        )
    readings.save(db)
    again = UsualReadings(db)
    for i, han, py in stored:
        other = db.execute("SELECT py_other FROM article_search_text WHERE id = ?", [i])
        assert again.spelled_out(han, other.fetchone()[0]) == py
        view = db.execute("SELECT py, py2 FROM article_search_source WHERE id = ?", [i])
        assert view.fetchone() == (py, " ".join(bigrams(py.split())))


def test_a_usual_reading_stays_and_others_are_kept_by_token(store, tmp_path: Path) -> None:
    db, _path = store
    import_text(db, tmp_path, LAW_WITH_LATIN)
    usual = dict(db.execute("SELECT char, reading FROM han_usual_reading").fetchall())
    texts = article_display_texts(db, [r[0] for r in db.execute("SELECT id FROM articles")])
    for article_id, text in texts.items():
        cols = _han_columns(text)
        han, other = db.execute(
            "SELECT han, py_other FROM article_search_text WHERE id = ?", [article_id]
        ).fetchone()
        assert han == cols.han
        expected = [
            f"{i}:{r}"
            for i, (t, r) in enumerate(zip(han.split(), cols.py.split(), strict=True))
            if r != usual.get(t, t)
        ]
        assert other == " ".join(expected)
        assert len(expected) < len(han.split()) / 4  # most readings are the usual one
        view = db.execute("SELECT py FROM article_search_source WHERE id = ?", [article_id])
        assert view.fetchone() == (cols.py,)
    # another reading of a character already met is kept as an exception, not as usual
    char = next(c for c in usual if usual[c] != "zzz")
    with write_transaction(db):
        from glossary.store.usual_readings import UsualReadings

        readings = UsualReadings(db)
        assert readings.others(f"{char} {char}", f"{usual[char]} zzz") == "1:zzz"
        readings.save(db)
    assert dict(db.execute("SELECT char, reading FROM han_usual_reading").fetchall()) == usual
    assert integrity_problem(db) is None
