"""Shared fixtures: the real corpus (read from ../shared, never copied), fresh databases."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI runs the same examples every time (a clean clone has no example database, and a run
# must not land or fail by chance); a developer's run draws new ones to find new bugs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The interface language follows the locale; tests choose it themselves (English unless a
# test asks for Chinese), whatever the machine running them is set to.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def english_unless_asked() -> Any:
    """Every test starts in English and leaves the active language as it found it."""
    from glossary import i18n

    i18n.use_language(i18n.ENGLISH)
    yield
    i18n.use_language(i18n.ENGLISH)


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


CORPUS_LAW_FILES = (
    "minshi-susong-fa-2023.md",
    "minshi-susong-fa-2021.md",
    "hunyin-fa-2001.md",
    "minfadian-2020-hunyin-jiating-bian.md",
    "renmin-tiaojie-fa-2010.md",
)


@pytest.fixture(scope="session")
def search_db_path(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> Path:
    """A database with five corpus texts, built once per session through the importers."""
    from glossary.io.laws import import_law_files, load_law_files
    from glossary.store.db import open_db

    path = tmp_path_factory.mktemp("search") / "glossary.sqlite"
    db = open_db(path, create=True)
    import_law_files(db, load_law_files([laws_dir / f for f in CORPUS_LAW_FILES]))
    db.close()
    return path


@pytest.fixture
def corpus_run(search_db_path: Path, tmp_path: Path, run: Run) -> Run:
    """``run`` on a private copy of the five-text search database."""
    import shutil

    path = tmp_path / "g.sqlite"
    shutil.copy(search_db_path, path)
    run.db_path = path
    return run


@pytest.fixture(scope="session")
def mediation_law_template(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> Path:
    """A database holding 人民调解法 (2010), built once; copy it, never write to it."""
    from glossary.io.laws import import_law_files, load_law_files
    from glossary.store.db import open_db

    path = tmp_path_factory.mktemp("mediation") / "template.sqlite"
    db = open_db(path, create=True)
    import_law_files(db, load_law_files([laws_dir / "renmin-tiaojie-fa-2010.md"]))
    db.close()
    return path


@pytest.fixture
def mediation_law_path(mediation_law_template: Path, tmp_path: Path, run: Run) -> Path:
    """A writable copy of the 人民调解法 database, closed; the ``run`` fixture uses it."""
    import shutil

    path = tmp_path / "g.sqlite"
    shutil.copy(mediation_law_template, path)
    run.db_path = path
    return path


@pytest.fixture
def mediation_law_db(mediation_law_template: Path, tmp_path: Path):
    """A writable copy of the 人民调解法 database, open."""
    import shutil

    from glossary.store.db import open_db

    path = tmp_path / "glossary.sqlite"
    shutil.copy(mediation_law_template, path)
    database = open_db(path)
    yield database
    database.close()


def run_as_nobody(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` where the folder cannot be written: in a forked child that became
    nobody when we are root (root writes everywhere), else here. Everything the child
    needs is imported before it drops root (it could not read the interpreter's files)."""
    if os.geteuid() != 0:
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.setgid(65534)
            os.setuid(65534)
            try:
                result = work()
            except Exception as exc:
                result = {"error": f"{type(exc).__name__}: {exc}"}
            os.write(write_end, json.dumps(result, default=str).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


@pytest.fixture
def as_a_user() -> Callable[[Callable[[], dict[str, Any]]], dict[str, Any]]:
    """Run a function as an ordinary user would (see :func:`run_as_nobody`)."""
    return run_as_nobody


@pytest.fixture(scope="session")
def translators_template(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> Path:
    """The translators' test database (tests/translators.py), built once; copy it."""
    from translators import build_template

    return build_template(tmp_path_factory.mktemp("translators"), laws_dir)


@pytest.fixture
def translators_db(translators_template: Path, db_path: Path) -> Path:
    """A writable copy of it at the ``run`` fixture's path."""
    import shutil

    shutil.copy(translators_template, db_path)
    return db_path
