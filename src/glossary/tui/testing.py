"""Helpers for driving the app headless (tests, the keystroke benchmark): what is on the
screen as plain text, and waiting until the results list shows a given query."""

from __future__ import annotations

import asyncio
import time

from textual.app import App


def screen_lines(app: App[object]) -> list[str]:
    """The visible screen, one string per terminal row (a wide character appears once)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))


async def wait_for_results(app: App[object], query: str, timeout: float = 10.0) -> float:
    """Wait until the results list shows the hits for ``query``; returns when (monotonic)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = getattr(app, "last_results", None)
        if shown is not None and shown.query == query:
            return time.perf_counter()
        await asyncio.sleep(0.0005)
    raise TimeoutError(f"results for {query!r} not shown within {timeout} s")
