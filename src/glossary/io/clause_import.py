"""Clause pairs: a Bai translation of one 款/项 (or a whole article) per row.

For a law whose official text is imported, the article and paragraph must exist and a ``han``
cell must match the stored text. For a *collection* (a law unknown to the catalog and the
database) the rows create it, Han and Bai together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.han.text import han_key
from glossary.io.audio_import import Attachment, attach, row_attachment
from glossary.io.clause_cells import ClauseCells
from glossary.io.import_report import Outcome
from glossary.io.tabular import Row
from glossary.io.vocabulary import (
    CLAUSE_COLUMNS,
    CLAUSE_REQUIRED,
    article_number,
    clip,
    squash,
)
from glossary.lawtext.catalog import catalog, derive_slug, normalise_name
from glossary.lawtext.labels import article_text, paragraph_text
from glossary.store.history import Batch
from glossary.store.qa import (
    Finding,
    Record,
    check_orthography,
    han_places,
    record_findings,
    same_han,
)
from glossary.store.queries import resolve_law, revisions_of
from glossary.store.recordings import Owner
from glossary.store.translations import (
    NewTranslations,
    article_range,
    clause_key,
    ensure_article,
    ensure_collection,
    ensure_paragraph,
    ensure_revision,
    find_article,
    find_revision,
    law_exists,
    law_kind,
    law_name,
    paragraphs_of,
    upsert_translation,
)


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
    alternative: bool | None = None  # this place only (store.memory); None keeps
    qa_han: str | None = None  # the Han the quality checks compare the Bai with
    qa_paragraph: bool = False  # a 款/项 (compared with the same Han elsewhere)
    recording: Attachment | None = None  # the audio cell's sound

    @property
    def key(self) -> str:
        base = clause_key(self.law.slug, self.revision, self.number, self.sub, self.position)
        return f"{base}/{self.dialect}"


class LawTargets:
    """The law each row names, resolved once per name: an imported law, a collection, or a
    new collection (with a fresh slug)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.known: dict[str, LawTarget] = {}
        self.new_slugs: dict[str, str] = {}  # slug → name of collections this file creates

    def __call__(self, name: str) -> LawTarget:
        wanted = normalise_name(name)
        if wanted in self.known:
            return self.known[wanted]
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
        self.known[wanted] = target
        return target

    def new_slug(self, name: str) -> str:
        text = name.strip()
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") if text.isascii() else ""
        base = base or derive_slug(text)
        slug, n = base, 1
        taken = set(catalog())
        while slug in taken or slug in self.new_slugs or law_exists(self.db, slug):
            n += 1
            slug = f"{base}-{n}"
        return slug


class RowQuality:
    """The quality checks of the rows of one file, against the store and the rows before."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.strict = False  # findings reject the row (import --strict), not warn
        self.seen: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (han_key, dialect)
        self.with_han: dict[str, set[tuple[int, int]]] = {}  # dialect → places of Bai with Han

    def report(self, rows: ClauseImport, row: Row, plan: ClausePlan) -> None:
        """The findings on the row as its warnings, or with --strict its problems."""
        report = rows.problem if self.strict else rows.warn
        for found in self.findings(plan):
            report(row, "bai", f"{found.key}: {found.message} (QA {found.check})", found.fix)

    def findings(self, plan: ClausePlan) -> list[Finding]:
        rec = Record(plan.key, plan.qa_han or "", plan.bai, plan.dialect)
        if plan.qa_han is None:  # a text not known yet: only the spelling can be checked
            return check_orthography(rec)
        others: list[tuple[str, str]] = []
        if plan.qa_paragraph and not self.alternative(plan):
            group = (han_key(plan.qa_han), plan.dialect)
            stored = same_han(self.db, plan.qa_han, plan.dialect)
            others = [o for o in stored if o[0] != plan.key] + self.seen.get(group, [])
            self.seen.setdefault(group, []).append((plan.key, plan.bai))
        if plan.dialect not in self.with_han:
            self.with_han[plan.dialect] = han_places(self.db, plan.dialect)
        here = (plan.article_id or 0, plan.paragraph_id or 0)
        has_han = any(place != here for place in self.with_han[plan.dialect])
        return record_findings(self.db, rec, others=others, dialect_has_han=has_han)

    def alternative(self, plan: ClausePlan) -> bool:
        """The row's alternative cell, or (empty) what the store holds for the place."""
        if plan.alternative is not None or plan.article_id is None:
            return bool(plan.alternative)
        row = self.db.execute(
            "SELECT alternative FROM translations WHERE article_id = ? "
            "AND ifnull(paragraph_id, 0) = ? AND dialect = ?",
            [plan.article_id, plan.paragraph_id or 0, plan.dialect],
        ).fetchone()
        return bool(row and row[0])


class ClauseImport(ClauseCells):
    kind = "clauses"
    columns = CLAUSE_COLUMNS
    required = CLAUSE_REQUIRED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = LawTargets(self.db)
        self.new_slugs = self.target.new_slugs
        self.keys: dict[tuple[Any, ...], int] = {}
        self.texts: dict[tuple[Any, ...], tuple[str, int]] = {}  # collection 款 → (han, line)
        self.warned_new: set[str] = set()
        self.quality = RowQuality(self.db)

    def check_row(self, row: Row) -> ClausePlan | None:
        dialect = self.check_dialect(row)
        status = self.check_status(row)
        self.check_bai(row)
        article = self.check_article(row)
        position = self.check_position(row)
        if not self.cell(row, "revision"):
            self.problem(
                row, "revision", "the revision is empty", "write the revision label, e.g. 2023"
            )
        law = self.check_law(row)
        if law is None or self.row_problems or article is None or dialect is None:
            return None
        plan = ClausePlan(
            line=row.line,
            law=law,
            revision=self.cell(row, "revision"),
            revision_id=None,
            number=article[0],
            sub=article[1],
            position=position,
            dialect=dialect,
            bai=self.cell(row, "bai"),
            han=self.cell(row, "han") or None,
            status=status,
            translator=self.cell(row, "translator") or self.default_translator,
            note=self.cell(row, "note") or None,
            alternative=self.check_alternative(row),
            recording=row_attachment(self, row),
        )
        if self.row_problems:
            return None
        return self.check_plan(row, plan)

    def check_plan(self, row: Row, plan: ClausePlan) -> ClausePlan | None:
        """The checks against the store and the rows before: text, uniqueness."""
        law = plan.law
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
        if self.row_problems or not self.check_unique(row, plan):
            return None
        if text_key is not None:
            self.texts[text_key] = (plan.han or "", row.line)
        self.quality.report(self, row, plan)
        if law.kind == "new" and law.slug not in self.warned_new:
            self.warned_new.add(law.slug)
            self.warn(
                row,
                "law",
                f"{law.name!r} is not a known law: a new collection {law.slug!r} will be created",
                "if you meant a law whose official text is imported, correct the name",
            )
        return plan

    def check_unique(self, row: Row, plan: ClausePlan) -> bool:
        ident = (
            plan.law.slug,
            plan.revision,
            plan.number,
            plan.sub,
            plan.position or 0,
            plan.dialect,
        )
        if ident in self.keys:
            self.problem(
                row,
                "article",
                f"{plan.key} is already on line {self.keys[ident]}",
                "keep one row per law, revision, article, paragraph and dialect",
            )
            return False
        self.keys[ident] = row.line
        return True

    def check_law(self, row: Row) -> LawTarget | None:
        text = self.cell(row, "law")
        if not text:
            self.problem(row, "law", "the law is empty", "write the law's name or slug")
            return None
        try:
            return self.target(text)
        except GlossaryError as exc:
            self.problem(
                row,
                "law",
                f"unknown law {text!r} ({exc.what})",
                "use a law whose text is imported; a new collection needs a Chinese name "
                "or a slug such as dali-tiaojie-guize",
            )
            return None

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
        found = find_article(self.db, rev["id"], plan.number, plan.sub)
        if found is None:
            low, high = article_range(self.db, rev["id"])
            self.problem(
                row,
                "article",
                f"{slug} ({rev['label']}) has no article {article_number(plan.number, plan.sub)}",
                f"its articles run from {low} to {high}"
                + (f" (only {rev['part']} is imported)" if rev["part"] else ""),
            )
            return
        plan.article_id = found
        paragraphs = paragraphs_of(self.db, plan.article_id)
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
            plan.qa_han, plan.qa_paragraph = match[3], True
            stored = [match[3], paragraph_text(match[2], match[3])]
        else:
            plan.qa_han = "\n".join(p[3] for p in paragraphs)
            stored = [joined(paragraphs)]
        if plan.han is not None:
            self.cross_check(row, plan.han, stored)

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
        rev = find_revision(self.db, slug, plan.revision)
        article = None if rev is None else find_article(self.db, rev, plan.number, plan.sub)
        paragraphs = [] if article is None else paragraphs_of(self.db, article)
        if plan.position is None and len(paragraphs) > 1:
            # A whole-article translation of an article of several 款: a cross-check only.
            plan.qa_han = "\n".join(p[3] for p in paragraphs)
            if plan.han is not None:
                self.cross_check(row, plan.han, [joined(paragraphs)])
            return None
        position = plan.position or 1
        text_key = (slug, plan.revision, plan.number, plan.sub, position)
        pending = self.texts.get(text_key)
        known = next((p[3] for p in paragraphs if p[1] == position), None)
        plan.qa_han = plan.han or (pending[0] if pending else known)
        plan.qa_paragraph = plan.position is not None
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
        new = NewTranslations(self.db, batch)  # written together, in the plans' order
        added: list[ClausePlan] = []
        for done, plan in enumerate(plans):
            self.written(done, len(plans))
            if plan.law.kind not in ("collection", "new") and plan.recording is None:
                assert plan.article_id is not None
                if new.take(plan.key, source=source, **translation_values(plan)):
                    added.append(plan)
                    continue
            new.flush()
            self.record_added(added)
            self.write_one(batch, plan, source)
        new.flush()
        self.record_added(added)
        self.written(len(plans), len(plans))

    def record_added(self, plans: list[ClausePlan]) -> None:
        for plan in plans:
            self.record(Outcome(plan.line, plan.key, "added"))
        plans.clear()

    def write_one(self, batch: Batch, plan: ClausePlan, source: str) -> None:
        outcome = Outcome(plan.line, plan.key, "unchanged")
        if plan.law.kind in ("collection", "new"):
            write_structure(self.db, self.new_slugs, batch, plan, source, outcome)
        assert plan.article_id is not None
        written = upsert_translation(
            self.db, batch, key=plan.key, source=source, **translation_values(plan)
        )
        outcome.changes.update(written.changes)
        if plan.recording is not None:
            owner = Owner(written.id, None, plan.key, plan.dialect)
            attach(self.db, batch, owner, plan.recording, outcome)
        if written.what == "added":
            outcome.what = "added"
        elif written.what == "changed" or outcome.changes:
            outcome.what = "changed"
        self.record(outcome)


def translation_values(plan: ClausePlan) -> dict[str, Any]:
    """What a plan writes to its translation (besides its key and source)."""
    assert plan.article_id is not None
    return {
        "article_id": plan.article_id,
        "paragraph_id": plan.paragraph_id,
        "dialect": plan.dialect,
        "bai": plan.bai,
        "status": plan.status,
        "translator": plan.translator,
        "note": plan.note,
        "alternative": plan.alternative,
    }


def write_structure(
    db: Database,
    new_slugs: dict[str, str],
    batch: Batch,
    plan: ClausePlan,
    source: str,
    outcome: Outcome,
) -> None:
    """The collection, revision, article and paragraph a row of a new text creates."""
    slug = plan.law.slug
    name = new_slugs.get(slug, plan.law.name)
    if ensure_collection(db, batch, slug, name):
        outcome.created.append(f"collection {slug} ({name})")
    title = law_name(db, slug)
    plan.revision_id, created = ensure_revision(
        db, batch, slug, plan.revision, title=title, source=source
    )
    if created:
        outcome.created.append(f"revision {plan.revision}")
    base = clause_key(slug, plan.revision, plan.number, plan.sub)
    plan.article_id, created = ensure_article(
        db, batch, plan.revision_id, plan.number, plan.sub, base
    )
    if created:
        outcome.created.append(f"article {article_number(plan.number, plan.sub)}")
    if plan.text_position is not None:
        para = ensure_paragraph(
            db,
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
    return article_text((label, han) for _id, _pos, label, han in paragraphs)
