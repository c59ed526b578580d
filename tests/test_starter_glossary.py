"""The starter glossary (data/glossary/starter-terms.csv): its shape, its article links
recomputed from the corpus with the project's own parser, no Bai and no copied statute text."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO
from glossary.lawtext.model import Article
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file

CSV_PATH = REPO / "data" / "glossary" / "starter-terms.csv"
README_PATH = REPO / "data" / "glossary" / "README.md"
HEADER = [
    "han",
    "definition",
    "domain",
    "status",
    "source",
    "english",
    "concepticon_id",
    "articles",
]
REQUIRED = ("han", "definition", "domain", "status", "source", "english")
DOMAINS = {"程序", "婚姻家庭", "调解", "财产", "亲属", "一般"}
STATUSES = {"preferred", "admitted", "deprecated"}
SOURCE = "starter glossary (project editors)"
WORD_LISTS = ("allenbai", "wangbai", "suntb_bai")
CAP = 12  # articles listed per law, the first ones in article order
COPY_RUN = 12  # a definition may share no run this long with any law text

# The newest revision of each law, in the order the articles column lists them.
NEWEST = {
    "minshi-susong-fa:2023": "minshi-susong-fa-2023.md",
    "hunyin-fa:2001": "hunyin-fa-2001.md",
    "minfadian:2020": "minfadian-2020-hunyin-jiating-bian.md",
    "renmin-tiaojie-fa:2010": "renmin-tiaojie-fa-2010.md",
}
REF = re.compile(
    r"(minshi-susong-fa:2023|hunyin-fa:2001|minfadian:2020|renmin-tiaojie-fa:2010):(\d+)"
)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == HEADER
        return list(reader)


@pytest.fixture(scope="module")
def newest(corpus: Path) -> dict[str, list[Article]]:
    return {
        key: parse_law(read_law_file(corpus / "laws" / name), name).articles
        for key, name in NEWEST.items()
    }


@pytest.fixture(scope="module")
def law_runs(corpus: Path) -> set[str]:
    """Every run of COPY_RUN letters (punctuation and spaces dropped) in every corpus law text."""
    runs: set[str] = set()
    files = [p for p in sorted((corpus / "laws").glob("*.md")) if p.name != "SOURCES.md"]
    assert len(files) >= len(NEWEST)
    for path in files:
        for article in parse_law(read_law_file(path), path.name).articles:
            text = _letters(article.han)
            runs.update(text[i : i + COPY_RUN] for i in range(len(text) - COPY_RUN + 1))
    return runs


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _refs(cell: str) -> list[tuple[str, int]]:
    if not cell:
        return []
    refs = []
    for ref in cell.split(";"):
        match = REF.fullmatch(ref)
        assert match, f"bad article reference {ref!r}"
        refs.append((match[1], int(match[2])))
    return refs


def _latin_or_ipa(text: str) -> list[str]:
    """Characters that could spell Bai: Latin letters (any width), IPA, modifier and tone
    letters, combining marks."""
    found = []
    for ch in text:
        name = unicodedata.name(ch, "")
        if (
            "LATIN" in name
            or "MODIFIER LETTER" in name
            or 0x0250 <= ord(ch) <= 0x036F  # IPA extensions, spacing modifiers, combining marks
            or 0x1D00 <= ord(ch) <= 0x1DFF  # phonetic extensions
            or 0xA700 <= ord(ch) <= 0xA7FF  # tone letters, Latin extended-D
        ):
            found.append(ch)
    return found


# --- shape ----------------------------------------------------------------------------------


def test_file_is_utf8_with_bom_for_excel() -> None:
    data = CSV_PATH.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")
    assert README_PATH.is_file()


def test_rows_cells_and_values(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 200
    hans = [row["han"] for row in rows]
    assert len(set(hans)) == len(hans), "duplicate han terms"
    for row in rows:
        assert None not in row, f"{row['han']}: too many cells"
        for column in REQUIRED:
            assert row[column] and row[column].strip() == row[column], (row["han"], column)
        assert row["domain"] in DOMAINS, row
        assert row["status"] in STATUSES, row
        assert row["source"] == SOURCE, row
        assert re.fullmatch(r"\d*", row["concepticon_id"]), row


def test_every_domain_and_status_is_used(rows: list[dict[str, str]]) -> None:
    assert {row["domain"] for row in rows} == DOMAINS
    assert {row["status"] for row in rows} == STATUSES


# --- articles -------------------------------------------------------------------------------


def test_articles_are_the_computed_ones(
    rows: list[dict[str, str]], newest: dict[str, list[Article]]
) -> None:
    """Each listed article exists and contains the term, and the cell is exactly what the
    README says: per law, the first CAP articles of the newest revision containing the term."""
    by_number = {key: {a.number: a for a in articles} for key, articles in newest.items()}
    for row in rows:
        han = row["han"]
        listed = _refs(row["articles"])
        for key, number in listed:
            assert number in by_number[key], f"{han}: {key}:{number} does not exist"
            assert han in by_number[key][number].han, f"{han}: not in {key}:{number}"
        expected: list[tuple[str, int]] = []
        for key, articles in newest.items():
            expected += [(key, a.number) for a in articles if han in a.han][:CAP]
        assert listed == expected, han


def test_every_term_is_in_a_law_unless_linked_to_a_concept(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert row["articles"] or row["concepticon_id"], row["han"]


def test_deprecated_terms_are_from_the_repealed_law_only(
    rows: list[dict[str, str]], newest: dict[str, list[Article]]
) -> None:
    """A deprecated term occurs in 婚姻法 2001 but not in 民法典, and its definition names
    (in “…”) the word the 民法典 uses instead."""
    civil_code = "\n".join(a.han for a in newest["minfadian:2020"])
    deprecated = [row for row in rows if row["status"] == "deprecated"]
    assert deprecated
    for row in deprecated:
        laws = {key for key, _ in _refs(row["articles"])}
        assert "hunyin-fa:2001" in laws, row["han"]
        assert "minfadian:2020" not in laws, row["han"]
        assert "民法典" in row["definition"], row["han"]
        quoted = re.findall(r"“([^”]+)”", row["definition"])
        assert any(q != row["han"] and q in civil_code for q in quoted), row["han"]


def test_admitted_terms_name_their_preferred_term(rows: list[dict[str, str]]) -> None:
    hans = {row["han"] for row in rows}
    for row in rows:
        if row["status"] == "admitted":
            quoted = re.findall(r"“([^”]+)”", row["definition"])
            assert any(q != row["han"] and q in hans for q in quoted), row["han"]


# --- no Bai, no copied statute text ---------------------------------------------------------


def test_no_cell_could_hold_bai(rows: list[dict[str, str]]) -> None:
    """Bai forms come only from imports. Every column but `english` is free of Latin and IPA
    letters, except the fixed-vocabulary columns, which must match their exact patterns."""
    for row in rows:
        for column in ("han", "definition", "domain"):
            assert not _latin_or_ipa(row[column]), (row["han"], column, row[column])
        assert all("\u4e00" <= ch <= "\u9fff" for ch in row["han"]), row["han"]
        _refs(row["articles"])  # only the four law slugs, digits and separators


def test_no_definition_copies_a_statute(rows: list[dict[str, str]], law_runs: set[str]) -> None:
    for row in rows:
        text = _letters(row["definition"])
        for i in range(len(text) - COPY_RUN + 1):
            run = text[i : i + COPY_RUN]
            assert run not in law_runs, f"{row['han']}: definition copies law text {run!r}"


# --- Concepticon ----------------------------------------------------------------------------


def test_concepticon_ids_come_from_the_bai_word_lists(
    rows: list[dict[str, str]], corpus: Path
) -> None:
    known: set[str] = set()
    for name in WORD_LISTS:
        path = corpus / "bai" / name / "parameters.csv"
        with path.open(encoding="utf-8-sig", newline="") as f:
            known.update(r["Concepticon_ID"] for r in csv.DictReader(f) if r["Concepticon_ID"])
    linked = [row for row in rows if row["concepticon_id"]]
    assert linked
    for row in linked:
        assert row["concepticon_id"] in known, row["han"]
