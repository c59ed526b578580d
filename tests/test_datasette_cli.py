"""`glossary datasette`: found in the project's own environment, its temporary metadata
removed however the server ends, each citation shown once. The server itself is replaced
by a stand-in that records how it was started."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from glossary.io.datasette import metadata_for
from glossary.store.db import open_db
from glossary.store.history import Batch
from glossary.store.terms import BaiForm, TermRecord, upsert_term


class FakeServer:
    """Stands in for subprocess.call: records the command and the metadata it was given."""

    def __init__(self, ending: type[BaseException] | None = None) -> None:
        self.command: list[str] = []
        self.metadata: Path | None = None
        self.metadata_existed = False
        self.ending = ending

    def __call__(self, command: list[str], *args: Any, **kwargs: Any) -> int:
        self.command = command
        serve = command[command.index("serve") :]
        self.metadata = Path(serve[serve.index("-m") + 1])
        self.metadata_existed = self.metadata.is_file()
        if self.ending is not None:
            raise self.ending
        return 0


@pytest.fixture
def no_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PATH without the venv's bin folder, as when the venv is not activated."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_datasette_in_the_projects_venv_is_found_without_path(
    run: Any, no_path: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init").exit_code == 0
    server = FakeServer()
    monkeypatch.setattr(subprocess, "call", server)
    result = run("datasette")
    assert result.exit_code == 0, result.stderr
    assert server.command[:3] == [sys.executable, "-m", "datasette"]
    assert server.command[3:5] == ["serve", str(run.db_path)]


@pytest.mark.parametrize("ending", [None, KeyboardInterrupt], ids=["stops", "interrupted"])
def test_the_temporary_metadata_is_removed_when_the_server_ends(
    run: Any, monkeypatch: pytest.MonkeyPatch, ending: type[BaseException] | None
) -> None:
    assert run("init").exit_code == 0
    server = FakeServer(ending)
    monkeypatch.setattr(subprocess, "call", server)
    run("datasette")
    assert server.metadata is not None and server.metadata_existed
    assert not server.metadata.exists()
    assert not server.metadata.parent.exists()


def test_term_forms_show_each_citation_once(db_path: Path) -> None:
    db = open_db(db_path, create=True)
    one, two = "Data: test set one. Licence: CC-BY-4.0.", "Data: test set two. Licence: CC-BY-4.0."
    with db.atomic():
        batch = Batch(db, command="edit")
        forms = [
            BaiForm("test bai one", "ipa", "bca", attribution=one),
            BaiForm("test bai two", "ipa", "bca", attribution=f"{one}\n{two}"),
        ]
        upsert_term(db, batch, TermRecord(han="测试", forms=forms))
    db.close()
    source = metadata_for(db_path)["databases"][db_path.stem]["tables"]["term_forms"]["source"]
    assert source.count(one) == 1 and source.count(two) == 1, json.dumps(source)
