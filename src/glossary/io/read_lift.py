"""``glossary import FILE.lift``: a LIFT 0.13 lexicon (FLEx, or ``glossary export lift``)
read as glossary terms.

An ``<entry>`` is a term: the Han is the first sense's Chinese gloss (``zh``, ``zh-Hans``,
``zh-CN`` …); its Bai forms are the forms in Bai writing systems
(:func:`~glossary.io.export_lift.read_writing_system`) of the lexical unit, the variants and
the pronunciations. Each form becomes a row of a :class:`~glossary.io.tabular.Table` for
:class:`LiftImport`, the TBX import with the entry's GUID and dates: the same checks, dry
run, one batch, history and undo, the one merge rule. An entry meets its stored term by GUID
first (a term whose Han FLEx changed is renamed, not duplicated), then by Han.

What the import does not use (FLEx's morph-type and other traits, relations, etymologies,
further senses, media, examples — those of an export are read from the articles) is left
out and counted by element name in the report (``skipped``). Parsed safely
(:func:`glossary.io.markup.parse`: no DTD, entities or network).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError, location
from glossary.io.export_lift import (
    AUDIO_FOLDER,
    CREDIT_NOTE,
    DOMAIN_TRAIT,
    FORM_TEXTS,
    FORM_VALUES,
    NOTES,
    STATUS_TRAIT,
    read_writing_system,
)
from glossary.io.import_report import Problem
from glossary.io.markup import local_name, parse
from glossary.io.read_tbx import HEADER, TbxImport
from glossary.io.tabular import Row, Table
from glossary.store.guids import derived_guid, normal_guid, terms_by_guid
from glossary.store.history import Batch
from glossary.store.terms import TermPlan, merge_term, upsert_term

REEXPORT_FIX = "export it again from FLEx (File ▸ Export ▸ LIFT) or with `glossary export lift`"
LIFT_HEADER = (*HEADER, "guid", "created", "modified", "audio")
ENTRY_FIELDS = {"pinyin": "pinyin", "articles": "articles", "concepticon": "concepticon_id"}
NOTE_COLUMNS = {None: "note", "source": "term_source", "attribution": "term_attribution"}
assert set(NOTES) == set(NOTE_COLUMNS)
#: Entry children read for the term (the rest are counted as skipped).
ENTRY_USED = {"lexical-unit", "variant", "pronunciation", "trait", "field", "note", "sense"}


def _kids(element: Any, name: str | None = None) -> list[Any]:
    return [c for c in element if isinstance(c.tag, str) and (name is None or c.tag == name)]


def _form_text(form: Any) -> str:
    text = _kids(form, "text")
    return "".join(text[0].itertext()) if text else ""


def _first_text(element: Any, lang_prefix: str | None = None) -> str:
    for form in _kids(element, "form"):
        if lang_prefix is None or _is_lang(form.get("lang") or "", lang_prefix):
            return _form_text(form)
    return ""


def _is_lang(tag: str, prefix: str) -> bool:
    return tag.lower().split("-")[0] == prefix


def _is_han(tag: str) -> bool:
    """A Chinese writing system in Han characters (not pinyin)."""
    parts = tag.lower().split("-")
    return parts[0] in ("zh", "cmn") and "latn" not in parts and "pinyin" not in parts


def lift_stamp(text: str) -> str | None:
    """A LIFT date or dateTime as the store keeps times (ISO, UTC); None if it is neither."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class _Reader:
    """Turns the entries of one LIFT file into rows, counting what it leaves out."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.skipped: Counter[str] = Counter()

    def skip(self, element: Any, detail: str | None = None) -> None:
        self.skipped[local_name(element) + (f"[{detail}]" if detail else "")] += 1

    def entry_rows(self, entry: Any) -> list[Row]:
        if entry.get("dateDeleted"):
            self.skip(entry, "dateDeleted")
            return []
        term = dict.fromkeys(LIFT_HEADER, "")
        term["guid"] = entry.get("guid") or ""
        term["created"] = entry.get("dateCreated") or ""
        term["modified"] = entry.get("dateModified") or ""
        forms: list[tuple[Any, dict[str, str]]] = []
        senses = 0
        for child in _kids(entry):
            name = child.tag
            if name not in ENTRY_USED:
                self.skip(child, child.get("type"))
            elif name in ("lexical-unit", "variant", "pronunciation"):
                forms.extend(self.bai_forms(child))
            elif name == "trait":
                self.entry_trait(child, term)
            elif name == "field":
                self.entry_field(child, term)
            elif name == "note":
                self.entry_note(child, term)
            elif senses:
                self.skip(child, "second and later")
            else:
                senses += self.sense(child, term)
        if not forms:
            return [Row(entry.sourceline or 0, [term[c] for c in LIFT_HEADER])]
        return [
            Row(form.sourceline or 0, [(term | cells)[c] for c in LIFT_HEADER])
            for form, cells in forms
        ]

    def bai_forms(self, parent: Any) -> list[tuple[Any, dict[str, str]]]:
        out: list[tuple[Any, dict[str, str]]] = []
        sounds: list[tuple[Any, str | None, str]] = []  # (form, dialect, file name)
        for child in _kids(parent):
            if child.tag != "form":
                self.skip(child, child.get("name") or child.get("type"))
                continue
            lang = child.get("lang") or ""
            found = read_writing_system(lang)
            if found is None:
                self.skip(child, lang)
                continue
            if found[1] == "audio":
                sounds.append((child, found[0], _form_text(child).strip()))
                continue
            dialect, script = found
            cells = {"bai": _form_text(child).strip(), "dialect": dialect or "", "script": script}
            for note in _kids(child, "annotation"):
                kind = note.get("name") or ""
                if kind in FORM_VALUES:
                    cells[kind] = note.get("value") or ""
                elif kind in FORM_TEXTS:
                    cells[kind] = _first_text(note)
                else:
                    self.skip(note, kind)
            out.append((child, cells))
        self.recorded(out, sounds)
        return out

    def recorded(
        self, forms: list[tuple[Any, dict[str, str]]], sounds: list[tuple[Any, str | None, str]]
    ) -> None:
        """An audio form records the form of its dialect beside it (the Latin one first):
        its file, in ``audio/`` beside the LIFT as FLEx keeps them, becomes that row's
        ``audio`` cell, read and checked as the term CSV's is. One with no such form, or
        whose file is not there (a LIFT sent without its folder), is counted as skipped."""
        for element, dialect, name in sounds:
            mine = [c for _, c in forms if c["dialect"] == (dialect or "") and not c.get("audio")]
            mine.sort(key=lambda c: c["script"] != "latin")
            if not mine or not name:
                self.skip(element, element.get("lang"))
                continue
            if not (self.path.parent / AUDIO_FOLDER / Path(name).name).is_file():
                self.skip(element, "sound file missing")
                continue
            mine[0]["audio"] = f"{AUDIO_FOLDER}/{Path(name).name}"

    def entry_trait(self, trait: Any, term: dict[str, str]) -> None:
        if trait.get("name") == STATUS_TRAIT:
            term["term_status"] = trait.get("value") or ""
        else:
            self.skip(trait, trait.get("name"))

    def entry_field(self, element: Any, term: dict[str, str]) -> None:
        column = ENTRY_FIELDS.get(element.get("type") or "")
        if column is None:
            self.skip(element, element.get("type"))
        else:
            term[column] = _first_text(element).strip()

    def entry_note(self, note: Any, term: dict[str, str]) -> None:
        kind = note.get("type")
        if kind == CREDIT_NOTE:  # the credits an export derives from the forms' sources
            return
        column = NOTE_COLUMNS.get(kind)
        if column is None:
            self.skip(note, kind)
        else:
            term[column] = _first_text(note)

    def sense(self, sense: Any, term: dict[str, str]) -> int:
        """The term's fields from its first sense with a Chinese gloss; 0 if it has none
        (the next sense is tried)."""
        glosses = _kids(sense, "gloss")
        han = next((g for g in glosses if _is_han(g.get("lang") or "")), None)
        if han is None:
            self.skip(sense, "no Chinese gloss")
            return 0
        term["han"] = _form_text(han).strip()
        for child in _kids(sense):
            lang = child.get("lang") or ""
            if child.tag == "gloss" and child is not han:
                if _is_lang(lang, "en") and not term["english"]:
                    term["english"] = _form_text(child).strip()
                else:
                    self.skip(child, lang)
            elif child.tag == "definition":
                definition = next(
                    (f for f in _kids(child, "form") if _is_han(f.get("lang") or "")), None
                )
                term["definition"] = "" if definition is None else _form_text(definition)
            elif child.tag == "trait" and child.get("name") == DOMAIN_TRAIT:
                term["domain"] = child.get("value") or ""
            elif child.tag != "gloss":
                self.skip(child, child.get("name") or child.get("type"))
        return 1


def read_lift(path: str | Path) -> Table:
    """A LIFT file as a table of term rows for :class:`LiftImport`."""
    path = Path(path)
    root = parse(path, "lift", REEXPORT_FIX)
    version = root.get("version")
    if not version:
        raise GlossaryError(
            "the <lift> element has no version attribute",
            location(path, root.sourceline),
            REEXPORT_FIX,
        )
    reader = _Reader(path)
    rows: list[Row] = []
    for child in _kids(root):
        if child.tag == "entry":
            rows.extend(reader.entry_rows(child))
        elif child.tag == "header":
            for part in child.iter("range", "field"):  # the export's own are understood
                if (part.get("id") or part.get("tag")) not in (STATUS_TRAIT, *ENTRY_FIELDS):
                    reader.skip(part, "header")
        else:
            reader.skip(child)
    if not rows:
        raise GlossaryError("the LIFT file has no <entry>", str(path), REEXPORT_FIX)
    notes = [] if version == "0.13" else [f"LIFT version {version}: read as 0.13"]
    return Table(
        path=path,
        encoding="utf-8",
        delimiter=None,
        header=list(LIFT_HEADER),
        header_line=1,
        rows=rows,
        notes=notes,
        importer=LiftImport,
        skipped=dict(sorted(reader.skipped.items())),
    )


class LiftImport(TbxImport):
    """The TBX import, with the entry's GUID (matched first) and its dates."""

    kind = "lift"
    columns = TbxImport.columns | {"guid": (), "created": (), "modified": (), "audio": ()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guids: dict[str, tuple[str, int]] = {}  # han → (guid, line)
        self.dates: dict[str, tuple[str | None, str | None]] = {}
        self.renames: dict[str, int] = {}  # han → the stored term (by GUID) it renames
        self.own_guid: dict[str, str] = {}  # han → the GUID to keep in terms.guid
        self.stored = terms_by_guid(self.db)

    def check_row(self, row: Row) -> Any:
        found = super().check_row(row)
        if found is None:
            return None
        han = found[0]
        if not self.check_guid(row, han) or not self.check_dates(row, han):
            return None
        return found

    def check_guid(self, row: Row, han: str) -> bool:
        text = self.cell(row, "guid")
        if not text:
            return True
        guid = normal_guid(text)
        if guid is None:
            self.problem(row, "guid", f"guid {text!r} is not a GUID", REEXPORT_FIX)
            return False
        seen = self.guids.get(han)
        if seen is not None and seen[0] != guid:
            self.warn(row, "guid", f"{han} is also the entry on line {seen[1]}: merged", None)
            return True
        for other, (other_guid, line) in self.guids.items():
            if other_guid == guid and other != han:
                self.problem(row, "guid", f"guid {guid} is also {other} (line {line})", None)
                return False
        self.guids.setdefault(han, (guid, row.line))
        return True

    def check_dates(self, row: Row, han: str) -> bool:
        stamps = []
        for column in ("created", "modified"):
            text = self.cell(row, column)
            stamp = lift_stamp(text) if text else None
            if text and stamp is None:
                self.problem(row, column, f"{text!r} is not a date", "write 2024-05-01T08:00:00Z")
                return False
            stamps.append(stamp)
        self.dates.setdefault(han, (stamps[0], stamps[1]))
        return True

    def finish(self, plans: list[Any]) -> list[Any]:
        out = super().finish(plans)
        by_han = {han: term_id for term_id, han in self.stored.values()}
        for term in out:
            guid, line = self.guids.get(term.han, ("", term.line))
            stored = self.stored.get(guid)
            if stored is not None and stored[1] != term.han:
                if term.han in by_han:
                    self.report.rejected.append(
                        self.problem_at(
                            line,
                            f"entry {guid} is the term {stored[1]} in the glossary, but its "
                            f"Chinese gloss {term.han} is another stored term",
                            "give the entry the gloss of one term only",
                        )
                    )
                    continue
                self.renames[term.han] = stored[0]
            elif guid and stored is None and guid != derived_guid(term.han):
                self.own_guid[term.han] = guid
        return out

    def problem_at(self, line: int, what: str, fix: str | None) -> Problem:
        return Problem(location(self.table.path, line), what, fix)

    def write_term(self, batch: Batch, term: TermPlan) -> str:
        key = f"term/{term.han}"
        renamed = term.han in self.renames
        if renamed:
            batch.update("terms", self.renames[term.han], {"han": term.han}, key)
        term_id, what = upsert_term(self.db, batch, merge_term(self.db, term))
        extra: dict[str, Any] = {}
        if term.han in self.own_guid:
            extra["guid"] = self.own_guid[term.han]
        created, modified = self.dates.get(term.han, (None, None))
        if what == "added":
            extra |= {k: v for k, v in (("created_at", created), ("updated_at", modified)) if v}
        if extra and batch.update("terms", term_id, extra, key) and what == "unchanged":
            what = "changed"
        return "changed" if renamed and what == "unchanged" else what


__all__ = ["LiftImport", "lift_stamp", "read_lift"]
