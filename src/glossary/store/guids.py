"""The stable GUID of a glossary term (a LIFT entry's ``guid``), defined once.

A term's GUID is the UUID 5 of its Han text in the glossary's namespace, so that every
database gives the same term the same GUID and an export imported into an empty store
exports the same GUIDs again; a term imported from a LIFT entry whose GUID is another (one
FLEx made) keeps that one in ``terms.guid`` (migration m010).
"""

from __future__ import annotations

import uuid
from typing import Any

from glossary.store.reader import Queryable

#: The glossary's UUID namespace (fixed: changing it would change every exported GUID).
NAMESPACE = uuid.UUID("55cedffc-4cff-4ae2-ac97-08ae538e6eb7")


def derived_guid(han: str) -> str:
    """The GUID a term has unless it keeps one of its own."""
    return str(uuid.uuid5(NAMESPACE, han))


def term_guid(term: dict[str, Any]) -> str:
    """The GUID of a stored term (a row of ``terms``)."""
    return str(term.get("guid") or derived_guid(term["han"]))


def sense_guid(entry_guid: str) -> str:
    """The GUID of a term's one sense, derived from its entry's."""
    return str(uuid.uuid5(uuid.UUID(entry_guid), "sense"))


def normal_guid(text: str) -> str | None:
    """A GUID as the store keeps it (lower case, hyphenated); None if it is not one."""
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        return None


def terms_by_guid(db: Queryable) -> dict[str, tuple[int, str]]:
    """Every stored term's GUID → (id, han)."""
    found = db.execute("SELECT id, han, guid FROM terms").fetchall()
    return {str(guid or derived_guid(han)): (term_id, han) for term_id, han, guid in found}


__all__ = ["derived_guid", "normal_guid", "sense_guid", "term_guid", "terms_by_guid"]
