"""``glossary export lift``: the glossary as a LIFT 0.13 lexicon, as SIL FieldWorks (FLEx)
reads and writes one.

One ``<entry>`` per glossary term, with its stable GUID (:mod:`glossary.store.guids`),
``id`` (Han_GUID, as FLEx writes ids), ``dateCreated`` and ``dateModified``:

* ``<lexical-unit>``: one Bai form per writing system (:func:`writing_system`: a dialect and a
  script, e.g. ``bca-Latn``, ``bfs-fonipa``); the term's other forms in the same writing
  system are ``<variant>``\\ s (FLEx: allomorphs). A form carries its variety, status,
  source and attribution as ``<annotation>``\\ s (a variety such as Jianchuan has no BCP 47
  subtag: no region subtag names a county, and a private-use subtag is at most 8 letters);
* ``<trait name="glossary-status">``; ``<field>``\\ s pinyin, articles (law:revision:article)
  and concepticon; ``<note>``\\ s: the term's note, ``source``, ``attribution``, and
  ``bibliography``: the credit the CC-BY word lists its forms come from require;
* one ``<sense>``: the Han term as ``<gloss lang="zh-Hans">``, the English gloss ``en``, the
  definition, the domain as ``<trait name="domain-type">``, and up to :data:`MAX_EXAMPLES`
  ``<example>``\\ s: paragraphs of the laws that contain the term (those with Bai first, and
  those of the articles the term is linked to), the Han with a ``Free translation`` per
  dialect. Examples are read from the articles: an import does not write them back.

Recordings of term forms (store.recordings) are forms in an audio writing system
(``bca-Zxxx-x-audio``) beside the form they record, the text the sound file's name; the files
go into ``audio/`` beside the LIFT file, as FLEx keeps them (:func:`export_lift`).

Reconstructed Proto-Bai forms are left out (as in TBX). Written with lxml in a fixed order:
the same database always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from lxml import etree

from glossary import __version__
from glossary.io.export_tbx import (
    DIALECT_ORDER,
    STATUS_ORDER,
    attributions,
    exported_terms,
    xml_text,
)
from glossary.io.output import write_text
from glossary.progress import Progress, tell
from glossary.store.guids import sense_guid, term_guid
from glossary.store.queries import rows
from glossary.store.reader import Queryable

LIFT_VERSION = "0.13"
HAN_LANG = "zh-Hans"
EN = "en"
PINYIN_LANG = "zh-Latn-pinyin"
#: Bai of no known dialect: ``und`` with a private-use subtag (as in the TBX export).
UNKNOWN = "und"
PRIVATE_BAI = "x-bai"
SCRIPT_SUBTAG = {"latin": "Latn", "ipa": "fonipa"}
AUDIO_SUBTAGS = "Zxxx-x-audio"
STATUS_TRAIT = "glossary-status"
DOMAIN_TRAIT = "domain-type"
TRANSLATION_TYPE = "Free translation"
MAX_EXAMPLES = 3
#: Per-form annotations: those with a short value, and those with a text.
FORM_VALUES = ("variety", "status")
FORM_TEXTS = ("source", "attribution")
#: The entry's fields (declared in the header): type → (writing system, what it holds).
FIELDS = {
    "pinyin": (PINYIN_LANG, "Hanyu Pinyin of the Han term"),
    "articles": (EN, "Articles the term is linked to: law:revision:article; …"),
    "concepticon": (EN, "The Concepticon concept id of the term"),
}
#: The entry's notes: note type (None: a general note) → the term's column.
NOTES = {None: "note", "source": "source", "attribution": "attribution"}
CREDIT_NOTE = "bibliography"
STATUSES = ("preferred", "admitted", "proposed", "deprecated")
CONVENTIONS = (
    "Writing systems: bca, bfs, bfc = Central, Southern, Northern Bai; -Latn = the Bai Latin "
    "orthography, -fonipa = IPA, -Zxxx-x-audio = a recording; und-…-x-bai = Bai of no known "
    f"dialect. {HAN_LANG} = the Han term, definition and law text; {PINYIN_LANG} = pinyin. "
    "A form's variety, status, source and attribution are annotations of the form; the "
    f"term's status is the trait {STATUS_TRAIT}; examples are law paragraphs that contain "
    "the term, with their Bai as free translations."
)

#: A recordings query: a form's row → its recordings (dicts with at least ``href``: the
#: file's name in the ``audio`` folder beside the LIFT file, and ``dialect``).
RecordingsOf = Callable[[dict[str, Any]], list[dict[str, Any]]]


def writing_system(dialect: str | None, script: str) -> str:
    """The BCP 47 tag of a Bai form: ``bca-Latn``, ``bfs-fonipa``, ``bca-Zxxx-x-audio``
    (script ``audio``), ``und-Latn-x-bai`` for Bai of no known dialect."""
    base = (dialect or "").strip().lower()
    known = base in DIALECT_ORDER
    subtag = AUDIO_SUBTAGS if script == "audio" else SCRIPT_SUBTAG[script]
    if known:
        return f"{base}-{subtag}"
    if script == "audio":
        return f"{UNKNOWN}-Zxxx-{PRIVATE_BAI}-audio"
    return f"{UNKNOWN}-{subtag}-{PRIVATE_BAI}"


def read_writing_system(tag: str) -> tuple[str | None, str] | None:
    """(dialect or None, script: latin | ipa | audio) of a Bai writing system; None for a
    tag that is not one (another language). The inverse of :func:`writing_system`, and
    lenient as FLEx projects are: ``bca`` alone is Latin, ``bca-Latn-x-…`` too."""
    parts = tag.strip().lower().split("-")
    if not parts or not parts[0]:
        return None
    private = parts[parts.index("x") + 1 :] if "x" in parts else []
    public = parts[: parts.index("x")] if "x" in parts else parts
    if public[0] in DIALECT_ORDER:
        dialect: str | None = public[0]
    elif public[0] == UNKNOWN and "bai" in private:
        dialect = None
    else:
        return None
    if "zxxx" in public or "audio" in private:
        return dialect, "audio"
    if "fonipa" in public or "ipa" in private:
        return dialect, "ipa"
    if len(public) == 1 or public[1] == "latn":
        return dialect, "latin"
    return None


def lift_date(stamp: str | None) -> str | None:
    """A stored timestamp as LIFT writes it (``2024-05-01T08:00:00Z``); None if it is none."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: Any, element_name: str, text: Any = None, /, **attrs: Any) -> Any:
    element = etree.SubElement(parent, element_name)
    for name, value in attrs.items():
        if value is not None:
            element.set(name, xml_text(value))
    if text is not None:
        element.text = xml_text(text)
    return element


def _multitext(parent: Any, lang: str, text: str) -> Any:
    """``<form lang="…"><text>…</text></form>`` in ``parent``."""
    form = _add(parent, "form", lang=lang)
    _add(form, "text", text)
    return form


def _bai_form(parent: Any, form: dict[str, Any]) -> None:
    element = _multitext(parent, writing_system(form["dialect"], form["script"]), form["form"])
    for name in FORM_VALUES:
        if form.get(name):
            _add(element, "annotation", name=name, value=form[name])
    for name in FORM_TEXTS:
        if form.get(name):
            _multitext(_add(element, "annotation", name=name), EN, form[name])


def audio_forms(parent: Any, recordings: list[dict[str, Any]]) -> None:
    """A recording of a form as FLEx keeps one: a form in the audio writing system of its
    dialect whose text is the file's name (in the ``audio`` folder beside the LIFT).
    One per writing system (LIFT: one form per lang in a multitext): the first."""
    seen = {f.get("lang") for f in parent.findall("form")}
    for recording in recordings:
        lang = writing_system(recording.get("dialect"), "audio")
        if lang not in seen:
            seen.add(lang)
            _multitext(parent, lang, recording["href"])


def _form_order(form: dict[str, Any]) -> tuple[Any, ...]:
    return (
        DIALECT_ORDER.get(form["dialect"] or "", 3),
        0 if form["script"] == "latin" else 1,
        STATUS_ORDER.get(form["status"], 9),
        form["variety"] or "",
        form["form"],
        form["id"],
    )


def _forms(entry: Any, forms: list[dict[str, Any]], recordings_of: RecordingsOf | None) -> None:
    """The lexical unit (the first form per writing system) and the variants (the rest)."""
    head: dict[str, dict[str, Any]] = {}
    rest = []
    for form in sorted(forms, key=_form_order):
        lang = writing_system(form["dialect"], form["script"])
        if lang in head:
            rest.append(form)
        else:
            head[lang] = form
    if head:
        unit = _add(entry, "lexical-unit")
        for form in head.values():
            _bai_form(unit, form)
        if recordings_of is not None:
            audio_forms(unit, [r for f in head.values() for r in recordings_of(f)])
    for form in rest:
        variant = _add(entry, "variant")
        _bai_form(variant, form)
        if recordings_of is not None:
            audio_forms(variant, recordings_of(form))


def _note(parent: Any, kind: str | None, text: str) -> None:
    _multitext(_add(parent, "note", type=kind), EN, text)


def _entry_fields(entry: Any, term: dict[str, Any], links: list[str]) -> None:
    _add(entry, "trait", name=STATUS_TRAIT, value=term["status"])
    values = {
        "pinyin": term["pinyin"],
        "articles": "; ".join(links),
        "concepticon": term["concepticon_id"],
    }
    for kind, (lang, _what) in FIELDS.items():
        if values[kind]:
            _multitext(_add(entry, "field", type=kind), lang, values[kind])


def _sense(entry: Any, term: dict[str, Any], guid: str, examples: list[dict[str, Any]]) -> None:
    sense = _add(entry, "sense", id=sense_guid(guid))
    _add(_add(sense, "gloss", lang=HAN_LANG), "text", term["han"])
    if term["english"]:
        _add(_add(sense, "gloss", lang=EN), "text", term["english"])
    if term["definition"]:
        _multitext(_add(sense, "definition"), HAN_LANG, term["definition"])
    if term["domain"]:
        _add(sense, "trait", name=DOMAIN_TRAIT, value=term["domain"])
    for example in examples:
        element = _add(sense, "example", source=example["source"])
        _multitext(element, HAN_LANG, example["han"])
        if example["bai"]:
            translation = _add(element, "translation", type=TRANSLATION_TYPE)
            for dialect, bai in example["bai"]:
                _multitext(translation, writing_system(dialect, "latin"), bai)


def _header(root: Any, terms: list[dict[str, Any]], forms: list[dict[str, Any]]) -> None:
    header = _add(root, "header")
    description = _add(header, "description")
    credits = [
        f"白汉法律术语表 Bai–Chinese legal glossary: {len(terms)} terms, {len(forms)} Bai forms.",
        *attributions(terms, forms),
        CONVENTIONS,
    ]
    _multitext(description, EN, "\n".join(credits))
    ranges = _add(header, "ranges")
    status = _add(ranges, "range", id=STATUS_TRAIT)
    for value in STATUSES:
        _multitext(_add(_add(status, "range-element", id=value), "label"), EN, value)
    fields = _add(header, "fields")
    for kind, (_lang, what) in FIELDS.items():
        _multitext(_add(fields, "field", tag=kind), EN, what)


def term_examples(db: Queryable, terms: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Up to :data:`MAX_EXAMPLES` paragraphs per term that contain its Han: translated ones
    first, then those of the articles it is linked to; each with its Bai per dialect."""
    clause_sql = """
        SELECT p.id, l.slug AS law, r.label AS revision, a.number AS article, p.position,
               p.han
          FROM paragraphs p
          JOIN articles a ON a.id = p.article_id
          JOIN revisions r ON r.id = a.revision_id
          JOIN laws l ON l.slug = r.law
    """
    order = " ORDER BY l.slug, r.label, a.number, a.sub, p.position"
    translated = rows(
        db,
        clause_sql
        + " WHERE EXISTS (SELECT 1 FROM translations t WHERE t.paragraph_id = p.id)"
        + order,
    )
    bai: dict[int, list[tuple[str, str]]] = {}
    for t in rows(
        db,
        "SELECT paragraph_id, dialect, bai FROM translations "
        "WHERE paragraph_id IS NOT NULL ORDER BY paragraph_id, dialect",
    ):
        bai.setdefault(t["paragraph_id"], []).append((t["dialect"], t["bai"]))
    linked: dict[int, list[dict[str, Any]]] = {}
    for link in rows(
        db,
        clause_sql.replace("FROM paragraphs p", ", ta.term_id FROM paragraphs p")
        + " JOIN term_articles ta ON ta.law = l.slug AND ta.revision = r.label "
        "AND ta.article = a.number" + order,
    ):
        linked.setdefault(link["term_id"], []).append(link)
    out: dict[int, list[dict[str, Any]]] = {}
    for term in terms:
        han = term["han"]
        chosen: dict[int, dict[str, Any]] = {}
        for para in [*translated, *linked.get(term["id"], [])]:
            if len(chosen) >= MAX_EXAMPLES:
                break
            if han in para["han"] and para["id"] not in chosen:
                source = f"{para['law']}:{para['revision']}:{para['article']}"
                chosen[para["id"]] = {
                    "source": f"{source}:{para['position']}",
                    "han": para["han"],
                    "bai": sorted(
                        bai.get(para["id"], []), key=lambda d: DIALECT_ORDER.get(d[0], 3)
                    ),
                }
        out[term["id"]] = list(chosen.values())
    return out


def build_lift(db: Queryable, recordings_of: RecordingsOf | None = None) -> Any:
    """The LIFT document (root ``<lift>``). ``recordings_of``: the recordings of a form
    (:func:`form_recordings`; None: none)."""
    terms, forms, by_term, linked = exported_terms(
        db, "a LIFT lexicon for FLEx needs at least one entry"
    )
    links = {
        term_id: [f"{x['law']}:{x['revision']}:{x['article']}" for x in found]
        for term_id, found in linked.items()
    }
    examples = term_examples(db, terms)
    root = etree.Element("lift", version=LIFT_VERSION, producer=f"glossary {__version__}")
    _header(root, terms, forms)
    for term in terms:
        guid = term_guid(term)
        entry = _add(
            root,
            "entry",
            id=f"{term['han']}_{guid}",
            guid=guid,
            dateCreated=lift_date(term["created_at"]),
            dateModified=lift_date(term["updated_at"]),
        )
        own = by_term.get(term["id"], [])
        _forms(entry, own, recordings_of)
        _entry_fields(entry, term, links.get(term["id"], []))
        for kind, column in NOTES.items():
            if term[column]:
                _note(entry, kind, term[column])
        credits = attributions([], own)
        if credits:
            _note(entry, CREDIT_NOTE, "\n".join(credits))
        _sense(entry, term, guid, examples.get(term["id"], []))
    return root


def lift_string(db: Queryable, recordings_of: RecordingsOf | None = None) -> str:
    """The LIFT document as text."""
    return _serialise(build_lift(db, recordings_of))


def _serialise(root: Any) -> str:
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


AUDIO_FOLDER = "audio"  # where FLEx looks for a LIFT's sounds: the folder beside it


def form_recordings(db: Queryable) -> tuple[RecordingsOf, dict[str, str]]:
    """The recordings of term forms as :func:`audio_forms` takes them (the file named by
    its content, as the JSON export names it), and file name → hash of every one handed out,
    for writing the sounds."""
    from glossary.io.export_json import audio_file_name

    by_form = {
        r["term_form_id"]: r
        for r in rows(db, "SELECT * FROM recordings WHERE term_form_id IS NOT NULL")
    }
    files: dict[str, str] = {}

    def of(form: dict[str, Any]) -> list[dict[str, Any]]:
        found = by_form.get(form["id"])
        if found is None:
            return []
        name = audio_file_name(found)
        files[name] = found["sha256"]
        return [{"dialect": form["dialect"], "href": name}]

    return of, files


def export_lift(
    db: Queryable,
    out: IO[str] | Any,
    progress: Progress | None = None,
    *,
    force: bool = False,
) -> int:
    """Write the glossary as LIFT 0.13 to ``out`` (an open text file, or a path written
    whole through :func:`~glossary.io.output.write_text`); returns the number of entries.
    Written to a file, the term forms' recordings go into ``audio/`` beside it, as forms in
    the audio writing system; to a stream (no folder to put them in) they are left out."""
    from glossary.store.recordings import recording_data

    tell(progress, 0, 2, "reading the terms")
    path = Path(out) if isinstance(out, str | Path) else None
    recordings_of, files = form_recordings(db) if path is not None else (None, {})
    root = build_lift(db, recordings_of)
    tell(progress, 1, 2, "writing LIFT")
    write_text(out, _serialise(root), db, force=force)
    if path is not None and files:
        folder = path.parent / AUDIO_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for name, sha256 in files.items():
            target = folder / name
            if not target.exists():  # named by content: one already there is the same
                target.write_bytes(recording_data(db, sha256))
    tell(progress, 2, 2, "writing LIFT")
    return len(root.findall("entry"))


__all__ = [
    "audio_forms",
    "build_lift",
    "export_lift",
    "lift_date",
    "lift_string",
    "read_writing_system",
    "writing_system",
]
