"""Search benchmark: ``python -m bench`` (or ``make bench``).

Builds two stores through the project's own importers — the real corpus, and a synthetic
one of 100 000 articles (paragraphs of the real corpus recombined into made-up laws) and
100 000 glossary terms — then times each query class in-process (p50/p95/p99), peak memory,
``glossary search`` as a one-shot process, and ``fzf --filter`` over a one-line-per-row dump
of the same rows, in the same run. Results go to bench/out/ and stdout.

Bai forms on the synthetic terms are the real Latin-script words of
``shared/corpus/bai/orthographic_examples.tsv``, read at run time and reused across terms:
the benchmark store lives in a temporary folder and is never a source of Bai for anyone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.synthetic import CORPUS, LAW_FILES, REPO, synthetic_terms, write_synthetic_laws
from glossary.han import HAN_CHAR
from glossary.io.laws import import_law_files, load_law_files
from glossary.search import search
from glossary.store.db import open_db
from glossary.store.history import Batch
from glossary.store.search_index import refresh as refresh_search_index
from glossary.store.terms import TermRecord, upsert_term

CLASSES = ["han1", "han2", "han4", "terms", "pinyin", "bai", "typo", "ref"]


def build(path: Path, law_paths: list[Path], terms: list[TermRecord]) -> float:
    started = time.perf_counter()
    db = open_db(path, create=True)
    import_law_files(db, load_law_files(law_paths))
    if terms:
        batch = Batch(db, command="bench-terms")
        with db.atomic():
            for term in terms:
                term.pinyin = term.pinyin or " "  # pinyin shown in hits only: skip the cost
                upsert_term(db, batch, term)
            refresh_search_index(db)
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


def sample_queries(db_path: Path, rng: random.Random, per_class: int) -> dict[str, list[str]]:
    """Queries drawn from the store itself, so every class has real matches."""
    from glossary.han import han_pinyin, tokens

    db = open_db(db_path, read_only=True)

    def column(sql: str) -> list[str]:
        return [r[0] for r in db.execute(sql)]

    texts = column("SELECT han FROM article_texts ORDER BY random() LIMIT 2000")
    han_texts = ["".join(c for c in t if HAN_CHAR.match(c)) for t in texts]
    laws = column("SELECT DISTINCT l.short_name FROM laws l JOIN revisions r ON r.law = l.slug")
    forms = column("SELECT form FROM term_forms WHERE script = 'latin' LIMIT 5000")
    term_hans = column("SELECT han FROM terms LIMIT 5000")
    db.close()
    from glossary.bai.orthography import strip_tones

    def gram(size: int) -> str:
        text = rng.choice([t for t in han_texts if len(t) > size])
        start = rng.randrange(len(text) - size)
        return text[start : start + size]

    def typo() -> str:
        word = gram(4)
        i = rng.randrange(4)
        return word[:i] + rng.choice("的法院人民事") + word[i + 1 :]

    queries: dict[str, list[str]] = {c: [] for c in CLASSES}
    for _ in range(per_class):
        queries["han1"].append(gram(1))
        queries["han2"].append(gram(2))
        queries["han4"].append(gram(4))
        queries["terms"].append(f"{gram(2)} {gram(2)}")
        word = gram(2)
        queries["pinyin"].append("".join(han_pinyin(tokens(word))[0]))
        pool = forms or ["test"]
        queries["bai"].append(strip_tones(rng.choice(pool)))
        queries["typo"].append(
            typo()
            if not term_hans or rng.random() < 0.5
            else _term_typo(rng.choice(term_hans), rng)
        )
        queries["ref"].append(f"{rng.choice(laws)} {rng.randint(1, 30)}")
    return queries


def _term_typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[:i] + "的" + word[i + 1 :]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_in_process(
    db_path: Path, queries: dict[str, list[str]], repeats: int = 3
) -> dict[str, dict[str, float]]:
    """Latency per query class. Each query's figure is the best of ``repeats`` runs, each
    from cold caches (a new connection, the pattern caches cleared): the first-run costs
    of a new query stay in, the shared machine's scheduling noise mostly goes."""
    from glossary.search import spans

    best: dict[str, dict[str, float]] = {cls: {} for cls in queries}
    for _ in range(repeats):
        db = open_db(db_path, read_only=True)
        for cache in (spans.span_pattern, spans.first_class_pattern, spans.typo_pattern):
            cache.cache_clear()
        for items in queries.values():  # one of each class first: loads opencc, rapidfuzz…
            search(db, items[-1])  # once per process, as in the app; not part of a keystroke
        for cls, items in queries.items():
            for q in items[:-1]:  # the last one warmed up
                started = time.perf_counter()
                search(db, q, limit=20)
                ms = (time.perf_counter() - started) * 1000
                best[cls][q] = min(best[cls].get(q, ms), ms)
        db.close()
    out = {}
    for cls, per_query in best.items():
        times = list(per_query.values())
        out[cls] = {
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "p99": percentile(times, 99),
        }
    return out


def peak_memory(db_path: Path, queries: dict[str, list[str]]) -> float:
    """Peak Python heap during a round of queries, in MiB (tracemalloc)."""
    db = open_db(db_path, read_only=True)
    tracemalloc.start()
    for items in queries.values():
        for q in items[:20]:
            search(db, q)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    db.close()
    return peak / 2**20


def dump_rows(db_path: Path, out: Path) -> None:
    db = open_db(db_path, read_only=True)
    with out.open("w", encoding="utf-8") as fh:
        for law, rev, number, han in db.execute(
            "SELECT law, revision, article, han FROM article_texts"
        ):
            fh.write(f"{law} {rev} {number} {han.replace(chr(10), ' ')}\n")
        for han, forms in db.execute("SELECT han, bai_forms FROM term_list"):
            fh.write(f"term {han} {forms or ''}\n")
    db.close()


def time_processes(cmd: list[str], queries: list[str], stdin: Path | None = None) -> list[float]:
    times = []
    for q in queries:
        started = time.perf_counter()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as fh:
            subprocess.run([*cmd, q], stdin=fh, stdout=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - started) * 1000)
    return times


def compare_processes(db_path: Path, dump: Path, queries: dict[str, list[str]], n: int) -> dict:
    glossary = shutil.which("glossary") or str(Path(sys.executable).parent / "glossary")
    fzf = shutil.which("fzf")
    out: dict[str, dict[str, float | None]] = {}
    for cls, items in queries.items():
        sample = items[:n]
        ours = time_processes([glossary, "--db", str(db_path), "search", "--json"], sample)
        row: dict[str, float | None] = {
            "glossary_p50": statistics.median(ours),
            "glossary_p95": percentile(ours, 95),
        }
        if fzf:
            theirs = time_processes([fzf, "--filter"], sample, stdin=dump)
            row["fzf_p50"] = statistics.median(theirs)
            row["ratio_p50"] = row["glossary_p50"] / row["fzf_p50"]
        out[cls] = row
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def run_store(name: str, db_path: Path, work: Path, rng: random.Random, args) -> dict:
    queries = sample_queries(db_path, rng, args.queries)
    dump = work / f"{name}.txt"
    dump_rows(db_path, dump)
    return {
        "in_process_ms": time_in_process(db_path, queries),
        "peak_heap_mib": peak_memory(db_path, queries),
        "one_shot_ms": compare_processes(db_path, dump, queries, args.processes),
        "db_mib": db_path.stat().st_size / 2**20,
        "examples": {c: q[:3] for c, q in queries.items()},
    }


def report(results: dict) -> str:
    lines = [f"machine: {results['machine']}", ""]
    for name, res in results["stores"].items():
        lines.append(
            f"## {name}: {res['size']}, database {res['db_mib']:.0f} MiB, "
            f"built in {res['build_s']:.0f} s, peak heap {res['peak_heap_mib']:.1f} MiB"
        )
        lines.append("| class | p50 ms | p95 ms | p99 ms | one-shot p50 ms | fzf p50 ms | ratio |")
        lines.append("|---|---|---|---|---|---|---|")
        for cls in CLASSES:
            t = res["in_process_ms"][cls]
            o = res["one_shot_ms"][cls]
            fzf = f"{o['fzf_p50']:.0f}" if o.get("fzf_p50") else "n/a"
            ratio = f"{o['ratio_p50']:.2f}" if o.get("ratio_p50") else "n/a"
            lines.append(
                f"| {cls} | {t['p50']:.2f} | {t['p95']:.2f} | {t['p99']:.2f} | "
                f"{o['glossary_p50']:.0f} | {fzf} | {ratio} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--processes", type=int, default=20, help="one-shot runs per class")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--keep", type=Path, help="keep the built stores in this folder")
    args = parser.parse_args()
    rng = random.Random(20261125)
    work = Path(tempfile.mkdtemp(prefix="glossary-bench-"))
    keep = args.keep or work
    keep.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "stores": {}}
    try:
        corpus_db = keep / "corpus.sqlite"
        if not corpus_db.exists():
            build_s = build(corpus_db, [CORPUS / "laws" / f for f in LAW_FILES], [])
        else:
            build_s = 0.0
        res = run_store("corpus", corpus_db, work, rng, args)
        res |= {"size": "real corpus (5 texts, 1 052 articles)", "build_s": build_s}
        results["stores"]["corpus"] = res
        big_db = keep / f"synthetic-{args.articles}.sqlite"
        if not big_db.exists():
            law_dir = work / "laws"
            law_dir.mkdir()
            paths = write_synthetic_laws(law_dir, args.articles, rng)
            build_s = build(big_db, paths, synthetic_terms(args.terms, rng))
        else:
            build_s = 0.0
        res = run_store("synthetic", big_db, work, rng, args)
        res |= {"size": f"{args.articles} articles, {args.terms} terms", "build_s": build_s}
        results["stores"]["synthetic"] = res
        results["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    text = report(results)
    (args.out / "search.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
