"""The computed concordance against gold pairs made by transforming real corpus laws.

A corpus law (parsed at test time, never copied) is renumbered, gets new articles, loses some,
has articles moved, split, merged and edited; the transformation knows which old article
became which new one, and the aligner must find nearly all of it (precision and recall ≥ 0.97).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary.lawtext.align import Row, align, normalise
from glossary.lawtext.parse import parse_law

LAWS = (
    "minshi-susong-fa-2023.md",
    "minfadian-2020-hunyin-jiating-bian.md",
    "hunyin-fa-2001.md",
    "renmin-tiaojie-fa-2010.md",
)
WINDOW = 80  # articles taken from a law per generated case
OPS = ("insert", "delete", "move", "split", "merge", "edit")

Link = tuple[str | None, str | None]


@cache
def corpus_articles(laws_dir: Path, name: str) -> list[str]:
    law = parse_law((laws_dir / name).read_text(encoding="utf-8"), name)
    return [a.han for a in law.articles]


@dataclass
class Item:
    """An article of the new revision and the old articles it came from (gold)."""

    text: str
    origins: tuple[int, ...]
    plain: bool = True  # untouched so far: a later operation may transform it


def _fake(rng: random.Random, texts: list[str]) -> str:
    """A new article: plainly fake text, or fragments of far-away articles shuffled."""
    if rng.random() < 0.5:
        return "测试新增条文" + "一二三四五六七八九十"[rng.randrange(10)] * rng.randrange(5, 30)
    pieces = []
    for _ in range(rng.randrange(2, 5)):
        source = texts[rng.randrange(len(texts))]
        start = rng.randrange(max(1, len(source) - 8))
        pieces.append(source[start : start + 8])
    return "测试" + "".join(pieces)


def _plain(items: list[Item], rng: random.Random, least: int = 0, pair: bool = False) -> int | None:
    """An untouched article (long enough to edit or split; followed by another to merge)."""
    choices = [
        k
        for k, it in enumerate(items)
        if it.plain
        and len(normalise(it.text)) >= least
        and (not pair or (k + 1 < len(items) and items[k + 1].plain))
    ]
    return rng.choice(choices) if choices else None


def _edit(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 4)):
        k = rng.randrange(len(chars))
        if "\u4e00" <= chars[k] <= "\u9fff":
            chars[k] = "测"
    return "".join(chars)


def _apply(op: str, items: list[Item], rng: random.Random, texts: list[str]) -> None:
    if op == "insert":
        items.insert(rng.randrange(len(items) + 1), Item(_fake(rng, texts), (), plain=False))
        return
    k = _plain(items, rng, least=60 if op in ("split", "edit") else 0, pair=op == "merge")
    if k is None:
        return
    item = items[k]
    if op == "delete":
        del items[k]
    elif op == "move":
        del items[k]
        far = [p for p in range(len(items) + 1) if abs(p - k) >= 5]
        items.insert(rng.choice(far) if far else 0, Item(item.text, item.origins, plain=False))
    elif op == "edit":
        items[k] = Item(_edit(item.text, rng), item.origins, plain=False)
    elif op == "split":
        cut = rng.randrange(len(item.text) // 4, 3 * len(item.text) // 4)
        first = Item(item.text[:cut], item.origins, plain=False)
        items[k : k + 1] = [first, Item(item.text[cut:], item.origins, plain=False)]
    elif op == "merge":
        after = items[k + 1]
        items[k : k + 2] = [Item(item.text + after.text, item.origins + after.origins, False)]


def generated(laws_dir: Path, law: str, start: int, ops: list[str], seed: int) -> tuple:
    """Old and new ``(key, text)`` lists and the gold links between them."""
    texts = corpus_articles(laws_dir, law)
    start = start % max(1, len(texts) - WINDOW)
    old_texts = texts[start : start + WINDOW]
    old = [(str(i + 1), t) for i, t in enumerate(old_texts)]
    rng = random.Random(seed)
    items = [Item(t, (i,)) for i, t in enumerate(old_texts)]
    for op in ops:
        _apply(op, items, rng, texts)
    new = [(str(j + 1), it.text) for j, it in enumerate(items)]
    gold: set[Link] = {(old[i][0], new[j][0]) for j, it in enumerate(items) for i in it.origins}
    gold |= {(None, new[j][0]) for j, it in enumerate(items) if not it.origins}
    used = {i for it in items for i in it.origins}
    gold |= {(key, None) for i, (key, _) in enumerate(old) if i not in used}
    return old, new, gold


def links(rows: list[Row]) -> set[Link]:
    out: set[Link] = set()
    for row in rows:
        if not row.to_articles:
            out |= {(k, None) for k in row.from_articles}
        elif not row.from_articles:
            out |= {(None, k) for k in row.to_articles}
        else:
            out |= {(a, b) for a in row.from_articles for b in row.to_articles}
    return out


def precision_recall(gold: set[Link], found: set[Link]) -> tuple[float, float]:
    hits = len(gold & found)
    return hits / len(found), hits / len(gold)


plans = st.tuples(
    st.sampled_from(LAWS),
    st.integers(0, 10_000),
    st.lists(st.sampled_from(OPS), min_size=1, max_size=10),
    st.integers(0, 2**32),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # The same generated cases on every machine: a quality bar, not a lottery. Random seeds
    # still find rare misses (issue 16's closing note names one); each is added below as an
    # example once the aligner handles it.
    derandomize=True,
)
@given(plan=plans)
# a merge (29+30) and a split (34 → 33+34) with old 30 and new 33 look-alikes, which the moved
# assignment paired before they were seen as pieces; and 40 → 40+41, where old 40 says a phrase
# twice, so its first piece brought nothing new to the bigram *sets*
@example(
    plan=(
        "minshi-susong-fa-2023.md",
        44,
        ["delete", "merge", "edit", "edit", "split", "edit", "split"],
        277540,
    )
)
def test_generated_pairs_are_found(laws_dir: Path, plan: tuple) -> None:
    """Each case: precision and recall ≥ 0.97 — or, in a case too small for 3 % to be a
    whole link (a 20-article window needs all of them), one link wrong at most."""
    old, new, gold = generated(laws_dir, *plan)
    found = links(align(old, new))
    precision, recall = precision_recall(gold, found)
    allowed = max(1, int(0.03 * len(gold)))
    small_enough = len(gold - found) <= allowed and len(found - gold) <= allowed
    assert (precision >= 0.97 and recall >= 0.97) or small_enough, (
        f"precision {precision:.3f} recall {recall:.3f}; "
        f"missed {sorted(gold - found, key=str)}; wrong {sorted(found - gold, key=str)}"
    )


def test_accuracy_over_many_generated_cases(laws_dir: Path) -> None:
    """The figure quoted in align.py's docstring and the README: all cases pooled."""
    rng = random.Random(14)
    gold_total = found_total = hits = 0
    for case in range(200):
        ops = [rng.choice(OPS) for _ in range(rng.randrange(1, 11))]
        old, new, gold = generated(
            laws_dir, LAWS[case % len(LAWS)], rng.randrange(10_000), ops, case
        )
        found = links(align(old, new))
        gold_total, found_total = gold_total + len(gold), found_total + len(found)
        hits += len(gold & found)
    assert hits / found_total >= 0.97 and hits / gold_total >= 0.97, (hits, found_total, gold_total)


def _single(laws_dir: Path, op: str, seed: int) -> tuple:
    return generated(laws_dir, LAWS[0], 100, [op], seed)


@pytest.mark.parametrize("seed", range(8))
def test_a_split_article_is_one_split_row(laws_dir: Path, seed: int) -> None:
    old, new, gold = _single(laws_dir, "split", seed)
    rows = [r for r in align(old, new) if r.relation == "split"]
    expected = {(a, b) for a, b in gold if a and b and sum(1 for g in gold if g[0] == a) == 2}
    assert len(rows) == 1 and links(rows) == expected


@pytest.mark.parametrize("seed", range(8))
def test_two_merged_articles_are_one_merged_row(laws_dir: Path, seed: int) -> None:
    old, new, gold = _single(laws_dir, "merge", seed)
    rows = [r for r in align(old, new) if r.relation == "merged"]
    expected = {(a, b) for a, b in gold if a and b and sum(1 for g in gold if g[1] == b) == 2}
    assert len(rows) == 1 and links(rows) == expected


def test_relations_of_plain_changes(laws_dir: Path) -> None:
    texts = corpus_articles(laws_dir, LAWS[0])[:30]
    old = [(str(i + 1), t) for i, t in enumerate(texts)]
    edited = texts[5].replace(normalise(texts[5])[3], "测", 1)
    new_texts = [*texts[:5], edited, "测试新增条文一二三四五六七", *texts[6:20], *texts[21:]]
    new = [(str(j + 1), t) for j, t in enumerate(new_texts)]
    by_from = {r.from_articles: r for r in align(old, new)}
    assert by_from[("1",)].relation == "identical"
    assert by_from[("6",)].relation == "modified" and by_from[("6",)].to_articles == ("6",)
    assert by_from[("7",)].relation == "renumbered" and by_from[("7",)].to_articles == ("8",)
    assert by_from[("21",)].relation == "deleted"
    assert by_from[()].to_articles == ("7",)


def test_punctuation_and_spacing_are_no_difference() -> None:
    rows = align([("1", "当事人 有权，委托代理人。")], [("1", "当事人有权；委托代理人")])
    assert [r.relation for r in rows] == ["identical"]


@given(
    texts=st.lists(st.text(alphabet="人民法院调解测试", min_size=1, max_size=12), max_size=5),
    old_side=st.booleans(),
)
def test_one_side_empty_is_all_added_or_all_deleted(texts: list[str], old_side: bool) -> None:
    keyed = [(str(k), t) for k, t in enumerate(texts, start=1)]
    rows = align(keyed, []) if old_side else align([], keyed)
    assert [r.relation for r in rows] == ["deleted" if old_side else "added"] * len(texts)
