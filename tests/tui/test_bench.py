"""The keystroke benchmark runs on any database and reports per-key latencies."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.app_keystroke import measure, percentile


def test_percentile() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([5.0], 95) == 5.0


def test_keystroke_benchmark_times_every_key(app_db: Path) -> None:
    report = asyncio.run(measure(app_db, ["离婚", "li hun"], (80, 24), rounds=1, timeout=20))
    assert report["keys"] == 2 + 6
    assert report["queries"]["li hun"]["keys"] == 6
    assert 0 < report["p50_ms"] <= report["p95_ms"] <= report["max_ms"]


def test_start_benchmark_times_fresh_processes(app_db: Path) -> None:
    from bench.app_start import measure as measure_start

    report = measure_start(app_db, runs=1, size="80x24")
    assert report["runs"] == 1 and len(report["times_s"]) == 1
    assert 0 < report["min_s"] <= report["median_s"] <= report["max_s"]
