"""New glossary terms written in bulk: the common case of an import (most of its terms are
not in the store yet) in a few ``executemany``, not a few statements per term.

The terms of a list of plans that are not stored yet (one query per few hundred Han texts)
are merged by the same rule as every other term (:func:`glossary.store.terms.merge_plan`,
with nothing stored) and inserted with their forms and article links; each insert is
recorded in the batch exactly as :func:`glossary.store.terms.upsert_term` records it (the
same keys), so history and undo cannot tell the two apart. The terms that are stored
already are left to the caller's merge path, one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from glossary.store.history import Batch, now
from glossary.store.terms import TermPlan, TermRecord, form_values, merge_plan, term_values

_CHUNK = 500  # Han texts looked up per statement (well under SQLite's bound values)


@dataclass
class NewTerm:
    """A term the bulk path added: its id and what was created with it, as an import's
    outcome names it (``term_forms latin:…``, ``term_articles law/revision/number``)."""

    id: int
    created: list[str] = field(default_factory=list)


def stored_hans(db: Database, hans: list[str]) -> set[str]:
    """Which of these Han texts are stored terms."""
    found: set[str] = set()
    for start in range(0, len(hans), _CHUNK):
        chunk = hans[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0] for row in db.execute(f"SELECT han FROM terms WHERE han IN ({marks})", chunk)
        )
    return found


def _label(key: str) -> str:
    """What an outcome calls a created row: its key after ``term/<han>/``."""
    return key.split("/", 2)[-1]


def add_new_terms(db: Database, batch: Batch, plans: list[TermPlan]) -> dict[int, NewTerm]:
    """Insert the plans whose term is not stored (the first plan of each Han text), with
    their forms and article links; returns them by their index in ``plans``. Every other
    plan is the caller's to write (it merges into a stored row)."""
    stored = stored_hans(db, [p.han for p in plans])
    chosen: dict[str, int] = {}
    for index, plan in enumerate(plans):
        if plan.han not in stored and plan.han not in chosen and _distinct_forms(plan):
            chosen[plan.han] = index
    if not chosen:
        return {}
    records = [(i, merge_plan(plans[i], {}, {})) for i in chosen.values()]
    stamp = now()
    ids = batch.insert_many(
        "terms",
        [
            term_values(record) | {"created_at": stamp, "updated_at": stamp}
            for _i, record in records
        ],
        [f"term/{record.han}" for _i, record in records],
    )
    added = {i: NewTerm(term_id) for (i, _r), term_id in zip(records, ids, strict=True)}
    _add_forms(batch, [(added[i], r) for i, r in records])
    _add_links(db, batch, [(added[i], r) for i, r in records])
    return added


def _distinct_forms(plan: TermPlan) -> bool:
    """No form given twice (then the second one updates the first: the merge path's)."""
    idents = {(f.form, f.script, f.dialect, f.variety) for f in plan.forms}
    return len(idents) == len(plan.forms)


def _add_forms(batch: Batch, records: list[tuple[NewTerm, TermRecord]]) -> None:
    rows: list[dict[str, Any]] = []
    keys: list[str] = []
    owners: list[NewTerm] = []
    for new, record in records:
        for form in record.forms:
            rows.append(form_values(new.id, form))
            keys.append(f"term/{record.han}/{form.script}:{form.form}")
            owners.append(new)
    batch.insert_many("term_forms", rows, keys)
    for new, key in zip(owners, keys, strict=True):
        new.created.append(f"term_forms {_label(key)}")


def _add_links(db: Database, batch: Batch, records: list[tuple[NewTerm, TermRecord]]) -> None:
    """The article links (a table keyed by its columns: the history keeps the key)."""
    links: list[tuple[int, str, str, int]] = []
    keys: list[str] = []
    for new, record in records:
        for law, revision, number in dict.fromkeys(record.articles):
            links.append((new.id, law, revision, number))
            key = f"term/{record.han}/{law}/{revision}/{number}"
            keys.append(key)
            new.created.append(f"term_articles {_label(key)}")
    if not links:
        return
    db.conn.executemany(
        "INSERT INTO term_articles (term_id, law, revision, article) VALUES (?, ?, ?, ?)",
        links,
    )
    batch.record_keyed_inserts(
        "term_articles",
        [
            (key, {"term_id": t, "law": law, "revision": rev, "article": n})
            for key, (t, law, rev, n) in zip(keys, links, strict=True)
        ],
    )
