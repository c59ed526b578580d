"""The shape of a JSON export, and the check that names the first place it is broken.

A spec is a type (``str``, ``int``, ``float``, ``bool``), a tuple of specs (any of them;
``None`` for null), a frozenset (one of these strings), a one-item list (a list of that), or
a dict (an object with exactly these keys; ``ANY_OBJECT``: any object).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.lawtext.model import LEVELS
from glossary.store.schema import SYNONYM_KINDS
from glossary.store.translations import STATUSES

FIX = "correct the value, or export again with `glossary export json`"
MAX_INT = 2**31 - 1
ANY_OBJECT: dict[str, Any] = {}

TEXT = (str, None)
TERM_STATUS = frozenset({"preferred", "admitted", "deprecated", "proposed"})
RECORDING = {  # store.recordings; "file": the sound, relative to the JSON (None: not written)
    "sha256": str,
    "format": frozenset({"wav", "mp3", "flac", "vorbis"}),
    "duration": float,
    "size": int,
    "file_name": TEXT,
    "speaker": TEXT,
    "recorded_on": TEXT,
    "licence": TEXT,
    "source": TEXT,
    "file": TEXT,
}
TRANSLATION = {
    "dialect": str,
    "bai": str,
    "status": frozenset(STATUSES),
    "translator": TEXT,
    "note": TEXT,
    "source": TEXT,
    "created_at": TEXT,
    "updated_at": TEXT,
    # added after version 1 was first written: optional, so older exports still import
    "alternative?": bool,
    "reviewed_by?": TEXT,
    "reviewed_at?": TEXT,
    "recording?": RECORDING,
}
PARAGRAPH = {
    "position": int,
    "kind": frozenset({"paragraph", "item"}),
    "label": TEXT,
    "han": str,
    "translations": [TRANSLATION],
}
ARTICLE = {
    "number": int,
    "sub": int,
    "label": str,
    "division": TEXT,
    "paragraphs": [PARAGRAPH],
    "translations": [TRANSLATION],
}
DIVISION = {
    "path": str,
    "parent": TEXT,
    "level": frozenset(LEVELS),
    "number": int,
    "label": str,
    "title": str,
    "position": int,
}
REVISION = {
    "label": str,
    "decided_on": TEXT,
    "in_force_on": TEXT,
    "title": str,
    "part": TEXT,
    "source": TEXT,
    "layout": TEXT,
    "structure": [DIVISION],
    "articles": [ARTICLE],
}
LAW = {
    "slug": str,
    "name": str,
    "short_name": str,
    "aliases": [str],
    "kind": frozenset({"law", "collection"}),
    "status": frozenset({"in_force", "repealed"}),
    "in_force_on": TEXT,
    "repealed_on": TEXT,
    "repealed_by": TEXT,
    "successor": TEXT,
    "successor_part": TEXT,
    "successor_first": (int, None),
    "successor_last": (int, None),
    "revisions": [REVISION],
}
FORM = {
    "form": str,
    "script": frozenset({"latin", "ipa"}),
    "dialect": TEXT,
    "variety": TEXT,
    "status": TERM_STATUS,
    "source": TEXT,
    "attribution": TEXT,
    "recording?": RECORDING,
}
TERM = {
    "han": str,
    "pinyin": TEXT,
    "definition": TEXT,
    "domain": TEXT,
    "english": TEXT,
    "concepticon_id": TEXT,
    "status": TERM_STATUS,
    "source": TEXT,
    "attribution": TEXT,
    "note": TEXT,
    "created_at": TEXT,
    "updated_at": TEXT,
    "forms": [FORM],
    "articles": [{"law": str, "revision": str, "article": int}],
    # added after version 1 was first written: optional, so older exports still import
    "synonyms?": [{"word": str, "kind": frozenset(SYNONYM_KINDS), "note": TEXT, "source": TEXT}],
}
CONCORDANCE = {
    "from_law": str,
    "from_revision": str,
    "from_article": (int, None),
    "to_law": str,
    "to_revision": TEXT,
    "to_article": (int, None),
    "relation": str,
    "similarity": (float, None),
    "confidence": TEXT,
    "rank": int,
    "source": TEXT,
    "computed": bool,
    "verified": bool,
}
EXPORT = {
    "format": str,
    "format_version": int,
    "law": TEXT,
    "counts": ANY_OBJECT,
    "laws": [LAW],
    "terms": [TERM],
    "concordance": [CONCORDANCE],
}


def fail(path: Path, where: str, what: str) -> GlossaryError:
    """The one error for a broken place of the file: ``where`` is its JSON path."""
    return GlossaryError(f"{where}: {what}" if where else what, str(path), FIX)


def describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def check_shape(path: Path, value: Any, spec: Any, where: str = "") -> None:
    """Raise :func:`fail` at the first value that does not match ``spec``."""
    if isinstance(spec, dict):
        _check_object(path, value, spec, where)
    elif isinstance(spec, list):
        if not isinstance(value, list):
            raise fail(path, where, f"expected a list, found {describe(value)}")
        for n, item in enumerate(value):
            check_shape(path, item, spec[0], f"{where}[{n}]")
    elif not _matches(value, spec):
        raise fail(path, where, f"expected {_name(spec)}, found {describe(value)}")


def _check_object(path: Path, value: Any, spec: dict[str, Any], where: str) -> None:
    if not isinstance(value, dict):
        raise fail(path, where, f"expected an object, found {describe(value)}")
    if spec is ANY_OBJECT:
        return
    for name, inner in spec.items():
        key = name.removesuffix("?")  # "key?": may be missing
        at = f"{where}.{key}" if where else key
        if key not in value:
            if name.endswith("?"):
                continue
            raise fail(path, at, "missing")
        check_shape(path, value[key], inner, at)
    unknown = sorted(set(value) - {name.removesuffix("?") for name in spec})
    if unknown:
        at = f"{where}.{unknown[0]}" if where else unknown[0]
        raise fail(path, at, "not a key of a JSON export of this version")


def _matches(value: Any, spec: Any) -> bool:
    if isinstance(spec, tuple):
        return any(_matches(value, s) for s in spec)
    if spec is None:
        return value is None
    if isinstance(spec, frozenset):
        return isinstance(value, str) and value in spec
    if spec is bool:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if spec is int:
        return isinstance(value, int) and 0 <= value <= MAX_INT
    if spec is float:
        return isinstance(value, int | float) and abs(value) <= MAX_INT
    if spec is str:
        return isinstance(value, str) and _encodable(value)
    return False


def _encodable(text: str) -> bool:
    """Text SQLite can store (no lone surrogates from a ``\\ud800`` escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _name(spec: Any) -> str:
    if isinstance(spec, tuple):
        return " or ".join(_name(s) for s in spec)
    if isinstance(spec, frozenset):
        return "one of " + ", ".join(sorted(spec))
    return {None: "null", str: "a text", int: "a whole number ≥ 0", float: "a number"}.get(
        spec, "true or false"
    )


__all__ = ["EXPORT", "check_shape", "fail"]
