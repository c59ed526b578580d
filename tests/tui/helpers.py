"""Waiting for the app without guessing: poll a condition, with a bound, between the app's
own idle points. Text on the screen is compared with whitespace and box drawing removed,
so a line that wraps (at any terminal width, path length or padding) still matches."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from glossary.tui.testing import screen_text

TIMEOUT = 20.0  # a bound for a slow machine, never a duration a test relies on
_NOISE = re.compile(r"[\s\u2500-\u259f]+")  # whitespace, box drawing, blocks (scrollbars)


def flat(text: str) -> str:
    """The text with every space, line break, border and scrollbar cell removed."""
    return _NOISE.sub("", text)


def shows(app: Any, *needles: str) -> bool:
    text = flat(screen_text(app))
    return all(flat(needle) in text for needle in needles)


async def until(
    pilot: Any, condition: Callable[[], object], what: str = "", timeout: float = TIMEOUT
) -> None:
    """Let the app run until ``condition()`` holds; fail with ``what`` after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await pilot.pause()
        if condition():
            return
        if loop.time() > deadline:
            raise AssertionError(f"not within {timeout} s: {what or condition}")
        await asyncio.sleep(0.01)


async def until_text(pilot: Any, *needles: str, timeout: float = TIMEOUT) -> str:
    """Wait until every needle is on the screen; returns the screen's text."""

    def seen() -> bool:
        return shows(pilot.app, *needles)

    try:
        await until(pilot, seen, f"{needles!r} on the screen", timeout)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- the screen ---\n{screen_text(pilot.app)}") from None
    return screen_text(pilot.app)


async def until_screen(pilot: Any, kind: type, timeout: float = TIMEOUT) -> Any:
    """Wait until the app shows a screen of this class (and it is mounted); returns it."""
    await until(
        pilot,
        lambda: isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted,
        f"a {kind.__name__} on top",
        timeout,
    )
    return pilot.app.screen


def showing(app: Any, ref: Any) -> bool:
    """The article ``ref`` (an ArticleKey) is on top and its text is laid out."""
    from glossary.tui.article import ArticleScreen

    screen = app.screen
    return (
        isinstance(screen, ArticleScreen)
        and screen.ref == ref
        and screen.is_mounted
        and bool(screen.query("#clauses"))
    )
