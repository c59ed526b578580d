"""Fuzzy-suggestion benchmark: ``python -m bench.suggest [--paragraphs N] [--queries N]``.

Builds, in a temporary folder and through the store's own writes (a collection, its
articles, 款 and Bai translations, all recorded in one batch), a store of 100 000 translated
paragraphs: the real corpus' 款/项, each used as it is and then with one, two, … small
edits (a character replaced, dropped or doubled, two clauses swapped). The Bai is plainly
fake ("test bai N"). Then times :func:`glossary.store.suggest.suggestions_for_text` for
200 other edits of corpus paragraphs, on a read-only connection as the command line and
the app use:

* warm: the connection's candidate cache loaded; each query's figure the best of 3 runs;
* cold: the cache cleared before each query (the candidates loaded again, from SQLite);

and peak memory: the Python heap (tracemalloc) of loading the candidates and answering,
and the process' maximum RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from glossary.han.text import han_key
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file
from glossary.store.db import open_db, write_transaction
from glossary.store.history import Batch
from glossary.store.reader import open_reader
from glossary.store.suggest import candidates, clear_cache, suggestions_for_text
from glossary.store.translations import (
    clause_key,
    ensure_article,
    ensure_collection,
    ensure_paragraph,
    ensure_revision,
    upsert_translation,
)

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("GLOSSARY_CORPUS") or REPO.parent / "shared" / "corpus")
SLUG = "bench-suggest"
PER_ARTICLE = 10
FILLER = "的当事人民法院应当可以"


def corpus_paragraphs() -> list[str]:
    """Every distinct 款/项 of the corpus' law texts."""
    seen: dict[str, str] = {}
    for path in sorted((CORPUS / "laws").glob("*-[0-9]*.md")):
        for article in parse_law(read_law_file(path), source=path.name).articles:
            for para in article.paragraphs:
                seen.setdefault(han_key(para.han), para.han)
    return list(seen.values())


def edit(text: str, rng: random.Random) -> str:
    """One small edit, as between two revisions of a law."""
    if len(text) < 4:
        return text + rng.choice(FILLER)
    i = rng.randrange(len(text))
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + rng.choice(FILLER) + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    parts = text.rstrip("。").split("，")
    if len(parts) > 2:
        j = rng.randrange(len(parts) - 1)
        parts[j], parts[j + 1] = parts[j + 1], parts[j]
    return "，".join(parts) + ("。" if text.endswith("。") else "")


def variants(pool: list[str], n: int, rng: random.Random) -> list[str]:
    """``n`` texts: the pool as it is, then with 1, 2, … edits each round."""
    out = []
    for i in range(n):
        text = pool[i % len(pool)]
        for _ in range(i // len(pool)):
            text = edit(text, rng)
        out.append(text)
    return out


def build(path: Path, texts: list[str]) -> float:
    """The store, written through the collection writes in one batch."""
    started = time.perf_counter()
    db = open_db(path, create=True)
    batch = Batch(db, command="bench-suggest")
    with write_transaction(db):
        ensure_collection(db, batch, SLUG, "基准测试条款集")
        revision_id, _ = ensure_revision(
            db, batch, SLUG, "2026", title="基准测试条款集", source=None
        )
        for start in range(0, len(texts), PER_ARTICLE):
            number = start // PER_ARTICLE + 1
            base = clause_key(SLUG, "2026", number)
            article_id, _ = ensure_article(db, batch, revision_id, number, 0, base)
            for offset, text in enumerate(texts[start : start + PER_ARTICLE]):
                position = offset + 1
                key = f"{base}/{position}"
                para = ensure_paragraph(db, batch, article_id, position, text, key)
                upsert_translation(
                    db,
                    batch,
                    article_id=article_id,
                    paragraph_id=para.id,
                    dialect="bfs",
                    bai=f"test bai {start + offset}",
                    key=f"{key}/bfs",
                )
        db.execute("DELETE FROM search_dirty")  # the search index is not what is measured
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


def figures(times: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": max(times),
    }


def timed(reader, query: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = suggestions_for_text(reader, query, "bfs")
    return (time.perf_counter() - started) * 1000, len(found)


def measure(path: Path, queries: list[str], repeats: int) -> dict:
    reader = open_reader(path)
    try:
        started = time.perf_counter()
        tracemalloc.start()
        pool = candidates(reader, "bfs")
        load_ms = (time.perf_counter() - started) * 1000
        load_heap = tracemalloc.get_traced_memory()[0] / 2**20
        best: dict[int, float] = {}
        hits = 0
        for _ in range(repeats):
            for i, query in enumerate(queries):
                ms, found = timed(reader, query)
                best[i] = min(best.get(i, ms), ms)
                hits += bool(found)
        peak_heap = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        cold = []
        for query in queries:
            clear_cache()
            cold.append(timed(reader, query)[0])
        return {
            "candidates": len(pool.keys),
            "load_ms": load_ms,
            "cache_heap_mib": load_heap,
            "peak_heap_mib": peak_heap,
            "warm": figures(list(best.values())),
            "cold": figures(cold),
            "with_hits": hits / repeats / len(queries),
        }
    finally:
        reader.close()


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores"


def report(result: dict) -> str:
    w, c = result["warm"], result["cold"]
    return "\n".join(
        [
            f"machine: {result['machine']}",
            f"store: {result['paragraphs']} translated paragraphs "
            f"({result['candidates']} distinct texts), built in {result['build_s']:.0f} s, "
            f"{result['db_mib']:.0f} MiB",
            f"queries: {result['queries']}, with at least one suggestion: "
            f"{result['with_hits']:.0%}",
            "| cache | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---|---|---|---|",
            f"| warm (best of {result['repeats']}) | {w['p50']:.2f} | {w['p95']:.2f} | "
            f"{w['p99']:.2f} | {w['max']:.2f} |",
            f"| cold (cache cleared) | {c['p50']:.1f} | {c['p95']:.1f} | {c['p99']:.1f} | "
            f"{c['max']:.1f} |",
            f"candidate load: {result['load_ms']:.0f} ms, {result['cache_heap_mib']:.1f} MiB "
            f"heap; peak heap {result['peak_heap_mib']:.1f} MiB; "
            f"max RSS {result['max_rss_mib']:.0f} MiB",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.suggest", description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(20261126)
    pool = corpus_paragraphs()
    texts = variants(pool, args.paragraphs, rng)
    queries = [edit(rng.choice(pool), rng) for _ in range(args.queries)]
    work = Path(tempfile.mkdtemp(prefix="glossary-bench-suggest-"))
    try:
        path = work / "glossary.sqlite"
        build_s = build(path, texts)
        result = measure(path, queries, args.repeats)
        result |= {
            "machine": machine(),
            "paragraphs": args.paragraphs,
            "queries": args.queries,
            "repeats": args.repeats,
            "build_s": build_s,
            "db_mib": path.stat().st_size / 2**20,
            "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(result))


if __name__ == "__main__":
    main()
