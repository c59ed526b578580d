"""Importing Bai–Han pairs from spreadsheets (glossary.io.pairs, glossary.io.tabular).

Bai text here is plainly fake ("test bai one") or read at test time from the corpus; the law
text is the corpus' 人民调解法 (2010), imported into a fresh database.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.io.pairs import import_files, parse_article, parse_dialect, render_summary
from glossary.io.tabular import MAX_FIELD, read_table
from glossary.store.queries import article_view

HEADER = ["law", "revision", "article", "paragraph", "dialect", "han", "bai", "status"]


def _mediation_law() -> dict[int, list[str]]:
    """The Han of 人民调解法's 款/项, read from the corpus at test time (never copied)."""
    from conftest import corpus_dir
    from glossary.lawtext.parse import parse_law
    from glossary.lawtext.read import read_law_file

    parsed = parse_law(read_law_file(corpus_dir() / "laws" / "renmin-tiaojie-fa-2010.md"))
    return {a.number: [p.han for p in a.paragraphs] for a in parsed.articles}


_LAW = _mediation_law()
ART4 = _LAW[4][0]
ART3_P1 = _LAW[3][0]
ART3_ITEM1 = _LAW[3][1]
ART3_ITEM2 = _LAW[3][2]
TABLES = (
    "laws",
    "revisions",
    "articles",
    "paragraphs",
    "translations",
    "terms",
    "term_forms",
    "term_articles",
    "batches",
    "changes",
)


@pytest.fixture
def db(mediation_law_db):
    return mediation_law_db


def dump(db) -> dict[str, list[tuple]]:
    return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in TABLES}


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write(
    path: Path, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    path.write_bytes(csv_text(rows, delimiter).encode(encoding))
    return path


def bai_of(db, number: int, position: int | None = None, dialect: str = "bca") -> str | None:
    row = db.execute(
        "SELECT t.bai FROM translations t JOIN articles a ON a.id = t.article_id "
        "LEFT JOIN paragraphs p ON p.id = t.paragraph_id "
        "WHERE a.number = ? AND p.position IS ? AND t.dialect = ?",
        [number, position, dialect],
    ).fetchone()
    return row[0] if row else None


GOOD = [
    ["renmin-tiaojie-fa", "2010", "4", "", "bca", ART4, "test bai one", "draft"],
    ["人民调解法", "2010", "3", "2", "bfs", "（一）" + ART3_ITEM1, "test bai two", ""],
    ["人民调解法", "2010", "3", "1", "bca", "", "test bai three", "reviewed"],
]


# --- reading files ---------------------------------------------------------------------------


def test_gb18030_file_with_chinese_headers(db, tmp_path: Path) -> None:
    header = ["法律", "修订", "条", "款", "方言", "汉文", "白文", "状态"]
    path = write(tmp_path / "gbk.csv", [header, *GOOD], encoding="gb18030")
    result = import_files(db, [path])
    report = result.files[0]
    assert report.encoding == "gb18030" and report.kind == "clauses", render_summary(result)
    assert len(report.added) == 3 and result.ok
    assert bai_of(db, 4) == "test bai one"
    assert bai_of(db, 3, 2, "bfs") == "test bai two"


def test_utf8_bom_is_not_part_of_the_first_header(db, tmp_path: Path) -> None:
    path = write(tmp_path / "bom.csv", [HEADER, *GOOD], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_files(db, [path])
    assert result.files[0].encoding == "utf-8-sig"
    assert len(result.files[0].added) == 3, render_summary(result)


@pytest.mark.parametrize(("delimiter", "name"), [("\t", "tab"), (";", "semicolon")])
def test_tab_and_semicolon_separated(db, tmp_path: Path, delimiter: str, name: str) -> None:
    rows = [HEADER, [*GOOD[0][:7], "draft"], GOOD[1]]
    rows[1][6] = "test bai, with a comma"
    path = write(tmp_path / "file.txt", rows, delimiter=delimiter)
    result = import_files(db, [path])
    assert result.files[0].delimiter == name and len(result.files[0].added) == 2
    assert bai_of(db, 4) == "test bai, with a comma"


def test_header_matching_ignores_case_spaces_and_bilingual_labels(db, tmp_path: Path) -> None:
    header = [" LAW ", "Revision", "条", "款/项", "Dialect", "han（汉文）", "Bai 白文", "STATUS"]
    result = import_files(db, [write(tmp_path / "h.csv", [header, GOOD[0]])])
    assert len(result.files[0].added) == 1, render_summary(result)


def test_quoted_newline_field_and_physical_line_numbers(db, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["renmin-tiaojie-fa", "2010", "4", "", "bca", ART4, "test bai\nline two\nline three", ""],
        ["renmin-tiaojie-fa", "2010", "999", "", "bca", "", "test bai one", ""],
    ]
    path = write(tmp_path / "nl.csv", rows)
    table = read_table(path)
    assert [r.line for r in table.rows] == [2, 5]
    result = import_files(db, [path])
    assert any(f"{path}:5:3" in str(p) for p in result.files[0].rejected)
    import_files(db, [write(tmp_path / "ok.csv", rows[:2])])
    assert bai_of(db, 4) == "test bai\nline two\nline three"


def test_everything_is_text_leading_zeros_kept(db, tmp_path: Path) -> None:
    header = [*HEADER, "translator", "note"]
    row = ["renmin-tiaojie-fa", "2010", "004", "", "bca", "", "test bai one", "", "007", "0012"]
    result = import_files(db, [write(tmp_path / "z.csv", [header, row])])
    assert len(result.files[0].added) == 1
    stored = db.execute("SELECT translator, note FROM translations").fetchone()
    assert stored == ("007", "0012")


def test_big5_reads_as_gb18030_garbage_visible_in_the_preview(db, tmp_path: Path) -> None:
    traditional = "人民調解委員會調解民間糾紛，不收取任何費用。"
    rows = [HEADER, ["renmin-tiaojie-fa", "2010", "4", "", "bca", traditional, "test bai one", ""]]
    path = write(tmp_path / "big5.csv", rows, encoding="big5")
    result = import_files(db, [path], dry_run=True)
    report = result.files[0]
    assert report.encoding == "gb18030"  # no error: that is the danger
    shown = report.preview[1][5]
    assert shown != traditional and shown  # garbage, but visible
    assert "as read" in render_summary(result) and shown[:5] in render_summary(result)
    assert any("Big5" in p.what for p in report.warnings)
    forced = import_files(db, [path], dry_run=True, encoding="big5").files[0]
    assert forced.encoding == "big5" and forced.preview[1][5] == traditional


def test_bad_encoding_option_and_undecodable_file(db, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [HEADER, GOOD[0]])
    with pytest.raises(GlossaryError, match="unknown encoding"):
        import_files(db, [path], encoding="no-such-codec")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("law,bai\nx,\xe9\xff\xfe\n".encode("latin-1"))
    bad = import_files(db, [latin], encoding="utf-8").files[0]
    assert bad.rejected and "not valid utf-8" in bad.rejected[0].what


def test_xlsx_workbook_numbers_read_as_text(db, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["renmin-tiaojie-fa", 2010, 3, 2, "bca", None, "test bai one", "draft"])
    sheet.append(["renmin-tiaojie-fa", 2010.0, 4, None, "bca", ART4, "test bai two", None])
    path = tmp_path / "pairs.xlsx"
    book.save(path)
    result = import_files(db, [path])
    assert result.files[0].encoding == "xlsx" and len(result.files[0].added) == 2
    assert bai_of(db, 3, 2) == "test bai one"


def test_xlsx_without_openpyxl_is_a_clear_error(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    path = tmp_path / "pairs.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    report = import_files(db, [path]).files[0]
    assert "openpyxl" in report.rejected[0].what and not report.written


# --- validation ------------------------------------------------------------------------------


def test_bad_row_in_the_middle_rejects_the_whole_file(db, tmp_path: Path) -> None:
    before = dump(db)
    rows = [HEADER, GOOD[0], ["renmin-tiaojie-fa", "2010", "999", "", "bca", "", "x", ""], GOOD[1]]
    path = write(tmp_path / "bad.csv", rows)
    result = import_files(db, [path])
    report = result.files[0]
    assert not report.written and not result.ok and dump(db) == before
    assert report.rejected_rows == [3]
    message = str(report.rejected[0])
    assert message.startswith(f"{path}:3:3: ") and "articles run from 1 to" in message
    error = result.error()
    assert isinstance(error, GlossaryError) and "bad.csv" in str(error)


def test_skip_invalid_writes_the_good_rows(db, tmp_path: Path) -> None:
    rows = [HEADER, GOOD[0], ["renmin-tiaojie-fa", "2010", "999", "", "bca", "", "x", ""], GOOD[1]]
    result = import_files(db, [write(tmp_path / "bad.csv", rows)], skip_invalid=True)
    assert result.files[0].written and len(result.files[0].added) == 2
    assert result.files[0].rejected_rows == [3] and result.error() is None
    assert count(db, "translations") == 2


def test_dry_run_writes_nothing_but_reports_everything(db, tmp_path: Path) -> None:
    before, changes = dump(db), count(db, "changes")
    path = write(tmp_path / "a.csv", [HEADER, *GOOD])
    result = import_files(db, [path], dry_run=True)
    assert result.dry_run and result.batch is None
    assert len(result.files[0].added) == 3 and result.files[0].preview[0] == HEADER
    assert count(db, "changes") == changes and dump(db) == before
    summary = render_summary(result)
    assert "dry run" in summary and "would import" in summary and "as read" in summary
    short = render_summary(result, limit=1)
    assert "… 2 more added" in short and "+ renmin-tiaojie-fa/2010/3/2/bfs" not in short


def test_reimport_changes_nothing_and_makes_no_batch(db, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [HEADER, *GOOD])
    first = import_files(db, [path])
    assert first.batch is not None
    assert db.execute("SELECT command FROM batches WHERE id = ?", [first.batch]).fetchone() == (
        "import",
    )
    before = dump(db)
    again = import_files(db, [path])
    assert again.batch is None and len(again.files[0].unchanged) == 3
    assert not again.files[0].added and not again.files[0].changed
    assert dump(db) == before


def test_update_lists_and_records_old_values(db, tmp_path: Path) -> None:
    import_files(db, [write(tmp_path / "a.csv", [HEADER, *GOOD])])
    stamp = db.execute("SELECT updated_at FROM translations WHERE bai = 'test bai one'").fetchone()
    db.execute("UPDATE translations SET updated_at = '2000-01-01T00:00:00+00:00'")
    db.conn.commit()
    edited = [row[:] for row in GOOD]
    edited[0][6], edited[0][7] = "test bai one corrected", "approved"
    result = import_files(db, [write(tmp_path / "b.csv", [HEADER, *edited])])
    changed = result.files[0].changed
    assert len(changed) == 1 and len(result.files[0].unchanged) == 2
    assert changed[0].changes == {
        "bai": ("test bai one", "test bai one corrected"),
        "status": ("draft", "approved"),
    }
    assert "'test bai one' → 'test bai one corrected'" in render_summary(result)
    olds = db.execute(
        "SELECT field, old FROM changes WHERE batch_id = ? AND table_name = 'translations'",
        [result.batch],
    ).fetchall()
    assert ("bai", '"test bai one"') in olds and ("status", '"draft"') in olds
    stamps = dict(db.execute("SELECT bai, updated_at FROM translations").fetchall())
    assert stamps["test bai one corrected"] != "2000-01-01T00:00:00+00:00" and stamp
    assert stamps["test bai two"] == "2000-01-01T00:00:00+00:00"  # unchanged row untouched


def test_han_cross_check_mismatch_shows_both_texts(db, tmp_path: Path) -> None:
    row = ["renmin-tiaojie-fa", "2010", "4", "", "bca", "人民调解委员会收取费用。", "test bai", ""]
    report = import_files(db, [write(tmp_path / "x.csv", [HEADER, row])]).files[0]
    assert not report.written
    message = str(report.rejected[0])
    assert message.startswith(f"{tmp_path / 'x.csv'}:2:6: ")
    assert "人民调解委员会收取费用。" in message and ART4 in message


def test_han_cross_check_ignores_whitespace_and_item_labels(db, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["renmin-tiaojie-fa", "2010", "3", "2", "bca", ART3_ITEM1, "test bai a", ""],
        [
            "renmin-tiaojie-fa",
            "2010",
            "3",
            "3",
            "bca",
            f"（二） {ART3_ITEM2[:4]} {ART3_ITEM2[4:]}",  # spaces in the cross-check
            "b",
            "",
        ],
        ["renmin-tiaojie-fa", "2010", "3", "1", "bca", " " + ART3_P1 + "\n", "test bai c", ""],
    ]
    result = import_files(db, [write(tmp_path / "ok.csv", rows)])
    assert result.ok and len(result.files[0].added) == 3, render_summary(result)


def test_unknown_revision_and_paragraph(db, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["renmin-tiaojie-fa", "1999", "4", "", "bca", "", "test bai", ""],
        ["renmin-tiaojie-fa", "2010", "4", "7", "bca", "", "test bai", ""],
        ["renmin-tiaojie-fa", "2010", "4", "first", "bca", "", "test bai", ""],
    ]
    report = import_files(db, [write(tmp_path / "x.csv", rows)]).files[0]
    messages = [str(p) for p in report.rejected]
    assert "x.csv:2:2: renmin-tiaojie-fa has no revision '1999'" in messages[0]
    assert "use one of: 2010" in messages[0]
    assert "x.csv:3:4:" in messages[1] and "has no paragraph 7" in messages[1]
    assert "x.csv:4:4:" in messages[2] and "not a paragraph position" in messages[2]


def test_law_whose_text_is_not_imported_is_rejected(db, tmp_path: Path) -> None:
    row = ["hunyin-fa", "2001", "32", "", "bca", "", "test bai", ""]
    report = import_files(db, [write(tmp_path / "x.csv", [HEADER, row])]).files[0]
    assert "not imported" in report.rejected[0].what and "import-law" in report.rejected[0].fix


def test_unknown_law_without_han_is_rejected_not_created(db, tmp_path: Path) -> None:
    row = ["人民调节法", "2010", "4", "", "bca", "", "test bai", ""]  # a typo
    report = import_files(db, [write(tmp_path / "x.csv", [HEADER, row])]).files[0]
    assert "unknown law '人民调节法'" in str(report.rejected[0]) and not report.written
    assert count(db, "laws") == 1


def test_duplicate_keys_inside_a_file(db, tmp_path: Path) -> None:
    rows = [HEADER, GOOD[0], ["人民调解法", "2010", "4", "", "bca", "", "test bai again", ""]]
    report = import_files(db, [write(tmp_path / "d.csv", rows)]).files[0]
    assert report.rejected_rows == [3] and "already on line 2" in report.rejected[0].what
    terms = [["han", "bai", "dialect"], ["调解", "test bai", "bca"], ["调解", "test bai", "剑川"]]
    report = import_files(db, [write(tmp_path / "t.csv", terms)]).files[0]
    assert report.rejected_rows == [3] and "already on line 2" in report.rejected[0].what


def test_nul_byte_and_oversized_field(db, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["renmin-tiaojie-fa", "2010", "4", "", "bca", "", "test\x00bai", ""],
        ["renmin-tiaojie-fa", "2010", "5", "1", "bca", "", "t" * (MAX_FIELD + 1), ""],
    ]
    before = dump(db)
    report = import_files(db, [write(tmp_path / "n.csv", rows)]).files[0]
    messages = [str(p) for p in report.rejected]
    assert any("n.csv:2:7: " in m and "NUL" in m for m in messages)
    assert any("n.csv:3:7: " in m and "too long" in m for m in messages)
    assert dump(db) == before


def test_empty_bai_and_invalid_values(db, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["renmin-tiaojie-fa", "2010", "4", "", "bca", "", "", ""],
        ["renmin-tiaojie-fa", "2010", "5", "1", "xyz", "", "test bai", ""],
        ["renmin-tiaojie-fa", "2010", "5", "2", "bca", "", "test bai", "final"],
        ["renmin-tiaojie-fa", "2010", "abc", "", "bca", "", "test bai", ""],
    ]
    report = import_files(db, [write(tmp_path / "v.csv", rows)]).files[0]
    text = "\n".join(str(p) for p in report.rejected)
    assert "v.csv:2:7: the Bai text is empty" in text
    assert "v.csv:3:5: unknown dialect 'xyz'" in text
    assert "v.csv:4:8: unknown status 'final'" in text
    assert "v.csv:5:3: 'abc' is not an article number" in text
    terms = [["han", "bai", "script"], ["调解", "test bai", "cyrillic"]]
    report = import_files(db, [write(tmp_path / "t.csv", terms)]).files[0]
    assert "t.csv:2:3: unknown script 'cyrillic'" in str(report.rejected[0])


def test_missing_columns_and_unknown_file(db, tmp_path: Path) -> None:
    report = import_files(
        db, [write(tmp_path / "m.csv", [["law", "article", "bai"], ["x", "1", "y"]])]
    ).files[0]
    assert "missing column(s): revision, paragraph, dialect" in report.rejected[0].what
    report = import_files(db, [write(tmp_path / "u.csv", [["foo", "bar"], ["1", "2"]])]).files[0]
    assert "cannot tell what the file holds" in report.rejected[0].what
    # a clause file whose law column is misnamed is not taken for term pairs
    rows = [["法名", "revision", "han", "bai"], ["人民调解法", "2010", ART4, "test bai"]]
    report = import_files(db, [write(tmp_path / "k.csv", rows)]).files[0]
    assert report.kind == "clauses" and "missing column(s): law" in report.rejected[0].what
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    assert "empty" in import_files(db, [empty]).files[0].rejected[0].what
    with pytest.raises(GlossaryError, match="no such file"):
        import_files(db, [tmp_path / "missing.csv"])


def test_dialect_names_and_default(db, tmp_path: Path) -> None:
    assert [
        parse_dialect(x) for x in ("中部", "剑川方言", "南部", "大理", "北部", "碧江", "BFS")
    ] == [
        "bca",
        "bca",
        "bfs",
        "bfs",
        "bfc",
        "bfc",
        "bfs",
    ]
    header = ["law", "revision", "article", "paragraph", "bai"]
    rows = [header, ["renmin-tiaojie-fa", "2010", "4", "", "test bai"]]
    result = import_files(db, [write(tmp_path / "d.csv", rows)], dialect="剑川", translator="T")
    assert result.ok, render_summary(result)
    assert db.execute("SELECT dialect, translator FROM translations").fetchone() == ("bca", "T")
    with pytest.raises(GlossaryError, match="unknown dialect"):
        import_files(db, [tmp_path / "d.csv"], dialect="martian")


def test_article_forms() -> None:
    assert parse_article("122") == (122, 0)
    assert parse_article("122-1") == (122, 1)
    assert parse_article("第一百二十二条之一") == (122, 1)
    assert parse_article("１２") == (12, 0)
    assert parse_article("x") is None and parse_article("0") is None


def test_bai_spelling_is_a_warning_only(db, tmp_path: Path, corpus: Path) -> None:
    with (corpus / "bai" / "orthographic_examples.tsv").open(encoding="utf-8") as fh:
        real = next(r["bai_latin"] for r in csv.DictReader(fh, delimiter="\t"))
    rows = [
        HEADER,
        ["renmin-tiaojie-fa", "2010", "4", "", "bca", "", "test 123 ###", ""],
        ["renmin-tiaojie-fa", "2010", "5", "1", "bca", "", real, ""],
    ]
    report = import_files(db, [write(tmp_path / "w.csv", rows)]).files[0]
    assert report.written and len(report.added) == 2
    assert [p.where for p in report.warnings] == [f"{tmp_path / 'w.csv'}:2:7"]
    terms = [["han", "bai", "script"], ["调解", "test 123 ###", "ipa"], ["调解", real, "latin"]]
    report = import_files(db, [write(tmp_path / "t.csv", terms)]).files[0]
    assert report.written and not report.warnings


# --- collections ------------------------------------------------------------------------------


def test_collection_created_then_updated_keeps_old_values(db, tmp_path: Path) -> None:
    name = "测试州人民调解条例"
    first = [
        HEADER,
        [name, "2024", "1", "1", "bca", "第一款测试文本。", "test bai one", ""],
        [name, "2024", "1", "2", "bca", "第二款测试文本。", "test bai two", ""],
        [name, "2024", "1", "2", "bfs", "", "test bai three", ""],
        [name, "2024", "2", "", "bca", "整条测试文本。", "test bai four", ""],
    ]
    result = import_files(db, [write(tmp_path / "one.csv", first)])
    report = result.files[0]
    assert len(report.added) == 4, render_summary(result)
    assert any("new collection" in p.what for p in report.warnings)
    slug, kind = db.execute("SELECT slug, kind FROM laws WHERE name = ?", [name]).fetchone()
    assert kind == "collection"
    view = article_view(db, slug, 1)
    assert [(p["position"], p["han"]) for p in view["paragraphs"]] == [
        (1, "第一款测试文本。"),
        (2, "第二款测试文本。"),
    ]
    assert view["paragraphs"][1]["bai"] == {"bca": "test bai two", "bfs": "test bai three"}
    assert article_view(db, slug, 2)["bai"] == {"bca": "test bai four"}

    second = [
        HEADER,
        [slug, "2024", "1", "2", "bca", "第二款测试文本（修改）。", "test bai two fixed", ""],
        [name, "2024", "3", "1", "bca", "第三条测试文本。", "test bai five", ""],
    ]
    result = import_files(db, [write(tmp_path / "two.csv", second)])
    report = result.files[0]
    assert len(report.changed) == 1 and len(report.added) == 1, render_summary(result)
    assert report.changed[0].changes == {
        "han": ("第二款测试文本。", "第二款测试文本（修改）。"),
        "bai": ("test bai two", "test bai two fixed"),
    }
    olds = {
        (table, field): old
        for table, field, old in db.execute(
            "SELECT table_name, field, old FROM changes WHERE batch_id = ? AND op = 'update'",
            [result.batch],
        ).fetchall()
    }
    assert olds[("paragraphs", "han")] == '"第二款测试文本。"'
    assert olds[("translations", "bai")] == '"test bai two"'
    assert count(db, "laws") == 2


def test_collection_rows_must_agree_on_the_han_text(db, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["测试汇编", "1", "1", "1", "bca", "甲文本。", "test bai one", ""],
        ["测试汇编", "1", "1", "1", "bfs", "乙文本。", "test bai two", ""],
        ["测试汇编", "1", "2", "1", "bca", "", "test bai three", ""],
    ]
    report = import_files(db, [write(tmp_path / "c.csv", rows)]).files[0]
    messages = [str(p) for p in report.rejected]
    assert "c.csv:3:6: the Han text differs from line 2" in messages[0]
    assert "c.csv:4:6:" in messages[1] and "Han text is needed" in messages[1]


def test_several_files_one_batch(db, tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", [HEADER, GOOD[0]])
    b = write(tmp_path / "b.csv", [["han", "bai", "dialect"], ["调解", "test bai", "bca"]])
    result = import_files(db, [a, b])
    assert [f.kind for f in result.files] == ["clauses", "terms"] and result.batch
    assert {r[0] for r in db.execute("SELECT batch_id FROM changes").fetchall()} >= {result.batch}
    assert count(db, "batches") == 2  # the law import, then this one


# --- term pairs -------------------------------------------------------------------------------


def test_term_pairs(db, tmp_path: Path) -> None:
    header = ["术语", "白文", "方言", "文字", "释义", "状态", "来源", "条文"]
    rows = [
        header,
        [
            "调解",
            "test bai one",
            "中部",
            "latin",
            "测试释义",
            "preferred",
            "test src",
            "人民调解法:2010:4",
        ],
        ["调解", "test-ipa one", "南部", "ipa", "", "", "", "renmin-tiaojie-fa:2010:3"],
    ]
    result = import_files(db, [write(tmp_path / "t.csv", rows)])
    assert result.ok and result.files[0].kind == "terms", render_summary(result)
    term = db.execute("SELECT id, definition, status FROM terms WHERE han = '调解'").fetchone()
    assert term[1:] == ("测试释义", "proposed")
    forms = db.execute(
        "SELECT form, script, dialect, status, source FROM term_forms ORDER BY form"
    ).fetchall()
    assert forms == [
        ("test bai one", "latin", "bca", "preferred", "test src"),
        ("test-ipa one", "ipa", "bfs", "admitted", None),
    ]
    links = db.execute("SELECT law, revision, article FROM term_articles ORDER BY 3").fetchall()
    assert links == [("renmin-tiaojie-fa", "2010", 3), ("renmin-tiaojie-fa", "2010", 4)]
    again = import_files(db, [tmp_path / "t.csv"])
    assert again.batch is None and len(again.files[0].unchanged) == 1

    rows[1][4] = "另一个释义"
    rows[2][4] = "测试释义"
    report = import_files(db, [write(tmp_path / "t2.csv", rows)]).files[0]
    assert "differs from line 2" in report.rejected[0].what  # two definitions of one term


def test_term_update_keeps_unnamed_fields(db, tmp_path: Path) -> None:
    rows = [["han", "bai", "definition", "status"], ["调解", "test bai", "测试释义", "preferred"]]
    import_files(db, [write(tmp_path / "a.csv", rows)])
    result = import_files(db, [write(tmp_path / "b.csv", [["han", "bai"], ["调解", "test bai"]])])
    assert result.batch is None  # empty cells keep the stored definition and status
    rows[1][3] = "deprecated"
    result = import_files(db, [write(tmp_path / "c.csv", rows)])
    changes = result.files[0].changed[0].changes
    assert list(changes.values()) == [("preferred", "deprecated")]


def test_term_article_links_are_checked(db, tmp_path: Path) -> None:
    rows = [
        ["han", "bai", "articles"],
        ["调解", "test bai", "renmin-tiaojie-fa:2010:999"],
        ["调解", "test bai two", "no-such-law:1:1"],
        ["调解", "test bai three", "hunyin-fa:2001:32"],
    ]
    report = import_files(db, [write(tmp_path / "t.csv", rows)], skip_invalid=True).files[0]
    assert report.rejected_rows == [2, 3]
    assert any("not imported" in p.what for p in report.warnings)
    assert db.execute("SELECT law, article FROM term_articles").fetchall() == [("hunyin-fa", 32)]


# --- never another exception, never a partial write -------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(
            st.lists(
                st.one_of(
                    st.text(max_size=12),
                    st.sampled_from(["renmin-tiaojie-fa", "2010", "4", "1", "bca", "测试", ""]),
                ),
                min_size=8,
                max_size=8,
            ),
            max_size=5,
        ).map(lambda rows: ("\ufeff" + csv_text([HEADER, *rows])).encode("utf-8", "replace")),
    )
)
def test_arbitrary_files_import_or_fail_cleanly(db, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(data)
    before = dump(db)
    try:
        result = import_files(db, [path])
    except GlossaryError:
        assert dump(db) == before
        return
    render_summary(result)
    if not result.files[0].written:
        assert dump(db) == before
    else:
        assert not result.files[0].rejected
    assert not db.conn.in_transaction


def test_search_index_is_refreshed_before_commit(db, tmp_path: Path) -> None:
    import_files(db, [write(tmp_path / "a.csv", [HEADER, *GOOD])])
    assert count(db, "search_dirty") == 0
    indexed = db.execute(
        "SELECT s.bai FROM article_search s JOIN articles a ON a.id = s.rowid WHERE a.number = 4"
    ).fetchone()[0]
    assert indexed.startswith("test bai")


# --- writing in bulk -------------------------------------------------------------------------


def test_new_translations_are_written_together_as_row_by_row_would(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows that add a translation are written in one statement; one that changes a
    translation added earlier in the file is written after them, as row by row."""
    from glossary.store.history import Batch

    first = write(tmp_path / "first.csv", [HEADER, GOOD[0]])
    assert import_files(db, [first]).ok
    changed = ["renmin-tiaojie-fa", "2010", "4", "", "bca", ART4, "test bai four", "draft"]
    rows = [HEADER, GOOD[1], GOOD[2], changed]
    one_by_one: list[str] = []
    together: list[int] = []
    insert, insert_many = Batch.insert, Batch.insert_many

    def spy_insert(self: Batch, table: str, row: dict, key: str) -> int:
        one_by_one.append(table)
        return insert(self, table, row, key)

    def spy_insert_many(self: Batch, table: str, rows: list, keys: list) -> list[int]:
        if table == "translations":
            together.append(len(rows))
        return insert_many(self, table, rows, keys)

    monkeypatch.setattr(Batch, "insert", spy_insert)
    monkeypatch.setattr(Batch, "insert_many", spy_insert_many)
    result = import_files(db, [write(tmp_path / "second.csv", rows)])
    report = result.files[0]
    assert result.ok and [o.line for o in report.added] == [2, 3]
    assert [o.line for o in report.changed] == [4]
    assert "translations" not in one_by_one and 2 in together
    ids = db.execute("SELECT id, bai FROM translations ORDER BY id").fetchall()
    assert [bai for _id, bai in ids] == ["test bai four", "test bai two", "test bai three"]
    assert bai_of(db, 4) == "test bai four"
