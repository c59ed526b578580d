"""``glossary export-json``: the whole glossary as one JSON document.

Laws (status, successor), their revisions with structure, articles, 款/项 and Bai
translations; terms with their Bai forms, article links and synonyms; the article concordance with
``computed``/``verified``. The change history (batches, changes) is not exported.

The output is deterministic: keys sorted, rows in a fixed order, no export timestamp — the
same database always gives the same bytes, so two exports can be compared with ``diff``.
Rows are identified by natural keys (law slug, revision label, article number, 款/项
position, term text), not by the database's internal ids.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from glossary.errors import GlossaryError
from glossary.io.audio import EXTENSIONS
from glossary.io.output import write_text
from glossary.progress import Progress, tell
from glossary.store.queries import require_law, rows
from glossary.store.reader import Queryable
from glossary.store.recordings import recording_data

FORMAT = "bai-han-legal-glossary"
FORMAT_VERSION = 1

TRANSLATION_FIELDS = (
    "dialect",
    "bai",
    "status",
    "translator",
    "note",
    "source",
    "created_at",
    "updated_at",
    "alternative",
    "reviewed_by",
    "reviewed_at",
)
RECORDING_FIELDS = (
    "sha256",
    "format",
    "duration",
    "size",
    "file_name",
    "speaker",
    "recorded_on",
    "licence",
    "source",
)
FORM_FIELDS = ("form", "script", "dialect", "variety", "status", "source", "attribution")
SYNONYM_FIELDS = ("word", "kind", "note", "source")
TERM_FIELDS = (
    "han",
    "pinyin",
    "definition",
    "domain",
    "english",
    "concepticon_id",
    "status",
    "source",
    "attribution",
    "note",
    "created_at",
    "updated_at",
)
CONCORDANCE_FIELDS = (
    "from_law",
    "from_revision",
    "from_article",
    "to_law",
    "to_revision",
    "to_article",
    "relation",
    "similarity",
    "confidence",
    "rank",
    "source",
)


def _pick(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: row[f] for f in fields}


def _recordings(db: Queryable, column: str, folder: str | None) -> dict[int, dict[str, Any]]:
    """Owner id (translation or term form) → its recording as the export gives it: the
    metadata and, where the export is a file, ``file``, the sound beside it."""
    out: dict[int, dict[str, Any]] = {}
    for r in rows(db, f"SELECT * FROM recordings WHERE {column} IS NOT NULL"):
        entry = _pick(r, RECORDING_FIELDS)
        entry["file"] = None if folder is None else f"{folder}/{audio_file_name(r)}"
        out[r[column]] = entry
    return out


def audio_file_name(recording: dict[str, Any]) -> str:
    """The sound's name in the export's folder: its hash (one file per content)."""
    return f"{recording['sha256']}{EXTENSIONS[recording['format']]}"


def audio_folder(out: Path) -> str:
    """The folder beside ``glossary.json`` its recordings go to: ``glossary.audio``."""
    return f"{out.stem}.audio"


def _translations(
    db: Queryable, where: str, params: list[Any], folder: str | None = None
) -> dict[tuple, list[dict]]:
    """Translations grouped by (article_id, paragraph_id or None), each group by dialect."""
    grouped: dict[tuple, list[dict]] = {}
    recorded = _recordings(db, "translation_id", folder)
    for t in rows(
        db,
        "SELECT t.* FROM translations t JOIN articles a ON a.id = t.article_id "
        f"JOIN revisions r ON r.id = a.revision_id {where} "
        "ORDER BY t.article_id, t.paragraph_id, t.dialect, t.id",
        params,
    ):
        picked = _pick(t, TRANSLATION_FIELDS)
        picked["alternative"] = bool(picked["alternative"])
        if t["id"] in recorded:
            picked["recording"] = recorded[t["id"]]
        grouped.setdefault((t["article_id"], t["paragraph_id"]), []).append(picked)
    return grouped


def _revision(db: Queryable, rev: dict[str, Any], bai: dict[tuple, list[dict]]) -> dict:
    divisions = rows(
        db, "SELECT * FROM divisions WHERE revision_id = ? ORDER BY position, id", [rev["id"]]
    )
    paths = {d["id"]: d["path_key"] for d in divisions}
    structure = [
        {
            "path": d["path_key"],
            "parent": paths.get(d["parent_id"]),
            "level": d["level"],
            "number": d["number"],
            "label": d["label"],
            "title": d["title"],
            "position": d["position"],
        }
        for d in divisions
    ]
    paragraphs: dict[int, list[dict]] = {}
    for p in rows(
        db,
        "SELECT p.* FROM paragraphs p JOIN articles a ON a.id = p.article_id "
        "WHERE a.revision_id = ? ORDER BY p.article_id, p.position",
        [rev["id"]],
    ):
        paragraphs.setdefault(p["article_id"], []).append(
            {
                "position": p["position"],
                "kind": p["kind"],
                "label": p["label"],
                "han": p["han"],
                "translations": bai.get((p["article_id"], p["id"]), []),
            }
        )
    articles = [
        {
            "number": a["number"],
            "sub": a["sub"],
            "label": a["label"],
            "division": paths.get(a["division_id"]),
            "paragraphs": paragraphs.get(a["id"], []),
            "translations": bai.get((a["id"], None), []),  # of the whole article
        }
        for a in rows(
            db,
            "SELECT * FROM articles WHERE revision_id = ? ORDER BY number, sub",
            [rev["id"]],
        )
    ]
    return {
        "label": rev["label"],
        "decided_on": rev["decided_on"],
        "in_force_on": rev["in_force_on"],
        "title": rev["title"],
        "part": rev["part"],
        "source": rev["source"],
        "layout": rev["layout"],
        "structure": structure,
        "articles": articles,
    }


def _laws(db: Queryable, law: str | None, audio: str | None = None) -> list[dict[str, Any]]:
    where, params = ("WHERE r.law = ?", [law]) if law else ("", [])
    bai = _translations(db, where, params, audio)
    out = []
    law_rows = rows(
        db,
        "SELECT * FROM laws" + (" WHERE slug = ?" if law else "") + " ORDER BY slug",
        [law] if law else [],
    )
    for row in law_rows:
        entry = {k: v for k, v in row.items() if k != "aliases"}
        try:
            entry["aliases"] = json.loads(row["aliases"] or "[]")
        except ValueError:
            entry["aliases"] = [row["aliases"]]
        entry["revisions"] = [
            _revision(db, rev, bai)
            for rev in rows(
                db,
                "SELECT * FROM revisions WHERE law = ? ORDER BY coalesce(decided_on, label), label",
                [row["slug"]],
            )
        ]
        out.append(entry)
    return out


def _terms(db: Queryable, folder: str | None = None) -> list[dict[str, Any]]:
    forms: dict[int, list[dict]] = {}
    recorded = _recordings(db, "term_form_id", folder)
    for f in rows(
        db,
        "SELECT * FROM term_forms ORDER BY term_id, coalesce(dialect, ''), "
        "coalesce(variety, ''), script, form, id",
    ):
        picked = _pick(f, FORM_FIELDS)
        if f["id"] in recorded:
            picked["recording"] = recorded[f["id"]]
        forms.setdefault(f["term_id"], []).append(picked)
    links: dict[int, list[dict]] = {}
    for link in rows(db, "SELECT * FROM term_articles ORDER BY term_id, law, revision, article"):
        links.setdefault(link["term_id"], []).append(
            {"law": link["law"], "revision": link["revision"], "article": link["article"]}
        )
    synonyms: dict[int, list[dict]] = {}
    for s in rows(db, "SELECT * FROM term_synonyms ORDER BY term_id, word"):
        synonyms.setdefault(s["term_id"], []).append(_pick(s, SYNONYM_FIELDS))
    return [
        _pick(t, TERM_FIELDS)
        | {
            "forms": forms.get(t["id"], []),
            "articles": links.get(t["id"], []),
            "synonyms": synonyms.get(t["id"], []),
        }
        for t in rows(db, "SELECT * FROM terms ORDER BY han")
    ]


def _concordance(db: Queryable, law: str | None) -> list[dict[str, Any]]:
    found = rows(
        db,
        "SELECT * FROM concordance"
        + (" WHERE from_law = ? OR to_law = ?" if law else "")
        + " ORDER BY from_law, from_revision, from_article, to_law, to_revision, "
        "to_article, rank, id",
        [law, law] if law else [],
    )
    return [
        _pick(c, CONCORDANCE_FIELDS)
        | {"computed": bool(c["computed"]), "verified": bool(c["verified"])}
        for c in found
    ]


def build_export(db: Queryable, law: str | None = None, audio: str | None = None) -> dict[str, Any]:
    """The export as a dict. ``law`` (slug, name or alias): only that law's revisions and
    articles, and only concordance rows from or to it; terms are always all exported.
    ``audio``: the folder (relative to the JSON) the recordings' sounds are written to."""
    slug = require_law(db, law) if law else None
    laws = _laws(db, slug, audio)
    if slug and not laws:
        raise GlossaryError(
            f"{slug} is in the catalog but not in this database",
            fix="import its text first with `glossary import-law FILE`",
        )
    terms = _terms(db, audio)
    concordance = _concordance(db, slug)
    revisions = [r for entry in laws for r in entry["revisions"]]
    articles = [a for r in revisions for a in r["articles"]]
    paragraphs = [p for a in articles for p in a["paragraphs"]]
    counts = {
        "laws": len(laws),
        "revisions": len(revisions),
        "articles": len(articles),
        "paragraphs": len(paragraphs),
        "items": sum(1 for p in paragraphs if p["kind"] == "item"),
        "translations": sum(len(p["translations"]) for p in paragraphs)
        + sum(len(a["translations"]) for a in articles),
        "terms": len(terms),
        "term_forms": sum(len(t["forms"]) for t in terms),
        "term_articles": sum(len(t["articles"]) for t in terms),
        "term_synonyms": sum(len(t["synonyms"]) for t in terms),
        "concordance": len(concordance),
    }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "law": slug,
        "counts": counts,
        "laws": laws,
        "terms": terms,
        "concordance": concordance,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def export_json(
    db: Queryable,
    out: IO[str] | Path | str,
    law: str | None = None,
    progress: Progress | None = None,
    *,
    force: bool = False,
) -> dict[str, int]:
    """Write the export to ``out`` (an open text file, or a path written as UTF-8 through
    :func:`~glossary.io.output.open_export`, ``force`` replacing an existing file);
    returns the counts of what was written."""
    tell(progress, 0, 2, "reading the database")
    path = out if isinstance(out, str | Path) else None
    folder = None if path is None else audio_folder(Path(path))
    data = build_export(db, law, folder)
    tell(progress, 1, 2, "writing JSON")
    text = dumps(data)
    write_text(out, text, db, force=force)
    if folder is not None:
        write_sounds(db, data, Path(str(path)).parent / folder)
    tell(progress, 2, 2, "writing JSON")
    return data["counts"]


def _recorded_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = [f["recording"] for t in data["terms"] for f in t["forms"] if "recording" in f]
    for law in data["laws"]:
        for rev in law["revisions"]:
            for article in rev["articles"]:
                places = [article, *article["paragraphs"]]
                found += [t.get("recording") for p in places for t in p["translations"]]
    return [r for r in found if r]


def write_sounds(db: Queryable, data: dict[str, Any], folder: Path) -> None:
    """The sounds of the export's recordings, one file per content, into ``folder`` (made
    when there is one; a file already there with the same name holds the same sound)."""
    entries = [r for r in _recorded_entries(data) if r.get("file")]
    if not entries:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        target = folder / Path(entry["file"]).name
        if not target.exists():
            target.write_bytes(recording_data(db, entry["sha256"]))


__all__ = ["audio_folder", "build_export", "dumps", "export_json", "write_sounds"]
