"""What each table and index costs in a SQLite file: ``python -m bench.dbstat DB [--json]``.

One row per b-tree from SQLite's ``dbstat`` virtual table — a table, an index (also the
automatic index of a UNIQUE or PRIMARY KEY constraint), or a shadow table of an FTS5 index
— with its rows (cells of the leaf pages of a rowid table; entries of an index or a WITHOUT
ROWID table), pages, bytes and share of the file, largest first; then the same summed per
owner: a table with its indexes and the full-text indexes over it (sqlite-utils' ``X_fts``
is counted with ``X``; the search index's own FTS5 tables stand alone). The file is opened
read-only; a WAL not yet checkpointed is read through but not counted in the file's size.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
_CONTENT_RE = re.compile(r"content\s*=\s*['\"\[]?(\w+)", re.IGNORECASE)


@dataclass
class Tree:
    """One b-tree of the file."""

    name: str
    kind: str  # table | index | fts5 shadow of X | schema | free
    owner: str  # the table it belongs to (itself for a table)
    rows: int
    pages: int
    bytes: int
    percent: float


def _schema(con: sqlite3.Connection) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Each b-tree's (kind, owner) from sqlite_schema, and each FTS5 table's owner."""
    kinds: dict[str, tuple[str, str]] = {"sqlite_schema": ("schema", "sqlite_schema")}
    fts_owner: dict[str, str] = {}
    for type_, name, table, sql in con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('table', 'index')"
    ):
        if type_ == "index":
            kinds[name] = ("index", table)
        elif sql and re.match(r"\s*CREATE\s+VIRTUAL\s+TABLE", sql, re.IGNORECASE):
            if "fts5" in sql.lower():
                content = _CONTENT_RE.search(sql)
                fts_owner[name] = content.group(1) if content and content.group(1) else name
        elif sql and re.search(r"\)\s*WITHOUT\s+ROWID\s*$", sql, re.IGNORECASE):
            kinds[name] = ("table without rowid", name)
        else:
            kinds[name] = ("table", name)
    views = {r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'view'")}
    for fts, owner in list(fts_owner.items()):
        if owner in views:  # content read from a view (article_search): counted as its own
            owner = fts_owner[fts] = fts
        for suffix in FTS5_SHADOWS:
            if fts + suffix in kinds:
                kinds[fts + suffix] = (f"fts5 shadow of {fts}", owner)
    return kinds, fts_owner


def measure(path: Path) -> dict:
    """Every b-tree of the file at ``path``, largest first, and the sums per owner."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        kinds, _ = _schema(con)
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        page_count = con.execute("PRAGMA page_count").fetchone()[0]
        free = con.execute("PRAGMA freelist_count").fetchone()[0]
        rows = con.execute(
            """SELECT name, count(*), sum(pgsize),
                      sum(CASE WHEN pagetype = 'leaf' THEN ncell ELSE 0 END), sum(ncell)
                 FROM dbstat GROUP BY name"""
        ).fetchall()
    finally:
        con.close()
    total = page_count * page_size
    trees = []
    for name, pages, size, leaf_cells, cells in rows:
        kind, owner = kinds.get(name, ("table", name))
        # a rowid table's interior cells are separators; an index's interior cells are rows
        rowid = kind == "table" or kind.startswith("fts5")
        counted = leaf_cells if rowid else cells
        trees.append(Tree(name, kind, owner, counted, pages, size, 100 * size / total))
    if free:
        trees.append(Tree("(free pages)", "free", "(free pages)", 0, free, free * page_size, 0.0))
        trees[-1].percent = 100 * trees[-1].bytes / total
    trees.sort(key=lambda t: (-t.bytes, t.name))
    owners: dict[str, dict] = {}
    for t in trees:
        o = owners.setdefault(t.owner, {"owner": t.owner, "pages": 0, "bytes": 0, "trees": 0})
        o["pages"] += t.pages
        o["bytes"] += t.bytes
        o["trees"] += 1
    by_owner = sorted(owners.values(), key=lambda o: (-o["bytes"], o["owner"]))
    for o in by_owner:
        o["percent"] = 100 * o["bytes"] / total
    return {
        "file": str(path),
        "file_bytes": path.stat().st_size,
        "page_size": page_size,
        "pages": page_count,
        "trees": [asdict(t) for t in trees],
        "owners": by_owner,
    }


def mib(n: int) -> str:
    return f"{n / 2**20:.2f}"


def num(n: int) -> str:
    """A count with spaces between thousands (the README's style): 100 000."""
    return f"{n:,}".replace(",", " ")


def table_markdown(stats: dict, limit: int | None = None) -> str:
    """The per-b-tree table as Markdown (the ``limit`` largest, the rest summed)."""
    trees = stats["trees"]
    shown = trees if limit is None else trees[:limit]
    lines = [
        "| b-tree | kind | rows | pages | MiB | % of file |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for t in shown:
        lines.append(
            f"| {t['name']} | {t['kind']} | {num(t['rows'])} | {num(t['pages'])} | "
            f"{mib(t['bytes'])} | {t['percent']:.1f} |"
        )
    rest = trees[len(shown) :]
    if rest:
        size = sum(t["bytes"] for t in rest)
        pages = sum(t["pages"] for t in rest)
        lines.append(
            f"| {len(rest)} others | | | {num(pages)} | {mib(size)} | "
            f"{100 * size / (stats['pages'] * stats['page_size']):.1f} |"
        )
    return "\n".join(lines)


def owners_markdown(stats: dict, limit: int | None = None) -> str:
    """Sums per table (its indexes and full-text indexes with it) as Markdown."""
    owners = stats["owners"] if limit is None else stats["owners"][:limit]
    lines = ["| table with its indexes | b-trees | MiB | % of file |", "|---|--:|--:|--:|"]
    for o in owners:
        lines.append(f"| {o['owner']} | {o['trees']} | {mib(o['bytes'])} | {o['percent']:.1f} |")
    return "\n".join(lines)


def report(stats: dict, limit: int | None = None) -> str:
    head = (
        f"{stats['file']}: {mib(stats['file_bytes'])} MiB, {num(stats['pages'])} pages of "
        f"{stats['page_size']} bytes"
    )
    return "\n\n".join(
        [head, table_markdown(stats, limit), owners_markdown(stats, limit and limit // 2)]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dbstat", description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, help="show only the N largest b-trees")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        sys.exit(f"no such database: {args.db}")
    stats = measure(args.db)
    print(json.dumps(stats, indent=2) if args.json else report(stats, args.limit))


if __name__ == "__main__":
    main()
