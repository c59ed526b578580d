"""``import-law`` aligns a new revision with its neighbours (store.alignment): in any import
order the same concordance, verified rows kept, one batch with the import, undo exact."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.lawtext.align import align
from test_align_crosscheck import links, numbered

YEARS = ("2007", "2012", "2017", "2021", "2023")
LAW = "minshi-susong-fa"
SIDES = ["from_law", "from_revision", "from_article", "to_law", "to_revision", "to_article"]


def files(laws_dir: Path, years) -> list[str]:
    return [str(laws_dir / f"{LAW}-{year}.md") for year in years]


def concordance(path: Path) -> list[tuple]:
    """Every row but its id, in a stable order."""
    with sqlite3.connect(path) as db:
        names = [r[1] for r in db.execute("PRAGMA table_info(concordance)") if r[1] != "id"]
        found = db.execute(f"SELECT {', '.join(names)} FROM concordance").fetchall()
    return sorted(found, key=repr)


def import_one_by_one(run, laws_dir: Path, years) -> None:
    for path in files(laws_dir, years):
        result = run("import-law", path)
        assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def in_date_order(tmp_path_factory, laws_dir: Path) -> list[tuple]:
    """The concordance after importing the five revisions in one command, oldest first."""
    from glossary.io.laws import import_law_files, load_law_files
    from glossary.store.db import open_db

    path = tmp_path_factory.mktemp("order") / "g.sqlite"
    db = open_db(path, create=True)
    import_law_files(db, load_law_files([Path(f) for f in files(laws_dir, YEARS)]))
    db.close()
    return concordance(path)


def as_dicts(found: list[tuple]) -> list[dict]:
    names = [*SIDES, "relation", "similarity", "confidence", "rank", "computed", "verified"]
    names.append("source")
    return [dict(zip(names, row, strict=True)) for row in found]


def test_in_date_order_every_neighbour_is_linked(in_date_order) -> None:
    found = as_dicts(in_date_order)
    pairs = {(r["from_revision"], r["to_revision"]) for r in found}
    assert pairs == {("2007", "2012"), ("2012", "2017"), ("2017", "2021"), ("2021", "2023")}
    relations = {r["relation"] for r in found}
    assert {"identical", "modified", "renumbered", "added", "deleted", "split"} <= relations
    assert {(r["computed"], r["verified"], r["source"]) for r in found} == {
        (1, 0, "glossary align")
    }


def test_the_stored_concordance_is_the_crosschecked_one(in_date_order, laws_dir: Path) -> None:
    """What import-law stores is what test_align_crosscheck compares with the shipped file."""
    found = as_dicts(in_date_order)
    for old, new in itertools.pairwise(YEARS):
        ours = {
            (_key(r["from_article"]), _key(r["to_article"]))
            for r in found
            if r["from_revision"] == old and r["to_revision"] == new
        }
        computed = links(
            align(numbered(laws_dir, f"{LAW}-{old}.md"), numbered(laws_dir, f"{LAW}-{new}.md"))
        )
        assert ours == computed, (old, new, ours ^ computed)


def _key(number: int | None) -> str | None:
    return None if number is None else str(number)


@pytest.mark.parametrize(
    "order",
    [
        ("2023", "2021", "2017", "2012", "2007"),
        ("2012", "2023", "2007", "2021", "2017"),
        ("2017", "2007", "2023", "2012", "2021"),
    ],
)
def test_one_by_one_in_any_order_gives_the_same_concordance(
    run, laws_dir: Path, in_date_order, order
) -> None:
    import_one_by_one(run, laws_dir, order)
    assert concordance(run.db_path) == in_date_order


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(order=st.permutations(YEARS), together=st.integers(1, 4))
def test_in_batches_in_any_order_gives_the_same_concordance(
    tmp_path: Path, laws_dir: Path, in_date_order, order, together
) -> None:
    """The revisions in any order, some of them in one command: still the same rows."""
    from glossary.io.laws import import_law_files, load_law_files
    from glossary.store.db import open_db

    path = tmp_path / f"g-{'-'.join(order)}-{together}.sqlite"
    db = open_db(path, create=True)
    paths = [Path(f) for f in files(laws_dir, order)]
    for start in range(0, len(paths), together):
        import_law_files(db, load_law_files(paths[start : start + together]))
    db.close()
    assert concordance(path) == in_date_order


def test_a_revision_imported_between_two_relinks_its_neighbours(run, laws_dir: Path) -> None:
    import_one_by_one(run, laws_dir, ("2017", "2023"))
    result = run("import-law", *files(laws_dir, ["2021"]), "--json")
    assert result.exit_code == 0, result.stderr
    (report,) = result.json()
    by_link = {a["link"]: a for a in report["aligned"]}
    assert by_link[f"{LAW} 2017 → 2023 (no longer neighbours)"]["removed"] > 250
    assert by_link[f"{LAW} 2017 → 2021"]["added"] > 250
    assert by_link[f"{LAW} 2021 → 2023"]["added"] > 250
    pairs = {(r["from_revision"], r["to_revision"]) for r in as_dicts(concordance(run.db_path))}
    assert pairs == {("2017", "2021"), ("2021", "2023")}


def test_undoing_the_import_undoes_its_alignment(run, laws_dir: Path) -> None:
    import_one_by_one(run, laws_dir, ("2021",))
    before = concordance(run.db_path)
    result = run("import-law", *files(laws_dir, ["2023"]), "--json")
    (report,) = result.json()
    assert report["aligned"] and concordance(run.db_path) != before
    assert run("undo", str(report["batch"])).exit_code == 0
    assert concordance(run.db_path) == before == []


def test_no_align_leaves_the_concordance_alone(run, laws_dir: Path) -> None:
    result = run("import-law", "--no-align", *files(laws_dir, ["2021", "2023"]), "--json")
    assert result.exit_code == 0, result.stderr
    assert all(r["aligned"] == [] for r in result.json())
    assert concordance(run.db_path) == []
    assert run("align", LAW).exit_code == 0  # aligned later, on demand
    assert len(concordance(run.db_path)) > 250


def test_reimporting_the_same_texts_changes_nothing(run, laws_dir: Path) -> None:
    import_one_by_one(run, laws_dir, ("2021", "2023"))
    before = concordance(run.db_path)
    result = run("import-law", *files(laws_dir, ["2021", "2023"]), "--json")
    assert [r["batch"] for r in result.json()] == [None, None]
    assert all(a["unchanged"] and not a["added"] for r in result.json() for a in r["aligned"])
    assert concordance(run.db_path) == before


def test_rows_a_person_verified_survive_a_new_import(run, laws_dir: Path, tmp_path) -> None:
    """import-concordance --verified rows (an editor's) stay exactly as they are when a
    revision imported later makes the machine recompute the link around them."""
    import_one_by_one(run, laws_dir, ("2021", "2023"))
    checked = tmp_path / "checked.csv"
    checked.write_text(
        "from_rev,from_article,to_rev,to_article,status,similarity\n"
        "2021,3,2023,4,modified,0.5\n2021,10,2023,,deleted,\n",
        encoding="utf-8",
    )
    result = run("import-concordance", "--verified", "--law", LAW, str(checked))
    assert result.exit_code == 0, result.stderr
    mine = [r for r in as_dicts(concordance(run.db_path)) if r["verified"]]
    assert len(mine) == 2
    shutil.copy(laws_dir / f"{LAW}-2023.md", tmp_path / f"{LAW}-2023.md")
    edited = tmp_path / f"{LAW}-2023.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("人民法院", "人民法庭", 3))
    assert run("import-law", str(edited)).exit_code == 0
    after = as_dicts(concordance(run.db_path))
    assert [r for r in after if r["verified"]] == mine
    machine = [r for r in after if not r["verified"]]
    assert all(r["from_article"] not in (3, 10) and r["to_article"] != 4 for r in machine)


def test_a_replaced_law_is_linked_to_its_successor_in_either_order(run, laws_dir: Path) -> None:
    hunyin, minfadian = (
        str(laws_dir / "hunyin-fa-2001.md"),
        str(laws_dir / "minfadian-2020-hunyin-jiating-bian.md"),
    )
    assert run("import-law", hunyin).exit_code == 0
    assert run("import-law", minfadian).exit_code == 0
    first = concordance(run.db_path)
    run.db_path = run.db_path.with_name("other-order.sqlite")
    assert run("import-law", minfadian).exit_code == 0
    assert run("import-law", hunyin).exit_code == 0
    found = as_dicts(concordance(run.db_path))
    assert sorted(map(repr, found)) == sorted(map(repr, as_dicts(first)))
    (link,) = [r for r in found if r["from_article"] == 32]  # 婚姻法 32: 离婚
    assert (link["to_law"], link["to_article"]) == ("minfadian", 1079)
    assert all(r["to_article"] is None or 1040 <= r["to_article"] <= 1118 for r in found)
