"""The screens opened after the first one — an article, a term, coverage, the editor, the
revisions, the export dialog — and what they import (sqlite-utils for the editor's writes,
numpy and scipy for the paragraph alignment of "what changed").

The app's first screen does not wait for them: it imports this module when it first opens
one of them, and, once its first screen is shown, in a background thread
(:func:`load_in_background`, after the search engine), so that the first article opens
without that wait either.
Importing the screens adds nothing to what is shown: only the classes are made.
"""

from __future__ import annotations

from glossary.tui.article import ArticleScreen, TermsPanel
from glossary.tui.coverage import CoverageScreen
from glossary.tui.dialogs import ExportScreen
from glossary.tui.editor import BaiEditScreen
from glossary.tui.revisions import RevisionsScreen
from glossary.tui.term import TermScreen

#: The classes here that declare key bindings (tui.bindings translates them).
WITH_BINDINGS = (
    ArticleScreen,
    TermsPanel,
    TermScreen,
    CoverageScreen,
    ExportScreen,
    BaiEditScreen,
    RevisionsScreen,
)


def load_in_background() -> None:
    """What an article's "what changed" needs besides the screens: the aligner's numpy and
    scipy (lawtext.align imports them only when it runs). Called from a thread, after the
    search engine (the app imports it first)."""
    from glossary.lawtext.align import load_numerics

    load_numerics()


__all__ = [
    "WITH_BINDINGS",
    "ArticleScreen",
    "BaiEditScreen",
    "CoverageScreen",
    "ExportScreen",
    "RevisionsScreen",
    "TermScreen",
    "TermsPanel",
    "load_in_background",
]
