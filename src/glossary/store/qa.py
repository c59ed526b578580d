"""Quality checks of the Bai translations (what Xbench or memoQ's QA do for translators).

One function per check, each over a :class:`Record` (the Han of the 款/项 or article, its
Bai, the dialect, the key); :func:`run_qa` reads the stored own translations (carried ones
are store.memory's and not checked here) and runs them all. The clause import runs the same
functions on each row it writes (``glossary import``: warnings; ``--strict``: rejections).

Limits, on purpose:

- *Han in the Bai*: a Han character is a finding only when none of the dialect's other
  translations has one (some texts mix in Han names or terms on purpose; then they all do).
- *Numbers*: in the Han, Arabic digits or a run of Chinese numerals (三十日, 第一百二十二条);
  a lone 一 counts only after 第 (一定, 统一, 之一 are words, not numbers). In the Bai,
  how numbers are written is hard to know, so any digit or Chinese numeral counts.
- *Consistency*: only 款/项 translations are compared (by ``paragraphs.han_hash``, as the
  translation memory groups them); those marked alternative are left out, being deliberate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from glossary.bai.orthography import is_bai
from glossary.han.text import HAN_CHAR, han_hash, han_key
from glossary.store.browse import terms_in_text
from glossary.store.queries import rows
from glossary.store.reader import Queryable
from glossary.store.translations import clause_key

#: The check ids, in the order the findings are listed.
CHECKS = ("term", "consistency", "bai-text", "number", "orthography")

_NUMERALS = "零〇一二三四五六七八九十百千万两"
_NOT_ONE = _NUMERALS.replace("一", "")
_HAN_NUMBER = re.compile(rf"[0-9０-９]|第[{_NUMERALS}]|[{_NUMERALS}]{{2,}}|[{_NOT_ONE}]")
_BAI_NUMBER = re.compile(rf"[0-9０-９{_NUMERALS}]")


@dataclass(frozen=True)
class Record:
    """One translation as the checks see it."""

    key: str  # minshi-susong-fa/2023/122/1/bca
    han: str
    bai: str
    dialect: str


@dataclass(frozen=True)
class Finding:
    check: str  # one of CHECKS
    key: str
    message: str
    fix: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "key": self.key, "message": self.message, "fix": self.fix}


def _norm(text: str) -> str:
    """Bai compared as typed but for case and runs of whitespace."""
    return " ".join(text.split()).casefold()


# --- the checks, one record each ------------------------------------------------------------


def check_term(db: Queryable, rec: Record) -> list[Finding]:
    """A glossary term in the Han with a preferred Latin form for this dialect (or for
    any dialect) that the Bai does not contain."""
    out = []
    bai = _norm(rec.bai)
    for term in terms_in_text(db, rec.han):
        preferred = [
            f["form"]
            for f in term.forms
            if f["status"] == "preferred"
            and f["script"] == "latin"
            and f["dialect"] in (None, rec.dialect)
        ]
        if preferred and not any(_norm(form) in bai for form in preferred):
            out.append(
                Finding(
                    "term",
                    rec.key,
                    f"the Han has the term {term.han}; the Bai has none of its preferred "
                    f"forms ({', '.join(preferred)})",
                    f"use the preferred form of {term.han}, or see `glossary term {term.han}`",
                )
            )
    return out


def check_consistency(rec: Record, others: list[tuple[str, str]]) -> list[Finding]:
    """The same Han translated otherwise elsewhere: ``others`` are (key, bai) of the other
    non-alternative translations of the same Han in the same dialect."""
    differ = sorted(key for key, bai in others if _norm(bai) != _norm(rec.bai))
    if not differ:
        return []
    shown = ", ".join(differ[:3]) + (f" and {len(differ) - 3} more" if len(differ) > 3 else "")
    return [
        Finding(
            "consistency",
            rec.key,
            f"the same Han is translated differently at {shown}",
            "use one translation for the same text, or mark this one as an alternative",
        )
    ]


def check_bai_text(rec: Record, dialect_has_han: bool) -> list[Finding]:
    """Bai that is empty, the Han itself, or has Han characters where the dialect's other
    texts have none (``dialect_has_han``)."""
    if not rec.bai.strip():
        what = "the Bai is empty"
    elif han_key(rec.bai) == han_key(rec.han):
        what = "the Bai is the Han text itself"
    elif HAN_CHAR.search(rec.bai) and not dialect_has_han:
        what = f"the Bai has Han characters; no other {rec.dialect} text has any"
    else:
        return []
    return [Finding("bai-text", rec.key, what, "write the translation in Bai (Latin letters)")]


def han_has_number(han: str) -> bool:
    """Arabic digits or Chinese numerals in the Han (a lone 一 only as 第一)."""
    return _HAN_NUMBER.search(han) is not None


def check_number(rec: Record) -> list[Finding]:
    """A number in the Han and none in the Bai (any digit or Chinese numeral counts)."""
    if not han_has_number(rec.han) or _BAI_NUMBER.search(rec.bai):
        return []
    return [
        Finding(
            "number",
            rec.key,
            "the Han has a number; the Bai has none",
            "check that the number (a date, a period, an article) is translated",
        )
    ]


def check_orthography(rec: Record) -> list[Finding]:
    """Bai that does not parse in the Latin orthography (glossary.bai)."""
    if not rec.bai.strip() or is_bai(rec.bai):
        return []
    return [
        Finding(
            "orthography",
            rec.key,
            "the Bai does not read as Bai in the Latin orthography",
            "check the spelling and that the text is in the bai column",
        )
    ]


def record_findings(
    db: Queryable, rec: Record, *, others: list[tuple[str, str]], dialect_has_han: bool
) -> list[Finding]:
    """Every check on one record, in the order of :data:`CHECKS`."""
    return [
        *check_term(db, rec),
        *check_consistency(rec, others),
        *check_bai_text(rec, dialect_has_han),
        *check_number(rec),
        *check_orthography(rec),
    ]


# --- reading the store ------------------------------------------------------------------------

_TRANSLATIONS_SQL = """
SELECT t.id, t.article_id, ifnull(t.paragraph_id, 0) AS paragraph_id, t.dialect, t.bai,
       t.alternative, p.han_hash, p.position, a.number, a.sub, r.label AS revision,
       l.slug AS law,
       coalesce(p.han, (SELECT group_concat(q.han, char(10))
                          FROM (SELECT han FROM paragraphs WHERE article_id = a.id
                                 ORDER BY position) q)) AS han
  FROM translations t
  JOIN articles a ON a.id = t.article_id
  JOIN revisions r ON r.id = a.revision_id
  JOIN laws l ON l.slug = r.law
  LEFT JOIN paragraphs p ON p.id = t.paragraph_id
"""
_ORDER = " ORDER BY l.slug, r.label, a.number, a.sub, p.position, t.dialect"


def translation_key(row: dict[str, Any]) -> str:
    """``law/revision/article[/position]/dialect`` of a row of :data:`_TRANSLATIONS_SQL`."""
    base = clause_key(row["law"], row["revision"], row["number"], row["sub"], row["position"])
    return f"{base}/{row['dialect']}"


def _record(row: dict[str, Any]) -> Record:
    return Record(translation_key(row), row["han"] or "", row["bai"], row["dialect"])


def same_han(db: Queryable, han: str, dialect: str) -> list[tuple[str, str]]:
    """(key, bai) of the own non-alternative translations of 款/项 with this Han (as the
    translation memory compares it: han_key) in this dialect."""
    found = rows(
        db,
        _TRANSLATIONS_SQL
        + " WHERE p.han_hash = ? AND t.dialect = ? AND t.alternative = 0"
        + _ORDER,
        [han_hash(han), dialect],
    )
    return [(translation_key(r), r["bai"]) for r in found]


def han_places(db: Queryable, dialect: str) -> set[tuple[int, int]]:
    """(article id, paragraph id or 0) of the dialect's translations with Han characters."""
    return {
        (article_id, paragraph_id)
        for article_id, paragraph_id, bai in db.execute(
            "SELECT article_id, ifnull(paragraph_id, 0), bai FROM translations WHERE dialect = ?",
            [dialect],
        )
        if HAN_CHAR.search(bai)
    }


def run_qa(db: Queryable, *, dialect: str | None = None, law: str | None = None) -> list[Finding]:
    """Every check over the stored own translations (of one dialect, of one law), compared
    with all the store holds (the same Han elsewhere, the dialect's other texts)."""
    found = rows(db, _TRANSLATIONS_SQL + _ORDER)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    with_han: dict[str, int] = defaultdict(int)
    for row in found:
        if row["han_hash"] is not None and not row["alternative"]:
            groups[(row["han_hash"], row["dialect"])].append(row)
        if HAN_CHAR.search(row["bai"]):
            with_han[row["dialect"]] += 1
    out: list[Finding] = []
    for row in found:
        if (dialect and row["dialect"] != dialect) or (law and row["law"] != law):
            continue
        rec = _record(row)
        others = []
        if row["han_hash"] is not None and not row["alternative"]:
            group = groups[(row["han_hash"], row["dialect"])]
            others = [(translation_key(o), o["bai"]) for o in group if o["id"] != row["id"]]
        own_han = 1 if HAN_CHAR.search(row["bai"]) else 0
        has_han = with_han[row["dialect"]] - own_han > 0
        out.extend(record_findings(db, rec, others=others, dialect_has_han=has_han))
    return out
