"""Reading law files: encodings, .docx, and a clear GlossaryError for every user mistake."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from glossary.errors import GlossaryError
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file

LAW = """中华人民共和国示例调解法

（2011年5月6日第十一届全国人民代表大会常务委员会第二十次会议通过）

第一章　总则

　　第一条　为了规范示例调解工作，制定本法。

　　第二条　调解应当遵循下列原则：

　　（一）自愿；

　　（二）合法。

第二章　附则

　　第三条　本法自2012年1月1日起施行。
"""


def check_law(text: str) -> None:
    law = parse_law(text)
    assert law.title == "中华人民共和国示例调解法"
    assert [a.number for a in law.articles] == [1, 2, 3]
    assert law.articles[1].han == "调解应当遵循下列原则：\n（一）自愿；\n（二）合法。"
    assert law.in_force_on is not None and law.in_force_on.isoformat() == "2012-01-01"


@pytest.mark.parametrize("name", ["law.md", "law.markdown", "law.txt", "LAW.TXT"])
def test_utf8_text_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(LAW.encode("utf-8"))
    assert read_law_file(path) == LAW
    check_law(read_law_file(str(path)))


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_bytes(b"\xef\xbb\xbf" + LAW.encode("utf-8"))
    assert read_law_file(path) == LAW


def test_gb18030_text_file(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    data = LAW.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really exercises the fallback
    path.write_bytes(data)
    assert read_law_file(path) == LAW
    check_law(read_law_file(path))


def test_docx_paragraphs_one_per_line_tables_ignored(tmp_path: Path) -> None:
    path = tmp_path / "law.docx"
    document = docx.Document()
    for line in LAW.split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "第九十九条　表格里的文字不是法律条文。"
    document.save(str(path))
    text = read_law_file(path)
    assert text.split("\n") == LAW.split("\n")
    assert "表格" not in text
    check_law(text)


def expect_error(path: Path, words: str) -> GlossaryError:
    with pytest.raises(GlossaryError) as caught:
        read_law_file(path)
    error = caught.value
    assert words in error.what
    assert error.where == str(path)
    assert error.fix
    assert str(path) in str(error) and "\n" not in str(error)
    return error


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "nowhere.md", "not found")


def test_directory(tmp_path: Path) -> None:
    expect_error(tmp_path, "folder")


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    expect_error(path, "empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_bytes(bytes(range(256)) * 4)
    expect_error(path, "binary")


def test_unreadable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_bytes("第一条 示例".encode() + b"\xff\xfe\x80\xff")
    error = expect_error(path, "unreadable encoding")
    assert "UTF-8" in (error.fix or "")


def test_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "law.txt"
    path.write_bytes(LAW.encode("utf-16"))
    expect_error(path, "UTF-16")


@pytest.mark.parametrize(
    ("name", "fix"), [("law.doc", ".docx"), ("law.pdf", ".txt"), ("law", ".md")]
)
def test_unsupported_kinds(tmp_path: Path, name: str, fix: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    error = expect_error(path, "cannot read")
    assert fix in (error.fix or "")


def test_broken_docx(tmp_path: Path) -> None:
    path = tmp_path / "law.docx"
    path.write_text("这不是一个 Word 文件", encoding="utf-8")
    expect_error(path, "not a valid .docx")


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.save(str(path))
    expect_error(path, "no text")


def test_non_law_file_reads_but_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("亲爱的朋友：\n你好！今天天气很好。\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        parse_law(read_law_file(path), str(path))
    assert caught.value.where == str(path)
    assert "no articles" in caught.value.what
