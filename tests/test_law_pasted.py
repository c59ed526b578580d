"""Law texts as people paste them (issue 14, point 5): variants built at test time from the
corpus laws — no title line, no space after 第X条, spaced heading characters, indentation,
a table of contents without markers, blank lines or none, CRLF, a BOM — must parse exactly
as the original does (articles, 款 and 项, headings) and be identified right."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import corpus_dir
from glossary.lawtext.labels import article_label
from glossary.lawtext.model import ParsedLaw
from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.parse import parse_law

LAWS = corpus_dir() / "laws"
needs_corpus = pytest.mark.usefixtures("laws_dir")
FILES = [
    "hunyin-fa-2001.md",
    "minshi-susong-fa-2023.md",
    "minshi-susong-fa-2007.md",
    "minfadian-2020-hunyin-jiating-bian.md",
    "renmin-tiaojie-fa-2010.md",
]


@cache
def original(file: str) -> ParsedLaw:
    path = LAWS / file
    return parse_law(path.read_text(encoding="utf-8"), str(path))


def shape(law: ParsedLaw) -> tuple[object, ...]:
    """What must not change: article numbers, 款/项 with their texts, headings and paths."""
    articles = [
        (
            a.number,
            a.sub,
            [(p.kind, p.label, p.han) for p in a.paragraphs],
            [(h.level, h.number, h.title) for h in a.path],
        )
        for a in law.articles
    ]
    headings = [(h.level, h.number, h.title) for h in law.headings]
    return tuple(articles), tuple(headings)


# --- a plain text as copied from a web page, rendered from the parsed corpus law --------


@dataclass(frozen=True)
class Style:
    """How the pasted text is written; each field is one of the issue's variants."""

    title: bool = True
    tight: bool = False  # 第一条为维护…… (no space after 第X条)
    spaced_headings: bool = False  # 第一章　总　　则 / 第 一 章 总则
    indent: str = ""  # "　　", "    " or "\t"
    toc: bool = False  # the headings listed before the body, without a 目录 line
    blank: str = "\n"  # the line break between lines: "\n" (none), "\n\n", "\n\n\n"
    crlf: bool = False
    bom: bool = False


def heading_line(level: str, number: int, title: str, spaced: bool, odd: bool) -> str:
    if not spaced:
        return f"第{int_to_cn(number)}{level}\u3000{title}"
    if odd:
        return " ".join(f"第{int_to_cn(number)}{level}") + " " + title
    return f"第{int_to_cn(number)}{level}\u3000" + "\u3000\u3000".join(title)


def render(law: ParsedLaw, style: Style) -> str:
    """The law as plain text: title, preamble, (TOC), headings, articles, 款 and 项."""
    lines: list[str] = []
    if style.title:
        lines.append(law.title)
    clauses = [d.text for d in law.decisions if d.action != "施行" or "本法" not in d.text]
    clauses = [c for c in clauses if not c.startswith("effective_date")]
    if clauses:
        lines.append("（" + "\u3000".join(clauses) + "）")
    heads = [
        heading_line(h.level, h.number, h.title, style.spaced_headings, i % 2 == 1)
        for i, h in enumerate(law.headings)
    ]
    if style.toc:
        lines.extend(heads)
    by_line = sorted(
        [(h.line, 0, heads[i]) for i, h in enumerate(law.headings)]
        + [(a.line, 1, a) for a in law.articles],
        key=lambda entry: (entry[0], entry[1]),
    )
    for _, kind, entry in by_line:
        if kind == 0:
            lines.append(str(entry))
            continue
        assert not isinstance(entry, str)
        first, *rest = entry.paragraphs
        gap = "" if style.tight else "\u3000"
        lines.append(article_label(entry.number, entry.sub) + gap + (first.label or "") + first.han)
        lines.extend((p.label or "") + p.han for p in rest)
    text = style.blank.join(style.indent + line for line in lines) + "\n"
    if style.crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if style.bom else "") + text


def file_name(law: ParsedLaw) -> str:
    """中华人民共和国婚姻法2001.txt: the law's name and the year of its revision."""
    assert law.decided_on is not None
    return f"{law.title}{law.decided_on.year}.txt"


def parse_pasted(file: str, style: Style, tmp_path: Path) -> tuple[ParsedLaw, ParsedLaw]:
    law = original(file)
    path = tmp_path / file_name(law)
    path.write_bytes(render(law, style).encode("utf-8"))
    from glossary.lawtext.read import read_law_file

    return law, parse_law(read_law_file(path), str(path))


STYLES = {
    "plain": Style(),
    "no-title": Style(title=False),
    "tight": Style(tight=True),
    "spaced-headings": Style(spaced_headings=True),
    "ideographic-indent": Style(indent="\u3000\u3000"),
    "ascii-indent": Style(indent="    "),
    "tab-indent": Style(indent="\t"),
    "toc": Style(toc=True),
    "no-blank-lines": Style(blank="\n"),
    "double-blank-lines": Style(blank="\n\n\n"),
    "crlf": Style(crlf=True, blank="\n\n"),
    "bom": Style(bom=True),
    "no-title-toc-first": Style(title=False, toc=True),
}


@needs_corpus
@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("name", list(STYLES))
def test_pasted_variant_parses_like_the_original(file: str, name: str, tmp_path: Path) -> None:
    law, pasted = parse_pasted(file, STYLES[name], tmp_path)
    assert shape(pasted) == shape(law)


@needs_corpus
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    file=st.sampled_from(FILES),
    style=st.builds(
        Style,
        title=st.booleans(),
        tight=st.booleans(),
        spaced_headings=st.booleans(),
        indent=st.sampled_from(["", "\u3000\u3000", "  ", "\t", "\u3000 "]),
        toc=st.booleans(),
        blank=st.sampled_from(["\n", "\n\n", "\n\n\n"]),
        crlf=st.booleans(),
        bom=st.booleans(),
    ),
)
def test_any_combination_of_variants_parses_like_the_original(
    file: str, style: Style, tmp_path: Path
) -> None:
    law, pasted = parse_pasted(file, style, tmp_path)
    assert shape(pasted) == shape(law)


# --- the corpus files themselves, edited as an editor's copy would be -----------------

_MARKER = re.compile(
    r"^([\s\u3000>*-]*(?:\*\*)?第[零〇一二两三四五六七八九十百千万]+条(?:\*\*)?)[ \u3000]+"
)


def raw_variants(raw: str) -> dict[str, str]:
    lines = raw.split("\n")
    return {
        "tight": "\n".join(_MARKER.sub(r"\1", line) for line in lines),
        "crlf": raw.replace("\n", "\r\n"),
        "bom": "\ufeff" + raw,
        "double-blank-lines": raw.replace("\n", "\n\n"),
        "no-blank-lines": "\n".join(line for line in lines if line.strip()),
    }


@needs_corpus
@pytest.mark.parametrize("file", FILES)
def test_corpus_file_edited_parses_like_the_original(file: str) -> None:
    raw = (LAWS / file).read_text(encoding="utf-8")
    for name, text in raw_variants(raw).items():
        assert shape(parse_law(text, name)) == shape(original(file)), name


def test_tight_text_with_a_citation_at_line_start() -> None:
    law = parse_law(
        "第一条为了维护秩序，制定本法。\n第三条规定的期间，从次日起算。\n第二条本法自公布之日起施行。\n"
    )
    assert [a.number for a in law.articles] == [1, 2]
    assert [p.han for p in law.articles[0].paragraphs] == [
        "为了维护秩序，制定本法。",
        "第三条规定的期间，从次日起算。",
    ]


def test_spaced_markers_are_closed_up() -> None:
    law = parse_law("第 一 章　总　　则\n第 一 条　为了维护秩序，制定本法。\n")
    assert [(h.level, h.number, h.title) for h in law.headings] == [("章", 1, "总则")]
    assert law.articles[0].paragraphs[0].han == "为了维护秩序，制定本法。"
