"""The synthetic store's raw material, shared by the benchmarks (``bench``, ``bench.imports``).

Made-up laws in the LawRefBook layout whose articles are paragraphs of the real corpus
recombined, and glossary terms that are distinct Han n-grams of the corpus, each with a Bai
form from ``shared/corpus/bai/orthographic_examples.tsv`` read at run time: whatever is built
from them lives in a temporary folder and is never a source of Bai for anyone.
"""

from __future__ import annotations

import csv
import os
import random
from pathlib import Path

from glossary.han import HAN_CHAR
from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file
from glossary.store.terms import BaiForm, TermRecord

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("GLOSSARY_CORPUS") or REPO.parent / "shared" / "corpus")
LAW_FILES = [
    "minshi-susong-fa-2023.md",
    "minshi-susong-fa-2021.md",
    "hunyin-fa-2001.md",
    "minfadian-2020-hunyin-jiating-bian.md",
    "renmin-tiaojie-fa-2010.md",
]


def corpus_paragraphs() -> list[list[tuple[str | None, str]]]:
    """Articles of the real corpus as (label, text) paragraphs, the raw material."""
    articles = []
    for name in LAW_FILES:
        parsed = parse_law(read_law_file(CORPUS / "laws" / name), source=name)
        articles += [[(p.label, p.han) for p in a.paragraphs] for a in parsed.articles]
    return articles


def write_synthetic_laws(
    folder: Path, n_articles: int, rng: random.Random, per_law: int = 1000
) -> list[Path]:
    """Made-up laws in the LawRefBook layout, ``per_law`` articles each (the last one the
    rest), text from the corpus."""
    pool = corpus_paragraphs()
    paths = []
    for law_no in range(1, -(-n_articles // per_law) + 1):
        lines = [f"# 中华人民共和国基准测试第{int_to_cn(law_no)}号法", ""]
        adopted = f"20{10 + law_no % 14}年{1 + law_no % 12}月{1 + law_no % 28}日"
        lines += [f"{adopted} 基准测试会议通过", ""]
        lines += ["<!-- INFO END -->", ""]
        for number in range(1, min(per_law, n_articles - (law_no - 1) * per_law) + 1):
            if number % 25 == 1:
                lines += [f"## 第{int_to_cn(number // 25 + 1)}章 基准章节{number // 25 + 1}", ""]
            paragraphs = rng.choice(pool)
            first, *rest = paragraphs
            lines += [f"第{int_to_cn(number)}条 {(first[0] or '') + first[1]}", ""]
            for label, text in rest:
                lines += [(label or "") + text, ""]
        path = folder / f"bench-law-{law_no:03d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def bai_examples() -> list[str]:
    path = CORPUS / "bai" / "orthographic_examples.tsv"
    with path.open(encoding="utf-8") as fh:
        return [row["bai_latin"] for row in csv.DictReader(fh, delimiter="\t")]


def synthetic_terms(n: int, rng: random.Random) -> list[TermRecord]:
    """Distinct Han n-grams of the corpus as terms, each with a Bai form from the examples."""
    text = "".join(h for art in corpus_paragraphs() for _, h in art)
    han = [c for c in text if HAN_CHAR.match(c)]
    forms = bai_examples()
    seen: set[str] = set()
    terms = []
    while len(terms) < n:
        size = rng.choice((2, 2, 3, 4, 4, 5, 6))
        start = rng.randrange(len(han) - size)
        word = "".join(han[start : start + size])
        if word in seen:
            continue
        seen.add(word)
        form = forms[len(terms) % len(forms)]
        terms.append(
            TermRecord(
                han=word,
                definition=None,
                pinyin="",
                status="proposed",
                source="bench-synthetic",
                forms=[BaiForm(form=form, script="latin", dialect="bca", source="bench")],
            )
        )
    return terms
