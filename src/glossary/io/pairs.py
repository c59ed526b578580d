"""``glossary import``: Bai–Han pairs from spreadsheets — clause translations and term pairs.

Two kinds of file, told apart by the header:

- clause pairs: ``law, revision, article, paragraph, dialect, bai`` (+ ``han, status,
  translator, note``): a Bai translation of one 款/项 (``paragraph`` = its position as
  ``glossary show`` lists it; empty = the whole article). For a law whose official text is
  imported, the article and paragraph must exist and a ``han`` cell must match the stored text.
  For a *collection* (a law unknown to the catalog and the database: a prefecture regulation,
  the mediators' book of common clauses) the rows create it, Han and Bai together.
- term pairs: ``han, bai`` (+ ``dialect, script, variety, definition, status, source,
  articles``): a Bai form of a glossary term.

Every file is checked row by row before anything of it is written; one bad row rejects the
whole file unless ``skip_invalid``. All files go in one transaction and one batch; a dry run
takes the same path and rolls back. An empty optional cell keeps the stored value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from sqlite_utils import Database

from glossary.bai.orthography import is_bai
from glossary.errors import GlossaryError, location
from glossary.io.tabular import Row, Table, cell_problems, header_key, match_header, read_table
from glossary.lawtext.catalog import catalog, derive_slug, normalise_name
from glossary.lawtext.refs import parse_ref
from glossary.store.db import write_transaction
from glossary.store.history import Batch
from glossary.store.queries import resolve_law, revisions_of
from glossary.store.search_sync import refresh_search_index
from glossary.store.terms import BaiForm, TermRecord, upsert_term
from glossary.store.translations import (
    clause_key,
    ensure_article,
    ensure_collection,
    ensure_paragraph,
    ensure_revision,
    law_kind,
    upsert_translation,
)

# --- columns and values ---------------------------------------------------------------------

CLAUSE_COLUMNS: dict[str, tuple[str, ...]] = {
    "law": ("法律", "法规", "法律名称"),
    "revision": ("修订", "版本", "修订版本"),
    "article": ("条", "条号"),
    "paragraph": ("款", "款项", "项"),
    "dialect": ("方言",),
    "bai": ("白文", "白语"),
    "han": ("汉文", "中文"),
    "status": ("状态",),
    "translator": ("译者", "翻译"),
    "note": ("备注", "notes"),
}
CLAUSE_REQUIRED = ("law", "revision", "article", "paragraph", "bai")

TERM_COLUMNS: dict[str, tuple[str, ...]] = {
    "han": ("术语", "汉文", "term"),
    "bai": ("白文", "白语"),
    "dialect": ("方言",),
    "script": ("文字",),
    "variety": ("土语", "变体"),
    "definition": ("释义", "定义"),
    "status": ("状态",),
    "source": ("来源", "出处"),
    "articles": ("条文",),
    "domain": ("领域", "类别"),
    "english": ("英文", "英语"),
    "concepticon_id": ("concepticon", "概念编号"),
}
TERM_REQUIRED = ("han", "bai")
# A term list (no bai column: the starter glossary) gives terms with their own fields.
TERM_LIST_REQUIRED = ("han", "definition")

DIALECT_NAMES: dict[str, str] = {
    "bca": "bca", "中部": "bca", "剑川": "bca", "central": "bca",
    "bfs": "bfs", "南部": "bfs", "大理": "bfs", "southern": "bfs",
    "bfc": "bfc", "北部": "bfc", "碧江": "bfc", "northern": "bfc",
}  # fmt: skip
CLAUSE_STATUSES: dict[str, str] = {
    "draft": "draft", "草稿": "draft", "初稿": "draft",
    "reviewed": "reviewed", "已审": "reviewed", "已审校": "reviewed", "审校": "reviewed",
    "approved": "approved", "已批准": "approved", "批准": "approved", "定稿": "approved",
}  # fmt: skip
FORM_STATUSES: dict[str, str] = {
    "preferred": "preferred", "首选": "preferred", "推荐": "preferred",
    "admitted": "admitted", "可用": "admitted", "认可": "admitted",
    "deprecated": "deprecated", "弃用": "deprecated", "不推荐": "deprecated",
    "proposed": "proposed", "建议": "proposed", "拟议": "proposed",
}  # fmt: skip
TERM_STATUSES = FORM_STATUSES  # the same four for a term and for a Bai form
SCRIPTS: dict[str, str] = {
    "latin": "latin", "拉丁": "latin", "拉丁字母": "latin", "拼音": "latin",
    "ipa": "ipa", "国际音标": "ipa", "音标": "ipa",
}  # fmt: skip
_DIALECT_SUFFIXES = ("方言", "白语", "话", "dialect", "bai")
_ARTICLE = re.compile(r"(\d+)(?:\s*[-之]\s*(\d+))?")
_SPACE = re.compile(r"\s+")
PREVIEW_CHARS = 160


def _lookup(text: str, names: dict[str, str]) -> str | None:
    key = header_key(text)
    if key in names:
        return names[key]
    for piece in re.split(r"[/|()（）,，、]+", text):
        found = names.get(header_key(piece))
        if found:
            return found
    return None


def parse_dialect(text: str) -> str | None:
    """bca | bfs | bfc from a code or a Chinese/English name (中部, 剑川方言, Southern)."""
    found = _lookup(text, DIALECT_NAMES)
    if found:
        return found
    key = header_key(text)
    for suffix in _DIALECT_SUFFIXES:
        if key.endswith(suffix) and key != suffix:
            return DIALECT_NAMES.get(key[: -len(suffix)])
    return None


def parse_article(text: str) -> tuple[int, int] | None:
    """(number, sub) from ``122``, ``122-1``, ``第一百二十二条之一``."""
    text = unicodedata.normalize("NFKC", text).strip()
    match = _ARTICLE.fullmatch(text)
    if match:
        number, sub = int(match[1]), int(match[2] or 0)
        return (number, sub) if 0 < number < 100_000 and sub < 1000 else None
    ref = parse_ref(text)
    if ref is not None and not ref.law:
        return ref.number, ref.sub
    return None


def article_text(number: int, sub: int) -> str:
    """How an article is written in a file: ``122`` or ``122-1``."""
    return f"{number}-{sub}" if sub else str(number)


def squash(text: str) -> str:
    """Text for the Han cross-check: without any whitespace."""
    return _SPACE.sub("", text)


def clip(text: str, limit: int = PREVIEW_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- results ----------------------------------------------------------------------------------


@dataclass
class Problem:
    """A rejection or a warning, at ``file:line:column``."""

    where: str
    what: str
    fix: str | None = None

    def __str__(self) -> str:
        return str(GlossaryError(self.what, self.where, self.fix))

    def to_json(self) -> dict[str, Any]:
        return {"where": self.where, "what": self.what, "fix": self.fix}


@dataclass
class Outcome:
    """One written clause translation or term: what happened and each old → new value."""

    line: int
    key: str
    what: str  # added | changed | unchanged
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "key": self.key,
            "what": self.what,
            "changes": {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()},
            "created": self.created,
        }


@dataclass
class FileReport:
    """What the import did (or, in a dry run, would do) with one file."""

    path: str
    kind: str | None = None  # clauses | terms
    encoding: str | None = None
    delimiter: str | None = None
    rows: int = 0
    written: bool = False
    added: list[Outcome] = field(default_factory=list)
    changed: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    guessed: bool = False  # the encoding was guessed: the preview deserves a look

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows": self.rows,
            "written": self.written,
            "added": [o.to_json() for o in self.added],
            "changed": [o.to_json() for o in self.changed],
            "unchanged": [o.to_json() for o in self.unchanged],
            "rejected": [p.to_json() for p in self.rejected],
            "rejected_rows": self.rejected_rows,
            "warnings": [p.to_json() for p in self.warnings],
            "preview": self.preview,
            "guessed": self.guessed,
        }


@dataclass
class ImportResult:
    files: list[FileReport]
    dry_run: bool = False
    skip_invalid: bool = False
    batch: int | None = None

    @property
    def ok(self) -> bool:
        """No file was rejected (with skip_invalid: no row either)."""
        return not any(f.rejected for f in self.files)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": sum(len(f.added) for f in self.files),
            "changed": sum(len(f.changed) for f in self.files),
            "unchanged": sum(len(f.unchanged) for f in self.files),
            "rejected": sum(len(f.rejected) for f in self.files),
            "warnings": sum(len(f.warnings) for f in self.files),
        }

    def error(self) -> GlossaryError | None:
        """The error a command should end with (after printing the summary), or None."""
        rejected = [f for f in self.files if f.rejected and not f.written]
        if rejected:
            first = rejected[0].rejected[0]
            return GlossaryError(
                f"{len(rejected)} file(s) not imported: "
                + ", ".join(Path(f.path).name for f in rejected)
                + f"; first problem: {first.where}: {first.what}",
                fix=first.fix
                or "correct the rows listed above and import again "
                "(or use --skip-invalid to import the good rows)",
            )
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "batch": self.batch,
            "counts": self.counts,
            "files": [f.to_json() for f in self.files],
        }


# --- plans --------------------------------------------------------------------------------------


@dataclass
class LawTarget:
    slug: str
    name: str
    kind: str  # law | collection | new | no-text


@dataclass
class ClausePlan:
    line: int
    law: LawTarget
    revision: str
    revision_id: int | None
    number: int
    sub: int
    position: int | None
    dialect: str
    bai: str
    han: str | None
    status: str | None
    translator: str | None
    note: str | None
    article_id: int | None = None
    paragraph_id: int | None = None
    text_position: int | None = None  # collection: the 款 whose Han this row sets

    @property
    def key(self) -> str:
        base = clause_key(self.law.slug, self.revision, self.number, self.sub, self.position)
        return f"{base}/{self.dialect}"


@dataclass
class FormPlan:
    line: int
    form: str
    script: str
    dialect: str | None
    variety: str | None
    status: str | None
    source: str | None


@dataclass
class TermPlan:
    line: int
    han: str
    definition: str | None = None
    definition_line: int = 0
    source: str | None = None
    forms: list[FormPlan] = field(default_factory=list)
    articles: list[tuple[str, str, int]] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # term list: status, domain, …


class FileImport:
    """Checks and writes one file; subclasses know the columns."""

    kind: ClassVar[str] = ""
    columns: ClassVar[dict[str, tuple[str, ...]]] = {}
    required: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        db: Database,
        table: Table,
        report: FileReport,
        *,
        dialect: str | None,
        translator: str | None,
    ) -> None:
        self.db = db
        self.table = table
        self.report = report
        self.default_dialect = dialect
        self.default_translator = translator
        self.cols: dict[str, int] = {}
        self.row_problems: list[Problem] = []

    # problems
    def where(self, row: Row, column: str | int | None = None) -> str:
        if isinstance(column, str):
            index = self.cols.get(column)
            column = None if index is None else index + 1
        return location(self.table.path, row.line, column)

    def problem(self, row: Row, column: str | int | None, what: str, fix: str | None) -> None:
        self.row_problems.append(Problem(self.where(row, column), what, fix))

    def warn(self, row: Row, column: str | int | None, what: str, fix: str | None) -> None:
        self.report.warnings.append(Problem(self.where(row, column), what, fix))

    def cell(self, row: Row, name: str) -> str:
        return row.get(self.cols.get(name))

    # the header
    def check_header(self) -> bool:
        found, unknown, duplicates = match_header(self.table.header, self.columns)
        self.cols = found
        line = self.table.header_line
        for index, text, name in duplicates:
            self.report.rejected.append(
                Problem(
                    location(self.table.path, line, index + 1),
                    f"column {text!r} repeats the {name!r} column",
                    "keep one of the two columns",
                )
            )
        for index, text in unknown:
            self.report.warnings.append(
                Problem(
                    location(self.table.path, line, index + 1),
                    f"column {text!r} is not one the import knows; it is ignored",
                    "known columns: " + ", ".join(self.columns),
                )
            )
        required = list(self.required)
        if self.kind == "clauses" and not self.default_dialect:
            required.append("dialect")
        missing = [name for name in required if name not in found]
        if missing:
            self.report.rejected.append(
                Problem(
                    location(self.table.path, line),
                    "missing column(s): " + ", ".join(missing),
                    "the header must name: "
                    + ", ".join(required)
                    + (" (or give --dialect)" if "dialect" in missing else "")
                    + "; see data/templates/",
                )
            )
        return not (missing or duplicates)

    def check_cells(self, row: Row) -> bool:
        bad = cell_problems(self.table, row)
        for column, what, fix in bad:
            self.problem(row, column, what, fix)
        return not bad

    def run_checks(self) -> list[Any]:
        """Check every row; returns the plans of the good rows."""
        plans = []
        for row in self.table.rows:
            self.row_problems = []
            plan = self.check_row(row) if self.check_cells(row) else None
            if self.row_problems or plan is None:
                self.report.rejected.extend(self.row_problems)
                self.report.rejected_rows.append(row.line)
            else:
                plans.append(plan)
        return plans

    def check_row(self, row: Row) -> Any:
        raise NotImplementedError

    def finish(self, plans: list[Any]) -> list[Any]:
        """After all rows are checked: cross-row checks (terms). Default: none."""
        return plans

    def write(self, batch: Batch, plans: list[Any]) -> None:
        raise NotImplementedError

    def record(self, outcome: Outcome) -> None:
        getattr(self.report, outcome.what).append(outcome)


# --- clause pairs -------------------------------------------------------------------------------


class ClauseImport(FileImport):
    kind = "clauses"
    columns = CLAUSE_COLUMNS
    required = CLAUSE_REQUIRED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.laws: dict[str, LawTarget] = {}
        self.new_slugs: dict[str, str] = {}  # slug → name of collections this file creates
        self.keys: dict[tuple[Any, ...], int] = {}
        self.texts: dict[tuple[Any, ...], tuple[str, int]] = {}  # collection 款 → (han, line)
        self.warned_new: set[str] = set()

    def target(self, name: str) -> LawTarget:
        wanted = normalise_name(name)
        if wanted in self.laws:
            return self.laws[wanted]
        slug = resolve_law(self.db, name)
        if slug is not None:
            kind = law_kind(self.db, slug)
            if kind == "collection":
                target = LawTarget(slug, name, "collection")
            elif kind is not None and revisions_of(self.db, slug):
                target = LawTarget(slug, name, "law")
            else:
                target = LawTarget(slug, name, "no-text")
        else:
            target = LawTarget(self.new_slug(name), name.strip(), "new")
            self.new_slugs[target.slug] = target.name
        self.laws[wanted] = target
        return target

    def new_slug(self, name: str) -> str:
        text = name.strip()
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") if text.isascii() else ""
        base = base or derive_slug(text)
        slug, n = base, 1
        taken = set(catalog())
        while (
            slug in taken
            or slug in self.new_slugs
            or self.db.execute("SELECT 1 FROM laws WHERE slug = ?", [slug]).fetchone()
        ):
            n += 1
            slug = f"{base}-{n}"
        return slug

    def check_row(self, row: Row) -> ClausePlan | None:
        law_cell = self.cell(row, "law")
        rev_cell = self.cell(row, "revision")
        art_cell = self.cell(row, "article")
        para_cell = self.cell(row, "paragraph")
        bai = self.cell(row, "bai")
        han = self.cell(row, "han") or None

        dialect = self.check_dialect(row)
        status = None
        if self.cell(row, "status"):
            status = _lookup(self.cell(row, "status"), CLAUSE_STATUSES)
            if status is None:
                self.problem(
                    row,
                    "status",
                    f"unknown status {self.cell(row, 'status')!r}",
                    "use draft, reviewed or approved (草稿, 已审校, 已批准)",
                )
        if not bai:
            self.problem(row, "bai", "the Bai text is empty", "fill in the bai cell")
        elif not is_bai(bai):
            self.warn(
                row,
                "bai",
                f"{clip(bai, 60)!r} does not read as Bai in the Latin orthography",
                "check the spelling and that the text is in the bai column",
            )
        article = parse_article(art_cell) if art_cell else None
        if article is None:
            self.problem(
                row,
                "article",
                f"{art_cell!r} is not an article number" if art_cell else "the article is empty",
                "write the number, e.g. 122, 122-1 or 第一百二十二条之一",
            )
        position: int | None = None
        if para_cell:
            digits = unicodedata.normalize("NFKC", para_cell).strip()
            if digits.isdigit() and 0 < int(digits) < 10_000:
                position = int(digits)
            else:
                self.problem(
                    row,
                    "paragraph",
                    f"{para_cell!r} is not a paragraph position",
                    "write the position as `glossary show` lists the 款/项 (1, 2, …), "
                    "or leave it empty for the whole article",
                )
        if not rev_cell:
            self.problem(
                row, "revision", "the revision is empty", "write the revision label, e.g. 2023"
            )
        if not law_cell:
            self.problem(row, "law", "the law is empty", "write the law's name or slug")
            return None
        try:
            law = self.target(law_cell)
        except GlossaryError as exc:
            self.problem(
                row,
                "law",
                f"unknown law {law_cell!r} ({exc.what})",
                "use a law whose text is imported; a new collection needs a Chinese name "
                "or a slug such as dali-tiaojie-guize",
            )
            return None
        if self.row_problems or article is None or dialect is None:
            return None
        translator = self.cell(row, "translator") or self.default_translator
        plan = ClausePlan(
            line=row.line,
            law=law,
            revision=rev_cell,
            revision_id=None,
            number=article[0],
            sub=article[1],
            position=position,
            dialect=dialect,
            bai=bai,
            han=han,
            status=status,
            translator=translator,
            note=self.cell(row, "note") or None,
        )
        if law.kind == "no-text":
            self.problem(
                row,
                "law",
                f"the official text of {law.slug} is not imported",
                "import it first with `glossary import-law FILE`",
            )
            return None
        text_key = None
        if law.kind == "law":
            self.check_law_row(row, plan)
        else:
            text_key = self.check_collection_row(row, plan)
        if self.row_problems:
            return None
        ident = (law.slug, plan.revision, plan.number, plan.sub, plan.position or 0, dialect)
        if ident in self.keys:
            self.problem(
                row,
                "article",
                f"{plan.key} is already on line {self.keys[ident]}",
                "keep one row per law, revision, article, paragraph and dialect",
            )
            return None
        self.keys[ident] = row.line
        if text_key is not None:
            self.texts[text_key] = (plan.han or "", row.line)
        if law.kind == "new" and law.slug not in self.warned_new:
            self.warned_new.add(law.slug)
            self.warn(
                row,
                "law",
                f"{law.name!r} is not a known law: a new collection {law.slug!r} will be created",
                "if you meant a law whose official text is imported, correct the name",
            )
        return plan

    def check_dialect(self, row: Row) -> str | None:
        text = self.cell(row, "dialect")
        if not text:
            if self.default_dialect:
                return self.default_dialect
            self.problem(
                row, "dialect", "the dialect is empty", "write bca, bfs or bfc, or give --dialect"
            )
            return None
        dialect = parse_dialect(text)
        if dialect is None:
            self.problem(
                row,
                "dialect",
                f"unknown dialect {text!r}",
                "use bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江)",
            )
        return dialect

    def check_law_row(self, row: Row, plan: ClausePlan) -> None:
        slug = plan.law.slug
        revisions = revisions_of(self.db, slug)
        rev = next((r for r in revisions if plan.revision in (r["label"], r["decided_on"])), None)
        if rev is None:
            self.problem(
                row,
                "revision",
                f"{slug} has no revision {plan.revision!r}",
                "use one of: " + ", ".join(r["label"] for r in revisions),
            )
            return
        plan.revision, plan.revision_id = rev["label"], rev["id"]
        found = self.db.execute(
            "SELECT id FROM articles WHERE revision_id = ? AND number = ? AND sub = ?",
            [rev["id"], plan.number, plan.sub],
        ).fetchone()
        if found is None:
            low, high = self.db.execute(
                "SELECT min(number), max(number) FROM articles WHERE revision_id = ?", [rev["id"]]
            ).fetchone()
            self.problem(
                row,
                "article",
                f"{slug} ({rev['label']}) has no article {article_text(plan.number, plan.sub)}",
                f"its articles run from {low} to {high}"
                + (f" (only {rev['part']} is imported)" if rev["part"] else ""),
            )
            return
        plan.article_id = found[0]
        paragraphs = self.paragraphs(plan.article_id)
        if plan.position is not None:
            match = next((p for p in paragraphs if p[1] == plan.position), None)
            if match is None:
                self.problem(
                    row,
                    "paragraph",
                    f"{clause_key(slug, rev['label'], plan.number, plan.sub)} has no paragraph "
                    f"{plan.position}",
                    f"it has {len(paragraphs)} 款/项, numbered 1 to {len(paragraphs)} as "
                    "`glossary show` lists them; leave it empty for the whole article",
                )
                return
            plan.paragraph_id = match[0]
            stored = [match[3], (match[2] or "") + match[3]]
        else:
            stored = [joined(paragraphs)]
        if plan.han is not None:
            self.cross_check(row, plan.han, stored)

    def paragraphs(self, article_id: int) -> list[tuple[int, int, str | None, str]]:
        return self.db.execute(
            "SELECT id, position, label, han FROM paragraphs WHERE article_id = ? "
            "ORDER BY position",
            [article_id],
        ).fetchall()

    def cross_check(self, row: Row, han: str, stored: list[str]) -> bool:
        if any(squash(han) == squash(text) for text in stored):
            return True
        mine, theirs = squash(han), squash(stored[-1])
        at = next(
            (i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
            min(len(mine), len(theirs)),
        )
        self.problem(
            row,
            "han",
            f"the Han text differs from the stored text (from character {at + 1}): "
            f"file {clip(han)!r}, stored {clip(stored[-1])!r}",
            "correct the han cell or the article/paragraph number; the han cell may also be "
            "left empty",
        )
        return False

    def check_collection_row(self, row: Row, plan: ClausePlan) -> tuple[Any, ...] | None:
        """Check a row of a collection; returns the key of the 款 whose Han text it sets."""
        slug = plan.law.slug
        if len(plan.revision) > 40:
            self.problem(
                row, "revision", f"{plan.revision!r} is not a usable revision label", "e.g. 2024"
            )
            return None
        rev = self.db.execute(
            "SELECT id FROM revisions WHERE law = ? AND label = ?", [slug, plan.revision]
        ).fetchone()
        article = None
        if rev is not None:
            article = self.db.execute(
                "SELECT id FROM articles WHERE revision_id = ? AND number = ? AND sub = ?",
                [rev[0], plan.number, plan.sub],
            ).fetchone()
        paragraphs = self.paragraphs(article[0]) if article else []
        if plan.position is None and len(paragraphs) > 1:
            # A whole-article translation of an article of several 款: a cross-check only.
            if plan.han is not None:
                self.cross_check(row, plan.han, [joined(paragraphs)])
            return None
        position = plan.position or 1
        text_key = (slug, plan.revision, plan.number, plan.sub, position)
        pending = self.texts.get(text_key)
        exists = pending is not None or any(p[1] == position for p in paragraphs)
        if plan.han is None:
            if not exists and plan.law.kind == "new" and slug not in self.warned_new:
                self.problem(
                    row,
                    "law",
                    f"unknown law {plan.law.name!r}",
                    "use a law whose text is imported (see `glossary stats`); to start a "
                    "new collection of clauses under this name, fill in the han column",
                )
            elif not exists:
                self.problem(
                    row,
                    "han",
                    f"{clause_key(slug, plan.revision, plan.number, plan.sub, position)} "
                    "does not exist yet: its Han text is needed",
                    "fill in the han cell",
                )
            elif plan.position is not None:
                plan.text_position = position
            return None
        if pending is not None and pending[0] != plan.han:
            self.problem(
                row,
                "han",
                f"the Han text differs from line {pending[1]} for the same paragraph",
                "give the same han text on every row of the paragraph",
            )
            return None
        plan.text_position = position
        return text_key

    def write(self, batch: Batch, plans: list[ClausePlan]) -> None:
        source = self.table.path.name
        for plan in plans:
            outcome = Outcome(plan.line, plan.key, "unchanged")
            if plan.law.kind in ("collection", "new"):
                self.write_structure(batch, plan, source, outcome)
            assert plan.article_id is not None
            written = upsert_translation(
                self.db,
                batch,
                article_id=plan.article_id,
                paragraph_id=plan.paragraph_id,
                dialect=plan.dialect,
                bai=plan.bai,
                key=plan.key,
                status=plan.status,
                translator=plan.translator,
                note=plan.note,
                source=source,
            )
            outcome.changes.update(written.changes)
            if written.what == "added":
                outcome.what = "added"
            elif written.what == "changed" or outcome.changes:
                outcome.what = "changed"
            self.record(outcome)

    def write_structure(
        self, batch: Batch, plan: ClausePlan, source: str, outcome: Outcome
    ) -> None:
        slug = plan.law.slug
        name = self.new_slugs.get(slug, plan.law.name)
        if ensure_collection(self.db, batch, slug, name):
            outcome.created.append(f"collection {slug} ({name})")
        title = self.db.execute("SELECT name FROM laws WHERE slug = ?", [slug]).fetchone()[0]
        plan.revision_id, created = ensure_revision(
            self.db, batch, slug, plan.revision, title=title, source=source
        )
        if created:
            outcome.created.append(f"revision {plan.revision}")
        base = clause_key(slug, plan.revision, plan.number, plan.sub)
        plan.article_id, created = ensure_article(
            self.db, batch, plan.revision_id, plan.number, plan.sub, base
        )
        if created:
            outcome.created.append(f"article {article_text(plan.number, plan.sub)}")
        if plan.text_position is not None:
            para = ensure_paragraph(
                self.db,
                batch,
                plan.article_id,
                plan.text_position,
                plan.han,
                f"{base}/{plan.text_position}",
            )
            if para.what == "added":
                outcome.created.append(f"paragraph {plan.text_position}")
            outcome.changes.update(para.changes)
            if plan.position is not None:
                plan.paragraph_id = para.id


def joined(paragraphs: Iterable[tuple[int, int, str | None, str]]) -> str:
    """An article's text as the ``article_texts`` view gives it."""
    return "\n".join((label or "") + han for _id, _pos, label, han in paragraphs)


# --- term pairs ---------------------------------------------------------------------------------


class TermImport(FileImport):
    kind = "terms"
    columns = TERM_COLUMNS
    required = TERM_REQUIRED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms: dict[str, TermPlan] = {}
        self.keys: dict[tuple[str, str, str | None], int] = {}

    @property
    def term_list(self) -> bool:
        """A file of terms without Bai (no bai column), like the starter glossary."""
        return "bai" not in self.cols

    def check_header(self) -> bool:
        found, _, _ = match_header(self.table.header, self.columns)
        self.required = TERM_LIST_REQUIRED if "bai" not in found else TERM_REQUIRED
        return super().check_header()

    def check_row(self, row: Row) -> tuple[str, FormPlan | None, Row] | None:
        if self.term_list:
            return self.check_term_list_row(row)
        han = self.cell(row, "han")
        bai = self.cell(row, "bai")
        if not han:
            self.problem(row, "han", "the Han term is empty", "fill in the han cell")
        if not bai:
            self.problem(row, "bai", "the Bai text is empty", "fill in the bai cell")
        dialect_cell = self.cell(row, "dialect")
        dialect = self.default_dialect
        if dialect_cell:
            dialect = parse_dialect(dialect_cell)
            if dialect is None:
                self.problem(
                    row,
                    "dialect",
                    f"unknown dialect {dialect_cell!r}",
                    "use bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江), or leave it empty",
                )
        script = "latin"
        if self.cell(row, "script"):
            script = _lookup(self.cell(row, "script"), SCRIPTS) or ""
            if not script:
                self.problem(
                    row,
                    "script",
                    f"unknown script {self.cell(row, 'script')!r}",
                    "use latin (Bai Latin orthography) or ipa",
                )
        status = None
        if self.cell(row, "status"):
            status = _lookup(self.cell(row, "status"), FORM_STATUSES)
            if status is None:
                self.problem(
                    row,
                    "status",
                    f"unknown status {self.cell(row, 'status')!r}",
                    "use preferred, admitted, deprecated or proposed",
                )
        articles = self.check_articles(row)
        if bai and script == "latin" and not is_bai(bai):
            self.warn(
                row,
                "bai",
                f"{clip(bai, 60)!r} does not read as Bai in the Latin orthography",
                "check the spelling, or set script to ipa for IPA",
            )
        if self.row_problems:
            return None
        ident = (han, bai, dialect)
        if ident in self.keys:
            self.problem(
                row,
                "bai",
                f"{han} = {bai!r} ({dialect or 'no dialect'}) is already on line "
                f"{self.keys[ident]}",
                "keep one row per term, Bai form and dialect",
            )
            return None
        term = self.terms.get(han)
        definition = self.cell(row, "definition") or None
        if term is not None and definition and term.definition and definition != term.definition:
            self.problem(
                row,
                "definition",
                f"the definition of {han} differs from line {term.definition_line}",
                "give one definition per term (or leave the cell empty on the other rows)",
            )
            return None
        self.keys[ident] = row.line
        if term is None:
            term = self.terms[han] = TermPlan(row.line, han)
        if definition and not term.definition:
            term.definition, term.definition_line = definition, row.line
        source = self.cell(row, "source") or None
        term.source = term.source or source
        for link in articles:
            if link not in term.articles:
                term.articles.append(link)
        form = FormPlan(
            row.line, bai, script, dialect, self.cell(row, "variety") or None, status, source
        )
        term.forms.append(form)
        return han, form, row

    def check_term_list_row(self, row: Row) -> tuple[str, None, Row] | None:
        """One term of a term list: its own status, domain, English and Concepticon id."""
        han, definition = self.cell(row, "han"), self.cell(row, "definition")
        if not han:
            self.problem(row, "han", "the Han term is empty", "fill in the han cell")
        if not definition:
            self.problem(row, "definition", "the definition is empty", "write a definition")
        status = self.cell(row, "status")
        if status and _lookup(status, TERM_STATUSES) is None:
            self.problem(
                row,
                "status",
                f"unknown status {status!r}",
                "use preferred, admitted, deprecated or proposed",
            )
        articles = self.check_articles(row)
        if self.row_problems:
            return None
        if han in self.terms:
            self.problem(
                row,
                "han",
                f"{han} is already on line {self.terms[han].line}",
                "keep one row per term",
            )
            return None
        term = self.terms[han] = TermPlan(row.line, han, definition, row.line)
        term.source = self.cell(row, "source") or None
        term.articles = articles
        term.fields = {
            name: value
            for name in ("domain", "english", "concepticon_id")
            if (value := self.cell(row, name))
        }
        if status:
            term.fields["status"] = _lookup(status, TERM_STATUSES) or status
        return han, None, row

    def check_articles(self, row: Row) -> list[tuple[str, str, int]]:
        text = self.cell(row, "articles")
        links: list[tuple[str, str, int]] = []
        fix = "write law:revision:article, separated by ';', e.g. minshi-susong-fa:2023:122"
        for item in filter(None, (p.strip() for p in re.split(r"[;；\n]+", text))):
            parts = [p.strip() for p in re.split(r"[:：]", item)]
            if len(parts) != 3 or not all(parts):
                self.problem(row, "articles", f"{item!r} is not law:revision:article", fix)
                continue
            law_name, revision, number_text = parts
            article = parse_article(number_text)
            slug = resolve_law(self.db, law_name)
            if slug is None:
                self.problem(row, "articles", f"unknown law {law_name!r} in {item!r}", fix)
                continue
            if article is None:
                self.problem(row, "articles", f"{number_text!r} is not an article number", fix)
                continue
            revisions = revisions_of(self.db, slug)
            rev = next((r for r in revisions if revision in (r["label"], r["decided_on"])), None)
            if revisions and rev is None:
                self.problem(
                    row,
                    "articles",
                    f"{slug} has no revision {revision!r}",
                    "use one of: " + ", ".join(r["label"] for r in revisions),
                )
                continue
            if rev is None:
                self.warn(
                    row,
                    "articles",
                    f"the text of {slug} is not imported: {item!r} cannot be checked",
                    None,
                )
            else:
                revision = rev["label"]
                found = self.db.execute(
                    "SELECT 1 FROM articles WHERE revision_id = ? AND number = ? AND sub = ?",
                    [rev["id"], article[0], article[1]],
                ).fetchone()
                if found is None:
                    self.problem(
                        row, "articles", f"{slug} ({revision}) has no article {number_text}", fix
                    )
                    continue
            links.append((slug, revision, article[0]))
        return links

    def finish(self, plans: list[Any]) -> list[Any]:
        """One plan per term, in the order the terms first appear; only accepted forms."""
        if self.term_list:
            accepted_terms = {han for han, _form, _row in plans}
            return [t for t in self.terms.values() if t.han in accepted_terms]
        accepted = {id(form) for _han, form, _row in plans}
        out = []
        for term in self.terms.values():
            term.forms = [f for f in term.forms if id(f) in accepted]
            if term.forms:
                out.append(term)
        return out

    def write(self, batch: Batch, plans: list[TermPlan]) -> None:
        for term in plans:
            mark = self.db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]
            record = self.term_record(term)
            _term_id, what = upsert_term(self.db, batch, record)
            outcome = Outcome(term.line, f"term/{term.han}", what)
            for table, key, op, name, old, new in self.db.execute(
                "SELECT table_name, key, op, field, old, new FROM changes WHERE id > ? ORDER BY id",
                [mark],
            ).fetchall():
                label = key.split("/", 2)[-1] if table != "terms" else ""
                if op == "update" and name != "updated_at":
                    outcome.changes[f"{label}: {name}" if label else name] = (
                        _loads(old),
                        _loads(new),
                    )
                elif op == "insert" and table != "terms":
                    outcome.created.append(f"{table} {label}")
            self.record(outcome)

    def term_record(self, term: TermPlan) -> TermRecord:
        """The term as the file gives it, with the stored values where a cell is empty."""
        cursor = self.db.execute("SELECT * FROM terms WHERE han = ?", [term.han])
        found = cursor.fetchone()
        stored = dict(zip([d[0] for d in cursor.description], found, strict=True)) if found else {}
        forms = []
        for f in term.forms:
            old = self.stored_form(stored.get("id"), f)
            forms.append(
                BaiForm(
                    form=f.form,
                    script=f.script,
                    dialect=f.dialect,
                    variety=f.variety,
                    status=f.status or old.get("status") or "admitted",
                    source=f.source or old.get("source"),
                    attribution=old.get("attribution"),
                )
            )
        given = term.fields
        return TermRecord(
            han=term.han,
            definition=term.definition or stored.get("definition"),
            pinyin=stored.get("pinyin"),
            domain=given.get("domain") or stored.get("domain"),
            status=given.get("status") or stored.get("status") or "proposed",
            english=given.get("english") or stored.get("english"),
            concepticon_id=given.get("concepticon_id") or stored.get("concepticon_id"),
            source=stored.get("source") or term.source,
            attribution=stored.get("attribution"),
            note=stored.get("note"),
            forms=forms,
            articles=term.articles,
        )

    def stored_form(self, term_id: int | None, form: FormPlan) -> dict[str, Any]:
        if term_id is None:
            return {}
        cursor = self.db.execute(
            "SELECT * FROM term_forms WHERE term_id = ? AND form = ? AND script = ? "
            "AND dialect IS ? AND variety IS ?",
            [term_id, form.form, form.script, form.dialect, form.variety],
        )
        found = cursor.fetchone()
        if found is None:
            return {}
        return dict(zip([d[0] for d in cursor.description], found, strict=True))


def _loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


# --- the command --------------------------------------------------------------------------------


def file_kind(table: Table) -> type[FileImport] | None:
    """Clause pairs if the header names a law, revision, article or paragraph column; term
    pairs if it names han and bai and none of those; else None."""
    clause, _, _ = match_header(table.header, CLAUSE_COLUMNS)
    if clause.keys() & {"law", "revision", "article", "paragraph"}:
        return ClauseImport
    term, _, _ = match_header(table.header, TERM_COLUMNS)
    if "han" in term and ("bai" in term or "definition" in term):
        return TermImport
    return None


def import_files(
    db: Database,
    paths: Iterable[str | Path],
    *,
    dry_run: bool = False,
    encoding: str | None = None,
    dialect: str | None = None,
    translator: str | None = None,
    skip_invalid: bool = False,
) -> ImportResult:
    """Import clause-pair and term-pair files (CSV, TSV, .xlsx) in one transaction and one
    batch (command "import"). Every row of a file is checked before any of it is written; a
    file with a bad row is not written at all unless ``skip_invalid``, which writes its good
    rows. A dry run does the same work and rolls it back.

    ``dialect``: for rows with an empty dialect cell. ``translator``: for rows with an empty
    translator cell. Raises GlossaryError only for a bad option or a missing file; problems
    in the files are in the result (see :meth:`ImportResult.error`).
    """
    paths = [Path(p) for p in paths]
    default_dialect = None
    if dialect:
        default_dialect = parse_dialect(dialect)
        if default_dialect is None:
            raise GlossaryError(
                f"unknown dialect {dialect!r}",
                fix="use bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江)",
            )
    for path in paths:
        if not path.is_file():
            raise GlossaryError("no such file", str(path), "check the path")
    result = ImportResult([], dry_run=dry_run, skip_invalid=skip_invalid)
    tables: list[Table | None] = []
    for path in paths:
        report = FileReport(str(path))
        result.files.append(report)
        try:
            table = read_table(path, encoding=encoding)
        except GlossaryError as exc:
            if exc.what.startswith("unknown encoding"):
                raise
            report.rejected.append(Problem(exc.where or str(path), exc.what, exc.fix))
            tables.append(None)
            continue
        report.encoding, report.delimiter = table.encoding, table.delimiter_name
        report.preview, report.rows = table.raw_preview, len(table.rows)
        report.guessed = table.guessed or bool(table.notes)
        for note in table.notes:
            report.warnings.append(Problem(str(path), note))
        if table.guessed:
            report.warnings.append(
                Problem(
                    str(path),
                    f"the encoding was guessed as {table.encoding}",
                    "check the preview; if the text looks wrong, give --encoding",
                )
            )
        tables.append(table)
    batch = Batch(db, command="import", source=", ".join(p.name for p in paths))
    try:
        with write_transaction(db, dry_run=dry_run):
            for table, report in zip(tables, result.files, strict=True):
                if table is not None:
                    import_table(
                        db, batch, table, report, default_dialect, translator, skip_invalid
                    )
            if not skip_invalid and any(f.rejected and not f.written for f in result.files):
                raise _NothingWritten  # one command, one transaction: all files or none
            refresh_search_index(db)
            batch_id = batch.finish({"files": [f.path for f in result.files], **result.counts})
            result.batch = None if dry_run else batch_id
    except _NothingWritten:
        for report in result.files:
            report.written = False
    return result


class _NothingWritten(Exception):
    """Rolls the whole import back when a file is rejected (without --skip-invalid)."""


def import_table(
    db: Database,
    batch: Batch,
    table: Table,
    report: FileReport,
    dialect: str | None,
    translator: str | None,
    skip_invalid: bool,
) -> None:
    kind = file_kind(table)
    if kind is None:
        report.rejected.append(
            Problem(
                location(table.path, table.header_line),
                "cannot tell what the file holds from its header "
                f"({', '.join(repr(h) for h in table.header[:8])})",
                "clause pairs need law, revision, article, paragraph, dialect, bai; term "
                "pairs need han, bai (see data/templates/; Chinese headers such as 法律 or "
                "白文 work too)",
            )
        )
        return
    importer = kind(db, table, report, dialect=dialect, translator=translator)
    report.kind = importer.kind
    if not importer.check_header():
        return
    plans = importer.finish(importer.run_checks())
    if report.rejected and not skip_invalid:
        return
    importer.write(batch, plans)
    report.written = True


# --- for people ----------------------------------------------------------------------------------


def _value(value: Any) -> str:
    return "∅" if value is None else repr(clip(str(value), 80))


def render_summary(
    result: ImportResult, *, preview: bool | None = None, limit: int | None = 30
) -> str:
    """A report for the terminal. ``preview``: show the rows as decoded (default: in a dry
    run, or when the encoding was guessed). ``limit``: at most this many added, changed and
    warning lines per file (None: all); every rejection is always shown."""
    lines = []
    if result.dry_run:
        lines.append("dry run: nothing was written")

    def capped(items: list[Any]) -> list[Any]:
        return items if limit is None else items[:limit]

    def more(items: list[Any], what: str) -> None:
        if limit is not None and len(items) > limit:
            lines.append(f"  … {len(items) - limit} more {what} (see --json)")

    for f in result.files:
        kind = {"clauses": "clause pairs", "terms": "term pairs"}.get(f.kind or "", "?")
        how = ", ".join(x for x in (f.encoding, f.delimiter) if x)
        verb = ("would import" if result.dry_run else "imported") if f.written else "NOT imported"
        unit = "terms" if f.kind == "terms" else "clauses"
        lines.append(
            f"{f.path} ({kind}{', ' + how if how else ''}): {verb} — {f.rows} rows; {unit}: "
            f"{len(f.added)} added, {len(f.changed)} changed, {len(f.unchanged)} unchanged; "
            f"{len(f.rejected_rows)} rows rejected, {len(f.warnings)} warnings"
        )
        for o in capped(f.added):
            extra = f" (new: {', '.join(o.created)})" if o.created else ""
            lines.append(f"  + {o.key} (line {o.line}){extra}")
        more(f.added, "added")
        for o in capped(f.changed):
            lines.append(f"  ~ {o.key} (line {o.line})")
            for name, (old, new) in o.changes.items():
                lines.append(f"      {name}: {_value(old)} → {_value(new)}")
            if o.created:
                lines.append(f"      new: {', '.join(o.created)}")
        more(f.changed, "changed")
        for p in f.rejected:
            lines.append(f"  error: {p}")
        for p in capped(f.warnings):
            lines.append(f"  warning: {p}")
        more(f.warnings, "warnings")
        show = preview if preview is not None else (result.dry_run or f.guessed)
        if show and f.preview:
            lines.append("  as read (first rows):")
            for cells in f.preview:
                shown = (clip(c.replace("\r", "").replace("\n", "⏎"), 40) for c in cells)
                lines.append("    | " + " | ".join(shown))
    if result.batch:
        lines.append(f"batch {result.batch}")
    return "\n".join(lines)


__all__ = [
    "FileReport",
    "ImportResult",
    "Outcome",
    "Problem",
    "import_files",
    "parse_article",
    "parse_dialect",
    "render_summary",
]
