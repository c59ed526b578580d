"""The command line against what a user (or a broken file) can throw at it: SQLite errors
from a damaged file, bytes that are not UTF-8, and arbitrary text for every argument — each
gives exit 0 or a short error, never a traceback (in-process, through glossary.cli.main)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.cli import main
from test_hostile_writers import flip_btree_bits, state

READING = (
    ["export", "json"],
    ["export", "csv", "--terms"],
    ["export", "csv"],
    ["export", "tbx"],
    ["stats"],
    ["history"],
    ["history", "调解法", "1"],
    ["search", "调解"],
    ["show", "调解法", "1"],
    ["sql", "SELECT han FROM paragraphs"],
)


def flip_root_pages(path: Path, tables: tuple[str, ...]) -> None:
    """Break the root page of these tables only: the file opens and its schema reads, and
    SQLite meets the damage in the middle of a command ("database disk image is
    malformed"), not while it is being opened."""
    conn = sqlite3.connect(path)
    roots = [
        conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [t]).fetchone()[0]
        for t in tables
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        data[(root - 1) * page_size + 3] ^= 0x80  # the top bit of the cell count
    path.write_bytes(bytes(data))


DATA_TABLES = ("laws", "revisions", "articles", "paragraphs", "terms", "batches", "changes")


@pytest.fixture
def damaged(mediation_law_template: Path, tmp_path: Path, request) -> Path:
    path = tmp_path / "damaged.sqlite"
    shutil.copy(mediation_law_template, path)
    if request.param == "tables":
        flip_root_pages(path, DATA_TABLES)
    else:
        flip_btree_bits(path, every=request.param)
    return path


@pytest.mark.parametrize("damaged", ["tables", 1, 3], indirect=True, ids=lambda n: f"pages-{n}")
@pytest.mark.parametrize("args", [*READING, ["undo", "1"]], ids=" ".join)
def test_sqlite_errors_on_a_damaged_file_are_one_line(args: list[str], damaged: Path, run) -> None:
    before = state(damaged)
    result = run("--db", damaged, *args, db=False)
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1)
    if result.exit_code:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        if args[0] != "sql":  # store.sql words its own errors (an SQL error)
            assert result.stderr.startswith(f"error: {damaged}: ")
            assert "backup" in result.stderr
    assert state(damaged) == before


@pytest.mark.parametrize(
    "args",
    [
        ["search", "li\udcffhun"],
        ["sql", "\udcff"],
        ["show", "民诉\udce9"],
        ["--db", "caf\udce9.sqlite", "stats"],
        ["import", "\ud800.csv"],
    ],
    ids=repr,
)
def test_arguments_that_are_not_utf8_are_one_line(
    args: list[str], run, mediation_law_template: Path
) -> None:
    result = run(*args, "--db", mediation_law_template, db=False)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "is not valid UTF-8" in result.stderr and "retype it" in result.stderr


def test_a_nul_in_an_argument_is_one_line(run, mediation_law_template: Path) -> None:
    result = run("search", "调\x00解", "--db", mediation_law_template, db=False)
    assert result.exit_code == 2 and "NUL" in result.stderr
    assert result.stderr.count("\n") == 1


def test_undecodable_bytes_from_a_real_shell(mediation_law_template: Path) -> None:
    """What `glossary search $'li\\xffhun'` passes: bytes, decoded by Python with
    surrogateescape."""
    argv: list[str | bytes] = [sys.executable, "-m", "glossary", "--db"]
    argv += [str(mediation_law_template), "search", b"li\xffhun"]
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        errors="replace",
    )
    assert done.returncode == 2
    assert "not valid UTF-8" in done.stderr and "Traceback" not in done.stderr
    assert "'li\\xffhun'" in done.stderr


OPTION_LIKE = [
    "--json",
    "--limit",
    "--law",
    "--revision",
    "--batch",
    "--db",
    "--read-only",
    "--dry-run",
    "--terms",
    "--all-revisions",
    "-o",
    "-h",
    "--",
    "-",
    "-1",
    "0",
    "1",
    "csv",
    "json",
    "tbx",
    "民诉",
    "调解法",
    "SELECT 1",
]
ARGUMENT = st.one_of(
    st.text(max_size=20),
    st.text(st.characters(categories=["Cs", "Cc", "Lo", "Nd"]), max_size=8),
    st.sampled_from(OPTION_LIKE),
    st.text(min_size=1, max_size=3).map(lambda s: s * 3000),
    st.just("\x00"),
)
READING_COMMANDS = ["search", "show", "history", "stats", "sql", "export", "check", "backup"]
WRITING_COMMANDS = ["init", "import-law", "import", "import-concordance", "import-cldf", "undo"]
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """glossary.cli.main as a user runs it: it returns (exit 0) or raises SystemExit; any
    other exception is a traceback and fails the test."""
    capsys.readouterr()
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


def assert_short_answer(code: int, err: str, args: list[str]) -> None:
    assert "Traceback" not in err
    assert code in (0, 1, 2), (code, err)
    if code:
        assert err.strip(), "a failure must say why"
        # click's usage error takes a few lines, and may quote an argument's own line breaks
        quoted = sum(a.count("\n") for a in args)
        assert err.count("\n") <= 10 + quoted, err


@pytest.fixture
def fuzz_copy(
    mediation_law_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A copy of a small real database; the commands run in an empty folder of their own,
    so files they are asked to write land there."""
    path = tmp_path / "fuzz.sqlite"
    shutil.copy(mediation_law_template, path)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return path


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_reading_commands_take_any_text_and_never_write(
    command: str, fuzz_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(fuzz_copy)

    @FUZZ
    @given(st.lists(ARGUMENT, max_size=4))
    def check(args: list[str]) -> None:
        code, err = run_main(["--db", str(fuzz_copy), command, *args], capsys)
        assert_short_answer(code, err, args)
        assert state(fuzz_copy) == before

    check()


@pytest.mark.parametrize("command", WRITING_COMMANDS)
def test_writing_commands_take_any_text(
    command: str, fuzz_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    @FUZZ
    @given(st.lists(ARGUMENT, max_size=4))
    def check(args: list[str]) -> None:
        code, err = run_main(["--db", str(fuzz_copy), command, *args], capsys)
        assert_short_answer(code, err, args)

    check()
