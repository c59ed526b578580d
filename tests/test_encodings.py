"""Decoding an editor's file: strict encodings only, never a guess. A file that does not
decode cleanly is refused at the line and column of its first bad byte. Bai text here is
plainly fake; the Han is the corpus' 人民调解法 or plain test words."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import GlossaryError
from glossary.io.decoding import STRICT_ENCODINGS, decode, text_position
from glossary.io.pairs import import_files
from glossary.io.tabular import read_table

HEADER = "han,bai,dialect\n"
PLACE = re.compile(r":(\d+):(\d+)$")


@pytest.fixture
def db(mediation_law_db):
    return mediation_law_db


def terms(db) -> list[tuple]:
    return db.execute("SELECT han FROM terms ORDER BY han").fetchall()


def refused_at(db, path: Path) -> tuple[int, int, str]:
    """Import the file; it must be refused, nothing written: (line, column, message)."""
    before = terms(db)
    report = import_files(db, [path]).files[0]
    assert not report.written and len(report.rejected) == 1, report.rejected
    assert terms(db) == before
    problem = report.rejected[0]
    assert problem.where is not None
    place = PLACE.search(problem.where)
    assert place, problem.where
    return int(place[1]), int(place[2]), f"{problem.what} — {problem.fix}"


@pytest.mark.parametrize("cell", ["测试文", "测试"], ids=["not-gb18030", "gb18030-nonsense"])
def test_a_gbk_file_with_one_utf8_cell_is_refused_where_the_encodings_meet(
    db, tmp_path: Path, cell: str
) -> None:
    """Three Chinese characters in UTF-8 are not valid GB18030 (once guessed as cp1250); two
    are, into nonsense: both are refused, at the first byte that is not UTF-8."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        (HEADER + "调解,test bai one,bca\n").encode("gbk") + f"{cell},test bai two,bca\n".encode()
    )
    line, column, message = refused_at(db, path)
    assert (line, column) == (2, 1)  # 调 in GBK is the first byte UTF-8 cannot read
    assert "UTF-8" in message and "--encoding" in message


def test_a_stray_byte_in_a_utf8_file_is_refused_at_its_line_and_column(db, tmp_path: Path) -> None:
    path = tmp_path / "stray.csv"
    good = (HEADER + "调解,test bai one,bca\r\n申请,test").encode()
    path.write_bytes(codecs.BOM_UTF8 + good + b"\xa0bai two,bca\r\n")
    line, column, message = refused_at(db, path)
    assert (line, column) == (3, 8)  # characters, not bytes; CRLF is one line break
    assert "0xA0" in message and "save the whole file as UTF-8" in message


def test_bytes_no_strict_encoding_reads_are_refused_not_guessed(db, tmp_path: Path) -> None:
    path = tmp_path / "western.csv"
    path.write_bytes((HEADER + "x,test bai,bca\nx,caf\xe9\xff,bca\n").encode("cp1252"))
    line, column, message = refused_at(db, path)
    assert (line, column) == (3, 6) and "not valid UTF-8 nor GB18030" in message


def test_a_named_encoding_is_used_for_what_detection_refuses(db, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "调解,test bai one,bca\n").encode("gbk") + "测试".encode())
    with pytest.raises(GlossaryError):
        read_table(path)
    assert read_table(path, encoding="gb18030").encoding == "gb18030"


def test_plain_gbk_and_utf16_with_a_bom_are_read(db, tmp_path: Path, laws_dir: Path) -> None:
    text = (laws_dir / "renmin-tiaojie-fa-2010.md").read_text(encoding="utf-8")
    han = [line.split("　")[0][:30] for line in text.splitlines() if line.startswith("第")]
    rows = "".join(f"{h},test bai {i},bca\n" for i, h in enumerate(han) if "," not in h)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((HEADER + rows).encode("gbk"))
    table = read_table(gbk)
    assert table.encoding == "gb18030" and table.rows[0].cells[0] == han[0]
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes((HEADER + rows).replace(",", "\t").encode("utf-16"))
    assert read_table(utf16).rows[0].cells[0] == han[0]


def test_a_utf16_bom_with_broken_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "han\tbai\n".encode("utf-16-le") + b"\x00\xd8x")
    with pytest.raises(GlossaryError, match="not valid UTF-16") as error:
        read_table(path)
    assert error.value.where is not None and error.value.where.endswith(":2:1")


def test_text_position_counts_characters_after_the_bom() -> None:
    data = codecs.BOM_UTF8 + "调解x\r\n\r申请".encode()
    assert text_position(data, len(data), "utf-8") == (3, 3)
    assert text_position(codecs.BOM_UTF8 + b"ab", 4, "utf-8-sig") == (1, 2)


WESTERN = ("cp1250", "cp1252", "latin-1")
pieces = st.lists(
    st.tuples(
        st.text(alphabet=st.sampled_from('调解申请人民,\n\r"ab1 é'), max_size=12),
        st.sampled_from(("utf-8", "gbk", *WESTERN)),
    ),
    max_size=6,
).map(lambda parts: b"".join(t.encode(e, "replace") for t, e in parts))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), pieces))
def test_any_bytes_decode_strictly_or_are_refused_at_a_place(data: bytes) -> None:
    """Either the text is exactly what one strict encoding reads, or one clear error with a
    line and column — never a single-byte Western decoding."""
    try:
        text, used = decode(data, Path("any.csv"))
    except GlossaryError as exc:
        assert exc.where and PLACE.search(exc.where) and exc.fix
        assert "\n" not in str(exc)
        return
    assert used in (*STRICT_ENCODINGS, "utf-16", "utf-32")
    expected = data.decode(used)
    assert text == (expected[1:] if expected.startswith("\ufeff") else expected)
    if used == "gb18030":  # GB18030 reads almost anything: never with UTF-8 Chinese in it
        assert not re.search(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){2}", data)
