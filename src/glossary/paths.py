"""Where the database lives: --db, else $GLOSSARY_DB, else the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "GLOSSARY_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("glossary", appauthor=False) / "glossary.sqlite"


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The database file to use, by the documented order of precedence."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()
