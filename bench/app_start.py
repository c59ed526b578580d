"""Cold start of the app to its first screen: ``python -m bench.app_start DB``.

Starts a fresh Python process ``--runs`` times, each opening the app on DB the way
``glossary --db DB`` does (the command line's module, then the app), headless, and times
from the moment the process is spawned until the search screen is on the screen: its start
list is filled (the app's ``ResultsShown`` for the empty query) and Textual has refreshed
the screen after it (``call_after_refresh``). No sleeps: the child says ``READY`` on its
standard output at that moment, and the parent reads the clock when the line arrives.
Interpreter start-up and every import are in the figure, as a mediator waits for them.

Settings and history go to a temporary folder, never the user's own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

READY = "READY"
REPO = Path(__file__).resolve().parents[1]


def child(db: Path, width: int, height: int) -> None:
    """In the fresh process: the app headless, ``READY`` once its first screen is shown."""
    import asyncio

    import glossary.cli  # noqa: F401 (what `glossary` imports before the app)
    from glossary.tui.app import GlossaryApp
    from glossary.tui.testing import wait_for_results

    tmp = Path(tempfile.mkdtemp(prefix="glossary-app-start-"))
    app = GlossaryApp(
        db,
        read_only=True,
        cursor_blink=False,
        settings_path=tmp / "config.toml",
        state_path=tmp / "state.json",
    )

    async def first_screen(pilot: Any) -> None:
        await wait_for_results(app, "", timeout=60)
        painted = asyncio.Event()
        app.call_after_refresh(painted.set)
        await painted.wait()
        sys.stdout.write(READY + "\n")
        sys.stdout.flush()
        app.exit()

    app.run(headless=True, size=(width, height), auto_pilot=first_screen)


def one_start(db: Path, size: str) -> float:
    """Seconds from spawning a process until it says its first screen is shown."""
    cmd = [sys.executable, "-m", "bench.app_start", "--child", str(db), "--size", size]
    started = time.perf_counter()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == READY:
                shown = time.perf_counter()
                break
        else:
            proc.wait()
            raise SystemExit(f"the app did not start on {db} (exit {proc.returncode})")
        proc.stdout.read()
    return shown - started


def measure(db: Path, runs: int, size: str = "120x40") -> dict[str, Any]:
    one_start(db, size)  # warm the OS's file cache and the bytecode, as a second start is
    times = [one_start(db, size) for _ in range(runs)]
    return {
        "db": str(db),
        "runs": runs,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "times_s": [round(t, 3) for t in times],
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.app_start", description=__doc__.split("\n")[0]
    )
    parser.add_argument("db", type=Path, help="a glossary database file")
    parser.add_argument("--runs", type=int, default=10, help="fresh processes started")
    parser.add_argument("--size", default="120x40", help="terminal size, e.g. 80x24")
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        width, height = (int(x) for x in args.size.lower().split("x"))
        child(args.db, width, height)
        return
    report = measure(args.db, args.runs, args.size)
    print(
        f"app cold start → first screen on {report['db']} ({report['runs']} runs): "
        f"median {report['median_s']:.3f} s, min {report['min_s']:.3f} s, "
        f"max {report['max_s']:.3f} s"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
