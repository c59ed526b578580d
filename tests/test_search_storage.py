"""The article search index stores what it indexes once (m014): han and py in
article_search_text, their pairs computed by a view — the same pairs the index was given,
so that a row is taken out exactly and FTS5's own check of index against content holds."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.han import bigrams, han_index_text, tokens
from glossary.han.traditional import may_change
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
            "SELECT v.han, t.py_other FROM article_search_text t "
            "JOIN article_search_source v ON v.id = t.id WHERE t.id = ?",
            [article_id],
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


TEXT_CHAR = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),  # CJK punctuation
    st.characters(min_codepoint=0x3400, max_codepoint=0x3410),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E20),
    st.characters(min_codepoint=0x9FF0, max_codepoint=0xA010),  # the edge of the block
    st.characters(min_codepoint=0xF8F0, max_codepoint=0xFB10),  # compatibility ideographs
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFF65),  # full-width forms
    st.characters(min_codepoint=0x20000, max_codepoint=0x20010),
    st.characters(min_codepoint=0x31340, max_codepoint=0x31360),
    st.sampled_from("\n\t ü离婚協議ÀΩ"),
)


@settings(max_examples=400, deadline=None)
@given(st.text(TEXT_CHAR, max_size=40))
def test_sql_derives_the_han_column_as_python_does(text: str) -> None:
    from glossary.store.plain_tokens import plain_han, plain_han_sql

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (v TEXT NOT NULL)")
    con.execute("INSERT INTO t VALUES (?)", [text])
    (from_sql,) = con.execute(f"SELECT {plain_han_sql('t.v')} FROM t").fetchone()
    assert from_sql == plain_han(text)
    if not re.search("[\uf900-\ufaff]", text) and not may_change(text):
        assert plain_han(text) == han_index_text(tokens(text))  # no copy needed


def test_the_han_column_is_kept_only_where_sql_cannot_derive_it(store, tmp_path: Path) -> None:
    db, _path = store
    import_text(db, tmp_path, LAW_WITH_LATIN.replace("当事人可以", "當事人可以"))
    given = dict(db.execute("SELECT id, han_given FROM article_search_text").fetchall())
    texts = article_display_texts(db, list(given))
    traditional = [i for i, text in texts.items() if "當" in text]
    assert (
        len(traditional) == 1 and given[traditional[0]] == _han_columns(texts[traditional[0]]).han
    )
    assert "当" in given[traditional[0]]
    assert all(v is None for i, v in given.items() if i not in traditional)
    for article_id, text in texts.items():
        view = db.execute("SELECT han FROM article_search_source WHERE id = ?", [article_id])
        assert view.fetchone() == (_han_columns(text).han,)
    assert integrity_problem(db) is None


# An edit of one article's 款/项: (article number, what to do, position, text).
EDIT = st.tuples(
    st.integers(1, 3),
    st.sampled_from(["insert", "update", "delete", "translate"]),
    st.integers(1, 4),
    st.sampled_from(["测试内容", "新的條文", "ABC表", "委员会"]),
)


@pytest.fixture(scope="module")
def template_with_law(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("with_law")
    db = open_db(folder / "glossary.sqlite", create=True)
    import_text(db, folder, LAW_WITH_LATIN)
    db.close()
    return folder / "glossary.sqlite"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(EDIT, min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_edits_leave_the_index_exact(
    template_with_law: Path, tmp_path: Path, transactions: list[list[tuple[int, str, int, str]]]
) -> None:
    """Several transactions, each of several edits to the 款/项 and translations of an
    article (the triggers keep its lines as indexed before the first): each time the index
    agrees with what the view derives, and nothing is left of the kept lines."""
    path = tmp_path / "edits.sqlite"
    shutil.copy(template_with_law, path)
    db = open_db(path)
    try:
        for edits in transactions:
            with write_transaction(db):
                for number, action, position, text in edits:
                    apply_edit(db, number, action, position, text)
            assert integrity_problem(db) is None
            assert db.execute("SELECT count(*) FROM article_search_old_text").fetchone() == (0,)
            indexed = {r[0] for r in db.execute("SELECT id FROM article_search_text")}
            with_text = {r[0] for r in db.execute("SELECT DISTINCT article_id FROM paragraphs")}
            assert indexed == with_text
    finally:
        db.close()


def apply_edit(db, number: int, action: str, position: int, text: str) -> None:
    article_id = db.execute(
        "SELECT id FROM articles WHERE number = ? ORDER BY id LIMIT 1", [number]
    ).fetchone()[0]
    paragraphs = [
        r[0]
        for r in db.execute(
            "SELECT id FROM paragraphs WHERE article_id = ? ORDER BY position", [article_id]
        )
    ]
    target = paragraphs[(position - 1) % len(paragraphs)] if paragraphs else None
    if action == "insert" or target is None:
        last = db.execute(
            "SELECT coalesce(max(position), 0) FROM paragraphs WHERE article_id = ?", [article_id]
        ).fetchone()[0]
        db.execute(
            "INSERT INTO paragraphs (article_id, position, kind, han) "
            "VALUES (?, ?, 'paragraph', ?)",
            [article_id, last + 1, text],
        )
    elif action == "update":
        db.execute("UPDATE paragraphs SET han = han || ? WHERE id = ?", [text, target])
    elif action == "delete":
        db.execute("DELETE FROM translations WHERE paragraph_id = ?", [target])
        db.execute("DELETE FROM paragraphs WHERE id = ?", [target])
    else:
        db.execute("DELETE FROM translations WHERE paragraph_id = ? AND dialect = 'bfs'", [target])
        db.execute(
            "INSERT INTO translations (article_id, paragraph_id, dialect, bai, created_at, "
            "updated_at) VALUES (?, ?, 'bfs', ?, '2020-01-01', '2020-01-01')",
            [article_id, target, f"test bai {len(text)}"],
        )
