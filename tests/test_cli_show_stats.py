"""`glossary show` as text lists what the JSON holds; `stats` says which revisions are old."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def translated_db(run, laws_dir: Path, tmp_path: Path) -> Path:
    assert run("import-law", laws_dir / "renmin-tiaojie-fa-2010.md").exit_code == 0
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "法律,修订,条,款,方言,白文\n"
        "调解法,2010,3,,bfs,test bai whole\n"
        "调解法,2010,3,2,bca,test bai two\n",
        encoding="utf-8",
    )
    assert run("import", pairs).exit_code == 0
    return run.db_path


def test_show_prints_each_paragraph_under_its_number_with_its_bai(run, translated_db) -> None:
    view = run("show", "调解法 3", "--json").json()
    text = run("show", "调解法 3").stdout
    lines = text.splitlines()
    for p in view["paragraphs"]:
        numbered = [i for i, line in enumerate(lines) if line.split()[:1] == [str(p["position"])]]
        assert len(numbered) == 1, f"paragraph {p['position']} is not listed once by number"
        assert p["han"] in lines[numbered[0]]
    second = next(i for i, line in enumerate(lines) if line.split()[:1] == ["2"])
    assert lines[second + 1].split()[:4] == ["[bca]", "test", "bai", "two"]  # then its status
    first = next(i for i, line in enumerate(lines) if line.split()[:1] == ["1"])
    assert "no Bai translation yet" in lines[first + 1]


def test_show_prints_a_whole_article_translation(run, translated_db) -> None:
    view = run("show", "调解法 3", "--json").json()
    assert view["bai"] == {"bfs": "test bai whole"}
    text = run("show", "调解法 3").stdout
    assert "[bfs] test bai whole" in text
    # before the paragraphs, so it reads as the whole article's, not the last one's
    assert text.index("test bai whole") < text.index(view["paragraphs"][0]["han"])


def test_stats_json_marks_older_revisions_superseded(run, laws_dir: Path) -> None:
    files = [laws_dir / f"minshi-susong-fa-{year}.md" for year in (2017, 2021, 2023)]
    assert run("import-law", *files, laws_dir / "hunyin-fa-2001.md").exit_code == 0
    laws = run("stats", "--json").json()["laws"]
    status = {(r["law"], r["revision"]): r["status"] for r in laws}
    assert status[("minshi-susong-fa", "2023")] == "in_force"
    assert status[("minshi-susong-fa", "2017")] == "superseded_revision"
    assert status[("minshi-susong-fa", "2021")] == "superseded_revision"
    assert status[("hunyin-fa", "2001")] == "repealed"
    # the same word `show --json` uses for the same revision
    shown = run("show", "民诉 3", "--revision", "2017", "--json").json()
    assert shown["status"] == status[("minshi-susong-fa", "2017")]
