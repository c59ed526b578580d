"""The README's worked example for translators runs as written: export a worksheet, fill two
rows, import with a dry run, import, see it, undo."""

from __future__ import annotations

import shlex
from pathlib import Path

import openpyxl

from conftest import REPO, corpus_dir
from glossary.io.vocabulary import WORKSHEET_HEADER
from translators import dump


def example_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("### From an empty dialect to a filled one", 1)[1]
    block = block.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("glossary ")]


def fill_two_rows(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    bai = list(WORKSHEET_HEADER).index("bai") + 1
    sheet.cell(2, bai).value = "test bai one"
    sheet.cell(3, bai).value = "test bai two"
    book.save(path)


def test_the_worked_example_runs(run, db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = example_commands()
    assert [c[0] for c in commands] == ["import-law", "export", "import", "import", "show", "undo"]
    shared = str(corpus_dir().parent)
    outputs = []
    for args in commands:
        args = [a.replace("../shared", shared) for a in args]
        if args[0] == "undo":
            before_undo = dump(db_path)
        result = run(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        outputs.append(result.stdout)
        if args[0] == "export":
            fill_two_rows(tmp_path / args[-1])
    assert "dry run" in outputs[2] and "2 added" in outputs[2]
    assert "2 added" in outputs[3] and "batch 2" in outputs[3]
    assert "test bai one" in outputs[4]
    assert before_undo != dump(db_path)
    assert dump(db_path)["translations"] == []  # back to an empty dialect
