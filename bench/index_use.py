"""Which indexes search uses: ``python -m bench.index_use DB [--queries N]``.

Runs ``glossary.search.search`` for N queries of each class of ``python -m bench`` (drawn
from the store itself) on a read-only connection with a trace callback, asks SQLite for the
plan of every distinct SELECT it ran (``EXPLAIN QUERY PLAN``), and lists each b-tree of
the file (bench.dbstat) with how many of those statements read it and how: a seek through
an index or a primary key, a full-text MATCH, or a scan. A b-tree no statement reads is not
needed by search (it may be by writes, history or the other commands: grep before dropping).
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

from bench import dbstat
from bench.dbstat import mib

_KEYWORDS = "ON|WHERE|JOIN|LEFT|INNER|CROSS|ORDER|GROUP|LIMIT|UNION|USING|NATURAL"
_ALIAS_RE = re.compile(
    rf"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(?!(?:{_KEYWORDS})\b)(\w+))?", re.I
)


def traced_statements(path: Path, per_class: int, seed: int = 16) -> list[str]:
    """Every statement search ran for the sampled queries, with its values bound."""
    from bench.__main__ import sample_queries
    from glossary.search import search
    from glossary.store.db import open_db

    queries = sample_queries(path, random.Random(seed), per_class)
    db = open_db(path, read_only=True)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        for items in queries.values():
            for q in items:
                search(db, q, limit=20)
    finally:
        db.conn.set_trace_callback(None)
        db.close()
    return statements


def plan_uses(path: Path, statements: list[str]) -> dict[str, dict[str, int]]:
    """b-tree name → {how it is read: number of distinct statements}."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    uses: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    try:
        for sql in sorted(set(statements)):
            if not re.match(r"\s*(SELECT|WITH)\b", sql, re.I):
                continue
            aliases = {alias or table: table for table, alias in _ALIAS_RE.findall(sql)}
            seen: set[tuple[str, str]] = set()
            for row in con.execute("EXPLAIN QUERY PLAN " + sql):
                detail = row[3]
                m = re.match(r"(SEARCH|SCAN) (?:main\.)?(\w+)", detail)
                if not m:
                    continue
                table = aliases.get(m.group(2), m.group(2))
                index = re.search(r"USING (?:COVERING )?INDEX (\w+)", detail)
                if index:
                    seen.add((index.group(1), f"{m.group(1).lower()} via index"))
                    if "COVERING" not in detail:  # the rows are read from the table too
                        seen.add((table, f"rows via {index.group(1)}"))
                elif "VIRTUAL TABLE INDEX" in detail:
                    seen.add((table, "full-text"))
                elif "PRIMARY KEY" in detail or "ROWID" in detail:
                    seen.add((table, "primary key"))
                else:
                    seen.add((table, m.group(1).lower()))
            for name, how in seen:
                uses[name][how] += 1
    finally:
        con.close()
    return uses


def report(path: Path, per_class: int) -> str:
    statements = traced_statements(path, per_class)
    uses = plan_uses(path, statements)
    stats = dbstat.measure(path)
    lines = [
        f"{path}: {len(statements)} statements traced, {len(set(statements))} distinct",
        "",
        "| b-tree | kind | MiB | read by search (distinct statements) |",
        "|---|---|--:|---|",
    ]
    fts_of = {t["name"]: t["kind"].removeprefix("fts5 shadow of ") for t in stats["trees"]}
    for t in stats["trees"]:
        name = t["name"]
        key = fts_of[name] if t["kind"].startswith("fts5") else name
        how = uses.get(key) or uses.get(name)
        text = ", ".join(f"{k} {v}" for k, v in sorted(how.items())) if how else "never"
        lines.append(f"| {name} | {t['kind']} | {mib(t['bytes'])} | {text} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.index_use", description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--queries", type=int, default=30, help="queries per class")
    args = parser.parse_args(argv)
    print(report(args.db, args.queries))


if __name__ == "__main__":
    main()
