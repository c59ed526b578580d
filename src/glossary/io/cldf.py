"""``import_cldf``: Bai wordlists in CLDF (lexibank) form as glossary terms with IPA forms.

A folder holds ``forms.csv`` (or ``forms_bai.csv``), ``parameters.csv`` (the concepts) and
``languages.csv`` (the varieties), plus ``metadata.json`` / ``cldf-metadata.json`` /
``sources.bib`` for the attribution. A lexibank repository root whose tables are in ``cldf/``
works too. Files are read with the project's CSV reader, all of them before anything is
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

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError, location
from glossary.io.cldf_files import Attribution, Table, read_attribution, read_table, required
from glossary.progress import Progress, tell
from glossary.store.db import write_transaction
from glossary.store.history import Batch
from glossary.store.term_bulk import add_new_terms
from glossary.store.terms import FormPlan, TermPlan, merge_term, upsert_term

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
# Glosses and dialects


def _outside_brackets(text: str) -> str:
    """The text without what is in brackets: 梳（头） → 梳."""
    kept, depth = [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(ch)
    return "".join(kept)


def _split_outside_brackets(gloss: str) -> list[str]:
    """The gloss cut at each separator outside brackets, the brackets kept."""
    parts: list[str] = []
    depth, current = 0, list[str]()
    for ch in gloss:
        depth = max(0, depth + (ch in _OPEN) - (ch in _CLOSE))
        if depth == 0 and ch in _SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def gloss_terms(gloss: str) -> list[str]:
    """The glossary terms a Chinese gloss names: 天(天地) → [天]; 年、岁 → [年, 岁];
    上方（地势，河流） → [上方] (separators inside brackets do not split)."""
    terms: list[str] = []
    for part in _split_outside_brackets(gloss):
        term = " ".join(_outside_brackets(part).split())
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
class GlossedTerm:
    """One term as the word list glosses it: its concepts and its forms, gathered over the
    rows; :meth:`plan` says what the import has for it."""

    han: str
    concepts: dict[tuple[str, str], Concept] = field(default_factory=dict)
    forms: dict[tuple[str, str, str], None] = field(default_factory=dict)  # ordered set

    def plan(self, attribution: Attribution) -> TermPlan:
        """A published word list never overwrites: English and Concepticon ID only fill
        empty fields; source, attribution and note are credited (added to the lists)."""
        credits = {"source": attribution.source, "attribution": attribution.text}
        note = self.note(attribution.source)
        offered = {"english": self.english(), "concepticon_id": self.concepticon_id()}
        return TermPlan(
            han=self.han,
            offered={k: v for k, v in offered.items() if v},
            credits=credits | ({"note": note} if note else {}),
            forms=[
                FormPlan(form, "ipa", dialect, variety, credits=dict(credits))
                for form, dialect, variety in self.forms
            ],
        )

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


class _Planner:
    """Groups the rows of a forms table by the term they go to, checking each against the
    concepts and varieties."""

    def __init__(self, tables: tuple[Table, Table, Table], report: CldfReport) -> None:
        self.forms, self.parameters, self.languages = tables
        self.report = report
        self.form_column = "Form" if "Form" in self.forms.columns else "Value"
        self.concepts = _index(self.parameters)
        self.varieties = _index(self.languages)
        self.plans: dict[str, GlossedTerm] = {}
        self.dialects: dict[str, str] = {}
        self.used_concepts: set[str] = set()
        self.used_varieties: set[str] = set()
        self.corrections: set[str] = set()

    def check_ids(self, line: int, language_id: str, parameter_id: str) -> None:
        where = location(self.forms.path, line)
        languages, parameters = self.languages.path.name, self.parameters.path.name
        if language_id not in self.varieties:
            raise GlossaryError(
                f"the Language_ID {language_id!r} is not in {languages}",
                where,
                f"add it to {languages}, or correct the Language_ID",
            )
        if parameter_id not in self.concepts:
            raise GlossaryError(
                f"the Parameter_ID {parameter_id!r} is not in {parameters}",
                where,
                f"add the concept to {parameters}, or correct the Parameter_ID",
            )

    def variety(self, language_id: str) -> tuple[str, str] | None:
        """(variety, dialect code) of a language; None for a reconstruction."""
        language_line, language = self.varieties[language_id]
        name = _first(language, "Name") or language_id
        if is_reconstruction(language_id, name):
            return None
        if language_id not in self.dialects:
            code = dialect_of(language)
            if code is None:
                raise GlossaryError(
                    f"cannot tell which Bai dialect group {name} belongs to",
                    location(self.languages.path, language_line),
                    "add a DialectGroup column (Central, Southern or Northern); "
                    "this importer takes Bai wordlists only",
                )
            self.dialects[language_id] = code
        return variety_name(name), self.dialects[language_id]

    def concept(self, row: dict[str, str], parameter_id: str) -> Concept | None:
        """The row's concept with its gloss as corrected; None without a Chinese gloss."""
        _, concept_row = self.concepts[parameter_id]
        gloss = _first(row, "Chinese_Gloss") or _first(concept_row, "Chinese_Gloss")
        english = _first(concept_row, "Name", "English", "Concepticon_Gloss") or _first(
            row, "English"
        )
        if not gloss:
            return None
        corrected_from = None
        fixed = GLOSS_CORRECTIONS.get(((english or "").lower(), gloss))
        if fixed:
            corrected_from, gloss = gloss, fixed
            self.corrections.add(f"{parameter_id} {english}: {corrected_from} → {fixed}")
        return Concept(
            id=parameter_id,
            gloss=gloss,
            english=english,
            concepticon_id=_first(concept_row, "Concepticon_ID"),
            corrected_from=corrected_from,
        )

    def texts(self, row: dict[str, str]) -> list[str]:
        """The forms of a row: a CLDF Form is one form; a raw Value may hold several
        ("a; b", as in suntb)."""
        value = row[self.form_column]
        texts = [value.strip()] if self.form_column == "Form" else value.split(";")
        return [t.strip() for t in texts if t.strip()]

    def add(self, line: int, row: dict[str, str]) -> None:
        self.report.forms_read += 1
        language_id, parameter_id = row["Language_ID"].strip(), row["Parameter_ID"].strip()
        self.check_ids(line, language_id, parameter_id)
        found = self.variety(language_id)
        if found is None:
            self.report.reconstructions_skipped += 1
            return
        texts = self.texts(row)
        concept = self.concept(row, parameter_id) if texts else None
        terms = gloss_terms(concept.gloss) if concept else []
        if concept is None or not terms:
            self.report.empty_skipped += 1
            return
        self.record(found, concept, texts, terms)

    def record(
        self, found: tuple[str, str], concept: Concept, texts: list[str], terms: list[str]
    ) -> None:
        variety, dialect = found
        self.report.imported += 1
        self.report.split_values += len(texts) - 1
        self.used_concepts.add(concept.id)
        self.used_varieties.add(variety)
        label = f"{variety} ({dialect})"
        by_variety = self.report.forms_by_variety
        by_variety[label] = by_variety.get(label, 0) + len(texts)
        for han in terms:
            plan = self.plans.setdefault(han, GlossedTerm(han))
            plan.concepts.setdefault((concept.id, concept.gloss), concept)
            for text in texts:
                plan.forms[(text, dialect, variety)] = None


def plan_import(
    folder: Path, report: CldfReport, progress: Progress | None = None
) -> dict[str, GlossedTerm]:
    """Read and check the three tables; group the forms by the term they go to."""
    forms = read_table(required(folder, *FORMS_FILES))
    parameters = read_table(required(folder, "parameters.csv"))
    languages = read_table(required(folder, "languages.csv"))
    report.forms_file = str(forms.path)
    forms.require("Language_ID", "Parameter_ID")
    forms.require("Form" if "Form" in forms.columns else "Value")
    if "Chinese_Gloss" not in forms.columns:
        parameters.require("Chinese_Gloss")
    planner = _Planner((forms, parameters, languages), report)
    what = f"reading {forms.path.name}"
    for done, (line, row) in enumerate(forms.rows):
        tell(progress, done, len(forms.rows), what)
        planner.add(line, row)
    tell(progress, len(forms.rows), len(forms.rows), what)
    report.concepts = len(planner.used_concepts)
    report.varieties = len(planner.used_varieties)
    report.corrections = sorted(planner.corrections)
    return planner.plans


# ---------------------------------------------------------------------------------------
# Writing


def write_plans(
    db: Database,
    batch: Batch,
    plans: dict[str, GlossedTerm],
    attribution: Attribution,
    report: CldfReport,
    progress: Progress | None = None,
) -> None:
    """Each term merged into the stored one by :func:`glossary.store.terms.merge_term`;
    the new ones written in bulk (:mod:`glossary.store.term_bulk`, by the same merge)."""
    forms_before = batch.counts.get("term_forms.insert", 0)
    term_plans = [term.plan(attribution) for term in plans.values()]
    added = add_new_terms(db, batch, term_plans)  # the new terms in bulk
    report.terms["added"] += len(added)
    for done, plan in enumerate(term_plans):
        tell(progress, done, len(plans), "writing terms")
        if done not in added:
            _, what = upsert_term(db, batch, merge_term(db, plan))
            report.terms[what] += 1
    tell(progress, len(plans), len(plans), "writing terms")
    report.forms_added = batch.counts.get("term_forms.insert", 0) - forms_before


def import_cldf(
    db: Database,
    folder: Path,
    *,
    dry_run: bool = False,
    source: str | None = None,
    progress: Progress | None = None,
) -> CldfReport:
    """Import one CLDF Bai wordlist folder in one transaction; roll back on a dry run.

    ``source``: the label stored as the source (default: the lexibank repository named in
    cldf-metadata.json, else ``lexibank/<folder name>``).
    """
    return import_cldf_folders(db, [folder], dry_run=dry_run, source=source, progress=progress)[0]


def import_cldf_folders(
    db: Database,
    folders: list[Path],
    *,
    dry_run: bool = False,
    source: str | None = None,
    progress: Progress | None = None,
) -> list[CldfReport]:
    """Import CLDF folders: every one read and checked first, then all of them in one
    transaction and one batch, so a bad folder leaves the database as it was."""
    planned = [_plan_folder(Path(folder), dry_run, source, progress) for folder in folders]
    batch = Batch(db, command=COMMAND, source=", ".join(a.source for _, a, _ in planned))
    with write_transaction(db, dry_run=dry_run):
        for report, attribution, plans in planned:
            write_plans(db, batch, plans, attribution, report, progress)
        batch_id = batch.finish({"folders": [r.to_json() for r, _, _ in planned]})
    for report, _, _ in planned:
        report.batch = None if dry_run else batch_id
    return [report for report, _, _ in planned]


def _plan_folder(
    folder: Path, dry_run: bool, source: str | None, progress: Progress | None
) -> tuple[CldfReport, Attribution, dict[str, GlossedTerm]]:
    """A folder read and checked: its report so far, its attribution, its plans."""
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
    return report, attribution, plan_import(folder, report, progress)
