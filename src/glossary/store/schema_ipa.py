"""Migration m011: IPA forms get search keys (their machine respelling, bai.ipa).

Terms indexed before this had keys for their Latin forms only; every term with an IPA form
is marked for re-indexing, which ``upgrade`` does in the same run (store.search_index)."""

from __future__ import annotations

from sqlite_utils import Database


def m011_ipa_search_keys(db: Database) -> None:
    db.execute(
        "INSERT OR IGNORE INTO search_dirty "
        "SELECT DISTINCT 'term', term_id FROM term_forms WHERE script = 'ipa'"
    )
