"""The terminal app: search as you type, read Han and Bai side by side, browse the laws.

Textual is imported only when the app runs, so the command line stays fast.
"""

from __future__ import annotations

from pathlib import Path


def run_app(db_path: Path, read_only: bool = False, editing: bool = False) -> None:
    """Open the app on this database file (it need not exist: the app says how to build
    one)."""
    from glossary.tui.app import GlossaryApp

    GlossaryApp(Path(db_path), read_only=read_only, editing=editing).run()


__all__ = ["run_app"]
