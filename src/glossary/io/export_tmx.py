"""``glossary export tmx``: the clause translations as a TMX 1.4b translation memory.

One ``<tu>`` per translated 款/项 (or whole article): the Han (``zh-CN``) and every dialect's
own translation in it (``bca``, ``bfs``, ``bfc``), each ``<tuv>`` with its translator
(``creationid``/``changeid``), its dates (``creationdate``/``changedate``, TMX's
``YYYYMMDDThhmmssZ``) and its status (``<prop type="x-glossary-status">``); an alternative
(this place's own, never carried) says so in ``x-glossary-alternative``. The unit names its
place in ``<prop type="x-glossary-key">law/revision/article/position</prop>`` (position
empty for a whole article), which `glossary import` uses to put it back where it was.

Carried translations are not units of their own: a memory holds each translation once, at
the place it was made; any tool (and this one) finds it for the same text elsewhere.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from lxml import etree

from glossary.io.output import write_text
from glossary.io.vocabulary import article_number
from glossary.lawtext.labels import paragraph_text_sql
from glossary.progress import Progress, tell
from glossary.store.queries import require_law, rows
from glossary.store.reader import Queryable

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANGUAGE = "zh-CN"
KEY_PROP = "x-glossary-key"
STATUS_PROP = "x-glossary-status"
ALTERNATIVE_PROP = "x-glossary-alternative"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def tmx_date(stamp: str | None) -> str | None:
    """``2024-05-01T12:00:00+00:00`` → ``20240501T120000Z`` (the stored stamps are UTC)."""
    if not stamp:
        return None
    digits = re.sub(r"[^0-9T]", "", stamp[:19])
    return digits + "Z" if len(digits) == 15 else None


def key_of(row: dict[str, Any]) -> str:
    position = "" if row["position"] is None else str(row["position"])
    return f"{row['law']}/{row['revision']}/{article_number(row['number'], row['sub'])}/{position}"


def translation_rows(db: Queryable, law: str | None) -> list[dict[str, Any]]:
    """Every translation (one law's), with its place and Han, in document order."""
    where, params = ("WHERE r.law = ?", [require_law(db, law)]) if law else ("", [])
    return rows(
        db,
        f"""
        SELECT r.law, r.label AS revision, a.number, a.sub, p.position, t.dialect, t.bai,
               t.status, t.translator, t.created_at, t.updated_at, t.alternative,
               CASE WHEN t.paragraph_id IS NULL THEN
                    (SELECT group_concat({paragraph_text_sql("q")}, char(10))
                       FROM (SELECT * FROM paragraphs WHERE article_id = a.id
                             ORDER BY position) q)
                    ELSE {paragraph_text_sql("p")} END AS han
          FROM translations t
          JOIN articles a ON a.id = t.article_id
          LEFT JOIN paragraphs p ON p.id = t.paragraph_id
          JOIN revisions r ON r.id = a.revision_id
          {where}
         ORDER BY r.law, coalesce(r.decided_on, r.label), r.label, a.number, a.sub,
                  coalesce(p.position, 0), t.dialect
        """,
        params,
    )


def _prop(parent: etree._Element, kind: str, text: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = text


def _tuv(tu: etree._Element, lang: str, attrs: dict[str, str | None]) -> etree._Element:
    tuv = etree.SubElement(tu, "tuv", {k: v for k, v in attrs.items() if v})
    tuv.set(XML_LANG, lang)
    return tuv


def translation_tuv(tu: etree._Element, row: dict[str, Any]) -> None:
    attrs = {
        "creationid": row["translator"],
        "changeid": row["translator"],
        "creationdate": tmx_date(row["created_at"]),
        "changedate": tmx_date(row["updated_at"]),
    }
    tuv = _tuv(tu, row["dialect"], attrs)
    _prop(tuv, STATUS_PROP, row["status"])
    _prop(tuv, ALTERNATIVE_PROP, "yes" if row.get("alternative") else "no")
    etree.SubElement(tuv, "seg").text = row["bai"]


def tmx_document(found: list[dict[str, Any]], progress: Progress | None = None) -> etree._Element:
    """The ``<tmx>`` element: a header, then one unit per place with its dialects."""
    root = etree.Element("tmx", version="1.4")
    try:
        tool_version = version("glossary")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        tool_version = "0"
    etree.SubElement(
        root,
        "header",
        creationtool="glossary",
        creationtoolversion=tool_version,
        segtype="paragraph",
        adminlang="en",
        srclang=SOURCE_LANGUAGE,
        datatype="plaintext",
        **{"o-tmf": "glossary"},
    )
    body = etree.SubElement(root, "body")
    units: dict[str, etree._Element] = {}
    for done, row in enumerate(found):
        tell(progress, done, len(found), "writing units")
        key = key_of(row)
        tu = units.get(key)
        if tu is None:
            tu = units[key] = etree.SubElement(body, "tu", tuid=key)
            _prop(tu, KEY_PROP, key)
            han = _tuv(tu, SOURCE_LANGUAGE, {})
            etree.SubElement(han, "seg").text = row["han"]
        translation_tuv(tu, row)
    return root


def export_tmx(
    db: Queryable,
    out: IO[str] | Path | str,
    *,
    law: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the TMX; returns the number of units."""
    root = tmx_document(translation_rows(db, law), progress)
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    write_text(out, f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n{text}', db, force=force)
    return len(root[1])


__all__ = ["ALTERNATIVE_PROP", "KEY_PROP", "STATUS_PROP", "export_tmx", "tmx_date"]
