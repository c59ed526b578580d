"""The store under hostile conditions: `check` while another process writes, a healthy
database in a folder nobody may write to."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import glossary.store.maintenance as maintenance
from glossary.store.maintenance import check_database


@pytest.fixture
def db(tmp_path: Path, mediation_law_template: Path, run) -> Path:
    path = tmp_path / "g.sqlite"
    shutil.copy(mediation_law_template, path)
    run.db_path = path
    return path


def hold_write_lock(path: Path, begin: str = "BEGIN IMMEDIATE") -> sqlite3.Connection:
    """Another program in the middle of a write: the lock taken, changes not committed."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute(begin)
    holder.execute(
        "UPDATE paragraphs SET han = han || '' WHERE id IN (SELECT id FROM paragraphs LIMIT 5)"
    )
    holder.execute("DELETE FROM search_dirty")
    holder.execute("INSERT INTO search_dirty SELECT 'article', id FROM articles LIMIT 3")
    return holder


@pytest.mark.parametrize(
    "journal,begin", [("wal", "BEGIN IMMEDIATE"), ("delete", "BEGIN EXCLUSIVE")]
)
def test_check_under_a_held_write_lock_says_busy_not_damaged(
    db: Path, run, monkeypatch: pytest.MonkeyPatch, journal: str, begin: str
) -> None:
    sqlite3.connect(db).execute(f"PRAGMA journal_mode = {journal}").close()
    monkeypatch.setattr("glossary.store.reader.BUSY_TIMEOUT_MS", 50)
    holder = hold_write_lock(db, begin)
    try:
        result = run("check")
        with pytest.raises(maintenance.DatabaseBusy):
            check_database(db)
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "busy" in result.stderr and "again" in result.stderr
    for word in ("PROBLEM", "problem", "damaged", "restore"):
        assert word not in result.stdout + result.stderr
    assert run("check").exit_code == 0


def test_check_waits_for_a_writer_that_finishes(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer lets go only once check is waiting on its lock; check then passes."""
    holder = hold_write_lock(db)
    waiting = threading.Event()
    real_connect = maintenance.connect

    def watched(path: Path, *, read_only: bool) -> sqlite3.Connection:
        conn = real_connect(path, read_only=read_only)
        conn.set_trace_callback(lambda sql: waiting.set() if sql.startswith("BEGIN") else None)
        return conn

    monkeypatch.setattr(maintenance, "connect", watched)
    done: list[maintenance.CheckReport] = []
    checker = threading.Thread(target=lambda: done.append(check_database(db)))
    checker.start()
    try:
        assert waiting.wait(timeout=60), "check never reached the full-text checks"
        assert not done  # it cannot pass the held lock: it is waiting
    finally:
        holder.rollback()
        holder.close()
    checker.join(timeout=60)
    assert done and done[0].ok, done and done[0].problems
