"""Reading a TMX 1.4 translation memory back as clause pairs, for the one clause import.

Each ``<tu>`` gives one row per Bai ``<tuv>`` (``bca``, ``bfs``, ``bfc``; a regional tag
such as ``bca-CN`` counts as its language) with the Han ``<tuv>`` (``zh…``) as the han cell,
checked against the stored text. Where it goes:

- a unit with ``<prop type="x-glossary-key">law/revision/article/position</prop>`` (as
  `glossary export tmx` writes) goes to that 款/项;
- a unit without one (from another tool's memory) goes to the first 款/项 whose normalised
  Han (the translation memory's :func:`~glossary.han.text.han_key`) is the same, in the
  newest revision that has one, in document order; the translation memory then shows it,
  carried, at every other place with that text. A unit whose Han is nowhere is left out,
  with a warning.

Status, translator and alternative come from the ``<tuv>``'s ``x-glossary-status`` and
``x-glossary-alternative`` props and its ``changeid`` (else ``creationid``); absent, the
stored values stay (a new translation is a draft).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from glossary.errors import GlossaryError, location
from glossary.han.text import han_hash
from glossary.io.export_tmx import ALTERNATIVE_PROP, KEY_PROP, STATUS_PROP, XML_LANG
from glossary.io.markup import local_name, parse, text_of
from glossary.io.tabular import Row, Table
from glossary.io.vocabulary import article_number, parse_dialect
from glossary.store.reader import Queryable

HEADER = [
    "law",
    "revision",
    "article",
    "paragraph",
    "dialect",
    "han",
    "bai",
    "status",
    "translator",
    "alternative",
]
_LABEL = re.compile(r"^[（(][^）)]{1,6}[）)]")  # an item's label: （一）


def split_key(key: str) -> tuple[str, str, str, str] | None:
    """(law, revision, article, position) from ``law/revision/article/position``; the
    position may be empty (a whole article), a revision label may hold a slash."""
    parts = key.strip().split("/")
    if len(parts) < 4 or not all(parts[:-1]):
        return None
    return parts[0], "/".join(parts[1:-2]), parts[-2], parts[-1]


def props(element: etree._Element) -> dict[str, str]:
    return {p.get("type") or "": text_of(p) for p in element if local_name(p) == "prop"}


def place_of_text(db: Queryable, han: str) -> tuple[str, str, str, str] | None:
    """The key of the first 款/项 with this normalised Han, in the newest revision that has
    one, in document order."""
    keys = {han_hash(han), han_hash(_LABEL.sub("", han.strip()))}
    marks = ",".join("?" * len(keys))
    found = db.execute(
        "SELECT r.law, r.label, a.number, a.sub, p.position FROM paragraphs p "
        "JOIN articles a ON a.id = p.article_id JOIN revisions r ON r.id = a.revision_id "
        f"WHERE p.han_hash IN ({marks}) "
        "ORDER BY coalesce(r.decided_on, r.label) DESC, r.label DESC, r.law, a.number, a.sub, "
        "p.position LIMIT 1",
        sorted(keys),
    ).fetchone()
    if found is None:
        return None
    law, revision, number, sub, position = found
    return law, revision, article_number(number, sub), str(position)


class _Units:
    """The rows of a TMX's units, and notes on the units left out."""

    def __init__(self, db: Queryable, path: Path) -> None:
        self.db, self.path = db, path
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.unknown: set[str] = set()

    def add(self, tu: etree._Element) -> None:
        tuvs = [t for t in tu if local_name(t) == "tuv"]
        han_tuv = next((t for t in tuvs if (t.get(XML_LANG) or "").lower().startswith("zh")), None)
        line = tu.sourceline or 0
        if han_tuv is None:
            self.notes.append(f"line {line}: the unit has no Chinese (zh) text; left out")
            return
        han = text_of(next((s for s in han_tuv if local_name(s) == "seg"), None))
        key = self.key(tu, han, line)
        if key is None:
            return
        for tuv in tuvs:
            if tuv is not han_tuv:
                self.add_tuv(tuv, key, han)

    def key(self, tu: etree._Element, han: str, line: int) -> tuple[str, str, str, str] | None:
        named = props(tu).get(KEY_PROP)
        if named is not None:
            key = split_key(named)
            if key is None:
                raise GlossaryError(
                    f"the unit's {KEY_PROP} {named!r} is not law/revision/article/position",
                    location(self.path, line),
                    "correct the prop, or delete it to place the unit by its Han text",
                )
            return key
        key = place_of_text(self.db, han)
        if key is None:
            self.notes.append(f"line {line}: no stored 款/项 has the unit's Han text; left out")
        return key

    def add_tuv(self, tuv: etree._Element, key: tuple[str, str, str, str], han: str) -> None:
        lang = tuv.get(XML_LANG) or ""
        dialect = parse_dialect(lang.split("-")[0]) if lang else None
        if dialect is None:
            if lang not in self.unknown:
                self.unknown.add(lang)
                self.notes.append(f"language {lang!r} is not a Bai dialect; its texts are left out")
            return
        bai = text_of(next((s for s in tuv if local_name(s) == "seg"), None))
        if not bai:
            return
        found = props(tuv)
        translator = tuv.get("changeid") or tuv.get("creationid") or ""
        cells = [*key, dialect, han, bai, found.get(STATUS_PROP, ""), translator]
        self.rows.append(Row(tuv.sourceline or 0, [*cells, found.get(ALTERNATIVE_PROP, "")]))


def read_tmx(path: Path, db: Queryable) -> Table:
    """The TMX file as a table of clause pairs (see the module's docstring)."""
    root = parse(path, "tmx")
    units = _Units(db, path)
    for tu in root.iter("tu"):
        units.add(tu)
    return Table(
        path=path,
        encoding="tmx",
        delimiter=None,
        header=list(HEADER),
        header_line=root.sourceline or 1,
        rows=units.rows,
        notes=units.notes,
    )
