"""Glossary terms and their Bai forms: the writes every term import goes through.

A term is keyed by its Han text; a form by (term, form, script, dialect, variety). Every
insert and every overwritten value is recorded in the batch's history.

Every import (an editor's spreadsheet, a published CLDF word list) first says what it has
for a term as a :class:`TermPlan`, then :func:`merge_term` meets it with the stored row by
one rule, so that the two kinds of import cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from glossary.han import tone_pinyin
from glossary.store.history import RUN_MARK, Batch, now, run_rows
from glossary.store.queries import rows

#: Fields kept as a list in one text, and the separator between the items.
LIST_SEPARATORS = {"source": "; ", "attribution": "\n", "note": "\n"}


@dataclass
class BaiForm:
    form: str
    script: str  # latin | ipa
    dialect: str | None = None  # bca | bfs | bfc
    variety: str | None = None  # e.g. Jianchuan
    status: str = "admitted"
    source: str | None = None
    attribution: str | None = None


@dataclass
class TermRecord:
    han: str
    definition: str | None = None
    pinyin: str | None = None  # computed from the Han when missing
    domain: str | None = None
    status: str = "proposed"
    english: str | None = None
    concepticon_id: str | None = None
    source: str | None = None
    attribution: str | None = None
    note: str | None = None
    forms: list[BaiForm] = field(default_factory=list)
    articles: list[tuple[str, str, int]] = field(default_factory=list)  # law, revision, number


def pinyin_of(han: str) -> str:
    """Pinyin with tone marks, read in context: 调解 → tiáo jiě (once per distinct text, the
    same pypinyin call as the index's readings of it: han.pinyin.tone_readings)."""
    return tone_pinyin(han)


def term_values(term: TermRecord) -> dict[str, Any]:
    """A term's row as an import writes it (without its time stamps)."""
    return {
        "han": term.han,
        "pinyin": term.pinyin or pinyin_of(term.han),
        "definition": term.definition,
        "domain": term.domain,
        "english": term.english,
        "concepticon_id": term.concepticon_id,
        "status": term.status,
        "source": term.source,
        "attribution": term.attribution,
        "note": term.note,
    }


def form_values(term_id: int, form: BaiForm) -> dict[str, Any]:
    """A Bai form's row as an import writes it."""
    return {
        "term_id": term_id,
        "form": form.form,
        "script": form.script,
        "dialect": form.dialect,
        "variety": form.variety,
        "status": form.status,
        "source": form.source,
        "attribution": form.attribution,
    }


def upsert_term(db: Database, batch: Batch, term: TermRecord) -> tuple[int, str]:
    """Insert or update one term with its forms and article links; returns (id, what):
    what is "added", "changed" or "unchanged"."""
    values = term_values(term)
    key = f"term/{term.han}"
    row = db.execute("SELECT id FROM terms WHERE han = ?", [term.han]).fetchone()
    if row is None:
        stamp = now()
        term_id = batch.insert("terms", values | {"created_at": stamp, "updated_at": stamp}, key)
        what = "added"
    else:
        term_id = row[0]
        before = batch.row("terms", term_id)
        changed = any(before.get(k) != v for k, v in values.items())
        if changed:
            batch.update("terms", term_id, values | {"updated_at": now()}, key, before=before)
        what = "changed" if changed else "unchanged"
    for form in term.forms:
        if add_form(db, batch, term_id, form, key) and what == "unchanged":
            what = "changed"
    for law, revision, number in term.articles:
        cursor = db.execute(
            "INSERT OR IGNORE INTO term_articles (term_id, law, revision, article) "
            "VALUES (?, ?, ?, ?)",
            [term_id, law, revision, number],
        )
        if cursor.rowcount:
            batch.record_insert(
                "term_articles",
                None,
                f"{key}/{law}/{revision}/{number}",
                {"term_id": term_id, "law": law, "revision": revision, "article": number},
            )
            if what == "unchanged":
                what = "changed"
    return term_id, what


# --- the one merge of an imported term into a stored one ------------------------------------


@dataclass
class FormPlan:
    """A Bai form as an import gives it. ``status``/``source``: the import's own values (None:
    keep the stored one); ``credits``: source/attribution to add to the stored lists."""

    form: str
    script: str
    dialect: str | None = None
    variety: str | None = None
    status: str | None = None
    source: str | None = None
    credits: dict[str, str] = field(default_factory=dict)
    line: int = 0  # where the import read it (0: not from a file's row)


@dataclass
class TermPlan:
    """A term as one import gives it, before it meets the stored row.

    Three kinds of value, as :func:`merge_term` treats them:

    - ``given``: the import's value replaces the stored one (an editor's cell);
    - ``offered``: used only where the stored field is empty (a word list's English gloss
      never overwrites an editor's);
    - ``credits``: added to the stored list (``source``, ``attribution``, ``note``), once.

    A field the import leaves out keeps the stored value.
    """

    han: str
    line: int = 0
    given: dict[str, str] = field(default_factory=dict)
    offered: dict[str, str] = field(default_factory=dict)
    credits: dict[str, str] = field(default_factory=dict)
    forms: list[FormPlan] = field(default_factory=list)
    articles: list[tuple[str, str, int]] = field(default_factory=list)


def add_item(existing: str | None, item: str, separator: str) -> str:
    """Add an item to a list kept as text, unless it is already there."""
    if not existing:
        return item
    if item in existing.split(separator):
        return existing
    return existing + separator + item


def merge_value(
    name: str,
    stored: Any,
    given: Any = None,
    offered: Any = None,
    credit: str | None = None,
    default: Any = None,
) -> Any:
    """One field after an import: a credit is added to the stored list; else the given value
    wins; else the stored one stays; else the offered value, else the default."""
    if credit:
        return add_item(stored, credit, LIST_SEPARATORS[name])
    if given not in (None, ""):
        return given
    if stored not in (None, ""):
        return stored
    if offered not in (None, ""):
        return offered
    return stored if stored is not None else default


TERM_FIELDS = ("definition", "pinyin", "domain", "english", "concepticon_id", "source")
TERM_DEFAULTS = {"status": "proposed"}
FORM_DEFAULT_STATUS = "admitted"


def merge_term(db: Database, plan: TermPlan) -> TermRecord:
    """The record to write: the stored term (if any) with the plan merged in by
    :func:`merge_value`. New terms are ``proposed`` and new forms ``admitted``."""
    stored = stored_term(db, plan.han) or {}
    return merge_plan(
        plan, stored, {id(f): stored_form(db, stored.get("id"), f) for f in plan.forms}
    )


def merge_plan(
    plan: TermPlan, stored: dict[str, Any], stored_forms: dict[int, dict[str, Any]]
) -> TermRecord:
    """:func:`merge_term` with the stored rows given: the term's ({} if new) and each
    form's, by ``id()`` of its plan (missing: a new form)."""
    values = {
        name: merge_value(
            name,
            stored.get(name),
            plan.given.get(name),
            plan.offered.get(name),
            plan.credits.get(name),
            TERM_DEFAULTS.get(name),
        )
        for name in (*TERM_FIELDS, "status", "attribution", "note")
    }
    forms = [merge_form(stored_forms.get(id(f), {}), f) for f in plan.forms]
    return TermRecord(han=plan.han, **values, forms=forms, articles=list(plan.articles))


def merge_form(stored: dict[str, Any], plan: FormPlan) -> BaiForm:
    """A form after an import, by the same rule as its term."""
    return BaiForm(
        form=plan.form,
        script=plan.script,
        dialect=plan.dialect,
        variety=plan.variety,
        status=merge_value(
            "status", stored.get("status"), plan.status, default=FORM_DEFAULT_STATUS
        ),
        source=merge_value(
            "source", stored.get("source"), plan.source, None, plan.credits.get("source")
        ),
        attribution=merge_value(
            "attribution", stored.get("attribution"), None, None, plan.credits.get("attribution")
        ),
    )


def stored_term(db: Database, han: str) -> dict[str, Any] | None:
    found = rows(db, "SELECT * FROM terms WHERE han = ?", [han])
    return found[0] if found else None


def stored_form(db: Database, term_id: int | None, form: FormPlan) -> dict[str, Any]:
    """The stored row of a form ({} if the term or the form is new)."""
    if term_id is None:
        return {}
    found = rows(
        db,
        "SELECT * FROM term_forms WHERE term_id = ? AND form = ? AND script = ? "
        "AND dialect IS ? AND variety IS ?",
        [term_id, form.form, form.script, form.dialect, form.variety],
    )
    return found[0] if found else {}


def last_change(db: Database) -> int:
    """The id of the newest recorded change (0: none): a mark for :func:`changes_since`.
    (A run of inserted rows has the last id of its block: store.history.)"""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM change_rows").fetchone()[0])


def changes_since(db: Database, mark: int) -> list[tuple[str, str, str, str | None, Any, Any]]:
    """(table, key, op, field, old, new) of the changes recorded after ``mark``, in order;
    old and new decoded from their JSON. Read from the history's table, a run of inserts
    spelled out here (through the ``changes`` view, ``id > mark`` would read every run)."""
    found = db.execute(
        "SELECT id, row_id, table_name, key, op, field, old, new FROM change_rows "
        "WHERE id > ? ORDER BY id",
        [mark],
    ).fetchall()
    out: list[tuple[str, str, str, str | None, Any, Any]] = []
    for change_id, row_id, t, k, op, f, old, new in found:
        if f == RUN_MARK:
            out += [
                (t, key, "insert", None, None, None)
                for *_, key in run_rows(change_id, row_id, k, new)
            ]
        else:
            out.append((t, k, op, f, _loads(old), _loads(new)))
    return out


def _loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def add_form(db: Database, batch: Batch, term_id: int, form: BaiForm, key: str) -> bool:
    existing = db.execute(
        "SELECT id FROM term_forms WHERE term_id = ? AND form = ? AND script = ? "
        "AND dialect IS ? AND variety IS ?",
        [term_id, form.form, form.script, form.dialect, form.variety],
    ).fetchone()
    values = form_values(term_id, form)
    form_key = f"{key}/{form.script}:{form.form}"
    if existing is None:
        batch.insert("term_forms", values, form_key)
        return True
    return batch.update("term_forms", existing[0], values, form_key)
