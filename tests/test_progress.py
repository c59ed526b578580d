"""Progress on long commands: drawn on stderr only when it is a terminal and the output is
not --json; the core only calls a plain callback (glossary.progress). Fake data only."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from glossary.cli.base import progress_bar
from glossary.io.export_csv import export_clauses_csv
from glossary.io.pairs import import_files
from glossary.store.maintenance import backup_database, check_database


class FakeTty(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Calls:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None, str]] = []

    def __call__(self, done: int, total: int | None, what: str) -> None:
        self.calls.append((done, total, what))

    def steps(self) -> list[str]:
        return list(dict.fromkeys(what for _done, _total, what in self.calls))


def pairs_csv(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["law", "revision", "article", "paragraph", "dialect", "bai"],
                ["人民调解法", "2010", "4", "", "bca", "test bai one"],
                ["人民调解法", "2010", "5", "", "bca", "test bai two"],
            ]
        )
    return path


def test_a_terminal_gets_a_progress_bar() -> None:
    tty = FakeTty()
    with progress_bar(stream=tty) as progress:
        assert progress is not None
        progress(0, 2, "checking test.csv")
        progress(2, 2, "checking test.csv")
    assert "checking test.csv" in tty.getvalue()


@pytest.mark.parametrize("as_json", [False, True], ids=["piped", "json"])
def test_no_bar_when_piped_or_json(as_json: bool) -> None:
    stream = FakeTty() if as_json else io.StringIO()
    with progress_bar(as_json, stream=stream) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_import_reports_each_row_checked_and_written(mediation_law_db, tmp_path: Path) -> None:
    calls = Calls()
    assert import_files(mediation_law_db, [pairs_csv(tmp_path)], progress=calls).ok
    assert calls.steps() == ["checking pairs.csv", "writing pairs.csv"]
    assert (2, 2, "writing pairs.csv") in calls.calls


def test_export_backup_and_check_report_progress(mediation_law_db, tmp_path: Path) -> None:
    assert import_files(mediation_law_db, [pairs_csv(tmp_path)]).ok
    exported = Calls()
    assert export_clauses_csv(mediation_law_db, io.StringIO(), progress=exported) == 2
    assert exported.calls[-1] == (2, 2, "writing rows")
    path = Path(mediation_law_db.conn.execute("PRAGMA database_list").fetchone()[2])
    mediation_law_db.close()
    copied, checked = Calls(), Calls()
    backup_database(path, tmp_path / "copy.sqlite", progress=copied)
    done, total, _ = copied.calls[-1]
    assert total and done == total
    assert check_database(path, progress=checked).ok
    assert checked.calls


def test_the_command_on_a_terminal_draws_progress_and_prints_the_same(
    run: Any, mediation_law_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    shutil.copy(mediation_law_template, run.db_path)
    file = pairs_csv(tmp_path)
    piped = run("import", "--dry-run", file)
    assert piped.exit_code == 0 and piped.stderr == ""
    tty = FakeTty()
    monkeypatch.setattr(sys, "stderr", tty)
    on_terminal = run("import", "--dry-run", file)
    assert on_terminal.stdout == piped.stdout
    assert "pairs.csv" in tty.getvalue()


def test_piped_command_prints_no_progress(mediation_law_template: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "g.sqlite"
    shutil.copy(mediation_law_template, db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLOSSARY")}
    done = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(db), "import", str(pairs_csv(tmp_path))],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "2 added" in done.stdout
