"""The command line must start fast: the read path loads neither Textual nor sqlite-utils."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from glossary.store.schema import migration_names
from glossary.store.version import MIGRATION_NAMES

PROBE = """
import sys
from glossary.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = [m for m in ("textual", "sqlite_utils", "pypinyin", "docx", "rapidfuzz", "cn2an")
         if m in sys.modules]
print("HEAVY", ",".join(heavy))
"""


def heavy_modules(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    ).stdout
    return next(line for line in out.splitlines() if line.startswith("HEAVY")).split(" ")[1]


def test_search_show_and_stats_load_no_heavy_module(search_db_path: Path) -> None:
    db = str(search_db_path)
    for args in (
        ["--db", db, "search", "离婚", "--json"],
        ["--db", db, "search", "lihun"],
        ["--db", db, "show", "民诉", "122"],
        ["--db", db, "stats"],
        ["--help"],
    ):
        assert heavy_modules(*args) == "", args


def test_migration_names_known_without_sqlite_utils_match_the_schema() -> None:
    assert tuple(migration_names()) == MIGRATION_NAMES
