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
from glossary.errors import GlossaryError
from glossary.io.laws import identify
from glossary.lawtext.labels import article_label
from glossary.lawtext.model import ParsedLaw
from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file

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
    preamble: bool = True
    tight: bool = False  # 第一条为维护…… (no space after 第X条)
    gap: str = "\u3000"  # else what follows 第X条: ideographic or ASCII spaces, a tab
    spaced_headings: bool = False  # 第一章　总　　则 / 第 一 章 总则
    heading_gap: str = "\u3000"  # between 第一章 and 总则: "" writes 第一章总则
    indent: str = ""  # "　　", "    " or "\t"
    toc: bool = False  # the headings listed before the body, without a 目录 line
    toc_first: bool = False  # … and above the title and preamble
    toc_plain: bool = False  # … written without the spacing the body's headings have
    blank: str = "\n"  # the line break between lines: "\n" (none), "\n\n", "\n\n\n"
    crlf: bool = False
    bom: bool = False


def heading_line(
    level: str, number: int, title: str, spaced: bool, odd: bool, gap: str = "\u3000"
) -> str:
    if not spaced:
        return f"第{int_to_cn(number)}{level}{gap}{title}"
    if odd:
        return " ".join(f"第{int_to_cn(number)}{level}") + " " + title
    return f"第{int_to_cn(number)}{level}\u3000" + "\u3000\u3000".join(title)


def render(law: ParsedLaw, style: Style) -> str:
    """The law as plain text: title, preamble, (TOC), headings, articles, 款 and 项."""
    heads = [
        heading_line(
            h.level, h.number, h.title, style.spaced_headings, i % 2 == 1, style.heading_gap
        )
        for i, h in enumerate(law.headings)
    ]
    toc = [
        heading_line(h.level, h.number, h.title, False, False) if style.toc_plain else heads[i]
        for i, h in enumerate(law.headings)
    ]
    lines: list[str] = list(toc) if style.toc and style.toc_first else []
    if style.title:
        lines.append(law.title)
    clauses = [d.text for d in law.decisions if d.action != "施行" or "本法" not in d.text]
    clauses = [c for c in clauses if not c.startswith("effective_date")]
    if clauses and style.preamble:
        lines.append("（" + "\u3000".join(clauses) + "）")
    if style.toc and not style.toc_first:
        lines.extend(toc)
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
        gap = "" if style.tight else style.gap
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

    return law, parse_law(read_law_file(path), str(path))


STYLES = {
    "plain": Style(),
    "no-title": Style(title=False),
    "tight": Style(tight=True),
    "ascii-space": Style(gap=" "),
    "tab": Style(gap="\t"),
    "mixed-spaces": Style(gap=" \u3000 "),
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
    "toc-above-everything": Style(toc=True, toc_first=True),
    "headings-without-a-space": Style(heading_gap=""),
    "toc-and-headings-without-a-space": Style(toc=True, heading_gap=""),
    "no-title-tight-headings-without-a-space": Style(title=False, tight=True, heading_gap=""),
    "toc-unspaced-body-spaced": Style(toc=True, toc_plain=True, spaced_headings=True),
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
        gap=st.sampled_from(["\u3000", " ", "\t", "\u3000\u3000", " \t"]),
        spaced_headings=st.booleans(),
        heading_gap=st.sampled_from(["\u3000", "", " ", "\u3000\u3000"]),
        indent=st.sampled_from(["", "\u3000\u3000", "  ", "\t", "\u3000 "]),
        toc=st.booleans(),
        toc_first=st.booleans(),
        toc_plain=st.booleans(),
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


# --- which law and revision a pasted text is ---------------------------------------------


def identify_pasted(
    file: str, style: Style, name: str, tmp_path: Path, **given: str
) -> tuple[str, str, str]:
    """(slug, title, revision) of the corpus law rendered in ``style`` and saved as ``name``."""

    path = tmp_path / name
    path.write_bytes(render(original(file), style).encode("utf-8"))
    found = identify(path, parse_law(read_law_file(path), str(path)), **given)
    return found.law.slug, found.parsed.title, found.revision


SLUGS = {
    "hunyin-fa-2001.md": "hunyin-fa",
    "minshi-susong-fa-2023.md": "minshi-susong-fa",
    "minshi-susong-fa-2007.md": "minshi-susong-fa",
    "renmin-tiaojie-fa-2010.md": "renmin-tiaojie-fa",
}
NO_TITLE = Style(title=False)
NOTHING_ABOVE = Style(title=False, preamble=False)


@needs_corpus
@pytest.mark.parametrize("file", list(SLUGS))
@pytest.mark.parametrize(
    "style",
    [
        NO_TITLE,
        NOTHING_ABOVE,
        Style(title=False, toc=True),
        Style(title=False, toc=True, toc_first=True),
        Style(title=False, preamble=False, toc=True, tight=True, indent="\u3000\u3000"),
    ],
)
def test_no_title_line_law_and_year_from_the_file_name(
    file: str, style: Style, tmp_path: Path
) -> None:
    law = original(file)
    year = str(law.decided_on.year) if law.decided_on else ""
    got = identify_pasted(file, style, file_name(law), tmp_path)
    assert got == (SLUGS[file], law.title, year)


@needs_corpus
def test_the_preamble_names_the_revision_before_the_file_name(tmp_path: Path) -> None:
    got = identify_pasted("hunyin-fa-2001.md", NO_TITLE, "中华人民共和国婚姻法1999.txt", tmp_path)
    assert got == ("hunyin-fa", "中华人民共和国婚姻法", "2001")


@needs_corpus
def test_law_and_revision_options_win(tmp_path: Path) -> None:
    file = "hunyin-fa-2001.md"
    got = identify_pasted(file, NOTHING_ABOVE, "paste2001.txt", tmp_path, law="hunyin-fa")
    assert got == ("hunyin-fa", "中华人民共和国婚姻法", "2001")
    got = identify_pasted(
        file, NOTHING_ABOVE, "中华人民共和国婚姻法2019.txt", tmp_path, revision="2001b"
    )
    assert got == ("hunyin-fa", "中华人民共和国婚姻法", "2001b")


@needs_corpus
@pytest.mark.parametrize(
    "name", ["minshi-susong-fa-2023.txt", "民事诉讼法（2023年修正）.txt", "民诉法_2023.md"]
)
def test_file_name_found_in_the_catalog(name: str, tmp_path: Path) -> None:
    got = identify_pasted("minshi-susong-fa-2023.md", NOTHING_ABOVE, name, tmp_path)
    assert got == ("minshi-susong-fa", "中华人民共和国民事诉讼法", "2023")


@needs_corpus
def test_law_missing_from_the_catalog_named_by_its_file(tmp_path: Path) -> None:
    slug, title, revision = identify_pasted(
        "renmin-tiaojie-fa-2010.md", NOTHING_ABOVE, "中华人民共和国测试法2019.txt", tmp_path
    )
    assert (title, revision) == ("中华人民共和国测试法", "2019") and slug == "ce-shi-fa"


@needs_corpus
@pytest.mark.parametrize(
    ("name", "needle"),
    [("paste.txt", "names no law"), ("中华人民共和国婚姻法.txt", "cannot tell the revision")],
)
def test_nothing_to_tell_the_law_or_revision_by(name: str, needle: str, tmp_path: Path) -> None:
    with pytest.raises(GlossaryError) as error:
        identify_pasted("hunyin-fa-2001.md", NOTHING_ABOVE, name, tmp_path)
    message = str(error.value)
    assert needle in message and name in message and "--" in message


@needs_corpus
def test_import_law_of_a_pasted_text(tmp_path: Path, run) -> None:
    law = original("hunyin-fa-2001.md")
    path = tmp_path / "中华人民共和国婚姻法2001.txt"
    style = Style(title=False, tight=True, spaced_headings=True, indent="\u3000\u3000", toc=True)
    path.write_bytes(render(law, style).encode("utf-8"))
    assert run("init").exit_code == 0
    result = run("import-law", path, "--json")
    assert result.exit_code == 0, result.stderr
    stored = run("stats", "--json").json()
    assert any(
        (r["law"], r["revision"], r["articles"]) == ("hunyin-fa", "2001", 51)
        for r in stored["laws"]
    )


@needs_corpus
def test_import_law_without_title_or_name_changes_nothing(tmp_path: Path, run) -> None:
    path = tmp_path / "paste.txt"
    path.write_bytes(render(original("hunyin-fa-2001.md"), NOTHING_ABOVE).encode("utf-8"))
    assert run("init").exit_code == 0
    result = run("import-law", path)
    assert result.exit_code == 1 and "names no law" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert run("stats", "--json").json()["laws"] == []


@needs_corpus
@pytest.mark.parametrize("file", list(SLUGS))
def test_preamble_after_a_table_of_contents_names_the_revision(file: str, tmp_path: Path) -> None:
    style = Style(title=False, toc=True, toc_first=True)
    law = original(file)
    got = identify_pasted(file, style, f"{law.title}.txt", tmp_path)
    assert got == (SLUGS[file], law.title, str(law.decided_on.year if law.decided_on else ""))
