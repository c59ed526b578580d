"""Search: Han of any length, pinyin, Bai with or without tones, article references, typos.

Importable without Textual; the command line and the app call :func:`search`.
"""

from glossary.search.engine import Hit, SearchResult, search

__all__ = ["Hit", "SearchResult", "search"]
