"""``glossary import FILE.tbx``: a TBX export read back as term pairs.

Each ``conceptEntry`` becomes rows of a :class:`~glossary.io.tabular.Table` (one per Bai
form, or one for a term without forms), with the columns of the term-pair import and the
term's own fields. :class:`TbxImport` is the term-pair import with those fields added, so a
TBX file goes through the same checks, dry run, batch, history and undo as a CSV of term
pairs, and its terms meet the stored ones through the one merge rule
(:func:`glossary.store.terms.merge_term`). Forms and links absent from the file are kept.

The file is parsed with no DTD, no entity expansion and no network: a file that declares a
DTD (the carrier of entity bombs and external entities) is refused before anything is read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError, location
from glossary.io.export_tbx import (
    ADMINISTRATIVE_STATUS,
    ATTRIBUTION_PREFIX,
    IPA_VARIANT,
    PINYIN_TAG,
    PROPOSED_NOTE,
    UNKNOWN_BAI,
)
from glossary.io.markup import local_name, parse
from glossary.io.tabular import Row, Table
from glossary.io.term_import import STATUS_FIX, TermImport
from glossary.io.vocabulary import TERM_COLUMNS, TERM_STATUSES, lookup
from glossary.store.terms import FormPlan, TermPlan, stored_form, stored_term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS_OF = {value: key for key, value in ADMINISTRATIVE_STATUS.items()}
ARTICLES_NOTE = "Articles: "
_LINK = re.compile(r"(?P<law>.+?) \((?P<revision>.+?)\) art\. (?P<article>\S+)")
REEXPORT_FIX = "export it again with `glossary export tbx`, or correct the file"

#: The term's own fields, after the term-pair columns (``status``/``source`` are the form's).
TERM_OWN = (
    "pinyin",
    "domain",
    "english",
    "concepticon_id",
    "term_status",
    "term_source",
    "term_attribution",
    "note",
)
FORM_COLUMNS = ("han", "bai", "dialect", "script", "variety", "status", "source", "attribution")
HEADER = (*FORM_COLUMNS, "articles", "definition", *TERM_OWN)


def _children(element: Any, name: str) -> list[Any]:
    return [c for c in element if local_name(c) == name]


def _text(element: Any) -> str:
    return (element.text or "").strip()


def _typed(element: Any, name: str, kind: str) -> str:
    found = [c for c in _children(element, name) if c.get("type") == kind]
    return _text(found[0]) if found else ""


def parse_tbx(path: Path) -> Any:
    """The root element, parsed safely (io.markup: no entities, DTD loading or network)."""
    return parse(path, "tbx", REEXPORT_FIX)


def bai_tag(tag: str) -> tuple[str, str]:
    """(dialect or "", script) of a Bai langSec's language tag: the inverse of
    :func:`glossary.io.export_tbx.language_tag`."""
    parts = tag.lower().split("-")
    script = "ipa" if IPA_VARIANT in parts else "latin"
    base = "-".join(p for p in parts if p != IPA_VARIANT)
    if base in (UNKNOWN_BAI, "und-x-bai", "und"):
        return "", script
    return base, script


def _han_fields(entry: Any, cells: dict[str, str]) -> None:
    """The term's fields from the entry and its ``zh`` langSec."""
    cells["domain"] = _typed(entry, "descrip", "subjectField")
    for xref in _children(entry, "xref"):
        if xref.get("type") == "externalCrossReference":
            cells["concepticon_id"] = _text(xref).removeprefix("Concepticon ").strip()
    for note in _children(entry, "note"):
        text = _text(note)
        if note.get(XML_LANG) == "en":
            cells["english"] = text
        elif text.startswith(ARTICLES_NOTE):
            cells["articles"] = _links(text.removeprefix(ARTICLES_NOTE))
    for lang_sec in _children(entry, "langSec"):
        if lang_sec.get(XML_LANG) != "zh":
            continue
        cells["definition"] = _typed(lang_sec, "descrip", "definition")
        for term_sec in _children(lang_sec, "termSec")[:1]:
            own = _term_sec(term_sec)
            cells["han"] = own["term"]
            cells["term_status"], cells["term_source"] = own["status"], own["source"]
            cells["term_attribution"], cells["note"] = own["attribution"], own["note"]
            cells["pinyin"] = own["pinyin"]


def _links(text: str) -> str:
    """ "law (rev) art. N; …" → the articles cell "law:rev:N; …" (unreadable items kept as
    they are, for the import's check to name)."""
    items = []
    for item in filter(None, (p.strip() for p in text.split(";"))):
        found = _LINK.fullmatch(item)
        items.append(":".join(found.group("law", "revision", "article")) if found else item)
    return "; ".join(items)


def _term_sec(term_sec: Any) -> dict[str, str]:
    """A termSec's term, status, source, variety, pinyin, attribution and note."""
    out = {k: "" for k in ("status", "source", "variety", "pinyin", "attribution", "note")}
    out["term"] = _text(_children(term_sec, "term")[0]) if _children(term_sec, "term") else ""
    status = _typed(term_sec, "termNote", "administrativeStatus")
    out["status"] = STATUS_OF.get(status, status)
    out["variety"] = _typed(term_sec, "termNote", "geographicalUsage")
    out["source"] = _typed(term_sec, "admin", "source")
    for note in _children(term_sec, "note"):
        text = note.text or ""
        if note.get(XML_LANG) == PINYIN_TAG:
            out["pinyin"] = text.strip()
        elif text.strip() == PROPOSED_NOTE:
            out["status"] = out["status"] or "proposed"
        elif text.startswith(ATTRIBUTION_PREFIX):
            out["attribution"] = text.removeprefix(ATTRIBUTION_PREFIX).strip()
        else:
            out["note"] = text.strip()
    return out


def entry_rows(entry: Any) -> list[Row]:
    """The rows of one conceptEntry: one per Bai form, or one without Bai."""
    term: dict[str, str] = dict.fromkeys(HEADER, "")
    _han_fields(entry, term)
    rows = []
    for lang_sec in _children(entry, "langSec"):
        tag = lang_sec.get(XML_LANG) or ""
        if tag == "zh":
            continue
        dialect, script = bai_tag(tag)
        for term_sec in _children(lang_sec, "termSec"):
            own = _term_sec(term_sec)
            cells = term | {"bai": own["term"], "dialect": dialect, "script": script}
            cells |= {k: own[k] for k in ("variety", "status", "source", "attribution")}
            rows.append(Row(term_sec.sourceline or 0, [cells[c] for c in HEADER]))
    return rows or [Row(entry.sourceline or 0, [term[c] for c in HEADER])]


def read_tbx(path: str | Path) -> Table:
    """A TBX export as a table of term pairs for :class:`TbxImport`."""
    path = Path(path)
    root = parse_tbx(path)
    rows = [row for entry in root.iter("{*}conceptEntry") for row in entry_rows(entry)]
    if not rows:
        raise GlossaryError("the TBX file has no conceptEntry", str(path), REEXPORT_FIX)
    return Table(
        path=path,
        encoding="utf-8",
        delimiter=None,
        header=list(HEADER),
        header_line=1,
        rows=rows,
        importer=TbxImport,
    )


def credit_attribution(db: Database, han: str, form: FormPlan, attribution: str | None) -> None:
    """Credit the lines of an exported attribution the stored form does not list yet: the
    merge adds a credit to the stored list (it never replaces one), and a credit of several
    lines already there would be added again."""
    if not attribution:
        return
    term = stored_term(db, han)
    stored = stored_form(db, term["id"] if term else None, form).get("attribution")
    have = set((stored or "").split("\n"))
    missing = [line for line in attribution.split("\n") if line not in have]
    if missing:
        form.credits["attribution"] = "\n".join(missing)


class TbxImport(TermImport):
    """The term-pair import, with the term's own fields and rows of terms without Bai."""

    columns = TERM_COLUMNS | {name: () for name in (*TERM_OWN, "attribution")}

    def where(self, row: Row, column: str | int | None = None) -> str:
        """The line of the element in the file (a column of the table would mean nothing)."""
        return location(self.table.path, row.line)

    def check_row(self, row: Row) -> tuple[str, FormPlan | None, Row] | None:
        han = self.cell(row, "han")
        if self.cell(row, "bai"):
            found = super().check_row(row)
            if found is None:
                return None
            _han, form, _row = found
            assert form is not None
            self.credit_attribution(han, form, self.cell(row, "attribution"))
        else:
            if not han:
                self.problem(row, "han", "the Han term is empty", "give the term a <term>")
                return None
            if han not in self.terms:
                self.terms[han] = TermPlan(han, row.line)
            if definition := self.cell(row, "definition"):
                self.terms[han].given["definition"] = definition
            found = (han, None, row)
        return found if self.term_fields(row, self.terms[han]) else None

    def term_fields(self, row: Row, term: TermPlan) -> bool:
        """The term's own values from the file (empty ones keep the stored value)."""
        term.offered.pop("source", None)  # a form's source is not the term's
        status = self.cell(row, "term_status")
        if status and lookup(status, TERM_STATUSES) is None:
            self.problem(row, "term_status", f"unknown status {status!r}", STATUS_FIX)
            return False
        names = {"term_status": "status", "term_source": "source", "term_attribution": None}
        for column in ("pinyin", "domain", "english", "concepticon_id", "note", *names):
            if value := self.cell(row, column):
                field = names.get(column, column) or "attribution"
                if field == "status":
                    value = lookup(value, TERM_STATUSES) or value
                term.given[field] = value
        return True

    def credit_attribution(self, han: str, form: FormPlan, attribution: str) -> None:
        credit_attribution(self.db, han, form, attribution)

    def finish(self, plans: list[Any]) -> list[Any]:
        """One plan per term with an accepted row, with its accepted forms."""
        accepted_terms = {han for han, _form, _row in plans}
        accepted = {id(form) for _han, form, _row in plans if form is not None}
        out = []
        for term in self.terms.values():
            term.forms = [f for f in term.forms if id(f) in accepted]
            if term.han in accepted_terms:
                out.append(term)
        return out


__all__ = ["TbxImport", "bai_tag", "credit_attribution", "parse_tbx", "read_tbx"]
