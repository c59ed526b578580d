"""Alignment time for two 民法典-sized revisions: ``python -m bench.align [CORPUS]``.

The old revision is 1 260 articles recombined from the corpus laws (each article's 款
shuffled with another's, so no two are the same); the new one is a transformed copy: 3 % of
the articles edited, 30 inserted, 30 deleted, 15 moved far, 10 split and 10 merged. The
median of seven runs of :func:`glossary.lawtext.align.align` is printed (target ≤ 2 s).

Then what aligning costs ``import-law``: the five 民事诉讼法 revisions imported into a new
database with and without ``--no-align`` (median of three each, same run), and the time of
the recompute alone (``store.alignment.realign``, nothing to write).
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from glossary.io.laws import import_law_files, load_law_files
from glossary.lawtext.align import align
from glossary.lawtext.parse import parse_law
from glossary.store.alignment import realign
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch

SIZE = 1260
RUNS = 7


def corpus_paragraphs(corpus: Path) -> list[list[str]]:
    """Every corpus article as its list of 款/项 texts."""
    out = []
    for path in sorted((corpus / "laws").glob("*.md")):
        if path.name == "SOURCES.md":
            continue
        for article in parse_law(path.read_text(encoding="utf-8"), path.name).articles:
            out.append([(p.label or "") + p.han for p in article.paragraphs])
    return out


def old_revision(pieces: list[list[str]], rng: random.Random) -> list[str]:
    articles = []
    for _ in range(SIZE):
        one, two = rng.choice(pieces), rng.choice(pieces)
        articles.append("\n".join(one[: max(1, len(one) // 2 + 1)] + two[len(two) // 2 :]))
    return articles


def transformed(old: list[str], rng: random.Random) -> list[str]:
    new = list(old)
    for k in rng.sample(range(len(new)), len(new) * 3 // 100):
        chars = list(new[k])
        chars[rng.randrange(len(chars))] = "测"
        new[k] = "".join(chars)
    for _ in range(30):
        del new[rng.randrange(len(new))]
    for _ in range(15):
        moved = new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new)), moved)
    for _ in range(10):
        k = rng.randrange(len(new))
        cut = len(new[k]) // 2
        new[k : k + 1] = [new[k][:cut], new[k][cut:]]
    for _ in range(10):
        k = rng.randrange(len(new) - 1)
        new[k : k + 2] = [new[k] + new[k + 1]]
    for n in range(30):
        new.insert(rng.randrange(len(new)), f"测试新增条文{n}" + "测试" * rng.randrange(5, 40))
    return new


def main(argv: list[str]) -> None:
    corpus = Path(argv[0]) if argv else Path(__file__).resolve().parents[1].parent / "shared/corpus"
    rng = random.Random(14)
    old = old_revision(corpus_paragraphs(corpus), rng)
    new = transformed(old, rng)
    old_pairs = [(str(i + 1), t) for i, t in enumerate(old)]
    new_pairs = [(str(j + 1), t) for j, t in enumerate(new)]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        rows = align(old_pairs, new_pairs)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"{len(old)} → {len(new)} articles, {len(rows)} rows: median {median:.3f} s"
        f" (min {min(times):.3f}, max {max(times):.3f}) over {RUNS} runs;"
        f" Python {platform.python_version()}, {platform.machine()}"
    )
    import_cost(corpus)


def import_cost(corpus: Path, runs: int = 3) -> None:
    """import-law of the five 民事诉讼法 revisions, aligned and not, and the recompute alone."""
    paths = sorted((corpus / "laws").glob("minshi-susong-fa-*.md"))
    timings: dict[bool, list[float]] = {True: [], False: []}
    recompute = []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(runs):
            for aligned in (False, True):
                db = open_db(Path(folder) / f"{n}-{aligned}.sqlite", create=True)
                start = time.perf_counter()
                import_law_files(db, load_law_files(paths), align=aligned)
                timings[aligned].append(time.perf_counter() - start)
                if aligned:
                    start = time.perf_counter()
                    with write_transaction(db, dry_run=True):
                        realign(db, Batch(db, command="bench"), ["minshi-susong-fa"])
                    recompute.append(time.perf_counter() - start)
                db.close()
    plain, aligned_median = statistics.median(timings[False]), statistics.median(timings[True])
    print(
        f"import-law of {len(paths)} 民事诉讼法 revisions: median {plain:.2f} s with --no-align,"
        f" {aligned_median:.2f} s aligned (+{aligned_median - plain:.2f} s,"
        f" ×{aligned_median / plain:.2f}); recompute with nothing to write: median"
        f" {statistics.median(recompute):.2f} s ({runs} runs each)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
