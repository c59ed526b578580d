"""`glossary backup`: into a folder like cp, and nothing left behind by a killed backup."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from glossary.store.maintenance import backup_database, check_database, partial_name

REPO = Path(__file__).resolve().parents[1]


def test_a_backup_to_a_folder_goes_into_it_under_the_databases_name(
    run, mediation_law_template: Path, tmp_path: Path
) -> None:
    run.db_path = tmp_path / "rooms.sqlite"
    shutil.copy(mediation_law_template, run.db_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    result = run("backup", folder)
    assert result.exit_code == 0, result.stderr
    assert check_database(folder / "rooms.sqlite").ok
    again = run("backup", folder)  # the file is there now: never overwritten
    assert again.exit_code == 1
    assert "exists already" in again.stderr and str(folder / "rooms.sqlite") in again.stderr


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    """Until ``path`` exists (the child's signal), bounded so a broken child fails the test."""
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, "the backup process ended before it was killed"
        assert time.monotonic() < deadline, "the backup process never got going"
        time.sleep(0.01)


def test_the_next_backup_removes_what_a_killed_backup_left(
    mediation_law_path: Path, tmp_path: Path
) -> None:
    db = mediation_law_path
    dest = tmp_path / "copy.sqlite"
    ready = tmp_path / "ready"
    child = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from glossary.store.maintenance import backup_database

        def hold(done, total, what):
            if done:  # some pages are in the partial file: signal, then wait to be killed
                Path({str(ready)!r}).touch()
                time.sleep(600)

        backup_database({str(db)!r}, {str(dest)!r}, progress=hold)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", child], cwd=REPO)
    try:
        _wait_for(ready, process)
        leftover = partial_name(dest, process.pid)
        assert leftover.exists()
    finally:
        process.kill()
        process.wait()
    assert not dest.exists()
    written = backup_database(db, dest)
    assert written == dest and check_database(dest).ok
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []


def test_a_live_backups_partial_file_is_left_alone(
    mediation_law_path: Path, tmp_path: Path
) -> None:
    db = mediation_law_path
    dest = tmp_path / "copy.sqlite"
    other = partial_name(dest, os.getppid())  # a process that is alive: the test runner's
    other.write_bytes(b"in progress")
    backup_database(db, tmp_path / "copy.sqlite")
    assert other.read_bytes() == b"in progress"
