"""Turning an editor's file into text: only strict decodings, never a guess.

A file must decode without a single bad byte as UTF-8 (with or without a BOM) or GB18030
(which also reads GBK and GB2312), or — with its BOM — as UTF-16/UTF-32 (Excel's "Unicode
Text"); else it is refused with the line and column of the first bad byte, unless the user
names the encoding. A guess (charset-normalizer) once read a GBK file holding one UTF-8 cell
as cp1250 and imported the nonsense: a single-byte Western code page can decode any bytes,
so it can never be trusted for a file that has to hold Chinese.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from glossary.errors import GlossaryError, location

#: Tried in order on a file without a BOM; the first that decodes every byte is used.
STRICT_ENCODINGS = ("utf-8-sig", "gb18030")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),  # Excel's "Unicode Text" (tab-separated)
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Two CJK characters in a row (U+4E00–U+9FFF) as UTF-8. In GBK text such a byte run is
#: next to impossible (none in the corpus' law texts saved as GBK, ~190 000 characters).
UTF8_CHINESE = re.compile(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){2}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
FIX = "save the file as UTF-8 (in Excel: “CSV UTF-8”), or name its encoding with --encoding"


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). ``encoding`` forces one; otherwise only the strict decodings
    above, and a GlossaryError at the first bad byte when none of them fits."""
    if encoding:
        return _decode_as(data, path, encoding)
    candidates = [name for bom, name in _BOMS if data.startswith(bom)][:1] or STRICT_ENCODINGS
    failures: list[tuple[UnicodeDecodeError, str]] = []
    for name in candidates:
        try:
            return _strip_bom(data.decode(name)), name
        except UnicodeDecodeError as exc:
            if name == "utf-8-sig" and UTF8_CHINESE.search(data):
                raise _mixed(data, path, exc) from None
            failures.append((exc, name))
    # the encoding that read furthest is most likely the file's: its first bad byte is the
    # one to look at (a UTF-8 cell in a GBK file, a stray byte in a UTF-8 file)
    error, name = max(failures, key=lambda failure: bad_byte(data, failure[0]))
    offset = bad_byte(data, error)
    names = " nor ".join(_label(n) for n in candidates)
    raise GlossaryError(
        f"the file is not valid {names}: byte 0x{data[offset]:02X} cannot be read "
        f"(the file reads as {_label(name)} up to here)",
        location(path, *text_position(data, offset, name)),
        FIX,
    )


def bad_byte(data: bytes, exc: UnicodeDecodeError) -> int:
    """The offset in ``data`` of the first byte a decoding could not read (the utf-8-sig
    codec counts from after the BOM)."""
    return exc.start + len(data) - len(exc.object)


def _mixed(data: bytes, path: Path, exc: UnicodeDecodeError) -> GlossaryError:
    """A file holding Chinese in UTF-8 that is not UTF-8 throughout mixes two encodings;
    GB18030 reads almost any bytes, so it would import the UTF-8 part as nonsense."""
    match = UTF8_CHINESE.search(data)
    utf8_line = text_position(data, match.start() if match else 0, "utf-8")[0]
    offset = bad_byte(data, exc)
    return GlossaryError(
        f"the file mixes encodings: it holds Chinese in UTF-8 (line {utf8_line}), but byte "
        f"0x{data[offset]:02X} here is not UTF-8 (GBK or another encoding)",
        location(path, *text_position(data, offset, "utf-8")),
        "save the whole file as UTF-8 (in Excel: “CSV UTF-8”); if it really is GBK, give "
        "--encoding gb18030",
    )


def _decode_as(data: bytes, path: Path, encoding: str) -> tuple[str, str]:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise GlossaryError(
            f"unknown encoding {encoding!r}",
            fix="use e.g. --encoding utf-8, gb18030, big5 or utf-16",
        ) from None
    try:
        return _strip_bom(data.decode(encoding)), encoding
    except UnicodeDecodeError as exc:
        offset = bad_byte(data, exc)
        raise GlossaryError(
            f"the file is not valid {encoding} (byte 0x{data[offset]:02X})",
            location(path, *text_position(data, offset, encoding)),
            "check the encoding the file was saved in, or leave out --encoding",
        ) from None


def text_position(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """(line, column) of byte ``offset`` as an editor shows it: lines end at CRLF, LF or CR;
    the column counts characters (not bytes) from 1, the BOM not included."""
    before = _strip_bom(data[:offset].decode(encoding, errors="replace"))
    lines = _LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1


def _label(name: str) -> str:
    return {"utf-8-sig": "UTF-8", "gb18030": "GB18030/GBK"}.get(name, name.upper())


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def looks_like_big5(data: bytes) -> bool:
    """Whether bytes that decoded as GB18030 are more likely Big5 (traditional characters):
    Big5 always decodes as GB18030, into nonsense, so only a guess can tell. The guess only
    raises a doubt; it never picks the decoding."""
    if data.isascii():
        return False
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return best is not None and (best.encoding or "").lower() in {"big5", "cp950", "big5hkscs"}


__all__ = ["STRICT_ENCODINGS", "decode", "looks_like_big5", "text_position"]
