"""Import speed and file size against plain SQLite: ``python -m bench.imports``.

Options: ``--articles N --terms N --runs K --out DIR --keep DIR`` (defaults 100 000 articles,
100 000 terms, one run, about 15 minutes on 2 cores; ``--articles 10000 --terms 10000`` is
the quick run, three runs by default, about 4 minutes).

Writes the synthetic laws (bench.synthetic: corpus paragraphs recombined, 1 000 articles a
law) and the synthetic terms as a CSV of term pairs (``han,bai,script,dialect,status,
source``, what ``glossary import`` reads) into a temporary folder, then, in each run and
into a fresh database each time:

- **project**: ``glossary import-law LAWS…`` (aligned, as the command does by default) and
  ``glossary import terms.csv``, through the real entry point in-process (no start-up
  time counted);
- **plain**: the same articles (parsed by lawtext, outside the clock) and the same terms
  (their pinyin from the project's own ``pinyin_of``, also outside the clock) inserted by
  ``sqlite3`` with ``executemany`` in one transaction into a table of articles (law,
  revision, number, text) and one of terms (han, pinyin, bai), each with an FTS5
  ``tokenize='trigram'`` index over its text (external content: the text is stored once).

Each import starts after ``os.sync()`` (outside the clock), so that neither pays for
flushing the other's writes (the project's 400 MiB at 100 000 rows, still being written
back while the plain insert ran, made that one's time vary from 2.3 to 3.9 s). Medians
over the runs; sizes after the WAL is checkpointed (the project's file; the plain one has
no WAL), as ``st_size`` and as allocated on disk. The ratios project ÷ plain are
checked against issue 16's goals (time ≤ 10×, file ≤ 3×). Then ``bench.dbstat`` of both
files. Results: ``DIR/imports.md`` and ``DIR/imports.json`` (default bench/out), printed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import dbstat
from bench.dbstat import num
from bench.synthetic import REPO, synthetic_terms, write_synthetic_laws
from glossary.io.laws import load_law_files
from glossary.store.terms import TermRecord, pinyin_of

TIME_GOAL = 10.0
SIZE_GOAL = 3.0
TERM_COLUMNS = ("han", "bai", "script", "dialect", "status", "source")
PLAIN_SCHEMA = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, law TEXT NOT NULL, revision TEXT NOT NULL,
    number INTEGER NOT NULL, sub INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    text, content='articles', content_rowid='id', tokenize='trigram'
);
CREATE TABLE terms (id INTEGER PRIMARY KEY, han TEXT NOT NULL, pinyin TEXT, bai TEXT);
CREATE VIRTUAL TABLE terms_fts USING fts5(
    han, pinyin, bai, content='terms', content_rowid='id', tokenize='trigram'
);
"""


@dataclass
class Inputs:
    """What both imports are given: files for the project, rows for plain SQLite."""

    law_paths: list[Path]
    terms_csv: Path
    articles: list[tuple[str, str, int, int, str]]  # law, revision, number, sub, text
    terms: list[tuple[str, str, str]]  # han, pinyin, bai
    parse_s: float  # lawtext parsing the law files (load_law_files), for reference


def write_terms_csv(path: Path, terms: list[TermRecord]) -> None:
    """The terms as ``glossary import`` reads term pairs: one row per Bai form."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(TERM_COLUMNS)
        for term in terms:
            for form in term.forms:
                out.writerow(
                    (term.han, form.form, form.script, form.dialect, term.status, term.source)
                )


def prepare(work: Path, n_articles: int, n_terms: int, rng: random.Random) -> Inputs:
    law_dir = work / "laws"
    law_dir.mkdir(parents=True, exist_ok=True)
    law_paths = write_synthetic_laws(law_dir, n_articles, rng)
    terms = synthetic_terms(n_terms, rng)
    terms_csv = work / "terms.csv"
    write_terms_csv(terms_csv, terms)
    started = time.perf_counter()
    loaded = load_law_files(law_paths)
    parse_s = time.perf_counter() - started
    articles = [
        (f.law.slug, f.revision, a.number, a.sub, a.han) for f in loaded for a in f.parsed.articles
    ]
    plain_terms = [(t.han, pinyin_of(t.han), "; ".join(f.form for f in t.forms)) for t in terms]
    return Inputs(law_paths, terms_csv, articles, plain_terms, parse_s)


def glossary(*argv: str | Path) -> str:
    """``glossary ARGV`` through the real entry point, in this process; its output."""
    from glossary.cli import main

    out = io.StringIO()
    code: int | str | None = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code
    if code not in (0, None):
        raise RuntimeError(f"glossary {' '.join(map(str, argv[:3]))}… failed:\n{out.getvalue()}")
    return out.getvalue()


def checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def sizes(path: Path) -> dict[str, int]:
    """The file's size and what it takes on disk (with a WAL or journal left beside it)."""
    st = path.stat()
    extra = sum(
        p.stat().st_size
        for p in (path.with_name(path.name + s) for s in ("-wal", "-journal"))
        if p.exists()
    )
    return {"bytes": st.st_size, "on_disk": st.st_blocks * 512, "beside": extra}


def project_import(db: Path, inputs: Inputs) -> dict[str, float]:
    started = time.perf_counter()
    glossary("import-law", *inputs.law_paths, "--db", db)
    laws = time.perf_counter()
    glossary("import", inputs.terms_csv, "--db", db)
    done = time.perf_counter()
    checkpoint(db)
    return {"laws_s": laws - started, "terms_s": done - laws, "total_s": done - started}


def plain_insert(db: Path, inputs: Inputs) -> dict[str, float]:
    started = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    try:
        con.executescript(PLAIN_SCHEMA)
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO articles (law, revision, number, sub, text) VALUES (?, ?, ?, ?, ?)",
            inputs.articles,
        )
        con.execute("INSERT INTO articles_fts (rowid, text) SELECT id, text FROM articles")
        laws = time.perf_counter()
        con.executemany("INSERT INTO terms (han, pinyin, bai) VALUES (?, ?, ?)", inputs.terms)
        con.execute(
            "INSERT INTO terms_fts (rowid, han, pinyin, bai) SELECT id, han, pinyin, bai FROM terms"
        )
        con.execute("COMMIT")
    finally:
        con.close()
    done = time.perf_counter()
    return {"laws_s": laws - started, "terms_s": done - laws, "total_s": done - started}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def bench(
    n_articles: int, n_terms: int, runs: int, keep: Path | None = None, seed: int = 20261202
) -> dict:
    """Both imports ``runs`` times each, alternately; the figures as a dict (JSON-ready)."""
    from bench.__main__ import machine

    work = Path(tempfile.mkdtemp(prefix="glossary-bench-imports-"))
    try:
        inputs = prepare(work, n_articles, n_terms, random.Random(seed))
        project_runs, plain_runs = [], []
        for n in range(runs):
            for path in (work / f"project-{n}.sqlite", work / f"plain-{n}.sqlite"):
                path.unlink(missing_ok=True)
            os.sync()  # neither starts while the other's writes are still being flushed
            project_runs.append(project_import(work / f"project-{n}.sqlite", inputs))
            os.sync()
            plain_runs.append(plain_insert(work / f"plain-{n}.sqlite", inputs))
        project_db, plain_db = work / "project-0.sqlite", work / "plain-0.sqlite"
        result = {
            "machine": machine(),
            "sqlite": sqlite3.sqlite_version,
            "articles": len(inputs.articles),
            "terms": len(inputs.terms),
            "law_files": len(inputs.law_paths),
            "runs": runs,
            "parse_s": inputs.parse_s,
            "project": median_of(project_runs) | sizes(project_db),
            "plain": median_of(plain_runs) | sizes(plain_db),
            "project_runs": project_runs,
            "plain_runs": plain_runs,
            "dbstat": {"project": dbstat.measure(project_db), "plain": dbstat.measure(plain_db)},
        }
        project, plain = result["project"], result["plain"]
        result["ratio"] = {
            "time": project["total_s"] / plain["total_s"],
            "laws_time": project["laws_s"] / plain["laws_s"],
            "terms_time": project["terms_s"] / plain["terms_s"],
            "time_with_parse": project["total_s"] / (plain["total_s"] + inputs.parse_s),
            "size": project["bytes"] / plain["bytes"],
        }
        result["goals"] = {
            "time": {"goal": TIME_GOAL, "met": result["ratio"]["time"] <= TIME_GOAL},
            "size": {"goal": SIZE_GOAL, "met": result["ratio"]["size"] <= SIZE_GOAL},
        }
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            for db in (project_db, plain_db):
                shutil.copy(db, keep / f"{db.stem}-{n_articles}.sqlite")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mib(n: float) -> str:
    return f"{n / 2**20:.1f}"


def report(res: dict) -> str:
    project, plain, ratio, goals = res["project"], res["plain"], res["ratio"], res["goals"]

    def verdict(kind: str) -> str:
        return f"goal ≤ {goals[kind]['goal']:g}×: {'met' if goals[kind]['met'] else 'NOT met'}"

    lines = [
        f"machine: {res['machine']}, SQLite {res['sqlite']}",
        f"{num(res['articles'])} articles in {res['law_files']} law files,"
        f" {num(res['terms'])} terms; median of {res['runs']} run(s); lawtext parsing of the"
        f" files alone: {res['parse_s']:.1f} s",
        "",
        "| | laws s | terms s | total s | file MiB | on disk MiB |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for name, row in (("project (glossary import-law, import)", project), ("plain sqlite3", plain)):
        lines.append(
            f"| {name} | {row['laws_s']:.2f} | {row['terms_s']:.2f} | {row['total_s']:.2f} | "
            f"{mib(row['bytes'])} | {mib(row['on_disk'])} |"
        )
    lines.append(
        f"| project ÷ plain | {ratio['laws_time']:.1f}× | {ratio['terms_time']:.1f}× | "
        f"**{ratio['time']:.1f}×** | **{ratio['size']:.1f}×** | |"
    )
    lines += [
        "",
        f"time: {ratio['time']:.1f}× ({verdict('time')}); counting lawtext parsing in the"
        f" plain side too: {ratio['time_with_parse']:.1f}×",
        f"file: {ratio['size']:.1f}× ({verdict('size')})",
        "",
        "### project store (largest b-trees)",
        "",
        dbstat.table_markdown(res["dbstat"]["project"], limit=20),
        "",
        dbstat.owners_markdown(res["dbstat"]["project"], limit=12),
        "",
        "### plain store",
        "",
        dbstat.table_markdown(res["dbstat"]["plain"]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument(
        "--runs", type=int, help="runs of each import (default: 3 under 50 000 articles, else 1)"
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--keep", type=Path, help="keep the first run's two databases here")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.articles < 50_000 else 1)
    res = bench(args.articles, args.terms, runs, keep=args.keep)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "imports.json").write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n")
    text = report(res)
    (args.out / "imports.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
