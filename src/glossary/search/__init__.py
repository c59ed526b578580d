"""Search: Han of any length, pinyin, Bai with or without tones, article references, typos.

Importable without Textual; the command line and the app call :func:`search`. The engine
and its stages are imported on the first call (``from glossary.search import search``
imports them then): the app's first screen, which shows no hits yet, does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from glossary.search.model import Hit, SearchResult

if TYPE_CHECKING:
    from glossary.search.engine import search


def __getattr__(name: str) -> Any:
    if name == "search":
        from glossary.search.engine import search

        return search
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Hit", "SearchResult", "search"]
