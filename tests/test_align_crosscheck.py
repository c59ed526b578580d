"""The project's own alignment against the two concordances shipped with the corpus.

Those files were computed elsewhere (greedy matching above a threshold); they are not gold.
The agreement is reported, must be high, and every difference is listed in the message.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from glossary.lawtext.align import Row, align
from glossary.lawtext.parse import parse_law

Link = tuple[str | None, str | None]


@cache
def numbered(laws_dir: Path, name: str) -> list[tuple[str, str]]:
    """A corpus law's articles keyed by number (之X as 122-1), as the CSV files write them."""
    law = parse_law((laws_dir / name).read_text(encoding="utf-8"), name)
    return [(str(a.number) + (f"-{a.sub}" if a.sub else ""), a.han) for a in law.articles]


def links(rows: list[Row]) -> set[Link]:
    out: set[Link] = set()
    for row in rows:
        froms: list[str | None] = list(row.from_articles) or [None]
        tos: list[str | None] = list(row.to_articles) or [None]
        out |= {(a, b) for a in froms for b in tos}
    return out


def shipped_minshi(laws_dir: Path, old: str, new: str) -> set[Link]:
    path = laws_dir / "concordance-minshi-susong-fa.computed.csv"
    with path.open(encoding="utf-8") as file:
        return {
            (row["from_article"] or None, row["to_article"] or None)
            for row in csv.DictReader(file)
            if row["from_rev"] == old and row["to_rev"] == new
        }


# Every pair we find that the shipped file lacks, with why ours is right (checked by reading
# both texts). The shipped file then has the two ends as deleted and added instead.
EXPLAINED: dict[tuple[str, str], dict[Link, str]] = {
    ("2007", "2012"): {
        ("25", "34"): "协议管辖 rewritten (Dice 0.73) and moved",
        ("38", "127"): "管辖权异议 moved from 管辖 to 审理前的准备, text kept (0.79)",
        (
            "94",
            "102",
        ): "财产保全 split: its first 款 became 第一百零二条 (ours: 94 → 102+103)",
        ("112", "123"): "立案 rewritten around 保障起诉权利 (0.59), same place in 起诉和受理",
        ("180", "203"): "再审申请书 moved unchanged (renumbered, 1.00)",
        ("181", "204"): "再审审查 moved, 本法第一百七十九条 → 本法 (0.86)",
    },
}


def _ends(link: Link) -> set[Link]:
    return {(link[0], None), (None, link[1])}


def test_minshi_susong_fa_revisions_agree(laws_dir: Path) -> None:
    differences = []
    agreed = total = 0
    for old, new in (("2007", "2012"), ("2012", "2017"), ("2017", "2021"), ("2021", "2023")):
        shipped = shipped_minshi(laws_dir, old, new)
        ours = links(
            align(
                numbered(laws_dir, f"minshi-susong-fa-{old}.md"),
                numbered(laws_dir, f"minshi-susong-fa-{new}.md"),
            )
        )
        agreed += len(shipped & ours)
        total += len(shipped)
        explained = EXPLAINED.get((old, new), {})
        ends = set().union(*(_ends(link) for link in explained)) if explained else set()
        ours -= set(explained)
        shipped -= ends
        differences += [f"{old}→{new} shipped only {x}" for x in sorted(shipped - ours, key=str)]
        differences += [f"{old}→{new} ours only {x}" for x in sorted(ours - shipped, key=str)]
    rate = agreed / total  # 1168/1179 = 0.991 before the explained differences
    assert rate >= 0.99 and not differences, (
        f"agreement {rate:.3f} ({agreed}/{total}); unexplained differences:\n"
        + "\n".join(differences)
    )


def test_hunyin_fa_to_minfadian_agrees_where_the_shipped_file_is_confident(laws_dir: Path) -> None:
    path = laws_dir / "concordance-hunyin-fa-2001-to-minfadian.computed.csv"
    with path.open(encoding="utf-8") as file:
        confident = {
            (row["hunyin_fa_2001_article"], row["best_minfadian_article"])
            for row in csv.DictReader(file)
            if row["confidence"] == "high"
        }
    ours = links(
        align(
            numbered(laws_dir, "hunyin-fa-2001.md"),
            numbered(laws_dir, "minfadian-2020-hunyin-jiating-bian.md"),
        )
    )
    missing = sorted(confident - ours, key=str)
    rate = 1 - len(missing) / len(confident)
    assert rate >= 0.999, f"agreement {rate:.3f}; shipped only: {missing}"
