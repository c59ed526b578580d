"""Every writing command against hostile files and a busy lock: a damaged file, a file from
a newer glossary, an older file opened by a reader, a new file the command fails to fill,
and a second writer that must wait for the first (in-process, through glossary.cli.main)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from glossary.store.schema import migration_names, migrations

# Each writing command with arguments that succeed on an undamaged copy of the template.
WRITERS = {
    "init": lambda laws, bai, tmp: ["init"],
    "import-law": lambda laws, bai, tmp: ["import-law", laws / "hunyin-fa-2001.md"],
    "import-concordance": lambda laws, bai, tmp: [
        "import-concordance",
        laws / "concordance-hunyin-fa-2001-to-minfadian.computed.csv",
    ],
    "import": lambda laws, bai, tmp: ["import", term_pairs(tmp)],
    "import-cldf": lambda laws, bai, tmp: ["import-cldf", bai / "allenbai"],
    "undo": lambda laws, bai, tmp: ["undo", "1"],
}
READERS = (
    ["stats"],
    ["search", "调解"],
    ["show", "调解法", "1"],
    ["history"],
    ["export", "json"],
    ["export", "csv", "--terms"],
    ["sql", "SELECT count(*) FROM articles"],
)


def term_pairs(tmp: Path) -> Path:
    path = tmp / "terms.csv"
    path.write_text("han,bai\n调解,test bai one\n", encoding="utf-8")
    return path


def state(path: Path) -> tuple[str, int]:
    """The file's bytes and the frames waiting in its WAL: both unchanged means nothing
    was written (a commit lands in the -wal file first)."""
    wal = Path(f"{path}-wal")
    return hashlib.sha256(path.read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0


def flip_btree_bits(path: Path, every: int = 3) -> int:
    """Flip the top bit of the cell count in every ``every``-th b-tree page after the first,
    so the file still opens (page 1, the header and the schema are intact) but SQLite's
    quick_check finds broken pages, as after a bad disk or a bad copy."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big") or 65536
    flipped = 0
    for number, start in enumerate(range(page_size, len(data), page_size), start=2):
        if number % every == 0 and data[start] in (2, 5, 10, 13):
            data[start + 3] ^= 0x80
            flipped += 1
    path.write_bytes(bytes(data))
    return flipped


def quick_check_problems(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


@pytest.fixture
def copy(mediation_law_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "glossary.sqlite"
    shutil.copy(mediation_law_template, path)
    return path


def writer_args(name: str, laws_dir: Path, corpus: Path, tmp_path: Path) -> list[str | Path]:
    return list(WRITERS[name](laws_dir, corpus / "bai", tmp_path))


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_writer_succeeds_on_the_undamaged_copy(
    command: str, copy: Path, run, laws_dir: Path, corpus: Path, tmp_path: Path
) -> None:
    """The baseline for the refusals below: these arguments do write."""
    result = run("--db", copy, *writer_args(command, laws_dir, corpus, tmp_path), db=False)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_writer_refuses_a_damaged_file_and_leaves_it_unchanged(
    command: str, copy: Path, run, laws_dir: Path, corpus: Path, tmp_path: Path
) -> None:
    assert flip_btree_bits(copy) > 0
    assert quick_check_problems(copy), "the damage must be one SQLite can see"
    before = state(copy)
    result = run("--db", copy, *writer_args(command, laws_dir, corpus, tmp_path), db=False)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    line = result.stderr
    assert line.startswith(f"error: {copy}: the database file is damaged")
    assert "backup" in line and "glossary check" in line
    assert state(copy) == before


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_writer_refuses_a_file_from_a_newer_glossary(
    command: str, copy: Path, run, laws_dir: Path, corpus: Path, tmp_path: Path
) -> None:
    """Known migrations but a higher user_version: written by a newer glossary."""
    conn = sqlite3.connect(copy)
    conn.execute(f"PRAGMA user_version = {len(migration_names()) + 1}")
    conn.close()
    before = state(copy)
    for args in (writer_args(command, laws_dir, corpus, tmp_path), ["stats"]):
        result = run("--db", copy, *args, db=False)
        assert result.exit_code == 1
        assert "newer version of glossary" in result.stderr
        assert result.stderr.count("\n") == 1
    assert state(copy) == before


@pytest.fixture
def older_file(tmp_path: Path) -> Path:
    """A glossary file with only the first schema version, as an old release left it."""
    path = tmp_path / "old.sqlite"
    old = Database(path)
    migrations.apply(old, stop_before=migration_names()[1])
    old.close()
    return path


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_reading_commands_never_upgrade_an_older_file(
    args: list[str], older_file: Path, run
) -> None:
    before = state(older_file)
    result = run("--db", older_file, *args, db=False)
    assert result.exit_code == 1
    assert "older schema" in result.stderr and "glossary init" in result.stderr
    assert result.stderr.count("\n") == 1
    assert state(older_file) == before


def test_a_writing_command_upgrades_the_older_file_then_readers_read_it(
    older_file: Path, run
) -> None:
    assert run("--db", older_file, "init", db=False).exit_code == 0
    conn = sqlite3.connect(older_file)
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    conn.close()
    assert applied == migration_names()
    assert run("--db", older_file, "stats", db=False).exit_code == 0


FAILING_INTO_NEW = {
    "import-law": lambda tmp: ["import-law", write(tmp / "bad.md", "not a law\n")],
    "import": lambda tmp: ["import", write(tmp / "bad.csv", "a,b\n1,2\n")],
    "import-concordance": lambda tmp: [
        "import-concordance",
        write(tmp / "concordance-bad.computed.csv", "x,y\n1,2\n"),
    ],
    "import-cldf": lambda tmp: ["import-cldf", mkdir(tmp / "not-cldf")],
    "undo": lambda tmp: ["undo", "1"],
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("command", sorted(FAILING_INTO_NEW))
def test_a_failing_writer_leaves_no_new_file_behind(command: str, tmp_path: Path, run) -> None:
    new = tmp_path / "new" / "glossary.sqlite"
    result = run("--db", new, *FAILING_INTO_NEW[command](tmp_path), db=False)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert not any(Path(f"{new}{s}").exists() for s in ("", "-wal", "-shm", "-journal"))


def test_a_failing_writer_keeps_a_file_that_already_existed(
    copy: Path, run, tmp_path: Path
) -> None:
    result = run("--db", copy, *FAILING_INTO_NEW["import"](tmp_path), db=False)
    assert result.exit_code == 1 and copy.exists()


class LockHolder(threading.Thread):
    """Holds the write lock with a committed-at-release batch of its own, until told."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.locked = threading.Event()
        self.release = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO batches (at, command, source) VALUES ('2020-01-01', 'holder', 'x')"
            )
            self.locked.set()
            self.release.wait(timeout=60)
            conn.execute("COMMIT")
        finally:
            conn.close()


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_second_writer_waits_as_long_as_the_first_holds_the_lock(
    command: str,
    copy: Path,
    run,
    laws_dir: Path,
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import glossary.store.db as store_db

    monkeypatch.setattr(store_db, "LOCK_ATTEMPT_MS", 20)
    monkeypatch.delenv("GLOSSARY_BUSY_TIMEOUT", raising=False)
    holder = LockHolder(copy)
    real_is_busy = store_db.is_busy
    failed_attempts = []

    def counting_is_busy(exc: sqlite3.OperationalError) -> bool:
        busy = real_is_busy(exc)
        failed_attempts.append(busy)
        if failed_attempts.count(True) == 5:  # 5 attempts timed out: release the lock
            holder.release.set()
        return busy

    monkeypatch.setattr(store_db, "is_busy", counting_is_busy)
    before = sqlite3.connect(copy).execute("SELECT count(*) FROM batches").fetchone()[0]
    holder.start()
    assert holder.locked.wait(timeout=30)
    result = run("--db", copy, *writer_args(command, laws_dir, corpus, tmp_path), db=False)
    holder.release.set()
    holder.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert failed_attempts.count(True) >= 5, "the writer must have waited past 5 attempts"
    assert result.stderr.count("waiting for another import to finish") == 1
    conn = sqlite3.connect(copy)
    commands = [r[0] for r in conn.execute("SELECT command FROM batches ORDER BY id")]
    conn.close()
    assert "holder" in commands  # the first writer's batch, and
    assert len(commands) > before + 1 or command == "init"  # the second's, both kept


def test_the_wait_has_a_configurable_bound(
    copy: Path, run, laws_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("glossary.store.db.LOCK_ATTEMPT_MS", 20)
    monkeypatch.setenv("GLOSSARY_BUSY_TIMEOUT", "0")
    holder = LockHolder(copy)
    holder.start()
    assert holder.locked.wait(timeout=30)
    try:
        result = run("--db", copy, "import-law", laws_dir / "hunyin-fa-2001.md", db=False)
    finally:
        holder.release.set()
        holder.join(timeout=30)
    assert result.exit_code == 1
    assert "busy" in result.stderr and "GLOSSARY_BUSY_TIMEOUT" in result.stderr
    monkeypatch.setenv("GLOSSARY_BUSY_TIMEOUT", "soon")
    bad = run("--db", copy, "import-law", laws_dir / "hunyin-fa-2001.md", db=False)
    assert bad.exit_code == 1 and "GLOSSARY_BUSY_TIMEOUT must be a number" in bad.stderr
