"""Reading a CLDF folder: its CSV tables (UTF-8, as CLDF requires) and its attribution
(metadata.json, cldf-metadata.json, sources.bib)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError, location
from glossary.io.tabular import parse_delimited

_REPOSITORY = re.compile(r"github\.com/([^/\s]+/[^/\s#?]+?)(?:\.git)?/?$")
_NOT_UTF8_FIX = "CLDF files are UTF-8: save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"

# ---------------------------------------------------------------------------------------
# Reading files


@dataclass
class Table:
    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line where the record starts, values)

    def require(self, *names: str) -> None:
        for name in names:
            if name not in self.columns:
                raise GlossaryError(
                    f"the column {name} is missing",
                    location(self.path, 1),
                    f"the header has {', '.join(self.columns) or 'no columns'}; "
                    f"add {name} (CLDF column names are case-sensitive)",
                )


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(
            f"cannot read the file ({exc.strerror})", str(path), "check the file's permissions"
        ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        raise GlossaryError(
            "the file contains NUL bytes (it is binary, or UTF-16)",
            location(path, data.count(b"\n", 0, nul) + 1),
            "give the CSV file itself, saved as UTF-8 text (CLDF files are UTF-8)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(
            "the file is not UTF-8",
            location(path, data.count(b"\n", 0, exc.start) + 1),
            _NOT_UTF8_FIX,
        ) from None
    return text.removeprefix("\ufeff")


def read_table(path: Path) -> Table:
    """A CSV file as rows of values by column, each with the line it starts on. Parsed by the
    project's one CSV reader (:func:`glossary.io.tabular.parse_delimited`); CLDF's own rules
    (UTF-8, a header of distinct names, the same number of fields on every row) on top."""
    records = parse_delimited(_read_text(path), ",", path)
    if not records:
        raise GlossaryError("the file is empty", str(path), "give the CSV file with its header")
    head, *body = records
    columns = [cell.strip() for cell in head.cells]
    _check_header(path, head.line, columns)
    rows: list[tuple[int, dict[str, str]]] = []
    for record in body:
        if len(record.cells) != len(columns):
            raise GlossaryError(
                f"this row has {len(record.cells)} fields, the header {len(columns)}",
                location(path, record.line),
                "check for a missing or extra comma, or an unquoted comma inside a value",
            )
        rows.append((record.line, dict(zip(columns, record.cells, strict=True))))
    return Table(path, columns, rows)


def _check_header(path: Path, line: int, columns: list[str]) -> None:
    seen = set()
    for name in columns:
        if not name or name in seen:
            what = "an empty column name" if not name else f"the column {name} twice"
            raise GlossaryError(
                f"the header has {what}", location(path, line), "give every column one name"
            )
        seen.add(name)


def _read_json(path: Path) -> dict[str, Any]:
    text = _read_text(path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GlossaryError(
            f"this is not valid JSON ({exc.msg})",
            location(path, exc.lineno, exc.colno),
            "fix the JSON, or remove the file",
        ) from None
    if not isinstance(value, dict):
        raise GlossaryError("expected a JSON object", str(path), "fix the JSON, or remove it")
    return value


def _find(folder: Path, *names: str) -> Path | None:
    for name in names:
        for place in (folder, folder / "cldf"):
            if (place / name).is_file():
                return place / name
    return None


def required(folder: Path, *names: str) -> Path:
    found = _find(folder, *names)
    if found is None:
        raise GlossaryError(
            f"{' or '.join(names)} is missing",
            str(folder / names[0]),
            "give the folder of a CLDF wordlist (forms.csv, parameters.csv, languages.csv)",
        )
    return found


# ---------------------------------------------------------------------------------------
# Attribution


@dataclass
class Attribution:
    source: str  # lexibank/allenbai
    title: str
    text: str


def _licence(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    plain = re.sub(r"[\s_-]+", "", text.lower())
    if "creativecommons.org/licenses/by/4.0" in plain or plain in ("ccby4.0", "ccby40"):
        return "CC-BY-4.0"
    return text


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _bib_citation(path: Path) -> str | None:
    """The first entry of sources.bib as "Author (Year): Title." — a fallback only."""
    fields: dict[str, str] = {}
    for name, value in re.findall(r"(\w+)\s*=\s*[{\"](.*?)[}\"]\s*,?\s*$", _read_text(path), re.M):
        fields.setdefault(name.lower(), value.strip("{} "))
    who = fields.get("author") or fields.get("editor")
    if not who or "title" not in fields:
        return None
    return f"{who} ({fields.get('year', 'n.d.')}): {fields['title']}."


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "。")) else text + "."


def read_attribution(folder: Path, source: str | None) -> Attribution:
    meta_path = _find(folder, "metadata.json")
    cldf_path = _find(folder, "cldf-metadata.json", "Wordlist-metadata.json")
    bib_path = _find(folder, "sources.bib")
    meta = _read_json(meta_path) if meta_path else {}
    cldf = _read_json(cldf_path) if cldf_path else {}
    title = _str(meta.get("title")) or _str(cldf.get("dc:title")) or folder.name
    citation = _str(meta.get("citation")) or _str(cldf.get("dc:bibliographicCitation"))
    if citation is None and bib_path:
        citation = _bib_citation(bib_path)
    licence = _licence(meta.get("license")) or _licence(cldf.get("dc:license"))
    if licence is None:
        raise GlossaryError(
            "no licence found: published data may only be imported with its terms known",
            str(meta_path or folder / "metadata.json"),
            'add metadata.json with "title", "citation" and "license" (e.g. "CC-BY-4.0")',
        )
    urls = [cldf.get("dcat:accessURL")] + [
        d.get("rdf:about")
        for d in cldf.get("prov:wasDerivedFrom") or []
        if isinstance(d, dict) and d.get("dc:title") == "Repository"
    ]
    repository = None
    for url in urls:
        match = _REPOSITORY.search(url) if isinstance(url, str) else None
        if match:
            repository = match.group(1)
            break
    if source is None:
        # lexibank's cldfbench repositories keep metadata.json at their root
        prefix = "lexibank/" if meta_path else "cldf/"
        source = repository or prefix + (folder.name if folder.name != "cldf" else "dataset")
    where = f"https://github.com/{repository}" if repository else None
    text = f"Data: {title} ({source}{', ' + where if where else ''})."
    if citation:
        text += f" Original source: {_sentence(citation)}"
    text += f" Licence: {licence}."
    return Attribution(source=source, title=title, text=text)
