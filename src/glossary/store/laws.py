"""Writing official law texts into the store: laws, revisions, structure, articles, 款/项.

An import is one transaction and one recorded batch. Re-importing the same text changes
nothing; a corrected text updates what changed and keeps the old text in the history.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any

from sqlite_utils import Database

from glossary.lawtext.catalog import LawInfo
from glossary.lawtext.model import Article, Heading, ParsedLaw
from glossary.store.db import write_transaction
from glossary.store.history import Batch


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


def import_parsed_law(
    db: Database,
    parsed: ParsedLaw,
    *,
    law: LawInfo,
    revision: str,
    source: str,
    dry_run: bool = False,
) -> ImportReport:
    """Write one parsed text as (law, revision), in one transaction; roll back on a dry run."""
    report = ImportReport(
        law=law.slug,
        revision=revision,
        title=parsed.title,
        source=source,
        dry_run=dry_run,
        part=parsed.part,
    )
    batch = Batch(db, command="import-law", source=source)
    with write_transaction(db, dry_run=dry_run):
        upsert_law(db, batch, law)
        revision_id = upsert_revision(db, batch, parsed, law, revision, source)
        divisions = upsert_divisions(db, batch, revision_id, parsed, f"{law.slug}/{revision}")
        write_articles(db, batch, revision_id, parsed, divisions, report)
        report.batch = None if dry_run else batch.finish(report.to_json())
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


def path_key(path: tuple[Heading, ...]) -> str:
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
    seen_paths: list[tuple[Heading, ...]] = []
    for article in parsed.articles:
        for depth in range(1, len(article.path) + 1):
            prefix = article.path[:depth]
            if prefix not in seen_paths:
                seen_paths.append(prefix)
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
    seen: set[tuple[int, int]] = set()
    for article in parsed.articles:
        ident = (article.number, article.sub)
        seen.add(ident)
        key = article_key(report.law, report.revision, article)
        row = {
            "revision_id": revision_id,
            "number": article.number,
            "sub": article.sub,
            "label": article.label,
            "division_id": divisions.get(path_key(article.path)) if article.path else None,
        }
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


def write_paragraphs(
    db: Database, batch: Batch, article_id: int, article: Article, key: str, report: ImportReport
) -> bool:
    """Align the stored 款/项 with the new ones by text (difflib), so that a paragraph
    inserted in the middle does not shift every later paragraph — and its Bai translation —
    onto the wrong text. Returns whether anything changed."""
    stored = [
        batch.row("paragraphs", para_id)
        for (para_id,) in db.execute(
            "SELECT id FROM paragraphs WHERE article_id = ? ORDER BY position", [article_id]
        ).fetchall()
    ]
    new_rows = [
        {"article_id": article_id, "position": pos, "kind": p.kind, "label": p.label, "han": p.han}
        for pos, p in enumerate(article.paragraphs, start=1)
    ]
    matcher = SequenceMatcher(
        None,
        [(r["label"], r["han"]) for r in stored],
        [(r["label"], r["han"]) for r in new_rows],
        autojunk=False,
    )
    keep: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (stored row, new row)
    added: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = stored[i1:i2], new_rows[j1:j2]
        if op == "equal" or op == "replace":
            keep.extend(zip(old_part, new_part, strict=False))
            removed.extend(old_part[len(new_part) :])
            added.extend(new_part[len(old_part) :])
        elif op == "delete":
            removed.extend(old_part)
        elif op == "insert":
            added.extend(new_part)
    for row in removed:
        batch.delete("paragraphs", row["id"], key=f"{key}/{row['position']}")
    # Move renumbered rows out of the way of UNIQUE(article_id, position) first.
    for old, new in keep:
        if old["position"] != new["position"]:
            db.execute("UPDATE paragraphs SET position = -id WHERE id = ?", [old["id"]])
    changed = bool(removed or added)
    for old, new in keep:
        if batch.update("paragraphs", old["id"], new, key=f"{key}/{new['position']}", before=old):
            text_changed = (old["han"], old["kind"], old["label"]) != (
                new["han"],
                new["kind"],
                new["label"],
            )
            report.paragraphs["changed" if text_changed else "unchanged"] += 1
            changed = changed or text_changed
        else:
            report.paragraphs["unchanged"] += 1
    for row in added:
        batch.insert("paragraphs", row, key=f"{key}/{row['position']}")
    report.paragraphs["added"] += len(added)
    report.paragraphs["removed"] += len(removed)
    return changed
