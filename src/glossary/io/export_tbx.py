"""``glossary export-tbx``: the glossary terms as TBX-Basic (ISO 30042:2019, TBX v3).

The file uses the TBX-Basic dialect in DCA style (``<tbx type="TBX-Basic" style="dca">``,
namespace ``urn:iso:std:iso:30042:ed-2``) and only the data categories TBX-Basic allows:

* one ``<conceptEntry id="term-N">`` per term (N = the term's id in the database), with
  ``descrip type="subjectField"`` (the term's domain), ``xref type="externalCrossReference"``
  (its Concepticon concept) and ``<note>``s (English gloss, linked articles);
* ``<langSec xml:lang="zh">``: ``descrip type="definition"``, then one ``<termSec>`` with
  the Han term, ``termNote type="administrativeStatus"`` and ``admin type="source"``;
  pinyin is a ``<note xml:lang="zh-Latn-pinyin">`` (TBX-Basic has no pronunciation
  category; ``zh-Latn-pinyin`` is the registered BCP 47 tag for Hanyu Pinyin);
* one ``<langSec>`` per Bai dialect and script: ``bca`` (Central), ``bfs`` (Southern),
  ``bfc`` (Northern) for forms in the Latin orthography, the same tag with the registered
  BCP 47 variant ``-fonipa`` (``bca-fonipa``) for forms in IPA; a form whose dialect is not
  known goes under ``und-x-bai``. The variety (Jianchuan, Eryuan, …) is
  ``termNote type="geographicalUsage"``.

Status: preferred → ``preferredTerm-admn-sts``, admitted → ``admittedTerm-admn-sts``,
deprecated → ``deprecatedTerm-admn-sts``; TBX-Basic has no value for *proposed*, so a
proposed term or form carries no administrativeStatus and a ``<note>`` saying it is proposed.

Forms of reconstructed Proto-Bai (a variety or dialect named Proto…) are not attested
speech and are left out. When forms come from the lexibank word lists (allenbai, wangbai,
suntb), the header's ``sourceDesc`` gives their attribution under CC-BY-4.0, as the licence
requires. Built with ElementTree (all escaping done by it), in a fixed order: the same
database always gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from glossary.errors import GlossaryError
from glossary.io.output import write_text
from glossary.progress import Progress, tell
from glossary.store.queries import rows
from glossary.store.reader import Queryable

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE = "白汉法律术语表 Bai–Chinese legal glossary for people's mediators in Dali"

ADMINISTRATIVE_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
PROPOSED_NOTE = "proposed: not yet reviewed"
#: Before an attribution in a ``<note>``, so that reading the file back tells it from a note.
ATTRIBUTION_PREFIX = "Attribution: "
DIALECT_ORDER = {"bca": 0, "bfs": 1, "bfc": 2}
UNKNOWN_BAI = "und-x-bai"
PINYIN_TAG = "zh-Latn-pinyin"
IPA_VARIANT = "fonipa"
STATUS_ORDER = {"preferred": 0, "admitted": 1, "proposed": 2, "deprecated": 3}
CONCEPTICON_URL = "https://concepticon.clld.org/parameters/{}"

# The lexibank CLDF word lists in shared/corpus/bai (CC-BY-4.0): how to recognise a form
# taken from one (its source or attribution names the dataset) and the attribution owed.
LEXIBANK = {
    "allenbai": (
        "Allen, Bryan (2007): Bai Dialect Survey. Dallas: SIL International. "
        "Via the CLDF dataset lexibank/allenbai (https://github.com/lexibank/allenbai), "
        "licence CC-BY-4.0."
    ),
    "wangbai": (
        "Wang, Feng (2004): Language contact and language comparison. The case of Bai. "
        "PhD thesis. Hong Kong: City University of Hong Kong. Via the CLDF dataset "
        "lexibank/wangbai (https://github.com/lexibank/wangbai), licence CC-BY-4.0."
    ),
    "suntb": (
        "Sūn, Hóngkāi 孙宏开 (1991): Zangmianyu yuyin he cihui 藏缅语语音和词汇 "
        "[Tibeto-Burman phonology and lexicon]. Beijing: Chinese Social Sciences Press. "
        "Via the CLDF dataset lexibank/suntb (https://github.com/lexibank/suntb), "
        "licence CC-BY-4.0."
    ),
}
LEXIBANK_GENERAL = (
    "Bai forms from the lexibank CLDF word lists (J.-M. List et al.), licence CC-BY-4.0; "
    "cite the original sources and the lexibank datasets."
)
CONVENTIONS = (
    "Language tags: zh = the Han term; bca, bfs, bfc = Central, Southern, Northern Bai "
    "in the Latin orthography; -fonipa = the same in IPA; und-x-bai = Bai of unknown "
    "dialect. Pinyin in a note tagged zh-Latn-pinyin; the Bai variety in termNote "
    "geographicalUsage; terms and forms still proposed carry no administrativeStatus and "
    f"a note '{PROPOSED_NOTE}'; an attribution is a note starting '{ATTRIBUTION_PREFIX}'."
)

# Characters XML 1.0 cannot carry at all (ElementTree would write an ill-formed file).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _add(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _typed(parent: ET.Element, tag: str, kind: str, text: Any) -> ET.Element | None:
    if text is None or str(text).strip() == "":
        return None
    return _add(parent, tag, text, type=kind)


def is_reconstruction(form: dict[str, Any]) -> bool:
    names = f"{form.get('variety') or ''} {form.get('dialect') or ''}".lower()
    return "proto" in names


def language_tag(dialect: str | None, script: str) -> str:
    """The BCP 47 tag of a form's langSec: bca, bca-fonipa, und-x-bai-fonipa…"""
    base = (dialect or "").strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", base):
        base = UNKNOWN_BAI
    if script != "ipa":
        return base
    if base == UNKNOWN_BAI:  # a variant subtag goes before the private-use part
        return f"und-{IPA_VARIANT}-x-bai"
    return f"{base}-{IPA_VARIANT}"


def _lang_order(tag: str) -> tuple[int, int, str]:
    base = tag.split("-")[0]
    return (DIALECT_ORDER.get(base, 3), 1 if IPA_VARIANT in tag else 0, tag)


def attributions(terms: list[dict[str, Any]], forms: list[dict[str, Any]]) -> list[str]:
    """What the header must credit: the lexibank datasets the forms come from, then every
    other attribution text stored with a term or form."""
    owed: list[str] = []
    other: set[str] = set()
    general = False
    for row in [*terms, *forms]:
        names = f"{row.get('source') or ''} {row.get('attribution') or ''}".lower()
        matched = [key for key in LEXIBANK if key in names]
        owed.extend(LEXIBANK[key] for key in matched if LEXIBANK[key] not in owed)
        if "lexibank" in names and not matched:
            general = True
        if row.get("attribution") and not matched:
            other.add(row["attribution"].strip())
    ordered = [LEXIBANK[key] for key in LEXIBANK if LEXIBANK[key] in owed]
    if general:
        ordered.append(LEXIBANK_GENERAL)
    return ordered + sorted(other - set(ordered))


def _status(term_sec: ET.Element, status: str | None) -> None:
    if status in ADMINISTRATIVE_STATUS:
        _add(term_sec, "termNote", ADMINISTRATIVE_STATUS[status], type="administrativeStatus")


def _han_lang_sec(entry: ET.Element, term: dict[str, Any]) -> None:
    lang_sec = _add(entry, "langSec", **{XML_LANG: "zh"})
    _typed(lang_sec, "descrip", "definition", term["definition"])
    term_sec = _add(lang_sec, "termSec")
    _add(term_sec, "term", term["han"])
    _status(term_sec, term["status"])
    _typed(term_sec, "admin", "source", term["source"])
    if term["pinyin"]:
        _add(term_sec, "note", term["pinyin"], **{XML_LANG: PINYIN_TAG})
    if term["status"] == "proposed":
        _add(term_sec, "note", PROPOSED_NOTE)
    if term["attribution"]:
        _add(term_sec, "note", ATTRIBUTION_PREFIX + term["attribution"])
    if term["note"]:
        _add(term_sec, "note", term["note"])


def _bai_lang_secs(entry: ET.Element, forms: list[dict[str, Any]]) -> int:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for form in forms:
        grouped.setdefault(language_tag(form["dialect"], form["script"]), []).append(form)
    for tag in sorted(grouped, key=_lang_order):
        lang_sec = _add(entry, "langSec", **{XML_LANG: tag})
        for form in sorted(
            grouped[tag],
            key=lambda f: (
                STATUS_ORDER.get(f["status"], 9),
                f["variety"] or "",
                f["form"],
                f["id"],
            ),
        ):
            term_sec = _add(lang_sec, "termSec")
            _add(term_sec, "term", form["form"])
            _status(term_sec, form["status"])
            _typed(term_sec, "termNote", "geographicalUsage", form["variety"])
            _typed(term_sec, "admin", "source", form["source"])
            if form["status"] == "proposed":
                _add(term_sec, "note", PROPOSED_NOTE)
            if form["attribution"]:
                _add(term_sec, "note", ATTRIBUTION_PREFIX + form["attribution"])
    return len(forms)


ByTerm = dict[int, list[dict[str, Any]]]


def exported_terms(
    db: Queryable, why_one: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], ByTerm, ByTerm]:
    """What a term export (TBX, LIFT) reads: the terms, their forms (reconstructions left
    out), the forms by term and the linked articles by term; an export of no term is refused
    (``why_one``: why the format needs one)."""
    terms = rows(db, "SELECT * FROM terms ORDER BY id")
    if not terms:
        raise GlossaryError(
            "there are no glossary terms to export", fix=f"import terms first; {why_one}"
        )
    forms = [
        f for f in rows(db, "SELECT * FROM term_forms ORDER BY id") if not is_reconstruction(f)
    ]
    by_term: ByTerm = {}
    for form in forms:
        by_term.setdefault(form["term_id"], []).append(form)
    links: ByTerm = {}
    for link in rows(db, "SELECT * FROM term_articles ORDER BY term_id, law, revision, article"):
        links.setdefault(link["term_id"], []).append(link)
    return terms, forms, by_term, links


def build_tbx(db: Queryable) -> ET.Element:
    """The TBX document as an element tree (root ``<tbx>``)."""
    terms, forms, by_term, linked = exported_terms(
        db, "a TBX file needs at least one concept entry"
    )
    links = {
        term_id: [f"{x['law']} ({x['revision']}) art. {x['article']}" for x in found]
        for term_id, found in linked.items()
    }

    root = ET.Element(
        "tbx",
        {"type": "TBX-Basic", "style": "dca", XML_LANG: "zh", "xmlns": TBX_NAMESPACE},
    )
    header = _add(root, "tbxHeader")
    file_desc = _add(header, "fileDesc")
    _add(_add(file_desc, "titleStmt"), "title", TITLE)
    source_desc = _add(file_desc, "sourceDesc")
    _add(
        source_desc,
        "p",
        f"Exported from the glossary database: {len(terms)} terms, {len(forms)} Bai forms.",
    )
    for credit in attributions(terms, forms):
        _add(source_desc, "p", credit)
    _add(_add(header, "encodingDesc"), "p", CONVENTIONS)

    body = _add(_add(root, "text"), "body")
    for term in terms:
        entry = _add(body, "conceptEntry", id=f"term-{term['id']}")
        _typed(entry, "descrip", "subjectField", term["domain"])
        if term["concepticon_id"]:
            _add(
                entry,
                "xref",
                f"Concepticon {term['concepticon_id']}",
                target=CONCEPTICON_URL.format(quote(str(term["concepticon_id"]), safe="")),
                type="externalCrossReference",
            )
        if term["english"]:
            _add(entry, "note", term["english"], **{XML_LANG: "en"})
        if term["id"] in links:
            _add(entry, "note", "Articles: " + "; ".join(links[term["id"]]))
        _han_lang_sec(entry, term)
        _bai_lang_secs(entry, by_term.get(term["id"], []))
    ET.indent(root, space="  ")
    return root


def _serialise(root: ET.Element) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def tbx_string(db: Queryable) -> str:
    """The TBX document as text."""
    return _serialise(build_tbx(db))


def export_tbx(
    db: Queryable,
    out: IO[str] | Path | str,
    progress: Progress | None = None,
    *,
    force: bool = False,
) -> int:
    """Write the terms as TBX-Basic to ``out`` (an open text file, or a path written as
    UTF-8 through :func:`~glossary.io.output.open_export`, ``force`` replacing an existing
    file); returns the number of concept entries (terms) written."""
    tell(progress, 0, 2, "reading the terms")
    root = build_tbx(db)
    tell(progress, 1, 2, "writing TBX")
    text = _serialise(root)
    write_text(out, text, db, force=force)
    tell(progress, 2, 2, "writing TBX")
    return len(root.findall("text/body/conceptEntry"))


__all__ = ["build_tbx", "export_tbx", "is_reconstruction", "language_tag", "tbx_string", "xml_text"]
