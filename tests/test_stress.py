"""Two writers and a reader at once, over a large import: no error, nothing lost.

The big import (thousands of term rows) holds the write lock for seconds; a second writer
(a law import, then a small clause import, then its undo) starts only once the lock is
seen held, so it has to wait; a reader searches the whole time. Every command must
succeed, every row must be there at the end, and `glossary check` must pass."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from glossary.search import search
from glossary.store.maintenance import check_database
from glossary.store.reader import open_reader

REPO = Path(__file__).resolve().parents[1]
BIG = 6000  # term rows: several seconds of holding the write lock on this machine


def glossary(db: Path, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "glossary", "--db", str(db), *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def lock_is_held(db: Path) -> bool:
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()
    return False


def test_two_writers_and_a_reader_over_a_large_import(
    mediation_law_template: Path, laws_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "glossary.sqlite"
    db.write_bytes(mediation_law_template.read_bytes())
    terms = tmp_path / "terms.csv"
    with terms.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["han", "bai", "dialect"])
        writer.writerows([f"测试词{i:05d}", f"test bai {i}", "bca"] for i in range(BIG))
    clauses = tmp_path / "clauses.csv"
    clauses.write_text(
        "法律,修订,条,款,方言,白文\n调解法,2010,3,1,bfs,test bai stress\n", encoding="utf-8"
    )

    big = glossary(db, "import", terms, "--json")
    deadline = time.monotonic() + 120  # a bound for a broken run, not a measurement
    while not lock_is_held(db):
        assert big.poll() is None, "the big import ended before it was seen holding the lock"
        assert time.monotonic() < deadline
        time.sleep(0.005)

    stop = threading.Event()
    reader_errors: list[BaseException] = []
    searches = 0

    def keep_searching() -> None:
        nonlocal searches
        reader = open_reader(db)
        try:
            while not stop.is_set():
                result = search(reader, "调解")
                assert result.hits, "a reader lost sight of what was committed"
                searches += 1
        except BaseException as exc:  # reported below, in the test's thread
            reader_errors.append(exc)
        finally:
            reader.close()

    reader_thread = threading.Thread(target=keep_searching)
    reader_thread.start()
    try:
        law = finished(glossary(db, "import-law", laws_dir / "hunyin-fa-2001.md", "--json"))
        small = finished(glossary(db, "import", clauses, "--json"))
        first = finished(big)
    finally:
        stop.set()
        reader_thread.join()
    assert law[0] == 0, law[2]
    assert small[0] == 0, small[2]
    assert first[0] == 0, first[2]
    assert reader_errors == [] and searches > 0

    conn = sqlite3.connect(db)
    count = conn.execute("SELECT count(*) FROM terms WHERE han LIKE '测试词%'").fetchone()[0]
    laws = {
        slug for (slug,) in conn.execute("SELECT slug FROM revisions r JOIN laws ON slug = law")
    }
    bai = conn.execute("SELECT bai FROM clause_translations WHERE dialect = 'bfs'").fetchall()
    batches = conn.execute("SELECT count(*) FROM batches").fetchone()[0]
    conn.close()
    assert count == BIG
    assert {"hunyin-fa", "renmin-tiaojie-fa"} <= laws
    assert bai == [("test bai stress",)]
    assert check_database(db).ok

    # the second writer's undo, while nothing else runs, takes back exactly its batch
    batch = json.loads(small[1])["batch"]
    undone = finished(glossary(db, "undo", str(batch)))
    assert undone[0] == 0, undone[2]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM clause_translations").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM batches").fetchone()[0] == batches + 1
    conn.close()
