"""Migration m010: stable GUIDs of glossary terms, for LIFT (FieldWorks) exchange.

A term's GUID is derived from its Han text (:mod:`glossary.store.guids`) unless the term came
from a LIFT entry with a GUID of its own (an entry FLEx created): that one is kept in
``terms.guid``, so that exporting the term gives FLEx back the GUID it knows.
"""

from __future__ import annotations

from sqlite_utils import Database


def m010_term_guids(db: Database) -> None:
    """``terms.guid``: the GUID of a LIFT entry the term was imported from, where it is not
    the one derived from the term's Han (NULL: the derived one)."""
    db.executescript(
        """
        ALTER TABLE terms ADD COLUMN guid TEXT;
        CREATE UNIQUE INDEX terms_guid ON terms (guid) WHERE guid IS NOT NULL;
        """
    )
