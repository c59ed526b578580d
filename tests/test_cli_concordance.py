"""``glossary concordance show / unverified / verify / correct`` over the real corpus and the
shipped concordances: a person's confirmation or correction is one batch that
``glossary undo`` takes back exactly; a mistake is one clear message, nothing changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

CONCORDANCES = (
    "concordance-hunyin-fa-2001-to-minfadian.computed.csv",
    "concordance-minshi-susong-fa.computed.csv",
)


@pytest.fixture
def crun(corpus_run, laws_dir: Path):
    """The five corpus texts with the two shipped concordances."""
    result = corpus_run("import-concordance", *(laws_dir / name for name in CONCORDANCES))
    assert result.exit_code == 0, result.stderr
    return corpus_run


def table(run: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(run.db_path) as conn:
        return conn.execute("SELECT * FROM concordance ORDER BY id").fetchall()


def batches(run: Any) -> int:
    with sqlite3.connect(run.db_path) as conn:
        return int(conn.execute("SELECT count(*) FROM batches").fetchone()[0])


def rows_from(run: Any, law: str, rev: str, art: int) -> list[tuple[Any, ...]]:
    with sqlite3.connect(run.db_path) as conn:
        return conn.execute(
            "SELECT to_law, to_revision, to_article, relation, rank, computed, verified "
            "FROM concordance WHERE from_law = ? AND from_revision = ? AND from_article = ? "
            "ORDER BY to_law, rank",
            [law, rev, art],
        ).fetchall()


def test_show_lists_the_rows_from_and_to_an_article(crun) -> None:
    result = crun("concordance", "show", "hunyin-fa", "2001", "32", "--json")
    assert result.exit_code == 0, result.stderr
    shown = result.json()
    assert [(r["to_article"], r["rank"]) for r in shown["from"]] == [(1079, 1), (1091, 2)]
    text = crun("concordance", "show", "民法典", "2020", "第一千零七十九条").stdout
    assert "hunyin-fa 2001 32 → minfadian 2020 1079" in text
    assert "machine-computed, unverified" in text


def test_unverified_lists_links_but_not_second_guesses(crun) -> None:
    result = crun("concordance", "unverified", "hunyin-fa", "--json")
    assert result.exit_code == 0, result.stderr
    found = result.json()
    assert found and all(r["verified"] == 0 for r in found)
    assert all(r["rank"] == 1 for r in found)  # the rank-2 candidates are not links
    assert found[0]["confidence"] == "low"  # least sure first
    limited = crun("concordance", "unverified", "--limit", "2")
    assert len(limited.stdout.splitlines()) == 2


def test_verify_confirms_a_link_and_undo_restores_exactly(crun) -> None:
    before = table(crun)
    result = crun(
        "concordance", "verify", "minshi-susong-fa", "2021", "122", "--to", "2023:122",
        "--by", "Test Person",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "verified by Test Person" in result.stdout
    assert rows_from(crun, "minshi-susong-fa", "2021", 122) == [
        ("minshi-susong-fa", "2023", 122, "identical", 1, 1, 1)  # computed stays 1
    ]
    shown = crun("concordance", "show", "minshi-susong-fa", "2021", "122").stdout
    assert "verified by Test Person" in shown
    again = crun("concordance", "verify", "minshi-susong-fa", "2021", "122")
    assert again.exit_code == 0 and "nothing to change" in again.stdout
    batch = crun("history", "--json").json()[0]["batch"]
    assert crun("undo", str(batch)).exit_code == 0
    assert table(crun) == before


def test_correct_replaces_the_machine_rows_and_undo_restores_exactly(crun) -> None:
    before = table(crun)
    result = crun(
        "concordance", "correct", "hunyin-fa", "2001", "32",
        "--to", "minfadian:2020:1079,1080", "--by", "Test Person",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert rows_from(crun, "hunyin-fa", "2001", 32) == [
        ("minfadian", "2020", 1079, "split", 1, 0, 1),
        ("minfadian", "2020", 1080, "split", 2, 0, 1),
    ]
    one = crun(
        "concordance", "correct", "hunyin-fa", "2001", "32",
        "--to", "minfadian:2020:1079", "--relation", "modified",
    )  # fmt: skip
    assert one.exit_code == 0, one.stderr
    assert rows_from(crun, "hunyin-fa", "2001", 32) == [
        ("minfadian", "2020", 1079, "modified", 1, 0, 1)
    ]
    deleted = crun("concordance", "correct", "minshi-susong-fa", "2021", "40", "--to", "2023")
    assert deleted.exit_code == 0, deleted.stderr
    assert rows_from(crun, "minshi-susong-fa", "2021", 40) == [
        ("minshi-susong-fa", "2023", None, "deleted", 1, 0, 1)
    ]
    for entry in crun("history", "--json").json()[:3]:  # newest first
        assert crun("undo", str(entry["batch"])).exit_code == 0
    assert table(crun) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("verify", "no-such-law", "2001", "32"), "unknown law 'no-such-law'"),
        (("verify", "hunyin-fa", "1999", "32"), "hunyin-fa has no revision '1999'"),
        (("verify", "hunyin-fa", "2001", "abc"), "ART 'abc' is not an article number"),
        (("verify", "hunyin-fa", "2001", "32", "--to", "minfadian:2020:1091"), "no link from"),
        (("verify", "minshi-susong-fa", "2023", "40"), "no row from minshi-susong-fa 2023 40"),
        (("correct", "hunyin-fa", "2001", "32", "--to", "minfadian:2020:1079"), "--relation"),
        (
            ("correct", "hunyin-fa", "2001", "32", "--to", "minfadian:2020:9999",
             "--relation", "modified"),
            "minfadian (2020) has no article 9999",
        ),
        (
            ("correct", "hunyin-fa", "2001", "32", "--to", "minfadian:2020:1079",
             "--relation", "split"),
            "a split article needs two or more",
        ),
        (
            ("correct", "hunyin-fa", "2001", "32", "--to", "minfadian:2020:1079",
             "--relation", "sideways"),
            "unknown relation 'sideways'",
        ),
        (("correct", "minshi-susong-fa", "2021", "40", "--to", "2021:41",
          "--relation", "modified"), "cannot be linked to its own revision"),
        (("correct", "minshi-susong-fa", "2021", "40", "--to", "2023:40,40",
          "--relation", "split"), "names an article twice"),
        (("correct", "minshi-susong-fa", "2021", "40", "--to", "2023::4"), "is not [LAW:]REV"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_message_and_changes_nothing(crun, args, says) -> None:
    before, count = table(crun), batches(crun)
    result = crun("concordance", *args)
    assert result.exit_code != 0
    assert says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table(crun) == before and batches(crun) == count
