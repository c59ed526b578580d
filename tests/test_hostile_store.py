"""The store under hostile conditions: `check` while another process writes, a healthy
database in a folder nobody may write to."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

import glossary.store.maintenance as maintenance
from glossary.errors import GlossaryError
from glossary.store.maintenance import check_database
from glossary.store.reader import open_reader, reading_note
from glossary.store.sql import run_query


@pytest.fixture
def db(mediation_law_path: Path) -> Path:
    return mediation_law_path


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


def read_only_folder(source: Path, *, pending_wal: bool, file_mode: int = 0o444) -> Path:
    """A healthy database (with committed changes still in its -wal, or none) in a fresh
    folder that is then made unwritable; no -shm file comes along."""
    folder = Path(tempfile.mkdtemp(prefix="glossary-ro-test-"))
    shutil.copy(source, folder / "g.sqlite")
    conn = sqlite3.connect(folder / "g.sqlite")
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE laws SET name = name || '（测试）' WHERE slug = 'renmin-tiaojie-fa'")
    conn.commit()
    if pending_wal:  # copy while the change is only in the -wal file
        shutil.copy(folder / "g.sqlite", folder / "copy.sqlite")
        shutil.copy(folder / "g.sqlite-wal", folder / "copy.sqlite-wal")
    conn.close()
    if pending_wal:
        (folder / "g.sqlite").unlink()
        (folder / "copy.sqlite").rename(folder / "g.sqlite")
        (folder / "copy.sqlite-wal").rename(folder / "g.sqlite-wal")
    assert not (folder / "g.sqlite-shm").exists()
    assert (folder / "g.sqlite-wal").exists() == pending_wal
    for path in folder.iterdir():
        path.chmod(file_mode)
    folder.chmod(0o555)
    return folder


def read_everything(db: Path) -> dict[str, Any]:
    reader = open_reader(db)
    try:
        name = reader.execute("SELECT name FROM laws WHERE slug = 'renmin-tiaojie-fa'")
        result: dict[str, Any] = {"name": name.fetchone()[0], "note": reading_note(reader.conn)}
        result["articles"] = reader.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        reader.close()
    query = run_query(db, "SELECT count(*) FROM paragraphs")
    report = check_database(db)
    return {
        **result,
        "sql": query.rows[0][0],
        "sql_note": query.note,
        "check_ok": report.ok,
        "problems": report.problems,
        "files": sorted(p.name for p in db.parent.iterdir()),
    }


@pytest.mark.parametrize(
    "pending_wal,file_mode",
    [(True, 0o444), (False, 0o444), (True, 0o666)],
    ids=["wal-pending", "no-wal", "writable-file"],
)
def test_a_healthy_database_in_a_read_only_folder_is_read(
    mediation_law_template: Path, pending_wal: bool, file_mode: int, as_a_user
) -> None:
    folder = read_only_folder(mediation_law_template, pending_wal=pending_wal, file_mode=file_mode)
    db = folder / "g.sqlite"
    try:
        got = as_a_user(lambda: read_everything(db))
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
    assert "error" not in got, got
    assert got["name"].endswith("（测试）")  # the change still in the -wal is seen
    assert got["articles"] == 35 and got["sql"] > 35
    assert "not writable" in got["note"] and "not writable" in got["sql_note"]
    assert got["check_ok"], got["problems"]
    assert got["files"] == (["g.sqlite", "g.sqlite-wal"] if pending_wal else ["g.sqlite"])


def test_writing_in_a_read_only_folder_says_so(mediation_law_template: Path, as_a_user) -> None:
    """The file itself is writable, its folder is not: not damage, and how to read it."""
    from glossary.store.db import open_db

    folder = read_only_folder(mediation_law_template, pending_wal=True, file_mode=0o666)

    def write_there() -> dict[str, Any]:
        try:
            open_db(folder / "g.sqlite").close()
        except GlossaryError as exc:
            return {"message": str(exc)}
        return {"message": None}

    try:
        got = as_a_user(write_there)
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
    assert "folder is not writable" in got["message"] and "--read-only" in got["message"]
    assert "damaged" not in got["message"]
