"""Usage counts (store.usage): articles opened and searches that found nothing, counted in
the per-user data folder; `glossary misses`, `glossary usage merge`, and the worksheet's
``--order demand``. The law is the corpus' 人民调解法 (2010); the Bai is plainly fake."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from glossary.io.export_worksheet import by_demand
from glossary.io.segments import Segment
from glossary.store.usage import (
    article_key,
    load_usage,
    merge,
    read_usage,
    record_miss,
    record_open,
    top_misses,
    usage_path,
)

LAW = "renmin-tiaojie-fa"


def other_machine(tmp_path: Path, name: str, opened: dict[str, int], misses: dict[str, int]):
    """A usage file as another machine's app writes it."""
    path = tmp_path / name / "usage.json"
    for key, times in opened.items():
        for _ in range(times):
            record_open(key, path)
    for query, times in misses.items():
        for _ in range(times):
            record_miss(query, path)
    return path


def test_counts_go_to_the_per_user_data_folder_and_hold_only_counts(tmp_path: Path) -> None:
    record_open(article_key(LAW, "2010", 5))
    record_open(article_key(LAW, "2010", 5))
    record_miss(" 離婚  冷静期 ")
    record_miss("离婚 冷静期")
    path = usage_path()
    assert path == tmp_path / "xdg-data" / "glossary" / "usage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"format", "version", "machine", "machines"}
    (counts,) = data["machines"].values()
    assert counts == {"opened": {f"{LAW}/2010/5/0": 2}, "misses": {"离婚 冷静期": 2}}


def test_merging_is_idempotent_and_keeps_machines_apart(tmp_path: Path) -> None:
    record_miss("test query one")
    first = other_machine(tmp_path, "a", {"x/1/1/0": 2}, {"test query one": 1})
    second = other_machine(tmp_path, "b", {"x/1/1/0": 1}, {"test query two": 3})
    mine = load_usage()
    merge(mine, [read_usage(first), read_usage(second)])
    once = (mine.totals("opened"), mine.totals("misses"))
    assert once == ({"x/1/1/0": 3}, {"test query one": 2, "test query two": 3})
    report = merge(mine, [read_usage(first), read_usage(second), read_usage(mine.path)])
    assert report.changed == 0 and (mine.totals("opened"), mine.totals("misses")) == once
    record_open("x/1/1/0", first)  # machine a opens it once more: its newer file grows it
    merge(mine, [read_usage(first)])
    assert mine.totals("opened") == {"x/1/1/0": 4}
    assert top_misses(mine) == [("test query two", 3), ("test query one", 2)]


def test_misses_command_most_frequent_first(run, tmp_path: Path) -> None:
    for query, times in (("test rare", 1), ("test common", 3), ("test middle", 2)):
        for _ in range(times):
            record_miss(query)
    out = run("misses", "--json", db=False)
    assert out.exit_code == 0, out.stderr
    assert out.json() == [
        {"query": "test common", "count": 3},
        {"query": "test middle", "count": 2},
        {"query": "test rare", "count": 1},
    ]
    text = run("misses", "--limit", "1", db=False).stdout.splitlines()
    assert len(text) == 1 and text[0].split() == ["3", "test", "common"]


def test_usage_merge_command_and_a_bad_file(run, tmp_path: Path) -> None:
    theirs = other_machine(tmp_path, "a", {}, {"test query one": 2})
    out = run("usage", "merge", theirs, db=False)
    assert out.exit_code == 0, out.stderr
    assert "from 1 other machine(s)" in out.stdout
    again = run("usage", "merge", theirs, "--json", db=False).json()
    assert again["changed"] == 0
    assert run("misses", "--json", db=False).json() == [{"query": "test query one", "count": 2}]
    before = usage_path().read_bytes()
    bad = tmp_path / "notes.json"
    bad.write_text('{"something": "else"}', encoding="utf-8")
    failed = run("usage", "merge", theirs, bad, db=False)
    assert failed.exit_code == 1
    assert f"{bad}: not a glossary usage file" in failed.stderr
    assert usage_path().read_bytes() == before  # nothing written


def worksheet_articles(path: Path) -> list[int]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [int(row[2]) for row in list(csv.reader(fh))[1:]]


def test_worksheet_order_demand_puts_the_most_opened_first(
    run, mediation_law_path: Path, tmp_path: Path
) -> None:
    for number, times in ((5, 3), (2, 1)):
        for _ in range(times):
            record_open(article_key(LAW, "2010", number))
    theirs = other_machine(tmp_path, "a", {article_key(LAW, "2010", 7): 5}, {})
    assert run("usage", "merge", theirs, db=False).exit_code == 0
    plain, demand = tmp_path / "plain.csv", tmp_path / "demand.csv"
    base = ["export", "worksheet", "--dialect", "bca", "--law", "人民调解法"]
    assert run(*base, "-o", plain).exit_code == 0
    out = run(*base, "--order", "demand", "-o", demand)
    assert out.exit_code == 0, out.stderr
    order, document = worksheet_articles(demand), worksheet_articles(plain)
    assert sorted(order) == sorted(document) and document == sorted(document)
    firsts = list(dict.fromkeys(order))[:3]
    assert firsts == [7, 5, 2]
    rest = [n for n in order if n not in (7, 5, 2)]
    assert rest == sorted(rest)


def test_demand_puts_translated_rows_last() -> None:
    def seg(number: int, own: object = None) -> Segment:
        return Segment(1, 1, LAW, "人民调解法", "2010", number, 0, 1, "test han", "bca", own)  # type: ignore[arg-type]

    rows = [seg(1), seg(2, own=object()), seg(3)]
    opened = {article_key(LAW, "2010", 2): 9, article_key(LAW, "2010", 3): 1}
    assert [s.number for s in by_demand(rows, opened)] == [3, 1, 2]


def test_order_demand_is_for_worksheets_only(run, mediation_law_path: Path, tmp_path) -> None:
    out = run("export", "xliff", "--dialect", "bca", "--order", "demand", "-o", tmp_path / "x.xlf")
    assert out.exit_code == 1 and "--order demand is for worksheets" in out.stderr
    assert not (tmp_path / "x.xlf").exists()
