"""`glossary sql` against hostile statements: endless queries, huge values, Ctrl-C,
non-finite numbers, and the full-text tables (read yes, write never)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
from pathlib import Path

import pytest

ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(mediation_law_path: Path) -> Path:
    return mediation_law_path


def test_an_endless_query_stops_at_the_time_limit(db: Path, run) -> None:
    result = run("sql", ENDLESS, "--timeout", "0.2")
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1
    assert "time limit" in result.stderr and "--timeout" in result.stderr


def test_a_huge_value_is_refused_before_it_is_built(db: Path, run) -> None:
    for statement in (
        "SELECT zeroblob(900000000)",
        "SELECT length(randomblob(900000000))",
        "SELECT hex(randomblob(10000000))",
    ):
        result = run("sql", statement)
        assert result.exit_code == 1, statement
        assert "too large" in result.stderr and result.stderr.count("\n") == 1


def test_printing_stops_at_a_row_limit_with_a_note(db: Path, run, monkeypatch) -> None:
    monkeypatch.setattr("glossary.store.sql.MAX_ROWS", 50)
    many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 10000) "
    result = run("sql", many + "SELECT i FROM n")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["i", *map(str, range(1, 51))]
    assert "50 rows" in result.stderr and "--limit" in result.stderr
    exact = run("sql", many + "SELECT i FROM n", "--limit", "70", "--json")
    assert [r["i"] for r in exact.json()] == list(range(1, 71))


def test_printing_stops_at_a_byte_limit(db: Path, run, monkeypatch) -> None:
    monkeypatch.setattr("glossary.store.sql.MAX_OUTPUT_BYTES", 10_000)
    rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 1000) "
    result = run("sql", rows + "SELECT i, printf('%.*c', 1000, 'x') AS pad FROM n")
    assert result.exit_code == 0
    printed = len(result.stdout.splitlines()) - 1
    assert 5 <= printed <= 11 and "bytes" in result.stderr


def test_ctrl_c_interrupts_a_running_query(db: Path, run, monkeypatch) -> None:
    """SIGINT arrives while the query runs (the progress handler has been called)."""
    import glossary.store.sql as sql

    running = threading.Event()
    real_guard = sql.QueryGuard.__call__

    def noticing(self: sql.QueryGuard) -> int:
        running.set()
        return real_guard(self)

    monkeypatch.setattr(sql.QueryGuard, "__call__", noticing)

    def press_ctrl_c() -> None:
        if running.wait(timeout=60):
            os.kill(os.getpid(), signal.SIGINT)

    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when the suite runs in the background
    presser = threading.Thread(target=press_ctrl_c)
    presser.start()
    result = run("sql", ENDLESS, "--timeout", "600")
    presser.join()
    assert result.exit_code == 130
    assert result.stderr.count("\n") == 1 and "interrupted" in result.stderr
    assert signal.getsignal(signal.SIGINT) == before  # the handler is put back


def test_json_output_is_valid_json_for_non_finite_numbers(db: Path, run) -> None:
    result = run("sql", "SELECT 1e999 AS big, -1e999 AS small, 2.5 AS fine", "--json")
    assert result.exit_code == 0
    assert "Infinity" not in result.stdout
    assert json.loads(result.stdout, parse_constant=pytest.fail) == [
        {"big": None, "small": None, "fine": 2.5}
    ]


def test_full_text_tables_can_be_read(db: Path, run) -> None:
    plain = "SELECT count(*) AS n FROM paragraphs WHERE han LIKE '%人民调解%'"
    expected = run("sql", plain, "--json").json()[0]["n"]
    assert expected > 0
    for statement in (
        "SELECT count(*) AS n FROM paragraphs_fts WHERE paragraphs_fts MATCH '人民调解'",
        "SELECT count(*) AS n FROM paragraphs_fts('人民调解')",
    ):
        result = run("sql", statement, "--json")
        assert result.exit_code == 0, result.stderr
        assert result.json()[0]["n"] == expected
    search = "SELECT count(*) AS n FROM article_search WHERE article_search MATCH '调'"
    result = run("sql", search, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()[0]["n"] > 0


def test_full_text_tables_cannot_be_written(db: Path, run) -> None:
    before = digest(db)
    for statement in (
        "INSERT INTO paragraphs_fts(paragraphs_fts) VALUES('rebuild')",
        "INSERT INTO paragraphs_fts(paragraphs_fts) VALUES('optimize')",
        "INSERT INTO paragraphs_fts(paragraphs_fts, rank) VALUES('integrity-check', 1)",
        "INSERT INTO paragraphs_fts(rowid, han) VALUES (999999, 'test')",
        "DELETE FROM paragraphs_fts",
        "UPDATE paragraphs_fts SET han = 'x'",
        "DELETE FROM article_search",
        "INSERT INTO paragraphs_fts_data VALUES (999999, x'00')",
        "UPDATE sqlite_master SET sql = 'x'",
        "PRAGMA writable_schema = 1",
        "DROP TABLE paragraphs_fts",
    ):
        result = run("sql", statement)
        assert result.exit_code == 1, statement
        assert result.stderr.startswith("error:") and "only reads" in result.stderr, statement
    assert digest(db) == before
