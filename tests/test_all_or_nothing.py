"""One command, one transaction, one batch: import-law, import-concordance and import-cldf
with several files write all of them or none — on a bad file, a full disk, or a kill."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from glossary.lawtext.numerals import int_to_cn

CONTENT = (
    "laws",
    "revisions",
    "divisions",
    "articles",
    "paragraphs",
    "concordance",
    "terms",
    "term_forms",
    "term_articles",
)


def dump(db_path: Path, tables: tuple[str, ...] | None = None) -> dict[str, list[Any]]:
    """Every row of every table (or of ``tables``), in rowid order."""
    conn = sqlite3.connect(db_path)
    try:
        names = tables or tuple(
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' ORDER BY name"
            )
        )
        return {t: conn.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in names}
    finally:
        conn.close()


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


# --- the three commands' inputs: a small good one, a big good one, a bad one ---------------


def law_file(folder: Path, name: str, title: str, articles: int) -> Path:
    lines = [f"# 中华人民共和国{title}", "", "2020年1月1日 测试会议通过", ""]
    for n in range(1, articles + 1):
        lines += [f"第{int_to_cn(n)}条 测试条文第{n}号，当事人可以申请调解。", ""]
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def concordance_file(folder: Path, name: str, revision: str, rows: int) -> Path:
    header = ["from_rev", "from_article", "to_rev", "to_article", "status", "similarity"]
    body = [[revision, str(n), "2100", str(n), "identical", "1.00"] for n in range(1, rows + 1)]
    return write_csv(folder / name, [header, *body])


def cldf_folder(folder: Path, name: str, glosses: list[str], language: str = "Testvillage") -> Path:
    target = folder / name
    target.mkdir()
    write_csv(
        target / "languages.csv",
        [["ID", "Name", "DialectGroup"], ["Testvillage", "Bai (Testvillage)", "Central"]],
    )
    params = [[f"{n}_test", f"test {n}", gloss] for n, gloss in enumerate(glosses)]
    write_csv(target / "parameters.csv", [["ID", "Name", "Chinese_Gloss"], *params])
    (target / "metadata.json").write_text(
        json.dumps({"title": f"Test set {name}", "license": "CC-BY-4.0"}), encoding="utf-8"
    )
    forms = [[f"f{n}", language, f"{n}_test", f"test bai {n}"] for n in range(len(glosses))]
    write_csv(target / "forms.csv", [["ID", "Language_ID", "Parameter_ID", "Form"], *forms])
    return target


# Han terms for the CLDF sets: distinct two-character words made of test characters.
HAN = "测试验查考核检审评量"


def han_terms(first: int, count: int) -> list[str]:
    return [
        HAN[i % 10] + HAN[i // 10 % 10] + HAN[i // 100 % 10] for i in range(first, first + count)
    ]


@dataclass
class Command:
    """One import command: how to make its inputs, and the key of a change only the second
    input makes (where a kill lands)."""

    name: str
    options: tuple[str, ...]
    make: Callable[[Path, str], Path]  # (folder, "small" | "big" | "bad") → the input
    second_marker: str
    bad_where: str  # what the error names for the bad input


def make_law(folder: Path, kind: str) -> Path:
    if kind == "bad":
        path = folder / "bad-law.md"
        path.write_text("# 不是法律\n\n没有条文。\n", encoding="utf-8")
        return path
    if kind == "small":
        return law_file(folder, "small-law.md", "小测试法", 3)
    return law_file(folder, "big-law.md", "大测试法", 1500)


def make_concordance(folder: Path, kind: str) -> Path:
    if kind == "bad":
        path = concordance_file(folder, "bad.csv", "2098", 3)
        path.write_text(path.read_text(encoding="utf-8") + "2098,4,2100,4,identical,high\n")
        return path
    if kind == "small":
        return concordance_file(folder, "small.csv", "2097", 3)
    return concordance_file(folder, "big.csv", "2099", 6000)


def make_cldf(folder: Path, kind: str) -> Path:
    if kind == "bad":
        return cldf_folder(folder, "bad", han_terms(0, 3), language="Nowhere")
    if kind == "small":
        return cldf_folder(folder, "small", han_terms(0, 3))
    return cldf_folder(folder, "big", han_terms(3, 997))


COMMANDS = [
    Command("import-law", (), make_law, "da-ce-shi-fa", "bad-law.md"),
    Command(
        "import-concordance",
        ("--law", "minshi-susong-fa"),
        make_concordance,
        "/2099/",
        "bad.csv:5:6",
    ),
    Command("import-cldf", (), make_cldf, "term/" + han_terms(3, 1)[0], "forms.csv:2"),
]
IDS = [c.name for c in COMMANDS]


@pytest.fixture
def ready_db(run) -> Path:
    """A database with the law catalog, as after `glossary init`."""
    assert run("init").exit_code == 0
    return run.db_path


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_bad_second_file_writes_nothing(
    command: Command, ready_db: Path, tmp_path: Path, run
) -> None:
    good, bad = command.make(tmp_path, "small"), command.make(tmp_path, "bad")
    before = dump(ready_db)
    result = run(command.name, *command.options, good, bad)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert command.bad_where in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(ready_db) == before


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_full_disk_during_the_second_file_writes_nothing(
    command: Command, ready_db: Path, tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, big = command.make(tmp_path, "small"), command.make(tmp_path, "big")
    # How many pages the small input needs alone: the disk is given that and a little more.
    alone = tmp_path / "alone.sqlite"
    shutil.copy(ready_db, alone)
    pages_before = page_count(alone)
    assert run(command.name, *command.options, small, "--db", alone, db=False).exit_code == 0
    room = page_count(alone) - pages_before + 8
    import glossary.store.reader as reader

    real_connect = reader.connect

    def small_disk(path: Path, *, read_only: bool) -> sqlite3.Connection:
        conn = real_connect(path, read_only=read_only)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + room}")
        return conn

    before = dump(ready_db)
    monkeypatch.setattr("glossary.store.db.connect", small_disk)
    result = run(command.name, *command.options, small, big)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "disk is full" in result.stderr and "nothing was written" in result.stderr
    assert dump(ready_db) == before


def page_count(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


# A process that stops — and says so by creating a file — once a change of the second input
# is being written; the test then kills it. No timing is guessed.
PAUSING_GLOSSARY = """
import os, sys, time
from pathlib import Path
from glossary.store import history

ready, marker = Path(os.environ["TEST_READY"]), os.environ["TEST_MARKER"]
record = history.Batch.record

def pausing_record(self, table, row_id, key, *args):
    record(self, table, row_id, key, *args)
    if marker in key:
        ready.touch()
        time.sleep(600)

record_inserts = history.Batch.record_inserts

def pausing_inserts(self, table, inserted):  # rows written in bulk: the same moment
    record_inserts(self, table, inserted)
    if any(marker in key for _id, key in inserted):
        ready.touch()
        time.sleep(600)

history.Batch.record = pausing_record
history.Batch.record_inserts = pausing_inserts
from glossary.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_kill_while_the_second_file_is_written_leaves_the_before_state(
    command: Command, ready_db: Path, tmp_path: Path, run
) -> None:
    small, big = command.make(tmp_path, "small"), command.make(tmp_path, "big")
    ready = tmp_path / "ready"
    before = dump(ready_db)
    env = os.environ | {"TEST_READY": str(ready), "TEST_MARKER": command.second_marker}
    argv = [command.name, *command.options, str(small), str(big), "--db", str(ready_db)]
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSING_GLOSSARY, *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists(), process.stderr.read() if process.poll() is not None else "timeout"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.stderr is not None
        process.stderr.close()
    assert dump(ready_db) == before
    assert run("check").exit_code == 0


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_a_multi_file_import_is_one_batch_and_undo_restores_everything(
    command: Command, ready_db: Path, tmp_path: Path, run
) -> None:
    first = command.make(tmp_path, "small")
    second = command.make(tmp_path, "big")
    before = dump(ready_db, CONTENT)
    batches = run("history", "--json").json()
    assert run(command.name, *command.options, first, second).exit_code == 0
    after = run("history", "--json").json()
    assert len(after) == len(batches) + 1
    new = after[0]
    assert new["command"] == command.name
    assert first.name in new["source"] or command.name == "import-cldf"
    assert dump(ready_db, CONTENT) != before
    assert run("undo", str(new["batch"])).exit_code == 0
    assert dump(ready_db, CONTENT) == before
