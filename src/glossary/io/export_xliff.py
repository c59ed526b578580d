"""``glossary export xliff``: the 款/项 to translate as XLIFF 1.2, for OmegaT, memoQ, Trados.

One ``<file>`` per law revision (``original`` = ``law/revision``, Han ``zh-CN`` source, the
dialect's ISO 639-3 code — ``bca``, ``bfs``, ``bfc`` — as the target language), one
``<trans-unit>`` per 款/项 (``id`` and ``resname`` = its key ``law/revision/article/position``)
with the article's whole text as context (``context-group purpose="information"``) and the
glossary terms in a note.

The target:

- the place's own translation: ``state`` from its status (draft → ``translated``,
  reviewed → ``signed-off``, approved → ``final``);
- a *carried* translation (the same Han translated elsewhere): pre-filled, as a translation
  memory's exact match is, with ``state="needs-review-translation"``
  ``state-qualifier="exact-match"``, and the same text as an ``<alt-trans>`` whose
  ``origin`` says where it comes from. Pre-filled because that is what a translator wants
  to see (and what OmegaT, memoQ and Trados show in the target); marked, so that the import
  knows it was not written here. Importing the file untouched leaves it carried; a target
  edited in the file, or confirmed (its state changed to translated, signed-off or final),
  becomes the place's own translation;
- nothing, with the best machine suggestion as an ``<alt-trans>`` (``match-quality`` its
  percentage, ``origin`` "machine suggestion …"): a suggestion is never a target.

Built with lxml, in a fixed order: the same database gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from lxml import etree

from glossary.io.output import write_text
from glossary.io.segments import (
    Segment,
    article_texts,
    carried_note,
    segments,
    suggestion_note,
    term_cell,
)
from glossary.progress import Progress, tell
from glossary.store.reader import Queryable

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANGUAGE = "zh-CN"
#: A translation's status as an XLIFF target state, and back.
STATE = {"draft": "translated", "reviewed": "signed-off", "approved": "final"}
STATUS_OF_STATE = {state: status for status, state in STATE.items()}
CARRIED_STATE = "needs-review-translation"
CARRIED_QUALIFIER = "exact-match"
#: How an ``<alt-trans>`` holding a carried translation begins its ``origin``.
CARRIED_ORIGIN = "glossary carried"
SUGGESTION_ORIGIN = "glossary machine suggestion"


def _x(name: str) -> str:
    return f"{{{XLIFF_NAMESPACE}}}{name}"


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child in the XLIFF namespace; ``state_qualifier`` is written ``state-qualifier``."""
    names = {k.replace("_", "-"): v for k, v in attrs.items()}
    element = etree.SubElement(parent, _x(tag), names)
    element.text = text
    return element


def trans_unit(body: etree._Element, segment: Segment, context: str) -> None:
    """One 款/项: source, target (own or carried), context, terms, alternatives."""
    unit = _add(body, "trans-unit", id=segment.key, resname=segment.key)
    _add(unit, "source", segment.han)
    if segment.own is not None:
        _add(unit, "target", segment.own.bai, state=STATE.get(segment.own.status, "translated"))
    elif segment.carried is not None:
        _add(
            unit,
            "target",
            segment.carried.bai,
            state=CARRIED_STATE,
            state_qualifier=CARRIED_QUALIFIER,
        )
    group = _add(unit, "context-group", purpose="information")
    _add(group, "context", segment.article, context_type="recordtitle")
    _add(group, "context", context, context_type="x-article-text")
    if segment.terms:
        _add(unit, "note", "glossary terms: " + term_cell(segment.terms), **{"from": "glossary"})
    if segment.carried is not None:
        alt = _add(
            unit,
            "alt-trans",
            match_quality="100",
            origin=f"{CARRIED_ORIGIN}: {segment.carried.source.describe()}",
        )
        _add(alt, "target", segment.carried.bai).set(XML_LANG, segment.dialect)
        _add(alt, "note", carried_note(segment.carried))
    if segment.suggestion is not None:
        found = segment.suggestion
        alt = _add(
            unit,
            "alt-trans",
            match_quality=str(found.score),
            origin=f"{SUGGESTION_ORIGIN}: {found.source.describe()}",
        )
        _add(alt, "source", found.han)
        _add(alt, "target", found.bai).set(XML_LANG, found.dialect)
        _add(alt, "note", suggestion_note(found) + " — computed, not a translation")


def xliff_document(
    groups: Iterable[tuple[str, str, list[Segment]]], texts: dict[int, str], dialect: str
) -> etree._Element:
    """The ``<xliff>`` element: one ``<file>`` per (law, revision, segments)."""
    root = etree.Element(_x("xliff"), nsmap={None: XLIFF_NAMESPACE}, version="1.2")
    for law, revision, found in groups:
        file = _add(
            root,
            "file",
            original=f"{law}/{revision}",
            source_language=SOURCE_LANGUAGE,
            target_language=dialect,
            datatype="plaintext",
            product_name="glossary",
        )
        body = _add(file, "body")
        for segment in found:
            trans_unit(body, segment, texts.get(segment.article_id, ""))
    return root


def export_xliff(
    db: Queryable,
    out: IO[str] | Path | str,
    dialect: str,
    *,
    law: str | None = None,
    revision: str | None = None,
    missing: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the XLIFF; returns the number of trans-units."""
    groups: dict[tuple[str, str], list[Segment]] = {}
    count = 0
    for count, segment in enumerate(
        segments(db, dialect, law=law, revision=revision, missing=missing), start=1
    ):
        tell(progress, count, None, "collecting 款/项")
        groups.setdefault((segment.law, segment.revision), []).append(segment)
    article_ids = sorted({s.article_id for found in groups.values() for s in found})
    root = xliff_document(
        ((law_, rev, found) for (law_, rev), found in groups.items()),
        article_texts(db, article_ids),
        dialect,
    )
    text = etree.tostring(root, encoding="unicode", pretty_print=True)
    write_text(out, '<?xml version="1.0" encoding="UTF-8"?>\n' + text, db, force=force)
    return count


__all__ = [
    "CARRIED_ORIGIN",
    "CARRIED_QUALIFIER",
    "CARRIED_STATE",
    "STATUS_OF_STATE",
    "export_xliff",
]
