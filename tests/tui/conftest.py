"""Fixtures for the app's tests: a database of real law texts with plainly fake Bai, and an
app that keeps its settings and history in tmp folders and does not blink.

The SVG snapshots are committed, so they use their own database (``snapshot_db_master``,
``make_snapshot_app``) built from the made-up law texts of ``tests/tui/synthetic.py``: no
sentence of the official texts in ../shared/corpus may end up in the repository.

Bai text here is never real Bai: translations and term forms are "test bai one" and the
like. Real Bai words are never attached to terms they do not translate, not even in tests:
the snapshots are kept in the repository.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

LAW_FILES = (
    "hunyin-fa-2001.md",
    "minfadian-2020-hunyin-jiating-bian.md",
    "minshi-susong-fa-2021.md",
    "minshi-susong-fa-2023.md",
)
FAKE_BAI = {
    # (law, revision, article, position) → {dialect: text}
    ("hunyin-fa", "2001", 32, 1): {"bca": "test bai one", "bfs": "test bai one in bfs"},
    ("hunyin-fa", "2001", 32, 2): {"bca": "test bai two"},
    ("minfadian", "2020", 1079, 1): {"bca": "test bai successor"},
}
TERMS = ("离婚", "调解", "人民法院", "离婚诉讼", "感情")


def build_app_db(path: Path, laws_dir: Path, corpus: Path) -> None:
    """The pilot tests' database: the real corpus, read from disk at run time."""
    build_db(
        path,
        [laws_dir / f for f in LAW_FILES],
        [
            laws_dir / "concordance-hunyin-fa-2001-to-minfadian.computed.csv",
            laws_dir / "concordance-minshi-susong-fa.computed.csv",
        ],
    )


def build_snapshot_db(path: Path, folder: Path) -> None:
    """The snapshots' database: made-up laws and concordances written into ``folder``."""
    from .synthetic import write_synthetic_corpus

    build_db(path, *write_synthetic_corpus(folder))


def build_db(path: Path, law_files: list[Path], concordances: list[Path]) -> None:
    """Import the laws and concordances, then add the fake Bai and the test terms."""
    from glossary.io.concordance import import_concordance
    from glossary.io.laws import import_law_files, load_law_files
    from glossary.store.db import open_db
    from glossary.store.history import Batch, now
    from glossary.store.search_index import refresh as refresh_search_index
    from glossary.store.terms import BaiForm, TermRecord, upsert_term

    db = open_db(path, create=True)
    import_law_files(db, load_law_files(law_files))
    for concordance in concordances:
        import_concordance(db, concordance)
    batch = Batch(db, command="test")
    with db.atomic():
        for (law, rev, art, pos), texts in FAKE_BAI.items():
            para = db.execute(
                "SELECT p.id, a.id FROM paragraphs p JOIN articles a ON a.id = p.article_id "
                "JOIN revisions r ON r.id = a.revision_id "
                "WHERE r.law = ? AND r.label = ? AND a.number = ? AND p.position = ?",
                [law, rev, art, pos],
            ).fetchone()
            for dialect, bai in texts.items():
                stamp = now()
                db["translations"].insert(
                    {
                        "article_id": para[1],
                        "paragraph_id": para[0],
                        "dialect": dialect,
                        "bai": bai,
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
        for i, han in enumerate(TERMS):
            forms = (
                [
                    BaiForm(f"test bai form {i}", "latin", dialect="bca", source="test source"),
                    BaiForm(
                        f"test bai form {i} bfs", "latin", dialect="bfs", variety="test variety"
                    ),
                ]
                if i < 4
                else []
            )
            upsert_term(
                db,
                batch,
                TermRecord(
                    han=han,
                    definition=f"test definition {i}",
                    status="admitted",
                    source="test source",
                    attribution="test attribution",
                    forms=forms,
                    articles=[("hunyin-fa", "2001", 32)] if han == "离婚" else [],
                ),
            )
        refresh_search_index(db)
    db.close()


@pytest.fixture(scope="session")
def app_db_master(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path, corpus: Path) -> Path:
    path = tmp_path_factory.mktemp("tui") / "glossary.sqlite"
    build_app_db(path, laws_dir, corpus)
    return path


@pytest.fixture(scope="session")
def snapshot_db_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("snapshot-db")
    path = folder / "glossary.sqlite"
    build_snapshot_db(path, folder / "laws")
    return path


def private_copy(master: Path, tmp_path: Path) -> Path:
    """A private copy: the app never writes, but a test may chmod or break its copy."""
    path = tmp_path / "db" / "glossary.sqlite"
    path.parent.mkdir()
    shutil.copy(master, path)
    return path


def app_factory(default_db: Path, tmp_path: Path) -> Callable[..., object]:
    """Makes GlossaryApps on ``default_db``; settings and history in tmp_path (the autouse
    fixture in tests/conftest.py also points XDG_* there)."""
    from glossary.tui.app import GlossaryApp

    def make(db: Path | None = None, read_only: bool = False, **kw: object) -> GlossaryApp:
        kw.setdefault("settings_path", tmp_path / "config" / "config.toml")
        kw.setdefault("state_path", tmp_path / "data" / "app-state.json")
        return GlossaryApp(db or default_db, read_only, cursor_blink=False, **kw)  # type: ignore[arg-type]

    return make


@pytest.fixture
def app_db(app_db_master: Path, tmp_path: Path) -> Path:
    """A private copy of the real-corpus database."""
    return private_copy(app_db_master, tmp_path)


@pytest.fixture
def make_app(app_db: Path, tmp_path: Path) -> Callable[..., object]:
    """A GlossaryApp on the real-corpus test database (pilot tests only: they store nothing)."""
    return app_factory(app_db, tmp_path)


@pytest.fixture
def make_snapshot_app(snapshot_db_master: Path, tmp_path: Path) -> Callable[..., object]:
    """A GlossaryApp on the made-up database, for the committed SVG snapshots."""
    return app_factory(private_copy(snapshot_db_master, tmp_path), tmp_path)
