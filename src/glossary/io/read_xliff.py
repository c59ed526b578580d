"""Reading an XLIFF 1.2 file back as clause pairs, for the one clause import.

Each ``<trans-unit>`` with a target becomes one row — law, revision, article, paragraph
(from its ``resname``, else its ``id``: ``law/revision/article/position``), dialect (the
``<file>``'s ``target-language``), han (the source: checked against the stored text), bai
(the target), status (from the target's ``state``) — at the unit's line. The rows then go
through the same checks, dry run, batch, history and undo as a CSV's.

Left out: a unit without a target or with an empty one (nothing written there), and a
carried translation left as exported — the target still marked
``needs-review-translation``/``exact-match`` and equal to the carried ``<alt-trans>``
(see :mod:`glossary.io.export_xliff`). Edited, or confirmed (any other state), it is a row,
and becomes the place's own translation.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossary.errors import GlossaryError, location
from glossary.io.export_xliff import (
    CARRIED_ORIGIN,
    CARRIED_QUALIFIER,
    CARRIED_STATE,
    STATUS_OF_STATE,
    XLIFF_NAMESPACE,
)
from glossary.io.markup import local_name, parse, text_of
from glossary.io.tabular import Row, Table

#: The clause-pair columns the rows fill (names of :data:`~glossary.io.vocabulary.CLAUSE_COLUMNS`).
HEADER = ["law", "revision", "article", "paragraph", "dialect", "han", "bai", "status"]


def split_key(key: str) -> tuple[str, str, str, str] | None:
    """(law, revision, article, position) from ``law/revision/article/position``; a
    revision label may itself hold a slash."""
    parts = key.strip().split("/")
    if len(parts) < 4 or not all(parts):
        return None
    return parts[0], "/".join(parts[1:-2]), parts[-2], parts[-1]


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local_name(c) == name]


def untouched_carried(unit: etree._Element, target: etree._Element) -> bool:
    """Whether the target is a carried translation left as it was exported."""
    if target.get("state") != CARRIED_STATE or target.get("state-qualifier") != CARRIED_QUALIFIER:
        return False
    text = text_of(target)
    return any(
        (alt.get("origin") or "").startswith(CARRIED_ORIGIN)
        and any(text_of(t) == text for t in _children(alt, "target"))
        for alt in _children(unit, "alt-trans")
    )


def unit_row(unit: etree._Element, dialect: str, path: Path) -> Row | None:
    """The clause-pair row of one trans-unit, or None when it has nothing to import."""
    targets = _children(unit, "target")
    if not targets or not text_of(targets[0]) or untouched_carried(unit, targets[0]):
        return None
    target = targets[0]
    name = unit.get("resname") or unit.get("id") or ""
    key = split_key(name)
    if key is None:
        raise GlossaryError(
            f"the trans-unit {name!r} does not name a 款/项 (law/revision/article/position)",
            location(path, unit.sourceline),
            "import only XLIFF written by `glossary export xliff` (its units keep their id)",
        )
    law, revision, article, position = key
    status = STATUS_OF_STATE.get(target.get("state") or "", "")
    han = text_of(_children(unit, "source")[0]) if _children(unit, "source") else ""
    return Row(
        unit.sourceline or 0,
        [law, revision, article, position, dialect, han, text_of(target), status],
    )


def read_xliff(path: Path) -> Table:
    """The XLIFF file as a table of clause pairs (see the module's docstring)."""
    root = parse(path, "xliff")
    if root.nsmap.get(root.prefix) != XLIFF_NAMESPACE or root.get("version") != "1.2":
        raise GlossaryError(
            f"not XLIFF 1.2 (version {root.get('version')!r})",
            location(path, root.sourceline),
            "export XLIFF 1.2 from the CAT tool (OmegaT, memoQ and Trados all write it)",
        )
    rows = []
    for file in root.iter(f"{{{XLIFF_NAMESPACE}}}file"):
        dialect = (file.get("target-language") or "").split("-")[0]  # bca-CN: bca
        for unit in file.iter(f"{{{XLIFF_NAMESPACE}}}trans-unit"):
            row = unit_row(unit, dialect, path)
            if row is not None:
                rows.append(row)
    return Table(
        path=path,
        encoding="xliff",
        delimiter=None,
        header=list(HEADER),
        header_line=root.sourceline or 1,
        rows=rows,
    )
