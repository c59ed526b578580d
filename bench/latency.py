"""Issue 16's three latency figures in one run: ``python -m bench.latency BIG [--demo DEMO]``.

- typing: ``bench.app_keystroke`` on BIG (the 100 000-article + 100 000-term store kept by
  ``python -m bench --keep DIR``) — p95 from key press to results, goal ≤ 33 ms;
- cold start: ``bench.app_start`` on DEMO (``make data/demo.sqlite``) — median to the first
  screen, goal ≤ 0.6 s;
- first search: ``bench.first_search`` on BIG — ``took_ms`` of fresh processes, goal ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
from pathlib import Path
from typing import Any

from bench import app_keystroke, app_start, first_search

GOALS = {"keystroke_p95_ms": 33.0, "start_median_s": 0.6, "first_search_ms": 10.0}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, Python {platform.python_version()}"


def run(big: Path, demo: Path, rounds: int, starts: int, searches: int) -> dict[str, Any]:
    queries = app_keystroke.DEFAULT_QUERIES
    keys = asyncio.run(app_keystroke.measure(big, queries, (120, 40), rounds, 30.0))
    start = app_start.measure(demo, starts)
    first = first_search.measure(big, searches)
    return {"machine": machine(), "keystroke": keys, "start": start, "first_search": first}


def print_report(report: dict[str, Any]) -> None:
    keys, start, first = report["keystroke"], report["start"], report["first_search"]
    print(f"machine: {report['machine']}")
    print(
        f"typing ({keys['keys']} keys, {keys['db']}): p50 {keys['p50_ms']:.1f} ms, "
        f"p95 {keys['p95_ms']:.1f} ms (goal ≤ {GOALS['keystroke_p95_ms']:.0f}), "
        f"max {keys['max_ms']:.1f} ms"
    )
    print(
        f"cold start ({start['runs']} runs, {start['db']}): median {start['median_s']:.3f} s "
        f"(goal ≤ {GOALS['start_median_s']}), min {start['min_s']:.3f}, max {start['max_s']:.3f}"
    )
    print(
        f"first search ({first['runs']} processes a query): median {first['median_ms']:.1f} ms, "
        f"p95 {first['p95_ms']:.1f} ms (goal ≤ {GOALS['first_search_ms']:.0f})"
    )
    first_search.print_report(first)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__)
    parser.add_argument("big", type=Path, help="the 100 000-row store")
    parser.add_argument("--demo", type=Path, default=Path("data/demo.sqlite"))
    parser.add_argument("--rounds", type=int, default=3, help="times each query is typed")
    parser.add_argument("--starts", type=int, default=10, help="fresh app processes")
    parser.add_argument("--searches", type=int, default=10, help="fresh processes a query")
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    report = run(args.big, args.demo, args.rounds, args.starts, args.searches)
    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
