"""Each article hit says whether its text is in force; "in force only" keeps to those."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.lawtext.status import IN_FORCE, REPEALED, SUPERSEDED
from glossary.search import search
from glossary.store.db import open_db


@pytest.fixture(scope="module")
def db(search_db_path: Path):
    conn = open_db(search_db_path, read_only=True)
    yield conn
    conn.close()


def test_hits_carry_their_revisions_status(db) -> None:
    hits = search(db, "离婚", all_revisions=True, limit=200).hits
    statuses = {(h.law, h.revision): h.status for h in hits if h.kind == "article"}
    assert statuses[("hunyin-fa", "2001")] == REPEALED
    assert statuses[("minfadian", "2020")] == IN_FORCE
    older = search(db, "诉讼", law="minshi-susong-fa", all_revisions=True, limit=200).hits
    by_revision = {h.revision: h.status for h in older if h.kind == "article"}
    assert by_revision["2023"] == IN_FORCE
    assert by_revision["2021"] == SUPERSEDED


def test_in_force_only_leaves_out_repealed_and_older_texts(db) -> None:
    every = search(db, "离婚", all_revisions=True, limit=200).hits
    assert any(h.law == "hunyin-fa" for h in every)
    in_force = search(db, "离婚", all_revisions=True, in_force_only=True, limit=200).hits
    articles = [h for h in in_force if h.kind == "article"]
    assert articles
    assert all(h.status == IN_FORCE for h in articles)
    assert not any(h.law == "hunyin-fa" for h in articles)
