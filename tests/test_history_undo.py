"""Undo and the change history, on synthetic law texts (plainly made up, not real law)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.io.laws import import_law_files, load_law_files
from glossary.lawtext.numerals import int_to_cn
from glossary.search import search
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch, now
from glossary.store.reader import open_reader
from glossary.store.undo import list_batches, list_changes, undo_batch

LAW = """# 中华人民共和国测试撤销法

2020年5月1日 第一届测试代表大会第二次会议通过

<!-- INFO END -->

## 第一章 总 则

第一条 为了测试撤销功能，制定本法。

第二条 测试委员会处理下列事项：

（一）登记；

（二）复核。

## 第二章 程序

第三条 当事人可以提出测试申请。

测试委员会应当及时答复。

第四条 本法自2020年6月1日起施行。
"""
LAW_NAME = "测试撤销法"
SLUG = "ce-shi-che-xiao-fa"

OTHER_LAW = """# 中华人民共和国测试另一法

2021年3月1日 第一届测试代表大会第三次会议通过

<!-- INFO END -->

第一条 测试另一法的第一条文字。

第二条 测试另一法的第二条文字。
"""

# Content tables and the search index; not the history (batches, changes), not the
# vocabulary caches (search_vocab, han_readings) that only ever grow.
DUMP_TABLES = (
    "laws",
    "revisions",
    "divisions",
    "articles",
    "paragraphs",
    "translations",
    "terms",
    "term_forms",
    "term_articles",
    "concordance",
    "article_search",
    "term_search",
    "term_variants",
    "search_dirty",
)
FTS = ("paragraphs_fts", "translations_fts", "terms_fts", "term_forms_fts")
QUERIES = ("测试", "撤销", "委员会", "另一法", "登记", "test bai", "ceshi")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database whose pinyin readings are loaded once (the first refresh is slow)."""
    from glossary.store.search_index import record_readings

    path = tmp_path_factory.mktemp("template") / "glossary.sqlite"
    db = open_db(path, create=True)
    with write_transaction(db):
        record_readings(db)
    db.close()
    return path


def fresh_db(template: Path, folder: Path):
    path = folder / "glossary.sqlite"
    shutil.copy(template, path)
    return open_db(path), path


@pytest.fixture
def store(template: Path, tmp_path: Path):
    db, path = fresh_db(template, tmp_path)
    yield db, path
    db.close()


def import_text(db, folder: Path, text: str, name: str = "law.md") -> int | None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return import_law_files(db, load_law_files([path]))[0].batch


def dump(db) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in DUMP_TABLES:
        columns = "rowid, *" if table.endswith("_search") else "*"  # FTS5: rowid = the id
        rows = db.execute(f"SELECT {columns} FROM [{table}]").fetchall()
        out[table] = sorted(rows, key=repr)
    for table in FTS:  # each full-text index agrees with its table
        db.execute(f"INSERT INTO [{table}] ([{table}]) VALUES ('integrity-check')")
    return out


def search_results(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    reader = open_reader(path)
    try:
        return {
            q: [
                (h.kind, h.id, h.han, h.bai, h.match)
                for h in search(reader, q, all_revisions=True, limit=100).hits
            ]
            for q in QUERIES
        }
    finally:
        reader.close()


def paragraph_id(db, law: str, article: int, position: int) -> int:
    return db.execute(
        "SELECT paragraph_id FROM clauses WHERE law = ? AND article = ? AND paragraph = ?",
        [law, article, position],
    ).fetchone()[0]


def translate(db, law: str, article: int, position: int, bai: str) -> int:
    """Add a translation the way a writer does: through a recorded batch."""
    pid = paragraph_id(db, law, article, position)
    aid = db.execute("SELECT article_id FROM paragraphs WHERE id = ?", [pid]).fetchone()[0]
    batch = Batch(db, command="test-translate")
    with write_transaction(db):
        stamp = now()
        batch.insert(
            "translations",
            {
                "article_id": aid,
                "paragraph_id": pid,
                "dialect": "bfs",
                "bai": bai,
                "created_at": stamp,
                "updated_at": stamp,
            },
            key=f"{law}/2020/{article}/{position}/bfs",
        )
        batch.finish({})
    assert batch.id is not None
    return batch.id


def test_undoing_an_import_restores_the_database_exactly(store, tmp_path: Path) -> None:
    db, path = store
    import_text(db, tmp_path, LAW)
    before, found_before = dump(db), search_results(path)
    batch = import_text(db, tmp_path, OTHER_LAW, "other.md")
    assert batch is not None
    assert search_results(path)["另一法"], "the second law is searchable"
    report = undo_batch(db, batch)
    assert report.batch == batch and report.undo_batch == batch + 1
    assert report.counts["articles.delete"] == 2 and report.counts["laws.delete"] == 1
    assert dump(db) == before
    assert search_results(path) == found_before
    assert not search_results(path)["另一法"]
    assert not db.execute(
        "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH '另一法'"
    ).fetchall()
    batches = {b["batch"]: b for b in list_batches(db)}
    assert batches[batch]["undone_at"] is not None
    assert batches[batch + 1]["command"] == f"undo {batch}"
    assert batches[batch + 1]["undone_at"] is None


def test_undoing_the_first_import_empties_the_store(store, tmp_path: Path) -> None:
    db, path = store
    before, found_before = dump(db), search_results(path)
    batch = import_text(db, tmp_path, LAW)
    assert batch is not None
    undo_batch(db, batch)
    assert dump(db) == before
    assert search_results(path) == found_before


def test_undoing_a_correction_brings_the_old_text_back(store, tmp_path: Path) -> None:
    db, path = store
    import_text(db, tmp_path, LAW)
    translate(db, SLUG, 3, 1, "test bai one")
    translate(db, SLUG, 3, 2, "test bai two")
    before, found_before = dump(db), search_results(path)
    corrected = LAW.replace("当事人可以提出测试申请。", "当事人可以书面提出测试申请。")
    corrected = corrected.replace("（一）登记；\n\n", "（一）登记；\n\n（二）审查；\n\n")
    corrected = corrected.replace("（二）复核。", "（三）复核。")
    batch = import_text(db, tmp_path, corrected, "fixed.md")
    assert batch is not None
    undo_batch(db, batch)
    assert dump(db) == before
    assert search_results(path) == found_before
    rows = db.execute(
        "SELECT han, bai_bfs FROM clauses WHERE law = ? AND article = 3 ORDER BY paragraph",
        [SLUG],
    ).fetchall()
    assert rows == [
        ("当事人可以提出测试申请。", "test bai one"),
        ("测试委员会应当及时答复。", "test bai two"),
    ]


def test_deleted_paragraphs_and_translations_come_back_with_their_ids(
    store, tmp_path: Path
) -> None:
    db, _ = store
    import_text(db, tmp_path, LAW)
    translate(db, SLUG, 3, 2, "test bai two")
    translate(db, SLUG, 4, 1, "test bai four")
    before = dump(db)
    kept = db.execute("SELECT id, article_id, han FROM paragraphs ORDER BY id").fetchall()
    kept_t = db.execute("SELECT id, paragraph_id, bai FROM translations ORDER BY id").fetchall()
    shorter = LAW.replace("\n测试委员会应当及时答复。\n", "\n")
    shorter = shorter.replace("第四条 本法自2020年6月1日起施行。\n", "")
    batch = import_text(db, tmp_path, shorter, "shorter.md")
    assert batch is not None
    assert db.execute("SELECT count(*) FROM translations").fetchone() == (0,)
    report = undo_batch(db, batch)
    assert report.counts["translations.insert"] == 2
    assert report.counts["paragraphs.insert"] == 2 and report.counts["articles.insert"] == 1
    assert db.execute("SELECT id, article_id, han FROM paragraphs ORDER BY id").fetchall() == kept
    assert (
        db.execute("SELECT id, paragraph_id, bai FROM translations ORDER BY id").fetchall()
        == kept_t
    )
    assert dump(db) == before


def test_an_undo_can_be_undone(store, tmp_path: Path) -> None:
    db, path = store
    import_text(db, tmp_path, LAW)
    original = dump(db)
    batch = import_text(db, tmp_path, LAW.replace("登记", "登记备案"), "fixed.md")
    assert batch is not None
    corrected, found_corrected = dump(db), search_results(path)
    first = undo_batch(db, batch)
    assert dump(db) == original
    second = undo_batch(db, first.undo_batch)
    assert second.command == f"undo {batch}"
    assert dump(db) == corrected and search_results(path) == found_corrected
    state = {b["batch"]: b["undone_at"] for b in list_batches(db)}
    assert state[batch] is None and state[first.undo_batch] is not None
    # The correction is in effect again, so it can be undone again.
    undo_batch(db, batch)
    assert dump(db) == original
    with pytest.raises(GlossaryError, match="already undone") as err:
        undo_batch(db, batch)
    assert "glossary undo" in str(err.value)


def test_a_batch_a_later_batch_builds_on_is_refused(store, tmp_path: Path) -> None:
    db, _ = store
    import_text(db, tmp_path, LAW)
    first = import_text(db, tmp_path, LAW.replace("登记", "登记备案"), "v2.md")
    second = import_text(db, tmp_path, LAW.replace("登记", "登记存档"), "v3.md")
    assert first and second
    before = dump(db)
    with pytest.raises(GlossaryError) as err:
        undo_batch(db, first)
    message = str(err.value)
    assert f"batch {second}" in message and f"glossary undo {second}" in message
    assert dump(db) == before, "a refused undo changes nothing"
    undo_batch(db, second)
    undo_batch(db, first)
    assert db.execute(
        "SELECT han FROM clauses WHERE law = ? AND article = 2 AND paragraph = 2", [SLUG]
    ).fetchone() == ("登记；",)


def test_an_import_with_translations_added_later_is_refused(store, tmp_path: Path) -> None:
    db, _ = store
    imported = import_text(db, tmp_path, LAW)
    assert imported is not None
    translated = translate(db, SLUG, 1, 1, "test bai one")
    with pytest.raises(GlossaryError, match=f"batch {translated}"):
        undo_batch(db, imported)
    assert db.execute("SELECT count(*) FROM translations").fetchone() == (1,)
    undo_batch(db, translated)
    undo_batch(db, imported)
    assert db.execute("SELECT count(*) FROM paragraphs").fetchone() == (0,)


def test_unknown_batches_are_refused(store, tmp_path: Path) -> None:
    db, _ = store
    with pytest.raises(GlossaryError, match="no batch 99"):
        undo_batch(db, 99)
    with pytest.raises(GlossaryError, match="no batch 99"):
        list_changes(db, batch=99)


def test_a_dry_run_changes_nothing(store, tmp_path: Path) -> None:
    db, _ = store
    batch = import_text(db, tmp_path, LAW)
    assert batch is not None
    before = dump(db)
    report = undo_batch(db, batch, dry_run=True)
    assert report.dry_run and report.undo_batch is None and report.counts["laws.delete"] == 1
    assert dump(db) == before and list_batches(db)[0]["undone_at"] is None


def test_list_changes_by_article_and_by_batch(store, tmp_path: Path) -> None:
    db, _ = store
    imported = import_text(db, tmp_path, LAW)
    fixed = LAW.replace("当事人可以提出测试申请。", "当事人可以书面提出测试申请。")
    fixed = fixed.replace("为了测试撤销功能", "为了测试撤销与恢复功能")
    corrected = import_text(db, tmp_path, fixed, "fixed.md")
    changes = list_changes(db, ref=f"{LAW_NAME} 3")
    assert changes and all(c["key"].startswith(f"{SLUG}/2020/3") for c in changes)
    assert [c["id"] for c in changes] == sorted((c["id"] for c in changes), reverse=True)
    newest = changes[0]
    assert (newest["batch"], newest["table"], newest["op"], newest["field"]) == (
        corrected,
        "paragraphs",
        "update",
        "han",
    )
    assert newest["old"] == "当事人可以提出测试申请。"
    assert newest["new"] == "当事人可以书面提出测试申请。"
    assert {c["batch"] for c in changes} == {imported, corrected}
    inserted = [c for c in changes if c["op"] == "insert" and c["table"] == "paragraphs"]
    assert {c["new"]["han"] for c in inserted} == {
        "当事人可以提出测试申请。",
        "测试委员会应当及时答复。",
    }
    assert list_changes(db, ref=f"{SLUG}:3", revision="2020") == changes
    assert len(list_changes(db, ref=f"{SLUG}:3", limit=2)) == 2
    assert not [c for c in list_changes(db, ref=f"{LAW_NAME} 1") if "/3" in c["key"][-2:]]
    by_batch = list_changes(db, batch=corrected)
    assert {c["key"] for c in by_batch} >= {f"{SLUG}/2020/1/1", f"{SLUG}/2020/3/1"}
    assert all(c["batch"] == corrected and set(c) >= {"at", "old", "new"} for c in by_batch)
    undo_batch(db, corrected)
    undo_batch(db, imported)
    # The law is gone from the store; its history is still found by slug.
    assert list_changes(db, ref=f"{SLUG}:3")[0]["op"] == "delete"
    with pytest.raises(GlossaryError):
        list_changes(db, ref="没有这部法 3")


# ── property: any sequence of corrections undone in reverse gives back the start ──────

SENTENCES = [f"测试委员会应当处理第{int_to_cn(n)}类测试事项。" for n in range(1, 13)]


def law_text(articles: list[list[int]]) -> str:
    lines = [
        "# 中华人民共和国测试性质法",
        "",
        "2020年5月1日 第一届测试代表大会第二次会议通过",
        "",
        "<!-- INFO END -->",
        "",
        "## 第一章 总 则",
        "",
    ]
    for number, paragraphs in enumerate(articles, start=1):
        texts = [SENTENCES[i] for i in paragraphs]
        lines += [f"第{int_to_cn(number)}条 {texts[0]}", ""]
        for text in texts[1:]:
            lines += [text, ""]
    return "\n".join(lines)


versions = st.lists(
    st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=4),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=versions, corrections=st.lists(versions, min_size=1, max_size=4))
def test_undoing_corrections_in_reverse_restores_every_state(
    template: Path, first: list[list[int]], corrections: list[list[list[int]]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        db, _ = fresh_db(template, folder_path)
        try:
            start = dump(db)
            import_text(db, folder_path, law_text(first), "v0.md")
            law = db.execute("SELECT slug FROM laws").fetchone()[0]
            for n, (article,) in enumerate(db.execute("SELECT number FROM articles").fetchall()):
                translate(db, law, article, 1, f"test bai {n}")
            states = [start, dump(db)]
            batches = []
            for i, version in enumerate(corrections, start=1):
                batch = import_text(db, folder_path, law_text(version), f"v{i}.md")
                if batch is not None:
                    batches.append(batch)
                    states.append(dump(db))
            for batch in reversed(batches):
                states.pop()
                undo_batch(db, batch)
                assert dump(db) == states[-1]
            assert len(states) == 2
            # Undo the translations and the first import too: back to the empty start.
            live = [
                b["batch"]
                for b in list_batches(db)
                if b["undone_at"] is None and not b["command"].startswith("undo ")
            ]
            for batch in live:  # newest first
                undo_batch(db, batch)
            assert dump(db) == start
        finally:
            db.close()


def test_undoing_term_writes(store, tmp_path: Path) -> None:
    from glossary.store.terms import BaiForm, TermRecord, upsert_term

    db, path = store
    import_text(db, tmp_path, LAW)
    before, found_before = dump(db), search_results(path)

    def write_term(record: TermRecord) -> int:
        batch = Batch(db, command="test-terms")
        with write_transaction(db):
            upsert_term(db, batch, record)
            batch.finish({})
        assert batch.id is not None
        return batch.id

    forms = [BaiForm("test bai one", "latin", "bca"), BaiForm("test ipa one", "ipa", "bfs")]
    added = write_term(
        TermRecord(han="测试", definition="测试定义。", forms=forms, articles=[(SLUG, "2020", 3)])
    )
    with_term = dump(db)
    changed = write_term(TermRecord(han="测试", definition="新的测试定义。", status="admitted"))
    undo_batch(db, changed)
    restored = dump(db)
    # upsert_term stamps terms.updated_at (the last column) without recording it.
    assert [r[:-1] for r in restored.pop("terms")] == [r[:-1] for r in with_term.pop("terms")]
    assert restored == with_term
    assert db.execute("SELECT definition, status FROM terms").fetchone() == (
        "测试定义。",
        "proposed",
    )
    undo_batch(db, added)
    assert dump(db) == before and search_results(path) == found_before
    assert db.execute("SELECT count(*) FROM term_articles").fetchone() == (0,)
