"""New terms written in bulk (glossary.store.term_bulk) give the same rows, history and
outcomes as the one-by-one merge path, and undo takes them back exactly. Fake data only."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.io.cldf import import_cldf
from glossary.io.pairs import import_files
from glossary.lawtext.catalog import catalog
from glossary.store.db import open_db
from glossary.store.history import Batch
from glossary.store.laws import sync_catalog
from glossary.store.search_index import refresh
from glossary.store.terms import BaiForm, TermRecord, upsert_term
from glossary.store.undo import undo_batch
from test_term_merge import cldf_folder

HANS = ["测试一", "测试二", "测试三", "测/试", "试验", "检查"]  # one with a "/" in its key
FORMS = ["test bai one", "test bai two", "test bai three"]
LINKS = ["", "minshi-susong-fa:2023:1", "minshi-susong-fa:2023:1;hunyin-fa:2001:2"]
HEADER = ["han", "bai", "dialect", "script", "variety", "definition", "articles", "source"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the law catalog (the links name catalog laws, no text)."""
    path = tmp_path_factory.mktemp("bulk") / "template.sqlite"
    db = open_db(path, create=True)
    with db.atomic():
        batch = Batch(db, command="init")
        sync_catalog(db, batch, catalog())
        batch.finish({})
    db.close()
    return path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def content(path: Path) -> dict[str, Any]:
    """Terms, forms and links without ids or times (ids may come in another order)."""
    conn = sqlite3.connect(path)
    try:
        terms = conn.execute(
            "SELECT han, pinyin, definition, domain, english, concepticon_id, status, source, "
            "attribution, note FROM terms ORDER BY han"
        ).fetchall()
        forms = conn.execute(
            "SELECT t.han, f.form, f.script, f.dialect, f.variety, f.status, f.source, "
            "f.attribution FROM term_forms f JOIN terms t ON t.id = f.term_id ORDER BY 1, 2, 3"
        ).fetchall()
        links = conn.execute(
            "SELECT t.han, a.law, a.revision, a.article FROM term_articles a "
            "JOIN terms t ON t.id = a.term_id ORDER BY 1, 2, 3, 4"
        ).fetchall()
        return {"terms": terms, "forms": forms, "links": links}
    finally:
        conn.close()


def everything(path: Path) -> dict[str, list[Any]]:
    """Every row of the glossary's tables, ids and times included."""
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("terms", "term_forms", "term_articles", "term_search", "search_dirty")
        }
    finally:
        conn.close()


def history(path: Path, batch: int) -> Counter[tuple[Any, ...]]:
    """The batch's changes by key (row ids of forms may be given in another order)."""
    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT table_name, key, op, field, old, new FROM changes WHERE batch_id = ?",
            [batch],
        ).fetchall()
        # a stamp is the clock's, not the import's: whether it moved depends on the second
        return Counter(
            (t, k, op, f, o, n)
            for t, k, op, f, o, n in found
            if f not in ("created_at", "updated_at")
        )
    finally:
        conn.close()


def outcomes(result: Any) -> list[Any]:
    return [f.to_json() for f in result.files]


def stored_db(template: Path, target: Path, stored: list[tuple[str, str, str]]) -> Path:
    """A copy of the template with some terms stored (han, a form, a definition)."""
    shutil.copy(template, target)
    db = open_db(target)
    with db.atomic():
        batch = Batch(db, command="edit")
        for han, form, definition in stored:
            forms = [BaiForm(form, "ipa", "bca", None, "preferred", "editor")]
            upsert_term(db, batch, TermRecord(han=han, definition=definition, forms=forms))
        refresh(db)  # as every command leaves it
    db.close()
    return target


def import_both(
    template: Path, folder: Path, stored: list[tuple[str, str, str]], make: Any
) -> tuple[Any, ...]:
    """The same import into two copies: the bulk path, and every term one by one."""
    results = []
    for name, bulk in (("bulk", True), ("one-by-one", False)):
        path = stored_db(template, folder / f"{name}.sqlite", stored)
        before = everything(path)
        db = open_db(path)
        with pytest.MonkeyPatch.context() as patch:
            if not bulk:
                patch.setattr("glossary.io.term_import.add_new_terms", lambda *_: {})
                patch.setattr("glossary.io.cldf.add_new_terms", lambda *_: {})
            result = make(db)
        db.close()
        results.append((path, before, result))
    return tuple(results)


rows = st.lists(
    st.tuples(
        st.sampled_from(HANS),
        st.sampled_from(FORMS),
        st.sampled_from(["ipa", "latin"]),
        st.sampled_from(["bca", "bfs", ""]),
        st.sampled_from(["", "Testvillage"]),
        st.sampled_from(["", "test definition"]),
        st.sampled_from(LINKS),
    ),
    min_size=1,
    max_size=8,
)
stored_terms = st.lists(
    st.tuples(
        st.sampled_from(HANS),
        st.sampled_from(FORMS),
        st.sampled_from(["", "stored definition"]),
    ),
    max_size=4,
    unique_by=lambda t: t[0],
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows, stored=stored_terms)
def test_bulk_import_equals_one_by_one(
    template: Path, tmp_path_factory: pytest.TempPathFactory, rows: list[Any], stored: Any
) -> None:
    folder = tmp_path_factory.mktemp("mix")
    csv_path = write_csv(
        folder / "terms.csv",
        [HEADER, *([han, bai, d, s, v, df, a, "test source"] for han, bai, s, d, v, df, a in rows)],
    )
    (bulk, bulk_before, fast), (slow_path, _, slow) = import_both(
        template, folder, stored, lambda db: import_files(db, [csv_path], skip_invalid=True)
    )
    assert outcomes(fast) == outcomes(slow)  # added/changed/created, line by line
    assert content(bulk) == content(slow_path)
    if fast.batch is None:
        assert slow.batch is None
        return
    assert history(bulk, fast.batch) == history(slow_path, slow.batch)
    db = open_db(bulk)
    undo_batch(db, fast.batch)
    db.close()
    after = everything(bulk)
    assert after["terms"] == bulk_before["terms"]
    assert after["term_forms"] == bulk_before["term_forms"]
    assert after["term_articles"] == bulk_before["term_articles"]
    assert after["term_search"] == bulk_before["term_search"]


def test_new_terms_of_a_file_are_written_in_bulk(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of new terms inserts its terms and forms in one statement each, and the
    outcome of each line still names what it created."""
    path = stored_db(template, tmp_path / "db.sqlite", [("测试一", "test bai one", "")])
    many: list[str] = []
    insert_many = Batch.insert_many

    def spy(self: Batch, table: str, rows: list[dict[str, Any]], keys: list[str]) -> list[int]:
        many.append(f"{table} ×{len(rows)}")
        return insert_many(self, table, rows, keys)

    monkeypatch.setattr(Batch, "insert_many", spy)
    csv_path = write_csv(
        tmp_path / "terms.csv",
        [
            HEADER,
            ["测试一", "test bai two", "bca", "ipa", "", "", "", ""],  # stored: merged
            ["测试二", "test bai one", "bca", "ipa", "", "", "minshi-susong-fa:2023:1", ""],
            ["测试三", "test bai one", "bca", "ipa", "", "", "", ""],
            ["测试三", "test bai two", "bca", "ipa", "", "", "", ""],
        ],
    )
    db = open_db(path)
    result = import_files(db, [csv_path])
    db.close()
    assert many == ["terms ×2", "term_forms ×3"]
    report = result.files[0]
    assert [(o.key, o.line, o.created) for o in report.added] == [
        (
            "term/测试二",
            3,
            ["term_forms ipa:test bai one", "term_articles minshi-susong-fa/2023/1"],
        ),
        ("term/测试三", 4, ["term_forms ipa:test bai one", "term_forms ipa:test bai two"]),
    ]
    assert [(o.key, o.created) for o in report.changed] == [
        ("term/测试一", ["term_forms ipa:test bai two"])
    ]


def test_cldf_bulk_import_equals_one_by_one(template: Path, tmp_path: Path) -> None:
    folder = cldf_folder(tmp_path)
    (bulk, before, fast), (slow_path, _, slow) = import_both(
        template, tmp_path, [], lambda db: import_cldf(db, folder)
    )
    assert fast.terms == slow.terms == {"added": 1, "changed": 0, "unchanged": 0}
    assert fast.forms_added == slow.forms_added == 2
    assert content(bulk) == content(slow_path)
    assert history(bulk, fast.batch) == history(slow_path, slow.batch)
    db = open_db(bulk)
    undo_batch(db, fast.batch)
    db.close()
    assert everything(bulk)["terms"] == before["terms"]
