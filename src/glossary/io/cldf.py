"""``import_cldf``: Bai wordlists in CLDF (lexibank) form as glossary terms with IPA forms.

A folder holds ``forms.csv`` (or ``forms_bai.csv``), ``parameters.csv`` (the concepts) and
``languages.csv`` (the varieties), plus ``metadata.json`` / ``cldf-metadata.json`` /
``sources.bib`` for the attribution. A lexibank repository root whose tables are in ``cldf/``
works too. Files are read with the standard ``csv`` module, all of them before anything is
written, so a bad file stops the import with a :class:`GlossaryError` naming file and line
and leaves the database as it was.

How the data becomes glossary entries:

* Every form is stored as IPA (``script='ipa'``) under the term named by its concept's
  Chinese gloss (the form's own ``Chinese_Gloss`` if it has one, as in suntb, else the
  concept's), with its variety (the language ``Name``; ``Bai (Jianchuan)`` → ``Jianchuan``)
  and the ISO 639-3 code of its dialect group (:func:`dialect_of`).
* Chinese glosses are cleaned into terms (:func:`gloss_terms`): what is in brackets only
  qualifies the word (``天(天地)`` → 天, ``梳（头）`` → 梳, ``(一)滴(水)`` → 滴); a gloss
  listing several words (``年、岁``, ``尖；锋利``, ``本族,自称``: separators ， 、 , ; ；
  outside brackets) gives one term per word and the form joins each of them, so a search
  for 岁 finds the Bai word for "year, age". Where the term differs from the full gloss, the
  full gloss is kept in the term's ``note`` with the dataset and the English gloss.
* A term gets its English gloss(es) in ``english`` and the Concepticon ID of its main
  concept (the one glossed exactly as the term) in ``concepticon_id``. Values already in
  the database are never overwritten — an editor's definition, status, pinyin, domain,
  English or Concepticon ID stays; only empty fields are filled. ``source`` and
  ``attribution`` are added to (a term built from three datasets credits all three), and so
  is ``note`` (one line per dataset). A form keeps the status an editor gave it.
* New terms are ``proposed``; new forms ``admitted`` (they are attested, published words).
  Source: ``lexibank/<dataset>``; attribution: dataset title, original source, licence.
* Reconstructions (a language whose ID or name says Proto, e.g. wangbai's ProtoBai) are
  scholarly hypotheses, not Bai words: their forms are counted and skipped.
* Known upstream gloss errors (suntb: *buy* glossed 卖, *sell* 买, *paper* 工分) are
  corrected when the English and the Chinese gloss still disagree in exactly that way; the
  report and the term's note say so.

The import is one transaction and one recorded batch (command ``import-cldf``); a dry run
rolls back; importing the same folder again changes nothing and records no batch.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError, location
from glossary.store.db import write_transaction
from glossary.store.history import Batch
from glossary.store.search_sync import refresh_search_index
from glossary.store.terms import BaiForm, TermRecord, upsert_term

COMMAND = "import-cldf"
FORMS_FILES = ("forms.csv", "forms_bai.csv")

# Dialect group (DialectGroup / SubGroup column, "Bai" suffix and case ignored) → ISO 639-3.
GROUP_CODES = {
    "central": "bca",
    "southern": "bfs",
    "northern": "bfc",
    "western": "bfc",  # Wang (2004) and others call Northern Bai "Western"
}
ISO_CODES = frozenset(GROUP_CODES.values())
# suntb's languages.csv has no group column: its three varieties are placed by name.
NAME_CODES = {"jianchuan": "bca", "dali": "bfs", "bijiang": "bfc"}

# Known upstream errors: (English gloss, wrong Chinese gloss) → corrected Chinese gloss.
GLOSS_CORRECTIONS = {("buy", "卖"): "买", ("sell", "买"): "卖", ("paper", "工分"): "纸"}

_OPEN, _CLOSE = "(（[【", ")）]】"
_SEPARATORS = "，、,;；"
_BAI_NAME = re.compile(r"^\s*Bai\s*[(（]\s*(.+?)\s*[)）]\s*$")
_REPOSITORY = re.compile(r"github\.com/([^/\s]+/[^/\s#?]+?)(?:\.git)?/?$")
_NOT_UTF8_FIX = "CLDF files are UTF-8: save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"


@dataclass
class CldfReport:
    """What an import did (or, in a dry run, would do)."""

    folder: str
    dataset: str  # the source label, e.g. lexibank/allenbai
    title: str
    attribution: str  # the text stored in term_forms.attribution and terms.attribution
    forms_file: str
    dry_run: bool = False
    forms_read: int = 0  # data rows in the forms file
    imported: int = 0  # rows stored (or already there), reconstructions excluded
    reconstructions_skipped: int = 0
    empty_skipped: int = 0  # rows without a form or without a usable Chinese gloss
    split_values: int = 0  # extra forms from a Value cell holding several (a; b)
    concepts: int = 0  # concepts with imported forms
    varieties: int = 0
    forms_by_variety: dict[str, int] = field(default_factory=dict)  # "Jianchuan (bca)": n
    terms: dict[str, int] = field(
        default_factory=lambda: {"added": 0, "changed": 0, "unchanged": 0}
    )
    forms_added: int = 0  # new term_forms rows
    corrections: list[str] = field(default_factory=list)
    batch: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.terms["added"] or self.terms["changed"])

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


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
    """A CSV file as rows of values by column, each with the line it starts on."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise GlossaryError(
                f"this is not valid CSV ({exc})",
                location(path, line),
                "check the quotes on this line; a field with a comma or quote must be quoted",
            ) from None
        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns = [cell.strip() for cell in record]
            seen = set()
            for name in columns:
                if not name or name in seen:
                    what = "an empty column name" if not name else f"the column {name} twice"
                    raise GlossaryError(
                        f"the header has {what}", location(path, line), "give every column one name"
                    )
                seen.add(name)
            continue
        if len(record) != len(columns):
            raise GlossaryError(
                f"this row has {len(record)} fields, the header {len(columns)}",
                location(path, line),
                "check for a missing or extra comma, or an unquoted comma inside a value",
            )
        rows.append((line, dict(zip(columns, record, strict=True))))
    if columns is None:
        raise GlossaryError("the file is empty", str(path), "give the CSV file with its header")
    return Table(path, columns, rows)


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


def _required(folder: Path, *names: str) -> Path:
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


# ---------------------------------------------------------------------------------------
# Glosses and dialects


def gloss_terms(gloss: str) -> list[str]:
    """The glossary terms a Chinese gloss names: 天(天地) → [天]; 年、岁 → [年, 岁];
    上方（地势，河流） → [上方] (separators inside brackets do not split)."""
    parts: list[str] = []
    depth, current = 0, []
    for ch in gloss:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _SEPARATORS:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    terms: list[str] = []
    for part in parts:
        kept, depth = [], 0
        for ch in part:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif depth == 0:
                kept.append(ch)
        term = " ".join("".join(kept).split())
        if term and term not in terms:
            terms.append(term)
    if not terms:  # all in brackets, e.g. "(语言)": use what is inside
        bare = " ".join("".join(c for c in gloss if c not in _OPEN + _CLOSE).split())
        terms = [bare] if bare else []
    return terms


def variety_name(name: str) -> str:
    """The variety as the glossary shows it: ``Bai (Jianchuan)`` → ``Jianchuan``."""
    match = _BAI_NAME.match(name)
    return match.group(1) if match else name.strip()


def is_reconstruction(language_id: str, name: str) -> bool:
    return "proto" in language_id.lower() or "proto" in name.lower()


def _group_code(value: str) -> str | None:
    plain = re.sub(r"[\s_-]+", "", value.strip().lower())
    if plain in ISO_CODES:
        return plain
    plain = plain.removesuffix("bai").removeprefix("bai")
    return GROUP_CODES.get(plain)


def dialect_of(row: dict[str, str]) -> str | None:
    """A variety's dialect code: its DialectGroup (Central → bca, Southern → bfs,
    Northern or "Western" → bfc), else a SubGroup naming a group, else an ISO639P3code of
    bca/bfs/bfc, else — suntb_bai, whose languages.csv has no group column — by its name:
    Jianchuan → bca, Dali → bfs, Bijiang → bfc. None when nothing tells."""
    for column in ("DialectGroup", "Dialect_Group", "SubGroup"):
        code = _group_code(row.get(column) or "")
        if code:
            return code
    iso = (row.get("ISO639P3code") or "").strip().lower()
    if iso in ISO_CODES:
        return iso
    name = variety_name(row.get("Name") or row.get("ID") or "").lower()
    return NAME_CODES.get(name)


# ---------------------------------------------------------------------------------------
# The plan: everything read and checked, nothing written yet


@dataclass
class Concept:
    id: str
    gloss: str  # the full Chinese gloss, as corrected
    english: str | None
    concepticon_id: str | None
    corrected_from: str | None = None


@dataclass
class TermPlan:
    han: str
    concepts: dict[tuple[str, str], Concept] = field(default_factory=dict)
    forms: dict[tuple[str, str, str], None] = field(default_factory=dict)  # ordered set

    def ordered_concepts(self) -> list[Concept]:
        """The concepts glossed exactly as the term first."""
        return sorted(self.concepts.values(), key=lambda c: c.gloss != self.han)

    def english(self) -> str | None:
        names: list[str] = []
        for concept in self.ordered_concepts():
            if concept.english and concept.english not in names:
                names.append(concept.english)
        return "; ".join(names) or None

    def concepticon_id(self) -> str | None:
        return next((c.concepticon_id for c in self.ordered_concepts() if c.concepticon_id), None)

    def note(self, source: str) -> str | None:
        concepts = self.ordered_concepts()
        if all(c.gloss == self.han and not c.corrected_from for c in concepts):
            return None
        glosses = []
        for c in concepts:
            text = c.gloss + (f" ‘{c.english}’" if c.english else "")
            if c.corrected_from:
                text += f" (upstream gloss {c.corrected_from}, corrected)"
            glosses.append(text)
        return f"{source} glosses: " + "; ".join(glosses)


def _first(row: dict[str, str], *columns: str) -> str | None:
    for column in columns:
        value = (row.get(column) or "").strip()
        if value:
            return value
    return None


def _index(table: Table) -> dict[str, tuple[int, dict[str, str]]]:
    table.require("ID")
    found: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in table.rows:
        key = row["ID"].strip()
        if not key:
            raise GlossaryError(
                "the ID is empty", location(table.path, line), "give every row an ID"
            )
        if key in found:
            raise GlossaryError(
                f"the ID {key} appears twice (first on line {found[key][0]})",
                location(table.path, line),
                "give every row its own ID",
            )
        found[key] = (line, row)
    return found


def plan_import(folder: Path, report: CldfReport) -> dict[str, TermPlan]:
    """Read and check the three tables; group the forms by the term they go to."""
    forms = read_table(_required(folder, *FORMS_FILES))
    parameters = read_table(_required(folder, "parameters.csv"))
    languages = read_table(_required(folder, "languages.csv"))
    report.forms_file = str(forms.path)
    forms.require("Language_ID", "Parameter_ID")
    form_column = "Form" if "Form" in forms.columns else "Value"
    forms.require(form_column)
    if "Chinese_Gloss" not in forms.columns:
        parameters.require("Chinese_Gloss")
    concepts = _index(parameters)
    varieties = _index(languages)

    plans: dict[str, TermPlan] = {}
    dialects: dict[str, str] = {}
    used_concepts: set[str] = set()
    used_varieties: set[str] = set()
    corrections: set[str] = set()
    for line, row in forms.rows:
        report.forms_read += 1
        where = location(forms.path, line)
        language_id, parameter_id = row["Language_ID"].strip(), row["Parameter_ID"].strip()
        if language_id not in varieties:
            raise GlossaryError(
                f"the Language_ID {language_id!r} is not in {languages.path.name}",
                where,
                f"add it to {languages.path.name}, or correct the Language_ID",
            )
        if parameter_id not in concepts:
            raise GlossaryError(
                f"the Parameter_ID {parameter_id!r} is not in {parameters.path.name}",
                where,
                f"add the concept to {parameters.path.name}, or correct the Parameter_ID",
            )
        language_line, language = varieties[language_id]
        name = _first(language, "Name") or language_id
        if is_reconstruction(language_id, name):
            report.reconstructions_skipped += 1
            continue
        variety = variety_name(name)
        if language_id not in dialects:
            code = dialect_of(language)
            if code is None:
                raise GlossaryError(
                    f"cannot tell which Bai dialect group {name} belongs to",
                    location(languages.path, language_line),
                    "add a DialectGroup column (Central, Southern or Northern); "
                    "this importer takes Bai wordlists only",
                )
            dialects[language_id] = code
        dialect = dialects[language_id]

        _, concept_row = concepts[parameter_id]
        gloss = _first(row, "Chinese_Gloss") or _first(concept_row, "Chinese_Gloss")
        english = _first(concept_row, "Name", "English", "Concepticon_Gloss") or _first(
            row, "English"
        )
        value = row[form_column]
        # A CLDF Form is one form; a raw Value may hold several ("a; b", as in suntb).
        texts = [value.strip()] if form_column == "Form" else value.split(";")
        texts = [t.strip() for t in texts if t.strip()]
        if not texts or not gloss:
            report.empty_skipped += 1
            continue
        corrected_from = None
        fixed = GLOSS_CORRECTIONS.get(((english or "").lower(), gloss))
        if fixed:
            corrected_from, gloss = gloss, fixed
            corrections.add(f"{parameter_id} {english}: {corrected_from} → {fixed}")
        terms = gloss_terms(gloss)
        if not terms:
            report.empty_skipped += 1
            continue
        report.imported += 1
        report.split_values += len(texts) - 1
        used_concepts.add(parameter_id)
        used_varieties.add(variety)
        label = f"{variety} ({dialect})"
        report.forms_by_variety[label] = report.forms_by_variety.get(label, 0) + len(texts)
        concept = Concept(
            id=parameter_id,
            gloss=gloss,
            english=english,
            concepticon_id=_first(concept_row, "Concepticon_ID"),
            corrected_from=corrected_from,
        )
        for han in terms:
            plan = plans.setdefault(han, TermPlan(han))
            plan.concepts.setdefault((parameter_id, gloss), concept)
            for text in texts:
                plan.forms[(text, dialect, variety)] = None
    report.concepts = len(used_concepts)
    report.varieties = len(used_varieties)
    report.corrections = sorted(corrections)
    return plans


# ---------------------------------------------------------------------------------------
# Writing


def _add_item(existing: str | None, item: str, separator: str) -> str:
    """Add an item to a list kept as text, unless it is already there."""
    if not existing:
        return item
    if item in existing.split(separator):
        return existing
    return existing + separator + item


def _filled(existing: Any, mine: Any) -> Any:
    return existing if existing not in (None, "") else mine


def write_plans(
    db: Database,
    batch: Batch,
    plans: dict[str, TermPlan],
    attribution: Attribution,
    report: CldfReport,
) -> None:
    term_columns = (
        "id, han, pinyin, definition, domain, english, concepticon_id, status, source, "
        "attribution, note"
    )
    cursor = db.execute(f"SELECT {term_columns} FROM terms")
    names = [d[0] for d in cursor.description]
    terms = {row[1]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    stored_forms = {
        (term_id, form, dialect, variety): (status, source, attr)
        for term_id, form, dialect, variety, status, source, attr in db.execute(
            "SELECT term_id, form, dialect, variety, status, source, attribution "
            "FROM term_forms WHERE script = 'ipa'"
        ).fetchall()
    }
    source, text = attribution.source, attribution.text
    for plan in plans.values():
        old = terms.get(plan.han)
        note = plan.note(source)
        if old is None:
            record = TermRecord(
                han=plan.han,
                status="proposed",
                english=plan.english(),
                concepticon_id=plan.concepticon_id(),
                source=source,
                attribution=text,
                note=note,
            )
        else:
            record = TermRecord(
                han=plan.han,
                definition=old["definition"],
                pinyin=old["pinyin"],
                domain=old["domain"],
                status=old["status"],
                english=_filled(old["english"], plan.english()),
                concepticon_id=_filled(old["concepticon_id"], plan.concepticon_id()),
                source=_add_item(old["source"], source, "; "),
                attribution=_add_item(old["attribution"], text, "\n"),
                note=_add_item(old["note"], note, "\n") if note else old["note"],
            )
        for form, dialect, variety in plan.forms:
            stored = stored_forms.get((old["id"], form, dialect, variety)) if old else None
            if stored is None:
                bai = BaiForm(form, "ipa", dialect, variety, "admitted", source, text)
            else:
                status, form_source, form_attribution = stored
                bai = BaiForm(
                    form,
                    "ipa",
                    dialect,
                    variety,
                    status,
                    _add_item(form_source, source, "; "),
                    _add_item(form_attribution, text, "\n"),
                )
            record.forms.append(bai)
        _, what = upsert_term(db, batch, record)
        report.terms[what] += 1
    report.forms_added = batch.counts.get("term_forms.insert", 0)


def import_cldf(
    db: Database, folder: Path, *, dry_run: bool = False, source: str | None = None
) -> CldfReport:
    """Import one CLDF Bai wordlist folder in one transaction; roll back on a dry run.

    ``source``: the label stored as the source (default: the lexibank repository named in
    cldf-metadata.json, else ``lexibank/<folder name>``).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise GlossaryError(
            "this is not a folder" if folder.exists() else "folder not found",
            str(folder),
            "give the folder that holds forms.csv, parameters.csv and languages.csv",
        )
    attribution = read_attribution(folder, source)
    report = CldfReport(
        folder=str(folder),
        dataset=attribution.source,
        title=attribution.title,
        attribution=attribution.text,
        forms_file="",
        dry_run=dry_run,
    )
    plans = plan_import(folder, report)
    batch = Batch(db, command=COMMAND, source=attribution.source)
    with write_transaction(db, dry_run=dry_run):
        write_plans(db, batch, plans, attribution, report)
        refresh_search_index(db)
        report.batch = None if dry_run else batch.finish(report.to_json())
    return report
