"""Undo and the search index's vocabulary: words only the undone batch brought leave it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path


def vocab(db_path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT kind, token FROM search_vocab ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def test_undo_takes_the_batch_words_out_of_the_vocabulary(
    mediation_law_template: Path, tmp_path: Path, run
) -> None:
    shutil.copy(mediation_law_template, run.db_path)
    before = vocab(run.db_path)
    terms = tmp_path / "terms.csv"
    terms.write_text("han,bai\n鼗鼙,testbaiword\n", encoding="utf-8")
    assert run("import", terms).exit_code == 0
    added = set(vocab(run.db_path)) - set(before)
    assert ("bai", "testbaiword") in added and ("han", "鼗") in added
    batch = run("history", "--json").json()[0]["batch"]
    assert run("undo", str(batch)).exit_code == 0
    assert vocab(run.db_path) == before
    found = run("search", "testbaiword", "--json").json()
    assert not found["hits"]
    assert run("check").exit_code == 0
