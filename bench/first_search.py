"""The first search of a new process: ``python -m bench.first_search DB``.

For each query, ``--runs`` fresh ``glossary --db DB search --json QUERY`` processes; the
figure is what each reports as ``took_ms`` (the engine's own time, from the query to the
hits with their text and spans: what loading on first use adds shows here, not Python's
start-up). Reports the median and p95 per query class and over all.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.app_keystroke import percentile

# One of each kind: an article reference, Han of two and six characters, pinyin, Bai
# without tones, several words, a typo forgiven, a traditional spelling, nothing found.
QUERIES = {
    "reference": "民诉 122",
    "han2": "离婚",
    "han6": "人民法院调解",
    "pinyin": "lihun",
    "bai": "baip ngvp",
    "terms": "离婚 财产",
    "typo": "人民法阮",
    "typo2": "离昏",
    "traditional": "離婚",
    "nothing": "鬣狗",
}


def glossary_command() -> str:
    return shutil.which("glossary") or str(Path(sys.executable).parent / "glossary")


def took_ms(db: Path, query: str) -> float:
    out = subprocess.run(
        [glossary_command(), "--db", str(db), "search", "--json", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    value: float = json.loads(out)["took_ms"]
    return value


def measure(db: Path, runs: int, queries: dict[str, str] | None = None) -> dict[str, Any]:
    queries = queries or QUERIES
    took_ms(db, "离婚")  # the OS's file cache warm, as for any second start
    per: dict[str, list[float]] = {name: [] for name in queries}
    for _ in range(runs):  # round-robin, so that the machine's mood is shared by all
        for name, query in queries.items():
            per[name].append(took_ms(db, query))
    every = [ms for values in per.values() for ms in values]
    return {
        "db": str(db),
        "runs": runs,
        "median_ms": round(statistics.median(every), 2),
        "p95_ms": round(percentile(every, 95), 2),
        "queries": {
            name: {
                "query": queries[name],
                "median_ms": round(statistics.median(v), 2),
                "p95_ms": round(percentile(v, 95), 2),
            }
            for name, v in per.items()
        },
        "cpus": os.cpu_count(),
    }


def print_report(report: dict[str, Any]) -> None:
    print(
        f"first search of a process (took_ms) on {report['db']} ({report['runs']} runs a "
        f"query): median {report['median_ms']:.2f} ms, p95 {report['p95_ms']:.2f} ms"
    )
    for name, stats in report["queries"].items():
        print(
            f"  {name:<12} {stats['query']:<10} median {stats['median_ms']:7.2f} ms   "
            f"p95 {stats['p95_ms']:7.2f} ms"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.first_search", description=__doc__.split("\n")[0]
    )
    parser.add_argument("db", type=Path, help="a glossary database file")
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per query")
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    report = measure(args.db, args.runs)
    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
