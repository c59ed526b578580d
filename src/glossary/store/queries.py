"""Reading the store: laws by any of their names, articles by reference, counts.

These return plain dicts shaped like the documented ``--json`` output, so the command line,
the app and the tests all see the same thing.
"""

from __future__ import annotations

import json
from typing import Any

from glossary.errors import GlossaryError
from glossary.lawtext.catalog import find_in_catalog, normalise_name
from glossary.lawtext.labels import article_label, article_text
from glossary.lawtext.refs import ArticleRef, parse_ref
from glossary.lawtext.status import revision_status
from glossary.store.reader import Queryable, rows


def known_laws(db: Queryable) -> list[dict[str, Any]]:
    return rows(db, "SELECT slug, name, short_name, aliases FROM laws ORDER BY slug")


def resolve_law(db: Queryable, name: str) -> str | None:
    """The slug of the law called ``name`` (slug, full or short name, alias), or None."""
    wanted = normalise_name(name)
    if not wanted:
        return None
    for law in known_laws(db):
        names = [law["slug"], law["name"], law["short_name"], *json.loads(law["aliases"])]
        if any(normalise_name(n) == wanted for n in names):
            return law["slug"]
    info = find_in_catalog(name)
    return info.slug if info else None


def require_law(db: Queryable, name: str) -> str:
    slug = resolve_law(db, name)
    if slug is None:
        names = ", ".join(f"{law['short_name']} ({law['slug']})" for law in known_laws(db))
        raise GlossaryError(
            f"unknown law {name!r}",
            fix=f"use one of: {names}"
            if names
            else "import a law first with `glossary import-law`",
        )
    return slug


def law_names(db: Queryable) -> dict[str, str]:
    """Each law's short name (民事诉讼法) by slug, for showing a concordance's target."""
    return {slug: name for slug, name in db.execute("SELECT slug, short_name FROM laws")}


def revisions_of(db: Queryable, law: str) -> list[dict[str, Any]]:
    """Revisions of a law, newest first (by decision date, then label)."""
    return rows(
        db,
        "SELECT * FROM revisions WHERE law = ? "
        "ORDER BY coalesce(decided_on, label) DESC, label DESC",
        [law],
    )


def revision_statuses(db: Queryable) -> dict[int, str]:
    """Every revision's status (lawtext.status: in force, older revision, repealed), by id;
    the newest is chosen as :func:`revisions_of` orders them."""
    found: dict[int, str] = {}
    newest: set[str] = set()
    for rev_id, law, law_status in db.execute(
        "SELECT r.id, r.law, l.status FROM revisions r JOIN laws l ON l.slug = r.law "
        "ORDER BY r.law, coalesce(r.decided_on, r.label) DESC, r.label DESC"
    ):
        found[rev_id] = revision_status(law_status, law not in newest)
        newest.add(law)
    return found


def pick_revision(db: Queryable, law: str, revision: str | None) -> dict[str, Any]:
    revs = revisions_of(db, law)
    if not revs:
        raise GlossaryError(
            f"no text of {law} has been imported",
            fix="import one with `glossary import-law FILE`",
        )
    if revision is None:
        return revs[0]
    for rev in revs:
        if rev["label"] == str(revision) or rev["decided_on"] == str(revision):
            return rev
    labels = ", ".join(r["label"] for r in revs)
    raise GlossaryError(f"{law} has no revision {revision!r}", fix=f"use one of: {labels}")


def parse_article_ref(db: Queryable, text: str) -> tuple[str, ArticleRef]:
    """Turn ``民诉 122`` into (slug, ref), or raise a clear error."""
    ref = parse_ref(text)
    if ref is None or not ref.law:
        raise GlossaryError(
            f"{text!r} is not an article reference",
            fix="write the law and the article, e.g. 民诉 122, 婚姻法第三十二条, "
            "minshi-susong-fa:122",
        )
    return require_law(db, ref.law), ref


def division_path(db: Queryable, division_id: int | None) -> list[dict[str, Any]]:
    path = []
    while division_id is not None:
        row = rows(db, "SELECT * FROM divisions WHERE id = ?", [division_id])[0]
        path.append({"level": row["level"], "label": row["label"], "title": row["title"]})
        division_id = row["parent_id"]
    return path[::-1]


def article_view(
    db: Queryable, law: str, number: int, sub: int = 0, revision: str | None = None
) -> dict[str, Any]:
    """One article as ``glossary show --json`` prints it."""
    rev = pick_revision(db, law, revision)
    found = rows(
        db,
        "SELECT * FROM articles WHERE revision_id = ? AND number = ? AND sub = ?",
        [rev["id"], number, sub],
    )
    label = article_label(number, sub)
    if not found:
        span = db.execute(
            "SELECT min(number), max(number) FROM articles WHERE revision_id = ?", [rev["id"]]
        ).fetchone()
        raise GlossaryError(
            f"{law} ({rev['label']}) has no {label}",
            fix=f"its articles run from {span[0]} to {span[1]}"
            + (f" (only {rev['part']} is imported)" if rev["part"] else ""),
        )
    article = found[0]
    law_row = rows(db, "SELECT * FROM laws WHERE slug = ?", [law])[0]
    newest = revisions_of(db, law)[0]
    paragraphs = []
    for para in rows(
        db, "SELECT * FROM paragraphs WHERE article_id = ? ORDER BY position", [article["id"]]
    ):
        bai = {
            t["dialect"]: t["bai"]
            for t in rows(
                db,
                "SELECT dialect, bai FROM translations WHERE paragraph_id = ? ORDER BY dialect",
                [para["id"]],
            )
        }
        paragraphs.append(
            {
                "id": para["id"],
                "position": para["position"],
                "kind": para["kind"],
                "label": para["label"],
                "han": para["han"],
                "bai": bai or None,
            }
        )
    add_memory(db, paragraphs)
    whole_bai = {
        t["dialect"]: t["bai"]
        for t in rows(
            db,
            "SELECT dialect, bai FROM translations "
            "WHERE article_id = ? AND paragraph_id IS NULL ORDER BY dialect",
            [article["id"]],
        )
    }
    status = revision_status(law_row["status"], newest["id"] == rev["id"])
    return {
        "law": law,
        "law_name": law_row["short_name"],
        "title": rev["title"],
        "revision": rev["label"],
        "decided_on": rev["decided_on"],
        "article": number,
        "sub": sub,
        "label": article["label"],
        "path": [f"{d['label']} {d['title']}" for d in division_path(db, article["division_id"])],
        "status": status,
        "repealed_on": law_row["repealed_on"],
        "newest_revision": newest["label"],
        "paragraphs": paragraphs,
        "bai": whole_bai or None,
        "superseded_by": successors(db, law_row, rev, number),
        "replaces": predecessors(db, law, rev["label"], number),
    }


def add_memory(db: Queryable, paragraphs: list[dict[str, Any]]) -> None:
    """Each paragraph's ``renderings`` (own or carried, store.memory) and, for the dialects
    in use where it has none, machine-computed ``suggestions`` (store.suggest)."""
    from glossary.store.memory import rendering_json, renderings
    from glossary.store.suggest import suggestion_json, suggestions

    found = renderings(db, [p["id"] for p in paragraphs])
    in_use = dialects_in_use(db)
    for para in paragraphs:
        mine = found.get(para["id"], {})
        para["renderings"] = {d: rendering_json(r) for d, r in sorted(mine.items())}
        missing = [d for d in in_use if d not in mine]
        if missing:
            para["suggestions"] = [
                suggestion_json(item)
                for dialect in missing
                for item in suggestions(db, para["id"], dialect)
            ]


def dialects_in_use(db: Queryable) -> list[str]:
    """The dialects some 款/项 has a translation in that could be carried or suggested."""
    found = db.execute(
        "SELECT DISTINCT dialect FROM translations "
        "WHERE paragraph_id IS NOT NULL AND alternative = 0 ORDER BY dialect"
    )
    return [str(row[0]) for row in found]


def successors(
    db: Queryable, law_row: dict[str, Any], rev: dict[str, Any], number: int
) -> list[dict[str, Any]]:
    """Where this article lives on: the successor law's article(s) for a repealed law, or the
    same law's newest revision, following the concordance revision by revision."""
    law = law_row["slug"]
    found: list[dict[str, Any]] = []
    if law_row["status"] == "repealed":
        for row in rows(
            db,
            "SELECT * FROM concordance WHERE from_law = ? AND from_revision = ? "
            "AND from_article = ? AND to_law = ? AND coalesce(confidence, '') != 'none' "
            "AND to_article IS NOT NULL ORDER BY rank",
            [law, rev["label"], number, law_row["successor"]],
        ):
            found.append(concordance_entry(row))
        if not found and law_row["successor"]:
            found.append(
                {
                    "law": law_row["successor"],
                    "revision": None,
                    "article": None,
                    "part": law_row["successor_part"],
                    "articles": [law_row["successor_first"], law_row["successor_last"]],
                    "relation": "successor law",
                    "computed": False,
                    "verified": True,
                }
            )
        return found
    newest = revisions_of(db, law)[0]["label"]
    current_rev, current = rev["label"], number
    computed = False
    relation = "identical"
    guard = 0
    while current_rev != newest and guard < 50:
        guard += 1
        step = rows(
            db,
            "SELECT * FROM concordance WHERE from_law = ? AND to_law = ? AND from_revision = ? "
            "AND from_article = ? ORDER BY rank LIMIT 1",
            [law, law, current_rev, current],
        )
        if not step:
            break
        row = step[0]
        computed = computed or bool(row["computed"])
        if row["to_article"] is None:
            return [concordance_entry(row)]
        if row["relation"] != "identical":
            relation = "changed"
        current_rev, current = row["to_revision"], row["to_article"]
    if current_rev == newest and rev["label"] != newest:
        found.append(
            {
                "law": law,
                "revision": newest,
                "article": current,
                "relation": relation,
                "computed": computed,
                "verified": not computed,
            }
        )
    return found


def predecessors(db: Queryable, law: str, revision: str, number: int) -> list[dict[str, Any]]:
    """The backward link of :func:`successors`: the articles of repealed laws whose best
    match in the concordance is this article (民法典 1079 ← 婚姻法 (2001) 32), or one part of
    whose split it is (rank 2 of relation ``split``; a second guess, relation ``candidate``
    rank 2, is not), each shaped as a concordance entry of the source article, with
    ``computed``/``verified``."""
    found = rows(
        db,
        "SELECT c.* FROM concordance c JOIN laws l ON l.slug = c.from_law "
        "WHERE c.to_law = ? AND c.to_article = ? AND coalesce(c.to_revision, ?) = ? "
        "AND c.from_law != c.to_law AND l.status = 'repealed' AND c.from_article IS NOT NULL "
        "AND (c.rank = 1 OR c.relation = 'split') AND coalesce(c.confidence, '') != 'none' "
        "ORDER BY c.from_law, c.from_revision, c.from_article",
        [law, number, revision, revision],
    )
    return [
        concordance_entry(row)
        | {"law": row["from_law"], "revision": row["from_revision"], "article": row["from_article"]}
        for row in found
    ]


def concordance_entry(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "law": row["to_law"],
        "revision": row["to_revision"],
        "article": row["to_article"],
        "relation": row["relation"],
        "similarity": row["similarity"],
        "confidence": row["confidence"],
        "rank": row["rank"],
        "computed": bool(row["computed"]),
        "verified": bool(row["verified"]),
    }


def stats(db: Queryable) -> dict[str, Any]:
    """Per law and revision: articles, 款, 项, translations; totals of terms and the rest."""
    per_revision = rows(
        db,
        """
        SELECT r.law, l.short_name AS name, r.label AS revision, r.decided_on, r.part,
               l.status AS law_status,
               (SELECT count(*) FROM articles a WHERE a.revision_id = r.id) AS articles,
               (SELECT count(*) FROM paragraphs p JOIN articles a ON a.id = p.article_id
                 WHERE a.revision_id = r.id) AS paragraphs,
               (SELECT count(*) FROM paragraphs p JOIN articles a ON a.id = p.article_id
                 WHERE a.revision_id = r.id AND p.kind = 'item') AS items,
               (SELECT count(*) FROM translations t JOIN articles a ON a.id = t.article_id
                 WHERE a.revision_id = r.id) AS translations
          FROM revisions r JOIN laws l ON l.slug = r.law
         ORDER BY r.law, coalesce(r.decided_on, r.label)
        """,
    )

    newest = {row["law"]: revisions_of(db, row["law"])[0]["label"] for row in per_revision}
    for row in per_revision:
        row["status"] = revision_status(row["law_status"], row["revision"] == newest[row["law"]])

    def count(table: str) -> int:
        return int(db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])

    return {
        "laws": per_revision,
        "terms": count("terms"),
        "term_forms": count("term_forms"),
        "translations": count("translations"),
        "concordance": count("concordance"),
        "batches": count("batches"),
        "recordings": recording_totals(db),
    }


def recording_totals(db: Queryable) -> dict[str, int]:
    """How many recordings there are and the bytes of their sounds (a sound two recordings
    share counts once); and what the file holds, with the sounds the history keeps for undo."""
    recordings, sounds, size = db.execute(
        "SELECT (SELECT count(*) FROM recordings), count(*), coalesce(sum(size), 0) FROM "
        "recording_blobs WHERE sha256 IN (SELECT sha256 FROM recordings)"
    ).fetchone()
    stored, stored_size = db.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM recording_blobs"
    ).fetchone()
    return {
        "recordings": int(recordings),
        "sounds": int(sounds),
        "bytes": int(size),
        "stored_sounds": int(stored),
        "stored_bytes": int(stored_size),
    }


def article_texts(
    db: Queryable, revision_id: int, within: tuple[int, int] | None = None
) -> list[tuple[str, str]]:
    """Every article of a revision in order (or those numbered ``within`` a range, both
    ends included), as ``(label, text)``: the text as
    :func:`glossary.lawtext.labels.article_text` writes it (what ``glossary align`` compares)."""
    return [(label, text) for _, _, label, text in numbered_article_texts(db, revision_id, within)]


def numbered_article_texts(
    db: Queryable, revision_id: int, within: tuple[int, int] | None = None
) -> list[tuple[int, int, str, str]]:
    """As :func:`article_texts`, with each article's number and sub-number (之一 = 1) first."""
    low, high = within or (-1, 1 << 30)
    found: dict[int, tuple[int, int, str, list[tuple[str | None, str]]]] = {}
    for article_id, number, sub, label, para_label, han in db.execute(
        "SELECT a.id, a.number, a.sub, a.label, p.label, p.han FROM articles a "
        "LEFT JOIN paragraphs p ON p.article_id = a.id WHERE a.revision_id = ? "
        "AND a.number BETWEEN ? AND ? ORDER BY a.number, a.sub, p.position",
        [revision_id, low, high],
    ):
        entry = found.setdefault(article_id, (number, sub, label, []))
        if han is not None:
            entry[3].append((para_label, han))
    return [(n, sub, label, article_text(paras)) for n, sub, label, paras in found.values()]
