"""Glossary terms and their Bai forms: the writes every term import goes through.

A term is keyed by its Han text; a form by (term, form, script, dialect, variety). Every
insert and every overwritten value is recorded in the batch's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from glossary.store.history import Batch, now


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
    """Pinyin with tone marks, read in context: 调解 → tiáo jiě."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(han, style=Style.TONE))


def upsert_term(db: Database, batch: Batch, term: TermRecord) -> tuple[int, str]:
    """Insert or update one term with its forms and article links; returns (id, what):
    what is "added", "changed" or "unchanged"."""
    values: dict[str, Any] = {
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


def add_form(db: Database, batch: Batch, term_id: int, form: BaiForm, key: str) -> bool:
    existing = db.execute(
        "SELECT id FROM term_forms WHERE term_id = ? AND form = ? AND script = ? "
        "AND dialect IS ? AND variety IS ?",
        [term_id, form.form, form.script, form.dialect, form.variety],
    ).fetchone()
    values = {
        "term_id": term_id,
        "form": form.form,
        "script": form.script,
        "dialect": form.dialect,
        "variety": form.variety,
        "status": form.status,
        "source": form.source,
        "attribution": form.attribution,
    }
    form_key = f"{key}/{form.script}:{form.form}"
    if existing is None:
        batch.insert("term_forms", values, form_key)
        return True
    return batch.update("term_forms", existing[0], values, form_key)
