"""Read queries the app needs beyond ``queries.py``: the browse tree, terms found in a text,
one term with its Bai forms, and the other revisions of an article with what changed.

Plain dicts and dataclasses, no Textual import: the app is one reader of these, tests
and exports are others.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from glossary.i18n import N_, _
from glossary.store.queries import revisions_of, rows
from glossary.store.reader import Queryable
from glossary.store.revisions import article_revisions as article_revisions
from glossary.store.revisions import article_text as article_text

MIN_TERM_CHARS = 2  # one-character terms (人, 法) would mark every line
MAX_TERM_CHARS = 8
IN_CHUNK = 500  # bound variables per IN (...) query, well under SQLite's limit
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# English gettext messages, said in the active language by dialect_name().
DIALECT_NAMES = {
    "bca": N_("Central Bai"),
    "bfs": N_("Southern Bai"),
    "bfc": N_("Northern Bai"),
}
#: The same dialects named in full with the place whose speech they are written in, in the
#: reader's language (a handout's column headings): translate with ``gettext``.
DIALECT_TITLES = {
    "bca": N_("Central Bai (Jianchuan)"),
    "bfs": N_("Southern Bai (Dali)"),
    "bfc": N_("Northern Bai (Bijiang)"),
}


def dialect_name(code: str | None) -> str:
    if not code:
        return _("any dialect")
    return f"{code} · {_(DIALECT_NAMES[code])}" if code in DIALECT_NAMES else code


# --- laws and the browse tree --------------------------------------------------------------


def laws_with_revisions(db: Queryable) -> list[dict[str, Any]]:
    """Every law that has at least one imported text, with its revisions newest first."""
    laws = rows(
        db,
        "SELECT slug, name, short_name, status, repealed_on FROM laws "
        "WHERE slug IN (SELECT law FROM revisions) ORDER BY slug",
    )
    for law in laws:
        law["revisions"] = [
            {
                "id": r["id"],
                "label": r["label"],
                "title": r["title"],
                "part": r["part"],
                "decided_on": r["decided_on"],
            }
            for r in revisions_of(db, law["slug"])
        ]
    return laws


def dialects_in_use(db: Queryable) -> list[str]:
    """Dialects that have at least one translation or term form, sorted."""
    found = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT dialect FROM translations UNION "
            "SELECT DISTINCT dialect FROM term_forms WHERE dialect IS NOT NULL"
        )
    }
    return sorted(d for d in found if d)


def tree_children(db: Queryable, revision_id: int, division_id: int | None) -> list[dict[str, Any]]:
    """What sits directly under a revision (division_id None) or a division: divisions
    (编/分编/章/节) and articles, in reading order — one level, so the tree loads lazily."""
    if division_id is None:
        divisions = rows(
            db,
            "SELECT id, level, label, title, position FROM divisions "
            "WHERE revision_id = ? AND parent_id IS NULL ORDER BY position",
            [revision_id],
        )
        articles = rows(
            db,
            "SELECT a.id, a.number, a.sub, a.label, "
            "(SELECT han FROM paragraphs p WHERE p.article_id = a.id ORDER BY position LIMIT 1)"
            " AS first FROM articles a WHERE a.revision_id = ? AND a.division_id IS NULL "
            "ORDER BY a.number, a.sub",
            [revision_id],
        )
    else:
        divisions = rows(
            db,
            "SELECT id, level, label, title, position FROM divisions "
            "WHERE parent_id = ? ORDER BY position",
            [division_id],
        )
        articles = rows(
            db,
            "SELECT a.id, a.number, a.sub, a.label, "
            "(SELECT han FROM paragraphs p WHERE p.article_id = a.id ORDER BY position LIMIT 1)"
            " AS first FROM articles a WHERE a.division_id = ? ORDER BY a.number, a.sub",
            [division_id],
        )
    out = [{"kind": "division", **d} for d in divisions]
    out += [{"kind": "article", **a} for a in articles]
    # Articles before the first division (总则 without a 章) come first, as in the text.
    return sorted(out, key=lambda c: (c["kind"] == "division", c.get("number") or 0))


def article_key(db: Queryable, article_id: int) -> dict[str, Any] | None:
    """law, revision, number and sub of an article id (search hits carry only the id)."""
    found = rows(
        db,
        "SELECT r.law, r.label AS revision, a.number, a.sub FROM articles a "
        "JOIN revisions r ON r.id = a.revision_id WHERE a.id = ?",
        [article_id],
    )
    return found[0] if found else None


# --- glossary terms --------------------------------------------------------------------------


@dataclass
class TermMatch:
    """A glossary term found in a text, where, and its Bai forms."""

    id: int
    han: str
    pinyin: str | None
    spans: list[tuple[int, int]] = field(default_factory=list)
    forms: list[dict[str, Any]] = field(default_factory=list)


def han_ngrams(
    text: str, shortest: int = MIN_TERM_CHARS, longest: int = MAX_TERM_CHARS
) -> set[str]:
    """Every run of 2–8 Han characters in the text: the only strings a term can be."""
    grams: set[str] = set()
    for run in _HAN_RUN.findall(text):
        for size in range(shortest, min(longest, len(run)) + 1):
            grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def occurrences(text: str, sub: str) -> Iterator[int]:
    """Where ``sub`` starts in ``text``, left to right, not overlapping (as re.finditer
    finds a literal — without compiling a pattern per term: a text meets dozens of terms,
    and an import thousands of texts, far past re's cache of compiled patterns)."""
    at = text.find(sub)
    while at >= 0 and sub:
        yield at
        at = text.find(sub, at + len(sub))


def terms_in_text(db: Queryable, text: str) -> list[TermMatch]:
    """Glossary terms that occur in the text, longest first where they overlap.

    Looks the text's n-grams up in ``terms.han`` (its UNIQUE index) in chunks, so the cost
    follows the length of the text, not the size of the glossary (100 000 terms or 10)."""
    grams = sorted(han_ngrams(text))
    found: dict[str, tuple[int, str | None]] = {}
    for start in range(0, len(grams), IN_CHUNK):
        chunk = grams[start : start + IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        for term_id, han, pinyin in db.execute(
            f"SELECT id, han, pinyin FROM terms WHERE han IN ({marks})", chunk
        ):
            found[han] = (term_id, pinyin)
    if not found:
        return []
    taken = [False] * len(text)
    matches: dict[str, TermMatch] = {}
    for han in sorted(found, key=lambda h: (-len(h), h)):  # longest wins an overlap
        for start in occurrences(text, han):
            end = start + len(han)
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * len(han)
            term_id, pinyin = found[han]
            matches.setdefault(han, TermMatch(term_id, han, pinyin)).spans.append((start, end))
    forms = term_forms(db, [m.id for m in matches.values()])
    for match in matches.values():
        match.forms = forms.get(match.id, [])
    return sorted(matches.values(), key=lambda m: (m.spans[0][0], m.han))


def term_forms(db: Queryable, term_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Bai forms of these terms: preferred first, Latin before IPA."""
    out: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(term_ids), IN_CHUNK):
        chunk = term_ids[start : start + IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        for form in rows(
            db,
            f"SELECT term_id, id, form, script, dialect, variety, status, source, attribution "
            f"FROM term_forms WHERE term_id IN ({marks}) ORDER BY term_id, "
            f"CASE status WHEN 'preferred' THEN 0 WHEN 'admitted' THEN 1 "
            f"WHEN 'proposed' THEN 2 ELSE 3 END, CASE script WHEN 'latin' THEN 0 ELSE 1 END, "
            f"coalesce(dialect, ''), coalesce(variety, ''), id",
            chunk,
        ):
            out.setdefault(form.pop("term_id"), []).append(form)
    return out


def term_view(db: Queryable, term_id: int) -> dict[str, Any] | None:
    """One term as the term view shows it: Han, pinyin, status, definition, source and
    attribution, Bai forms grouped by (dialect, variety), and the articles it is linked to."""
    found = rows(db, "SELECT * FROM terms WHERE id = ?", [term_id])
    if not found:
        return None
    term = found[0]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for form in term_forms(db, [term_id]).get(term_id, []):
        groups.setdefault((form["dialect"] or "", form["variety"] or ""), []).append(form)
    term["form_groups"] = [
        {"dialect": d or None, "variety": v or None, "forms": forms}
        for (d, v), forms in sorted(groups.items())
    ]
    term["articles"] = rows(
        db,
        "SELECT ta.law, ta.revision, ta.article, l.short_name AS law_name, "
        "(SELECT a.label FROM articles a JOIN revisions r ON r.id = a.revision_id "
        " WHERE r.law = ta.law AND r.label = ta.revision AND a.number = ta.article "
        " AND a.sub = 0) AS label "
        "FROM term_articles ta LEFT JOIN laws l ON l.slug = ta.law "
        "WHERE ta.term_id = ? ORDER BY ta.law, ta.revision DESC, ta.article",
        [term_id],
    )
    return term


# --- revisions of an article -----------------------------------------------------------------
# The other revisions of an article (splits and merges, across laws): store.revisions.


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """What changed between two texts, character by character (Han has no word spaces):
    a list of (op, text) with op "=", "-" (only in old) or "+" (only in new)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[tuple[str, str]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("=", old[a0:a1]))
            continue
        if tag in ("delete", "replace"):
            out.append(("-", old[a0:a1]))
        if tag in ("insert", "replace"):
            out.append(("+", new[b0:b1]))
    return out
