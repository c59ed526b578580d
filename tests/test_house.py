"""House rules that keep the code easy to change: small files and classes, every command
documented in the README."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO / "src" / "glossary").rglob("*.py"))
MAX_FILE_LINES = 600
MAX_CLASS_LINES = 300


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_files_and_classes_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_FILE_LINES, "split the module by concern"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno is not None
            size = node.end_lineno - node.lineno + 1
            assert size <= MAX_CLASS_LINES, f"class {node.name} has {size} lines"


def test_every_command_is_in_the_readme() -> None:
    from glossary.cli import cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"`glossary {name}" not in readme]
    assert missing == [], "add these commands to the README's command table"
