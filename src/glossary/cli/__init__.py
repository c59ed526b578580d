"""The command line: a thin layer over the core (no Textual import on these paths).

``base`` holds the group and what every command shares; each other module adds its commands
to the group when imported. ``invocation`` tells every failure in one place.
"""

from __future__ import annotations

from glossary.cli import (
    align,
    concordance,
    coverage,
    editors,
    handout,
    laws,
    maintenance,
    quality,
    reading,
    recordings,
    serve,
    usage,
)
from glossary.cli.base import cli, main

__all__ = [
    "align",
    "cli",
    "concordance",
    "coverage",
    "editors",
    "handout",
    "laws",
    "main",
    "maintenance",
    "quality",
    "reading",
    "recordings",
    "serve",
    "usage",
]
