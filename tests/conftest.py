"""Shared fixtures: the real corpus (read from ../shared, never copied), fresh databases."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path:
    return Path(os.environ.get("GLOSSARY_CORPUS") or REPO.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    if not (path / "laws").is_dir():
        pytest.fail(f"the corpus is missing at {path}: set GLOSSARY_CORPUS to ../shared/corpus")
    return path


@pytest.fixture(scope="session")
def laws_dir(corpus: Path) -> Path:
    return corpus / "laws"


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the user's own database and config out of every test."""
    monkeypatch.delenv("GLOSSARY_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "glossary.sqlite"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class Run:
    """Runs the real entry point (``glossary.cli.main``) in-process, as a user would."""

    def __init__(self, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db_path = db_path
        self.capsys = capsys

    def __call__(self, *args: str | Path, db: bool = True) -> Result:
        from glossary.cli import main

        argv = [str(a) for a in args] + (["--db", str(self.db_path)] if db else [])
        self.capsys.readouterr()
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = self.capsys.readouterr()
        return Result(code, out.out, out.err)


@pytest.fixture
def run(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(db_path, capsys)
