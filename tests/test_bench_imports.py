"""The import benchmark runs end to end at a tiny size and reports every figure (not timed:
only that each figure is there and consistent), and dbstat accounts for the whole file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bench import dbstat
from bench.imports import main as bench_imports


def test_import_benchmark_reports_times_sizes_ratios_and_dbstat(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    bench_imports(["--articles", "120", "--terms", "150", "--runs", "1", "--out", str(out)])
    res = json.loads((out / "imports.json").read_text(encoding="utf-8"))
    assert (res["articles"], res["terms"], res["law_files"], res["runs"]) == (120, 150, 1, 1)
    for side in ("project", "plain"):
        row = res[side]
        assert 0 < row["laws_s"] < row["total_s"] and 0 < row["terms_s"] < row["total_s"]
        assert row["bytes"] > 0 and row["on_disk"] > 0
        assert row["beside"] == 0  # the WAL was checkpointed before the size was taken
        trees = {t["name"]: t for t in res["dbstat"][side]["trees"]}
        assert sum(t["bytes"] for t in trees.values()) == row["bytes"]
    ratio = res["ratio"]
    assert ratio["time"] == res["project"]["total_s"] / res["plain"]["total_s"]
    assert ratio["size"] == res["project"]["bytes"] / res["plain"]["bytes"]
    assert res["goals"]["time"] == {"goal": 10.0, "met": ratio["time"] <= 10}
    assert res["goals"]["size"] == {"goal": 3.0, "met": ratio["size"] <= 3}
    # the same rows on both sides: every article and term of the plain store was imported
    plain = {t["name"]: t for t in res["dbstat"]["plain"]["trees"]}
    project = {t["name"]: t for t in res["dbstat"]["project"]["trees"]}
    assert plain["articles"]["rows"] == project["articles"]["rows"] == 120
    assert plain["terms"]["rows"] == project["terms"]["rows"] == 150
    assert plain["articles_fts_data"]["kind"] == "fts5 shadow of articles_fts"
    text = (out / "imports.md").read_text(encoding="utf-8")
    assert "project ÷ plain" in text and "goal ≤ 10×" in text and "goal ≤ 3×" in text


def test_dbstat_sorts_by_size_and_names_owners(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE, b TEXT);
        CREATE INDEX t_b ON t (b);
        CREATE TABLE w (k TEXT PRIMARY KEY, v INT) WITHOUT ROWID;
        CREATE VIRTUAL TABLE t_fts USING fts5(a, content='t', content_rowid='id');
        """
    )
    con.executemany("INSERT INTO t (a, b) VALUES (?, ?)", [(f"a{i}" * 40, "b") for i in range(500)])
    con.executemany("INSERT INTO w VALUES (?, ?)", [(f"k{i}" * 30, i) for i in range(700)])
    con.commit()
    con.close()
    stats = dbstat.measure(path)
    trees = {t["name"]: t for t in stats["trees"]}
    assert [t["bytes"] for t in stats["trees"]] == sorted(
        (t["bytes"] for t in stats["trees"]), reverse=True
    )
    assert (trees["t"]["kind"], trees["t"]["rows"]) == ("table", 500)
    assert (trees["t_b"]["kind"], trees["t_b"]["owner"], trees["t_b"]["rows"]) == (
        "index",
        "t",
        500,
    )
    assert trees["sqlite_autoindex_t_1"]["rows"] == 500
    assert (trees["w"]["kind"], trees["w"]["rows"]) == ("table without rowid", 700)
    assert trees["t_fts_data"]["kind"] == "fts5 shadow of t_fts"
    assert trees["t_fts_data"]["owner"] == "t"  # an external-content index counts with its table
    assert sum(t["bytes"] for t in stats["trees"]) == stats["pages"] * stats["page_size"]
    owners = {o["owner"]: o for o in stats["owners"]}
    assert owners["t"]["trees"] == 3 + 4  # t, its two indexes, four FTS5 shadow tables
    assert "| t |" in dbstat.report(stats)


def test_index_use_lists_what_search_reads(search_db_path: Path) -> None:
    from bench.index_use import plan_uses, report, traced_statements

    statements = traced_statements(search_db_path, per_class=2)
    uses = plan_uses(search_db_path, statements)
    assert uses["article_search"]["full-text"] > 0  # every Han query matches the index
    assert "paragraphs_fts" not in uses  # sqlite-utils' trigram index: search never reads it
    lines = report(search_db_path, 2).splitlines()
    assert any(line.startswith("| paragraphs_fts_data |") and "never" in line for line in lines)
