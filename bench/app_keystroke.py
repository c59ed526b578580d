"""Keystroke-to-results latency of the app: ``python -m bench.app_keystroke DB``.

Drives the real app headless with Textual's Pilot on any glossary database (the 100 000-row
store is kept by ``python -m bench --keep DIR``), types each query key by key, and times
each key from the moment it is sent until the results list holds the results for the text
typed so far (the app's ``ResultsShown`` event, posted once the list is filled; painting
it adds at most one frame). Reports p50/p95/max over all keys and per query.

Settings and history go to a temporary folder, never the user's own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Han as a mediator types it (one character a key, as an IME commits), pinyin, a Bai word,
# an article reference, and a query that finds nothing.
DEFAULT_QUERIES = ["离婚", "人民法院调解", "lihun", "tiaojie", "baip ngvp", "民诉 122", "鬣狗"]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def key_name(ch: str) -> str:
    return "space" if ch == " " else ch


async def measure(
    db: Path, queries: list[str], size: tuple[int, int], rounds: int, timeout: float
) -> dict[str, Any]:
    from glossary.tui.app import GlossaryApp
    from glossary.tui.testing import wait_for_results

    tmp = Path(tempfile.mkdtemp(prefix="glossary-app-bench-"))
    app = GlossaryApp(
        db,
        read_only=True,
        cursor_blink=False,
        settings_path=tmp / "config.toml",
        state_path=tmp / "state.json",
    )
    per_query: dict[str, list[float]] = {q: [] for q in queries}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if not app.has_database:
            raise SystemExit(f"cannot open {db}: {app.opened.problem or 'no such file'}")
        # Typing starts once the app has loaded its later screens in the background (about
        # a second after the first screen: bench.app_start times that first screen).
        while getattr(app, "background_loading", "done") != "done":
            await asyncio.sleep(0.005)
        box = app.screen.query_one("#query")
        for _ in range(rounds):
            for query in queries:
                box.value = ""
                await wait_for_results(app, "", timeout)
                typed = ""
                for ch in query:
                    typed += ch
                    # Pilot's press() also waits for the app to go idle; time the key from
                    # when it is sent, concurrently, not from when press() returns.
                    started = time.perf_counter()
                    pressing = asyncio.create_task(pilot.press(key_name(ch)))
                    shown_at = await wait_for_results(app, typed, timeout)
                    per_query[query].append((shown_at - started) * 1000)
                    await pressing
    all_ms = [ms for values in per_query.values() for ms in values]
    return {
        "db": str(db),
        "terminal": f"{size[0]}x{size[1]}",
        "rounds": rounds,
        "keys": len(all_ms),
        "p50_ms": round(percentile(all_ms, 50), 2),
        "p95_ms": round(percentile(all_ms, 95), 2),
        "max_ms": round(max(all_ms), 2) if all_ms else None,
        "queries": {
            q: {
                "keys": len(v),
                "p50_ms": round(percentile(v, 50), 2),
                "p95_ms": round(percentile(v, 95), 2),
                "max_ms": round(max(v), 2),
            }
            for q, v in per_query.items()
            if v
        },
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.app_keystroke", description=__doc__.split("\n")[0]
    )
    parser.add_argument("db", type=Path, help="a glossary database file")
    parser.add_argument("--query", action="append", help="a query to type (repeatable)")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is typed")
    parser.add_argument("--size", default="120x40", help="terminal size, e.g. 80x24")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait a key")
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    from rich.cells import cell_len

    width, height = (int(x) for x in args.size.lower().split("x"))
    report = asyncio.run(
        measure(args.db, args.query or DEFAULT_QUERIES, (width, height), args.rounds, args.timeout)
    )
    print(
        f"app keystroke → results on {report['db']} ({report['terminal']}, "
        f"{report['keys']} keys, {report['rounds']} rounds)"
    )
    print(
        f"  all keys   p50 {report['p50_ms']:8.2f} ms   p95 {report['p95_ms']:8.2f} ms   "
        f"max {report['max_ms']:8.2f} ms"
    )
    for query, stats in report["queries"].items():
        pad = " " * max(0, 12 - cell_len(query))  # Han takes two columns
        print(
            f"  {query}{pad} p50 {stats['p50_ms']:8.2f} ms   p95 {stats['p95_ms']:8.2f} ms   "
            f"max {stats['max_ms']:8.2f} ms"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
