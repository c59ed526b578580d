"""Read a law file as text: markdown or plain text in UTF-8 or GB18030, or a Word .docx.

Every user mistake (wrong path, a folder, an empty or binary file, an unknown encoding,
a broken .docx) becomes a GlossaryError that says what to do, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from glossary.errors import GlossaryError

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
SUFFIXES = (*TEXT_SUFFIXES, ".docx")
_SAVE_AS = {
    ".doc": "Open it in Word or LibreOffice and save it as .docx.",
    ".wps": "Open it in WPS or LibreOffice and save it as .docx.",
    ".pdf": "Copy the text of the law into a .txt file (UTF-8) and give that instead.",
    ".html": "Copy the text of the law into a .txt file (UTF-8) and give that instead.",
    ".htm": "Copy the text of the law into a .txt file (UTF-8) and give that instead.",
}


def read_law_file(path: str | os.PathLike[str]) -> str:
    """The text of a law file, one paragraph per line for .docx."""
    file = Path(path)
    where = str(file)
    if not file.exists():
        raise GlossaryError("file not found", where=where, fix="Check the path and the spelling.")
    if file.is_dir():
        raise GlossaryError(
            "this is a folder, not a file",
            where=where,
            fix="Give one law file (.md, .txt or .docx) inside it.",
        )
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise GlossaryError(
            f"cannot read {suffix or 'files without an extension'}",
            where=where,
            fix=_SAVE_AS.get(suffix, "Give a .md, .markdown, .txt or .docx file."),
        )
    data = _read_bytes(file)
    if not data.strip():
        raise GlossaryError(
            "the file is empty", where=where, fix="Check that it is the right file and saved."
        )
    text = _docx_text(file) if suffix == ".docx" else decode_text(data, where)
    if not text.strip():
        raise GlossaryError(
            "the document has no text", where=where, fix="Check that it is the right file."
        )
    return text


def _read_bytes(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise GlossaryError(
            f"cannot read the file ({error.strerror or error})",
            where=str(file),
            fix="Check that you are allowed to read it.",
        ) from error


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM), else GB18030; both strict, so mojibake never gets in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GlossaryError(
            "the file is saved as UTF-16",
            where=where,
            fix="Open it in a text editor and save it as UTF-8.",
        )
    if b"\x00" in data:
        raise GlossaryError(
            "this is a binary file, not text",
            where=where,
            fix="Give the law as a .txt, .md or .docx file.",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GlossaryError(
        "unreadable encoding: the file is neither UTF-8 nor GB18030 (GBK)",
        where=where,
        fix="Open it in a text editor and save it as UTF-8.",
    )


def _docx_text(file: Path) -> str:
    """Paragraph texts, one per line; tables are left out (laws keep no text in them)."""
    import docx  # imported here: python-docx costs ~100 ms and most files are text

    try:
        document = docx.Document(str(file))
    except Exception as error:  # python-docx raises many kinds for a broken file
        raise GlossaryError(
            "not a valid .docx file",
            where=str(file),
            fix="Open it in Word or LibreOffice and save it again as .docx.",
        ) from error
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
