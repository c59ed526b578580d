"""Faults and the wider SQLite ecosystem: killed imports, a full disk, damaged files,
locks, backups, and the real sqlite3, sqlite-utils and Datasette tools."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from glossary.errors import GlossaryError
from glossary.lawtext.numerals import int_to_cn
from glossary.store.db import open_db, write_transaction
from glossary.store.maintenance import backup_database, check_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def big_law(tmp_path: Path, articles: int = 1500) -> Path:
    """A made-up law long enough that importing it takes a while."""
    lines = [
        "# 中华人民共和国可靠性测试法",
        "",
        "2020年1月1日 测试会议通过",
        "",
        "## 第一章 总则",
        "",
    ]
    for n in range(1, articles + 1):
        lines += [f"第{int_to_cn(n)}条 测试条文第{n}号，当事人可以申请调解委员会调解。", ""]
        lines += ["（一）测试项目一；", "", "（二）测试项目二。", ""]
    path = tmp_path / "big.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def counts(db_path: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM paragraphs), "
            "(SELECT count(*) FROM batches)"
        ).fetchone()
    finally:
        conn.close()


def glossary_process(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "glossary", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


# A glossary process that stops at a chosen moment of its import and says so on stdout:
# once its Nth change is recorded (one by one or many at once), or once the batch is
# finished (just before COMMIT).
PAUSING_IMPORT = """
import sys
from glossary.cli import main
from glossary.store.history import Batch

moment, args = sys.argv[1], sys.argv[2:]
seen = 0


def pause():
    print("paused", flush=True)
    sys.stdin.read()  # until killed


if moment == "finish":
    real_finish = Batch.finish

    def finish(self, summary):
        batch = real_finish(self, summary)
        pause()
        return batch

    Batch.finish = finish
else:
    real_count = Batch._count

    def count(self, table, op, n):
        global seen
        real_count(self, table, op, n)
        if seen < int(moment) <= seen + n:
            pause()
        seen += n

    Batch._count = count
main(args)
"""


def test_an_import_killed_at_any_moment_leaves_before_or_after(tmp_path: Path) -> None:
    """SIGKILL at the first change, in the middle (the WAL already holds pages of the
    transaction) and once everything is written but not committed: the state before;
    a run left alone: the state after."""
    law = big_law(tmp_path)
    db_path = tmp_path / "g.sqlite"
    open_db(db_path, create=True).close()
    before = counts(db_path)
    for moment in ("1", "3000", "finish"):
        process = subprocess.Popen(
            [sys.executable, "-c", PAUSING_IMPORT, moment, "--db", str(db_path), "import-law", law],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        assert process.stdout.readline() == "paused\n", moment  # it is there, mid-import
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert counts(db_path) == before, moment
        assert check_database(db_path).ok, moment
    subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(db_path), "import-law", str(law)],
        capture_output=True,
        check=True,
    )
    after = counts(db_path)
    assert after[0] == 1500 and after[2] == before[2] + 1
    assert check_database(db_path).ok


def test_a_full_disk_rolls_back_with_a_clear_message(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    law = big_law(tmp_path, 300)
    run("init")
    before = counts(run.db_path)
    import glossary.store.reader as reader

    real_connect = reader.connect

    def small_disk(path: Path, *, read_only: bool) -> sqlite3.Connection:
        conn = real_connect(path, read_only=read_only)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 20}")
        return conn

    monkeypatch.setattr("glossary.store.db.connect", small_disk)
    result = run("import-law", law)
    assert result.exit_code == 1
    assert "disk is full" in result.stderr and "Traceback" not in result.stderr
    monkeypatch.undo()
    assert counts(run.db_path) == before
    assert check_database(run.db_path).ok


def test_damaged_and_truncated_files_are_refused_and_never_overwritten(
    tmp_path: Path, search_db_path: Path, run
) -> None:
    copy = tmp_path / "copy.sqlite"
    shutil.copy(search_db_path, copy)
    data = copy.read_bytes()
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(data[: len(data) // 3])
    damaged = tmp_path / "damaged.sqlite"
    middle = len(data) // 2
    damaged.write_bytes(data[:middle] + b"\x00" * 8192 + data[middle + 8192 :])
    for path in (truncated, damaged):
        before = digest(path)
        for args in (["stats"], ["search", "离婚"], ["show", "民诉", "1"], ["sql", "SELECT 1"]):
            result = run(*args, "--db", str(path), db=False)
            assert "Traceback" not in result.stderr, (path.name, args)
            if result.exit_code:  # pages it needed are damaged: one clear line
                assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1
        checked = run("check", "--db", str(path), db=False)
        assert checked.exit_code == 1
        assert "problem" in checked.stderr or "damaged" in checked.stderr
        assert digest(path) == before


def test_a_writer_waits_for_another_and_readers_keep_reading(
    tmp_path: Path, search_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one writer holds the lock, a reader searches, and a second writer that has
    begun taking the lock (its BEGIN IMMEDIATE is running) does not finish; released, the
    second one lands. Events hand the lock over; the timeouts only bound a failure."""
    from glossary.io.laws import import_law_files, load_law_files
    from glossary.search import search
    from glossary.store import db as store_db
    from glossary.store.reader import open_reader

    db_path = tmp_path / "g.sqlite"
    shutil.copy(search_db_path, db_path)
    holder = open_db(db_path)
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with write_transaction(holder):
            holder.execute("UPDATE laws SET status = status")
            holding.set()
            release.wait(timeout=120)

    first = threading.Thread(target=hold_the_write_lock)
    first.start()
    assert holding.wait(timeout=60)
    reader = open_reader(db_path)  # WAL: a reader is not blocked by the writer
    assert search(reader, "离婚").hits
    reader.close()

    asking = threading.Event()
    real_connect = store_db.connect

    def watched(path: Path, *, read_only: bool) -> sqlite3.Connection:
        conn = real_connect(path, read_only=read_only)
        conn.set_trace_callback(lambda sql: asking.set() if sql == "BEGIN IMMEDIATE" else None)
        return conn

    monkeypatch.setattr(store_db, "connect", watched)
    law = load_law_files([big_law(tmp_path, 20)])
    landed: list[int] = []

    def second_writer() -> None:
        db = open_db(db_path)
        landed.extend(r.articles["added"] for r in import_law_files(db, law))
        db.close()

    second = threading.Thread(target=second_writer)
    second.start()
    try:
        assert asking.wait(timeout=60), "the second writer never asked for the lock"
        assert second.is_alive() and not landed  # it waits: the lock is still held
    finally:
        release.set()
        first.join(timeout=60)
    second.join(timeout=60)
    assert landed == [20]
    assert counts(db_path)[0] > 20


def test_a_lock_that_outlasts_the_timeout_gives_advice(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init")
    monkeypatch.setattr("glossary.store.db.LOCK_ATTEMPT_MS", 50)
    monkeypatch.setenv("GLOSSARY_BUSY_TIMEOUT", "0")  # give up after the first attempt
    holder = sqlite3.connect(run.db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("import-law", big_law(tmp_path, 5))
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    assert "busy" in result.stderr and "run the command again" in result.stderr


def test_two_imports_at_once_lose_nothing(tmp_path: Path, laws_dir: Path) -> None:
    db_path = tmp_path / "g.sqlite"
    open_db(db_path, create=True).close()
    first = glossary_process("--db", db_path, "import-law", big_law(tmp_path, 400))
    second_dir = tmp_path / "second"
    second_dir.mkdir()
    second = glossary_process("--db", db_path, "import-law", laws_dir / "renmin-tiaojie-fa-2010.md")
    assert first.wait() == 0 and second.wait() == 0
    conn = sqlite3.connect(db_path)
    laws = {r[0] for r in conn.execute("SELECT law FROM revisions")}
    conn.close()
    assert laws == {"ke-kao-xing-ce-shi-fa", "renmin-tiaojie-fa"}
    assert counts(db_path)[0] == 400 + 35
    assert check_database(db_path).ok


def test_backup_while_a_writer_is_busy(tmp_path: Path, search_db_path: Path) -> None:
    db_path = tmp_path / "g.sqlite"
    shutil.copy(search_db_path, db_path)
    writer = open_db(db_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM concordance")  # uncommitted: not in the backup
    dest = backup_database(db_path, tmp_path / "backup.sqlite")
    writer.rollback()
    assert check_database(dest).ok
    assert counts(dest)[:2] == counts(db_path)[:2]
    with pytest.raises(GlossaryError, match="exists already"):
        backup_database(db_path, dest)


def test_sqlite3_and_sqlite_utils_use_the_project_fts(search_db_path: Path) -> None:
    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli:  # the sqlite3 shell, where the machine has one
        out = subprocess.run(
            [
                sqlite3_cli,
                "-readonly",
                str(search_db_path),
                "SELECT count(*) FROM clauses WHERE law = 'renmin-tiaojie-fa'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert out.strip() == "63"
    sqlite_utils = Path(sys.executable).parent / "sqlite-utils"
    two = subprocess.run(
        [
            str(sqlite_utils),
            "search",
            str(search_db_path),
            "article_search",
            "离婚",
            "-c",
            "han2",
            "--limit",
            "5",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(json.loads(two)) == 5 and all("离婚" in r["han2"] for r in json.loads(two))
    three = subprocess.run(
        [str(sqlite_utils), "search", str(search_db_path), "paragraphs", "离婚诉讼", "-c", "han"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(three) and all("离婚诉讼" in r["han"] for r in json.loads(three))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_datasette_shows_tables_views_metadata_and_finds_li_hun(
    tmp_path: Path, search_db_path: Path, run
) -> None:
    db_path = tmp_path / "glossary.sqlite"
    shutil.copy(search_db_path, db_path)
    meta = tmp_path / "metadata.json"
    assert run("datasette", "--metadata", meta, "--db", str(db_path), db=False).exit_code == 0
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "datasette"),
            "serve",
            str(db_path),
            "-m",
            str(meta),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path: str):
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return json.load(response)

    try:
        for _ in range(100):
            try:
                get("/-/versions.json")
                break
            except OSError:
                time.sleep(0.1)
        info = get("/glossary.json")
        names = {t["name"] for t in info["tables"]} | {v["name"] for v in info["views"]}
        assert {"articles", "paragraphs", "clauses", "article_texts", "term_list"} <= names
        found = get("/glossary/article_texts.json?_search=%E7%A6%BB%E5%A9%9A&_shape=array")
        assert found and all("离婚" in row["han"] for row in found)
        metadata = get("/-/metadata.json")
        tables = metadata["databases"]["glossary"]["tables"]
        assert "computed by machine" in tables["concordance"]["description"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_two_csv_imports_at_once_lose_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "g.sqlite"
    open_db(db_path, create=True).close()
    files = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.csv"
        rows = "".join(f"测试词{name}{n},测试释义{n}\n" for n in range(300))
        path.write_text("han,definition\n" + rows, encoding="utf-8")
        files.append(path)
    processes = [glossary_process("--db", db_path, "import", f) for f in files]
    assert [p.wait() for p in processes] == [0, 0]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM terms").fetchone() == (600,)
    assert conn.execute("SELECT count(*) FROM batches").fetchone() == (2,)
    conn.close()
    assert check_database(db_path).ok
