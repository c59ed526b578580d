"""`glossary export -o`: never over the database or its side files (also through a symlink or
a hard link), never over an existing file without --force, and a failed write leaves no file
at all. Every export format; Bai text here is plainly fake."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import glossary.io.output as output

FORMATS = [("csv",), ("csv", "--terms"), ("tbx",), ("json",)]
IDS = ["csv", "csv-terms", "tbx", "json"]


@pytest.fixture
def filled(mediation_law_template: Path, db_path: Path, tmp_path: Path, run) -> Path:
    """The 人民调解法 database with one clause translation and one term form."""
    shutil.copy(mediation_law_template, db_path)
    clauses = tmp_path / "in" / "clauses.csv"
    clauses.parent.mkdir()
    clauses.write_text(
        "law,revision,article,paragraph,dialect,bai\nrenmin-tiaojie-fa,2010,3,1,bca,test bai one\n",
        encoding="utf-8",
    )
    terms = tmp_path / "in" / "terms.csv"
    terms.write_text("han,bai,dialect\n调解,test bai two,bca\n", encoding="utf-8")
    assert run("import", clauses, terms).exit_code == 0
    return db_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def database_is_intact(run, before: str, db_path: Path) -> None:
    assert digest(db_path) == before
    assert run("check").exit_code == 0


@pytest.mark.parametrize("kind", FORMATS, ids=IDS)
@pytest.mark.parametrize("side", ["", "-wal", "-shm", "-journal"])
def test_export_never_writes_over_the_database_or_its_side_files(
    filled: Path, run, kind: tuple[str, ...], side: str
) -> None:
    target = Path(str(filled) + side)
    existed = target.exists()
    before = digest(filled)
    error = one_line_error(run("export", *kind, "-o", target, "--force"))
    assert "database" in error and str(target) in error
    assert target.exists() == existed  # a side file is not even created
    database_is_intact(run, before, filled)


@pytest.mark.parametrize("kind", FORMATS, ids=IDS)
@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_export_never_writes_over_the_database_through_a_link(
    filled: Path, run, tmp_path: Path, kind: tuple[str, ...], link: str
) -> None:
    alias = tmp_path / "other-name.csv"
    (os.symlink if link == "symlink" else os.link)(filled, alias)
    before = digest(filled)
    error = one_line_error(run("export", *kind, "-o", alias, "--force"))
    assert "database" in error
    database_is_intact(run, before, filled)


def test_a_symlink_to_a_side_file_that_does_not_exist_yet_is_refused(
    filled: Path, run, tmp_path: Path
) -> None:
    journal = Path(str(filled) + "-journal")
    assert not journal.exists()
    alias = tmp_path / "export.csv"
    alias.symlink_to(journal)
    one_line_error(run("export", "csv", "-o", alias))
    assert not journal.exists()


@pytest.mark.parametrize("kind", FORMATS, ids=IDS)
def test_an_existing_file_is_kept_without_force(
    filled: Path, run, tmp_path: Path, kind: tuple[str, ...]
) -> None:
    target = tmp_path / "export.out"
    target.write_text("keep me\n", encoding="utf-8")
    error = one_line_error(run("export", *kind, "-o", target))
    assert "exists" in error and "--force" in error
    assert target.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("kind", FORMATS, ids=IDS)
def test_force_replaces_an_existing_file_with_the_whole_export(
    filled: Path, run, tmp_path: Path, kind: tuple[str, ...]
) -> None:
    target = tmp_path / "export.out"
    target.write_text("old\n", encoding="utf-8")
    assert run("export", *kind, "-o", target, "--force").exit_code == 0
    fresh = tmp_path / "fresh.out"
    assert run("export", *kind, "-o", fresh).exit_code == 0
    assert target.read_bytes() == fresh.read_bytes() and b"test bai" in fresh.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_force_through_a_symlink_replaces_the_file_it_points_to(
    filled: Path, run, tmp_path: Path
) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    alias = tmp_path / "alias.csv"
    alias.symlink_to(real)
    assert run("export", "csv", "-o", alias, "--force").exit_code == 0
    assert alias.is_symlink() and "test bai one" in real.read_text(encoding="utf-8-sig")


def test_a_folder_is_refused(filled: Path, run, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert "folder" in one_line_error(run("export", "csv", "-o", folder))
    assert list(folder.iterdir()) == []


class FullDisk:
    """A text file whose writes fail with ENOSPC once ``room`` characters are written —
    after writing what fitted, as a real full disk does."""

    def __init__(self, handle: Any, room: int) -> None:
        self.handle, self.room = handle, room

    def write(self, text: str) -> int:
        if len(text) > self.room:
            self.handle.write(text[: self.room])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(text)
        return self.handle.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def opener(*args: Any, **kwargs: Any) -> FullDisk:
        return FullDisk(real_open(*args, **kwargs), room=60)

    monkeypatch.setattr(output, "open", opener, raising=False)


@pytest.mark.parametrize("kind", FORMATS, ids=IDS)
@pytest.mark.parametrize("existing", [False, True], ids=["new", "forced"])
def test_a_full_disk_leaves_neither_a_partial_file_nor_a_temporary_one(
    filled: Path, run, tmp_path: Path, kind: tuple[str, ...], existing: bool, full_disk: None
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "export.out"
    if existing:
        target.write_text("the previous export\n", encoding="utf-8")
    error = one_line_error(run("export", *kind, "-o", target, "--force"))
    assert "disk is full" in error
    assert [p.name for p in folder.iterdir()] == (["export.out"] if existing else [])
    if existing:
        assert target.read_text(encoding="utf-8") == "the previous export\n"


def test_an_error_half_way_removes_the_temporary_file(filled: Path, tmp_path: Path) -> None:
    from glossary.store.reader import open_reader

    db = open_reader(filled)
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), output.open_export(target, db) as handle:
        handle.write("half")
        raise RuntimeError("stop")
    db.close()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == [] and not target.exists()


def test_stdout_export_is_unchanged(filled: Path, run) -> None:
    result = run("export", "csv")
    assert result.exit_code == 0 and "test bai one" in result.stdout
