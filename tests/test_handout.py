"""The handout for the parties (io.handout, ``glossary handout``): every dialect with text,
each translation's status and the law's status in plain words, the date written, and for a
repealed or older text the article now in force beside it; one A4 HTML file, all escaped.

The database is built at test time from the corpus with the importers (laws, both
concordances, editors' clause pairs, a review); the Bai is plainly fake.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import lxml.html
import pytest
from babel.dates import format_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.i18n import translation
from glossary.io.handout import build_page, find_article
from glossary.io.handout_render import render_html, render_markdown
from glossary.lawtext.labels import paragraph_text
from glossary.lawtext.status import PLAIN_COMPUTED_NOTE, PLAIN_STATUS, REPEALED
from glossary.store.queries import article_view
from glossary.store.reader import open_reader

LAWS = (
    "hunyin-fa-2001.md",
    "minfadian-2020-hunyin-jiating-bian.md",
    "minshi-susong-fa-2021.md",
    "minshi-susong-fa-2023.md",
)
CONCORDANCES = (
    ("concordance-hunyin-fa-2001-to-minfadian.computed.csv", ()),
    ("concordance-minshi-susong-fa.computed.csv", ("--law", "minshi-susong-fa")),
)
HOSTILE = "test bai one <script>alert('x')</script> & <b>more</b>"
CLAUSES = f"""law,revision,article,paragraph,dialect,bai,status,translator
hunyin-fa,2001,32,1,bca,"{HOSTILE}",,tester
hunyin-fa,2001,32,1,bfs,test bai one bfs,,tester
hunyin-fa,2001,32,2,bfs,test bai two bfs,,tester
hunyin-fa,2001,32,3,bfc,test bai three bfc,reviewed,tester
minfadian,2020,1079,1,bca,test bai successor,,tester
minshi-susong-fa,2021,40,1,bca,test bai older,,tester
minshi-susong-fa,2021,1,1,bca,test bai carried,,tester
"""
ZH = translation("zh").gettext


def cli(*args: str | Path) -> None:
    from glossary.cli import main

    main([str(a) for a in args])


@pytest.fixture(scope="module")
def handout_template(tmp_path_factory: pytest.TempPathFactory, laws_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("handout")
    db = folder / "template.sqlite"
    cli("--db", db, "import-law", *(laws_dir / name for name in LAWS))
    for name, options in CONCORDANCES:
        cli("--db", db, "import-concordance", *options, laws_dir / name)
    (folder / "clauses.csv").write_text(CLAUSES, encoding="utf-8")
    cli("--db", db, "import", folder / "clauses.csv")
    cli("--db", db, "review", "婚姻法 32", "--dialect", "bfs", "--status", "approved",
        "--by", "Test Reviewer")  # fmt: skip
    with closing(sqlite3.connect(db)) as conn:  # everything in the file: it is copied
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def db(handout_template: Path, run, tmp_path: Path) -> Path:
    path = tmp_path / "g.sqlite"
    shutil.copy(handout_template, path)
    run.db_path = path
    return path


def write(run, tmp_path: Path, *args: str) -> tuple[str, lxml.html.HtmlElement]:
    out = tmp_path / "out" / "handout.html"
    out.parent.mkdir(exist_ok=True)
    result = run("handout", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    return page, lxml.html.document_fromstring(page)


def text_of(tree: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def view_of(db: Path, law: str, number: int, revision: str | None = None) -> dict:
    reader = open_reader(db)
    try:
        return article_view(reader, law, number, 0, revision)
    finally:
        reader.close()


def test_a_repealed_article_has_every_dialect_its_status_and_the_text_in_force(
    db: Path, run, tmp_path: Path
) -> None:
    _page, tree = write(run, tmp_path, "婚姻法", "32")
    assert tree.xpath("/html/@lang") == ["zh-Hans"]
    assert text_of(tree, "//h1") == ["中华人民共和国婚姻法 第三十二条"]
    headings = text_of(tree, "//table[@class='article']//th")
    assert headings == [
        ZH("Chinese text of the law"),
        "中部白语（剑川） · bca",
        "南部白语（大理） · bfs",
        "北部白语（碧江） · bfc",
    ]
    status = text_of(tree, "//p[contains(@class, 'status')]")[0]
    assert "本法已于2021年1月1日废止，不再有效" in status
    assert ZH(PLAIN_STATUS[REPEALED]).split("{")[0] in status
    rows = tree.xpath("//table[@class='article']/tbody/tr")
    assert len(rows) == len(view_of(db, "hunyin-fa", 32, "2001")["paragraphs"])
    first = [" ".join(td.text_content().split()) for td in rows[0].xpath("td")]
    assert first[1].endswith("草稿，未经审核") and "test bai one" in first[1]
    assert first[2].startswith("test bai one bfs") and "已由Test Reviewer于" in first[2]
    assert first[2].endswith("审定")
    assert first[3] == "尚无白文译文"  # bfc has text only in the third 款
    bfc = rows[2].xpath("td")[3]
    assert text_of(bfc, "p") == ["test bai three bfc", "已审核"]  # reviewed, by nobody named
    assert rows[0].xpath("td")[1].get("class") == "bai draft"


def test_the_successor_text_and_the_link_in_plain_words(db: Path, run, tmp_path: Path) -> None:
    page, tree = write(run, tmp_path, "婚姻法第三十二条")
    section = tree.xpath("//section[@class='now-in-force']")[0]
    successor = view_of(db, "minfadian", 1079)
    text = " ".join(section.text_content().split())
    for p in successor["paragraphs"]:
        assert paragraph_text(p["label"], p["han"]) in text
    assert "现行条文：民法典 (2020) 第一千零七十九条" in text
    assert "test bai successor" in text
    assert ZH(PLAIN_COMPUTED_NOTE) == "对应条文由计算机比对得出，尚未经人工核对"
    assert ZH(PLAIN_COMPUTED_NOTE) in text
    assert "可能性较小的对应条文" in text  # the second candidate says it is less likely
    for jargon in ("machine-computed", "unverified", "0.82", "0.39", "computed"):
        assert jargon not in page


def test_the_text_in_force_stands_beside_the_repealed_one(db: Path, run, tmp_path: Path) -> None:
    _page, tree = write(run, tmp_path, "婚姻法第三十二条")
    table = tree.xpath("//table[@class='compare']")[0]
    headings = text_of(table, ".//th")
    assert headings == ["本条（已废止）", "现行条文：民法典 (2020) 第一千零七十九条"]
    old, new = table.xpath(".//tbody/tr/td")  # one row, two columns: side by side
    for cell, view in ((old, view_of(db, "hunyin-fa", 32)), (new, view_of(db, "minfadian", 1079))):
        lines = [p.text_content() for p in cell.xpath("./p")]
        assert lines == [paragraph_text(p["label"], p["han"]) for p in view["paragraphs"]]
    note = table.getparent().xpath("./p[@class='links']")[0].text_content()
    assert ZH(PLAIN_COMPUTED_NOTE) in note
    # it comes before the Bai table, at the top of the page
    order = [el.get("class") for el in tree.xpath("//body/section")]
    assert order.index("compare") < order.index("article")


def test_hostile_bai_is_text_not_markup(db: Path, run, tmp_path: Path) -> None:
    page, tree = write(run, tmp_path, "婚姻法", "32")
    assert not tree.xpath("//script") and not tree.xpath("//td//b")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    cells = text_of(tree, "//td[contains(@class, 'bai')]/p[@class='text']")
    assert HOSTILE in cells


def test_one_file_for_a4_with_nothing_from_elsewhere(db: Path, run, tmp_path: Path) -> None:
    page, tree = write(run, tmp_path, "婚姻法", "32")
    css = "".join(tree.xpath("//style/text()"))
    assert "@page" in css and "size: A4" in css and "margin: 18mm" in css
    assert '"Noto Sans CJK SC"' in css and '"Noto Serif CJK SC"' in css and "SimSun" in css
    assert not tree.xpath("//link | //script | //img | //iframe | //object | //@src")
    assert "url(" not in css and "http" not in page and "@import" not in css
    # nothing depends on colour: a draft is said in words and framed with a dashed border
    assert "td.draft { border-style: dashed; }" in css


def test_the_date_written_in_the_handout_language(db: Path) -> None:
    reader = open_reader(db)
    view = article_view(reader, "hunyin-fa", 32, 0, "2001")
    day = dt.date(2024, 3, 5)
    zh = build_page(reader, view, "zh", today=day)
    en = build_page(reader, view, "en", today=day)
    reader.close()
    assert ("制作日期", "2024年3月5日") in zh.facts
    assert ("Written on", format_date(day, format="long", locale="en")) in en.facts
    assert ("Written on", "March 5, 2024") in en.facts


def test_english_labels_through_the_catalog_not_the_active_language(
    db: Path, run, tmp_path: Path
) -> None:
    page, tree = write(run, tmp_path, "婚姻法", "32", "--language", "en")
    assert tree.xpath("/html/@lang") == ["en"]
    assert "Central Bai (Jianchuan) · bca" in text_of(tree, "//th")
    assert "This law was repealed on January 1, 2021 and is no longer in force." in page
    assert "matched by computer, not yet checked by a person" in page
    assert "Draft, not yet checked" in page and "Approved by Test Reviewer on " in page
    zh_page, _ = write(run, tmp_path, "婚姻法", "32", "--force")  # the default: Chinese
    assert "Draft, not yet checked" not in zh_page and "草稿，未经审核" in zh_page


def test_dialect_limits_the_columns_and_a_missing_one_shows_as_missing(
    db: Path, run, tmp_path: Path
) -> None:
    _page, tree = write(run, tmp_path, "婚姻法", "32", "--dialect", "bfs")
    assert text_of(tree, "//table[@class='article']//th")[1:] == ["南部白语（大理） · bfs"]
    assert "test bai one bfs" in tree.text_content()
    assert "test bai one <script>" not in tree.text_content()
    # 民法典 1079 has no bfs text: its rows say so, none is invented
    successor = tree.xpath("//table[@class='successor']")[0]
    cells = text_of(successor, ".//td[contains(@class, 'bai')]")
    assert cells and set(cells) == {"尚无白文译文"}


def test_an_article_without_bai_says_so(db: Path, run, tmp_path: Path) -> None:
    _page, tree = write(run, tmp_path, "民法典", "1080")
    assert text_of(tree, "//p[@class='table-note']") == ["本条尚无白文译文"]
    assert set(text_of(tree, "//td[contains(@class, 'bai')]")) == {"尚无白文译文"}


def test_an_article_in_force_has_no_successor_section(db: Path, run, tmp_path: Path) -> None:
    page, tree = write(run, tmp_path, "民法典", "1079")
    assert "本法现行有效" in text_of(tree, "//p[contains(@class, 'status')]")[0]
    assert not tree.xpath("//section[@class='now-in-force']")
    assert not tree.xpath("//table[@class='compare']")
    assert "test bai successor" in page


def test_an_older_revision_has_the_newest_text_beside_it(db: Path, run, tmp_path: Path) -> None:
    page, tree = write(run, tmp_path, "民诉", "40", "--revision", "2021", "--language", "en")
    assert "This is an older revision of the law" in page
    assert "(the newest revision is 2023)" in page
    section = " ".join(tree.xpath("//section[@class='now-in-force']")[0].text_content().split())
    newest = view_of(db, "minshi-susong-fa", 40, "2023")
    assert all(paragraph_text(p["label"], p["han"]) in section for p in newest["paragraphs"])
    assert "the wording has changed" in section
    assert "matched by computer, not yet checked by a person" in section


def test_a_carried_translation_is_marked_with_where_from(db: Path, run, tmp_path: Path) -> None:
    _page, tree = write(run, tmp_path, "民诉", "1")
    cell = text_of(tree, "//table[@class='article']//td[contains(@class, 'bai')]")[0]
    assert cell.startswith("test bai carried")
    assert "沿用自民事诉讼法 (2021) 第一条" in cell and "草稿，未经审核" in cell


def test_markdown_for_an_md_file(db: Path, run, tmp_path: Path) -> None:
    out = tmp_path / "handout.md"
    result = run("handout", "婚姻法", "32", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 中华人民共和国婚姻法 第三十二条")
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "| 法律条文（汉文） | 中部白语（剑川） · bca |" in text
    assert "**草稿，未经审核**" in text and ZH(PLAIN_COMPUTED_NOTE) in text


def test_bare_number_with_law_and_json(db: Path, run, tmp_path: Path) -> None:
    out = tmp_path / "h.html"
    result = run("handout", "32", "--law", "婚姻法", "-o", out, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == {
        "path": str(out),
        "article": "中华人民共和国婚姻法 第三十二条",
        "dialects": ["bca", "bfs", "bfc"],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["婚姻法", "9999"], "has no 第九千九百九十九条"),
        (["不存在的法", "3"], "unknown law '不存在的法'"),
        (["hello", "world"], "is not an article reference"),
        (["32"], "names no law"),
        (["婚姻法", "32", "--law", "民法典"], "is in another law than --law"),
        (["婚姻法", "32", "--revision", "1950"], "has no revision '1950'"),
        (["婚姻法", "32", "--dialect", "xyz"], "unknown dialect 'xyz'"),
    ],
)
def test_a_bad_reference_is_one_line_and_writes_nothing(
    db: Path, run, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "h.html"
    result = run("handout", *args, "-o", out)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".h.html.*"))


def test_existing_file_and_database_are_not_overwritten(db: Path, run, tmp_path: Path) -> None:
    out = tmp_path / "h.html"
    out.write_text("keep me", encoding="utf-8")
    refused = run("handout", "婚姻法", "32", "-o", out)
    assert refused.exit_code != 0 and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("handout", "婚姻法", "32", "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    before = db.read_bytes()
    onto_db = run("handout", "婚姻法", "32", "-o", db, "--force")
    assert onto_db.exit_code != 0 and "database's own file" in onto_db.stderr
    assert db.read_bytes() == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ref=st.text(max_size=30))
def test_any_reference_finds_an_article_or_says_why(db: Path, ref: str) -> None:
    reader = open_reader(db)
    try:
        view = find_article(reader, ref)
    except GlossaryError as exc:
        assert str(exc) and "\n" not in exc.what
    else:
        assert view["paragraphs"]
    finally:
        reader.close()


def test_render_escapes_every_field() -> None:
    from glossary.io.handout_render import Cell, Page, Row, Successor, Table

    evil = "<i>&amp;</i>"
    table = Table((evil, evil), (Row(evil, (Cell(evil, evil, draft=True),)),), evil, ("x",))
    page = Page(
        language="en",
        title=evil,
        facts=((evil, evil),),
        status_heading=evil,
        status=evil,
        in_force=False,
        table=table,
        successors=(Successor(evil, (evil,), table),),
        successors_heading=evil,
        footer=evil,
    )
    tree = lxml.html.document_fromstring(render_html(page))
    assert not tree.xpath("//body//i")
    assert tree.text_content().count(evil) >= 14
    assert "<i>" not in render_markdown(page)
