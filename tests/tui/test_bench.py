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
