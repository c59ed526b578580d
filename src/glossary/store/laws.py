"""Writing official law texts into the store: laws, revisions, structure, articles, 款/项.

An import is one transaction and one recorded batch. Re-importing the same text changes
nothing; a corrected text updates what changed and keeps the old text in the history.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from sqlite_utils import Database

from glossary.han.text import han_hash
from glossary.lawtext.catalog import LawInfo
from glossary.lawtext.model import Article, Heading, ParsedLaw
from glossary.store.history import Batch

# How alike (rapidfuzz ratio, 0–100) an old and a new 款/项 must be for the new one to be
# taken as the old one edited — keeping its id and its Bai translations.
SIMILAR_ENOUGH = 60.0


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    law: str
    revision: str
    title: str
    source: str
    dry_run: bool = False
    batch: int | None = None
    articles: dict[str, int] = field(
        default_factory=lambda: {"added": 0, "changed": 0, "unchanged": 0, "removed": 0}
    )
    paragraphs: dict[str, int] = field(
        default_factory=lambda: {"added": 0, "changed": 0, "unchanged": 0, "removed": 0}
    )
    changed_articles: list[int] = field(default_factory=list)
    part: str | None = None
    warnings: list[str] = field(default_factory=list)  # translations to review or detached
    aligned: list[dict[str, Any]] = field(default_factory=list)  # store.alignment reports

    @property
    def changed(self) -> bool:
        a, p = self.articles, self.paragraphs
        return bool(a["added"] or a["changed"] or a["removed"] or p["added"] or p["removed"])

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def law_row(info: LawInfo) -> dict[str, Any]:
    first, last = info.successor_articles or (None, None)
    return {
        "slug": info.slug,
        "name": info.name,
        "short_name": info.short_name,
        "aliases": json.dumps(list(info.aliases), ensure_ascii=False),
        "status": info.status,
        "in_force_on": info.in_force_on.isoformat() if info.in_force_on else None,
        "repealed_on": info.repealed_on.isoformat() if info.repealed_on else None,
        "repealed_by": info.repealed_by,
        "successor": info.successor,
        "successor_part": info.successor_part,
        "successor_first": first,
        "successor_last": last,
    }


def upsert_law(db: Database, batch: Batch, info: LawInfo) -> None:
    """Add the law, or bring its catalog facts up to date (a law not in the catalog keeps
    what the database says about it)."""
    row = law_row(info)
    existing = db.execute("SELECT 1 FROM laws WHERE slug = ?", [info.slug]).fetchone()
    if existing is None:
        batch.insert("laws", row, key=info.slug)
    elif info.in_catalog:
        batch.update("laws", info.slug, row, key=info.slug, pk="slug")


def sync_catalog(db: Database, batch: Batch, laws: dict[str, LawInfo]) -> None:
    for info in laws.values():
        upsert_law(db, batch, info)


def write_parsed_law(
    db: Database,
    batch: Batch,
    parsed: ParsedLaw,
    *,
    law: LawInfo,
    revision: str,
    source: str,
    dry_run: bool = False,
) -> ImportReport:
    """Write one parsed text as (law, revision) into ``batch``, inside the caller's
    transaction (one command, one transaction, one batch, however many files)."""
    report = ImportReport(
        law=law.slug,
        revision=revision,
        title=parsed.title,
        source=source,
        dry_run=dry_run,
        part=parsed.part,
    )
    upsert_law(db, batch, law)
    revision_id = upsert_revision(db, batch, parsed, law, revision, source)
    divisions = upsert_divisions(db, batch, revision_id, parsed, f"{law.slug}/{revision}")
    write_articles(db, batch, revision_id, parsed, divisions, report)
    return report


def upsert_revision(
    db: Database, batch: Batch, parsed: ParsedLaw, law: LawInfo, label: str, source: str
) -> int:
    existing = db.execute(
        "SELECT id, part FROM revisions WHERE law = ? AND label = ?", [law.slug, label]
    ).fetchone()
    row = {
        "law": law.slug,
        "label": label,
        "decided_on": parsed.decided_on.isoformat() if parsed.decided_on else None,
        "in_force_on": parsed.in_force_on.isoformat() if parsed.in_force_on else None,
        "title": parsed.title,
        "source": source,
        "layout": parsed.layout,
    }
    key = f"{law.slug}/{label}"
    if existing is None:
        row["part"] = parsed.part
        return batch.insert("revisions", row, key=key)
    revision_id, stored_part = existing
    # A whole text clears the "partial" mark; a part never narrows a whole text.
    row["part"] = parsed.part if (parsed.part and stored_part) else None
    if parsed.part and stored_part and stored_part != parsed.part:
        row["part"] = f"{stored_part}、{parsed.part}"
    if parsed.in_force_on is None:
        row.pop("in_force_on")
    batch.update("revisions", revision_id, row, key=key)
    return revision_id


@lru_cache(maxsize=4096)
def path_key(path: tuple[Heading, ...]) -> str:
    """A division's key, 第二编/第十二章/第一节 (remembered: every article of a chapter asks)."""
    return "/".join(h.label for h in path)


def upsert_divisions(
    db: Database, batch: Batch, revision_id: int, parsed: ParsedLaw, key_prefix: str
) -> dict[str, int]:
    """Structure rows keyed by their path (第二编/第十二章/第一节); returns path → id."""
    stored = {
        key: (div_id, title, position)
        for div_id, key, title, position in db.execute(
            "SELECT id, path_key, title, position FROM divisions WHERE revision_id = ?",
            [revision_id],
        ).fetchall()
    }
    ids: dict[str, int] = {}
    seen_paths: dict[tuple[Heading, ...], None] = {}  # in order of first appearance
    for article in parsed.articles:
        for depth in range(1, len(article.path) + 1):
            seen_paths.setdefault(article.path[:depth])
    for position, path in enumerate(seen_paths, start=1):
        heading = path[-1]
        key = path_key(path)
        parent_id = ids[path_key(path[:-1])] if len(path) > 1 else None
        row = {
            "revision_id": revision_id,
            "parent_id": parent_id,
            "path_key": key,
            "level": heading.level,
            "number": heading.number,
            "label": heading.label,
            "title": heading.title,
            "position": position,
        }
        if key in stored:
            div_id = stored[key][0]
            batch.update("divisions", div_id, row, key=f"{key_prefix}/{key}")
        else:
            div_id = batch.insert("divisions", row, key=f"{key_prefix}/{key}")
        ids[key] = div_id
    if not parsed.part:
        gone = [(key, div_id) for key, (div_id, _t, _p) in stored.items() if key not in ids]
        for key, div_id in sorted(gone, key=lambda kv: kv[0].count("/"), reverse=True):
            if batch.row_exists("divisions", div_id):
                batch.delete("divisions", div_id, key=f"{key_prefix}/{key}")
    return ids


def article_key(law: str, revision: str, article: Article | tuple[int, int]) -> str:
    number, sub = (article.number, article.sub) if isinstance(article, Article) else article
    return f"{law}/{revision}/{number}" + (f"-{sub}" if sub else "")


def write_articles(
    db: Database,
    batch: Batch,
    revision_id: int,
    parsed: ParsedLaw,
    divisions: dict[str, int],
    report: ImportReport,
) -> None:
    stored = {
        (number, sub): art_id
        for art_id, number, sub in db.execute(
            "SELECT id, number, sub FROM articles WHERE revision_id = ?", [revision_id]
        ).fetchall()
    }
    if not stored:
        add_articles(batch, revision_id, parsed, divisions, report)
        return
    seen: set[tuple[int, int]] = set()
    for article in parsed.articles:
        ident = (article.number, article.sub)
        seen.add(ident)
        key = article_key(report.law, report.revision, article)
        row = article_row(revision_id, article, divisions)
        if ident in stored:
            article_id = stored[ident]
            moved = batch.update("articles", article_id, row, key=key)
            text_changed = write_paragraphs(db, batch, article_id, article, key, report)
            if moved or text_changed:
                report.articles["changed"] += 1
                report.changed_articles.append(article.number)
            else:
                report.articles["unchanged"] += 1
        else:
            article_id = batch.insert("articles", row, key=key)
            write_paragraphs(db, batch, article_id, article, key, report)
            report.articles["added"] += 1
    if parsed.part:
        return  # a partial text says nothing about the articles outside it
    for ident, article_id in stored.items():
        if ident not in seen:
            count = db.execute(
                "SELECT count(*) FROM paragraphs WHERE article_id = ?", [article_id]
            ).fetchone()[0]
            batch.delete(
                "articles", article_id, key=article_key(report.law, report.revision, ident)
            )
            report.articles["removed"] += 1
            report.paragraphs["removed"] += count


def article_row(revision_id: int, article: Article, divisions: dict[str, int]) -> dict[str, Any]:
    return {
        "revision_id": revision_id,
        "number": article.number,
        "sub": article.sub,
        "label": article.label,
        "division_id": divisions.get(path_key(article.path)) if article.path else None,
    }


def paragraph_rows(article_id: int, article: Article) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "position": pos,
            "kind": p.kind,
            "label": p.label,
            # The translation memory's key (store.memory), recorded before the text so that
            # the history's last word on a paragraph is its text.
            "han_hash": han_hash(p.han),
            "han": p.han,
        }
        for pos, p in enumerate(article.paragraphs, start=1)
    ]


def add_articles(
    batch: Batch,
    revision_id: int,
    parsed: ParsedLaw,
    divisions: dict[str, int],
    report: ImportReport,
) -> None:
    """A revision's first text: every article and 款/项 written in two ``executemany``
    (nothing stored can be matched, flagged or removed)."""
    keys = [article_key(report.law, report.revision, a) for a in parsed.articles]
    ids = batch.insert_many(
        "articles", [article_row(revision_id, a, divisions) for a in parsed.articles], keys
    )
    rows: list[dict[str, Any]] = []
    row_keys: list[str] = []
    for article_id, article, key in zip(ids, parsed.articles, keys, strict=True):
        added = paragraph_rows(article_id, article)
        rows += added
        row_keys += [f"{key}/{row['position']}" for row in added]
    batch.insert_many("paragraphs", rows, row_keys)
    report.articles["added"] += len(ids)
    report.paragraphs["added"] += len(rows)


def write_paragraphs(
    db: Database, batch: Batch, article_id: int, article: Article, key: str, report: ImportReport
) -> bool:
    """Bring the stored 款/项 in line with the new ones, matched by text (see
    :func:`match_paragraphs`), so a paragraph inserted before an edited one does not carry
    the edited one's Bai translation off to another text. Returns whether anything changed."""
    stored = [
        batch.row("paragraphs", para_id)
        for (para_id,) in db.execute(
            "SELECT id FROM paragraphs WHERE article_id = ? ORDER BY position", [article_id]
        ).fetchall()
    ]
    new_rows = paragraph_rows(article_id, article)
    pairs = match_paragraphs([r["han"] for r in stored], [r["han"] for r in new_rows])
    keep = [(stored[i], new_rows[j]) for i, j in sorted(pairs.items(), key=lambda p: p[1])]
    removed = [row for i, row in enumerate(stored) if i not in pairs]
    continued = set(pairs.values())
    added = [row for j, row in enumerate(new_rows) if j not in continued]
    for row in removed:
        warn_detached(db, report, article, row)
        batch.delete("paragraphs", row["id"], key=f"{key}/{row['position']}")
    # Move renumbered rows out of the way of UNIQUE(article_id, position) first.
    for old, new in keep:
        if old["position"] != new["position"]:
            db.execute("UPDATE paragraphs SET position = -id WHERE id = ?", [old["id"]])
    changed = bool(removed or added)
    for old, new in keep:
        changed = update_paragraph(db, batch, old, new, key, report, article) or changed
    for row in added:
        batch.insert("paragraphs", row, key=f"{key}/{row['position']}")
    report.paragraphs["added"] += len(added)
    report.paragraphs["removed"] += len(removed)
    if changed:
        flag_for_review(db, batch, report, article, (article_id, None), key)
    return changed


def match_paragraphs(old: list[str], new: list[str]) -> dict[int, int]:
    """Which old 款/项 each new one continues: old index → new index.

    Identical texts first, in order; then, among what is left, the most similar pairs
    (rapidfuzz ratio, nearer positions first on a tie) down to :data:`SIMILAR_ENOUGH`.
    Similarity wins over position: an edited paragraph after an inserted one is still
    matched with its old text. An old paragraph left unmatched was removed (or rewritten
    beyond recognition); a new one left unmatched is new."""
    free: dict[str, list[int]] = {}
    for j, text in enumerate(new):
        free.setdefault(text, []).append(j)
    pairs = {i: free[text].pop(0) for i, text in enumerate(old) if free.get(text)}
    rest_new = [j for j in range(len(new)) if j not in set(pairs.values())]
    candidates = [(i, j) for i in range(len(old)) if i not in pairs for j in rest_new]
    scores = {(i, j): fuzz.ratio(old[i], new[j]) for i, j in candidates}
    candidates.sort(key=lambda ij: (-scores[ij], abs(ij[0] - ij[1]), ij))
    taken: set[int] = set()
    for i, j in candidates:
        if scores[i, j] < SIMILAR_ENOUGH:
            break
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def update_paragraph(
    db: Database,
    batch: Batch,
    old: dict[str, Any],
    new: dict[str, Any],
    key: str,
    report: ImportReport,
    article: Article,
) -> bool:
    """Write one matched paragraph; returns whether its text changed (its translations,
    still attached, are then flagged for review)."""
    if not batch.update("paragraphs", old["id"], new, key=f"{key}/{new['position']}", before=old):
        report.paragraphs["unchanged"] += 1
        return False
    fields = ("han", "kind", "label")
    text_changed = any(old[f] != new[f] for f in fields)
    report.paragraphs["changed" if text_changed else "unchanged"] += 1
    if old["han"] != new["han"]:
        where = (old["article_id"], old["id"])
        flag_for_review(db, batch, report, article, where, f"{key}/{new['position']}")
    return text_changed


def flag_for_review(
    db: Database,
    batch: Batch,
    report: ImportReport,
    article: Article,
    where: tuple[int, int | None],
    key: str,
) -> None:
    """The Chinese text under these translations changed: they stay attached, go back to
    draft with no reviewer (the status says whether anyone has reviewed the Bai against this
    text), and the import report says so."""
    article_id, paragraph_id = where
    rows = db.execute(
        "SELECT id, dialect, status FROM translations WHERE article_id = ? AND paragraph_id IS ?",
        [article_id, paragraph_id],
    ).fetchall()
    place = paragraph_place(article, key) if paragraph_id else f"{article.label} (whole article)"
    for translation_id, dialect, status in rows:
        was = ""
        if status != "draft":
            batch.update(  # nobody has reviewed the Bai against the new text
                "translations",
                translation_id,
                {"status": "draft", "reviewed_by": None, "reviewed_at": None},
                key=f"{key}/{dialect}",
            )
            was = f", status {status} → draft"
        report.warnings.append(
            f"{place}: the Chinese text changed under the {dialect} translation; it stays "
            f"attached{was} — review it against the new text"
        )


def warn_detached(
    db: Database, report: ImportReport, article: Article, row: dict[str, Any]
) -> None:
    found = db.execute(
        "SELECT dialect FROM translations WHERE paragraph_id = ? ORDER BY dialect", [row["id"]]
    )
    dialects = [str(r[0]) for r in found.fetchall()]
    if dialects:
        report.warnings.append(
            f"{article.label}, 款/项 {row['position']} of the old text: no similar text in the "
            f"new one, so its translation ({', '.join(dialects)}) was detached; it is kept in "
            "the history (glossary history, glossary undo)"
        )


def paragraph_place(article: Article, key: str) -> str:
    return f"{article.label}, 款/项 {key.rsplit('/', 1)[-1]}"
