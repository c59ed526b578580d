"""A long Han phrase is first looked for run by run (search.fts.phrase_possible): one that
has a run of three characters nowhere in the articles asks FTS5 for no phrase holding it,
neither as typed nor as a forgiven typo — and every search finds what it found before.
On five texts of the real corpus; the queries are pieces of their articles, cut, joined
and mistyped at test time."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.han import to_simplified
from glossary.search import fts, fuzzy, search
from glossary.search.context import Context
from glossary.search.fts import RUN, phrase_possible
from glossary.store.db import open_db
from glossary.store.reader import Reader, open_reader
from test_history_undo import import_text


class Recording(Reader):
    """A reader that keeps the FTS5 expressions it was given for the articles' index."""

    def __init__(self, reader: Reader) -> None:
        super().__init__(reader.conn)
        self.asked: list[str] = []

    def execute(self, sql: str, parameters: Any = None) -> Any:
        if "article_search MATCH" in sql:
            self.asked.extend(p for p in parameters or () if isinstance(p, str))
        return super().execute(sql, parameters)


@pytest.fixture(scope="module")
def reader(search_db_path: Path) -> Iterator[Reader]:
    db = open_reader(search_db_path)
    yield db
    db.close()


@pytest.fixture(scope="module")
def texts(reader: Reader) -> list[str]:
    """Each 款/项 as its Han characters alone, simplified (what a mediator would type)."""
    rows = reader.execute("SELECT han FROM paragraphs ORDER BY id").fetchall()
    return ["".join(c for c in to_simplified(r[0]) if "\u4e00" <= c <= "\u9fff") for r in rows]


def found(db: Any, query: str) -> list[tuple[str, int, float, str]]:
    result = search(db, query, limit=20)
    return [(h.kind, h.id, round(h.score, 9), h.match) for h in result.hits]


@st.composite
def long_queries(draw: st.DrawFn, texts: list[str]) -> str:
    """A piece of an article, or two pieces joined, then perhaps one character replaced,
    dropped or doubled: phrases that are there, that are nowhere, and typos of both."""

    def piece() -> str:
        text = draw(st.sampled_from([t for t in texts if len(t) >= 4]))
        start = draw(st.integers(0, len(text) - 4))
        return text[start : start + draw(st.integers(4, min(9, len(text) - start)))]

    query = piece() if draw(st.booleans()) else piece()[:4] + piece()[:4]
    edit = draw(st.sampled_from(["none", "replace", "drop", "double"]))
    at = draw(st.integers(0, len(query) - 1))
    if edit == "replace":
        other = draw(st.sampled_from(sorted(set("".join(texts)))))  # any character in use
        query = query[:at] + other + query[at + 1 :]
    elif edit == "drop":
        query = query[:at] + query[at + 1 :]
    elif edit == "double":
        query = query[:at] + query[at] + query[at:]
    return query


def test_a_long_phrase_found_as_typed_or_forgiven_is_found_as_before(
    reader: Reader, texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every search gives the hits, in the order and with the scores, that it gave when
    every phrase went to FTS5 whole."""

    @settings(
        max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(query=long_queries(texts))
    def check(query: str) -> None:
        pruned = found(reader, query)
        with monkeypatch.context() as whole:
            whole.setattr(fts, "phrase_possible", lambda ctx, toks: True)
            whole.setattr(fuzzy, "phrase_possible", lambda ctx, toks: True)
            assert found(reader, query) == pruned, query

    check()


def in_articles(reader: Reader, chars: str) -> bool:
    return bool(
        reader.execute(
            "SELECT 1 FROM article_search WHERE article_search MATCH ? LIMIT 1",
            [fts.fts_phrase("han", list(chars))],
        ).fetchone()
    )


def phrases_asked(expression: str) -> list[str]:
    """The Han of each several-character phrase in an FTS5 expression (its pairs joined)."""
    out = []
    for inside in re.findall(r"han2 : \(([^)]*)\)", expression):
        pairs = re.findall(r'"([^"]*)"', inside)
        out.append("".join(p[0] for p in pairs) + pairs[-1][1:])
    return out


def test_a_phrase_that_is_nowhere_asks_fts5_for_nothing_holding_its_missing_run(
    reader: Reader, texts: list[str]
) -> None:
    ctx = Context.open(reader)
    pieces = [t[:4] for t in texts if len(t) >= 4]
    joined = next(  # two pieces of the corpus, joined where no article joins them
        a + b for a in pieces for b in pieces if not phrase_possible(ctx, list(a + b))
    )
    runs = [joined[i : i + RUN] for i in range(len(joined) - RUN + 1)]
    missing = [run for run in runs if not in_articles(reader, run)]
    assert missing
    recording = Recording(reader)
    search(recording, joined, limit=20)
    expressions = recording.asked
    looked_for = {fts.fts_phrase("han", list(run)) for run in runs}
    asked = [h for e in expressions if e not in looked_for for h in phrases_asked(e)]
    assert asked, "the search asked FTS5 for no phrase"
    assert not [h for h in asked if any(run in h for run in missing)]


def test_a_run_is_looked_for_once_while_the_data_stays(reader: Reader, texts: list[str]) -> None:
    """Typing a long phrase key by key asks for each run once (the connection's cache)."""
    query = next(t for t in texts if len(t) >= 8)[:8]
    recording = Recording(reader)
    for end in range(1, len(query) + 1):
        search(recording, query[:end], limit=20)
    runs = recording.asked
    run_phrases = {fts.fts_phrase("han", list(query[i : i + RUN])) for i in range(len(query) - 2)}
    asked_runs = [p for p in runs if p in run_phrases]
    assert sorted(asked_runs) == sorted(set(asked_runs)), "a run was looked for twice"
    assert len(set(asked_runs)) == len(query) - RUN + 1  # each run of the eight characters


NEW_LAW = """# 中华人民共和国测试长句法

2020年5月1日 第一届测试代表大会第二次会议通过

<!-- INFO END -->

第一条 测试委员会应当审查测试长句。
"""


def test_a_phrase_ruled_out_is_found_once_a_law_holding_it_is_imported(
    search_db_path: Path, tmp_path: Path
) -> None:
    """What a run's absence rules out is forgotten when the data changes (another
    connection's import: the app keeps its reader open while editors import)."""
    path = tmp_path / "glossary.sqlite"
    shutil.copy(search_db_path, path)
    reader = open_reader(path)
    try:
        assert not [h for h in search(reader, "委员会应当审查测试").hits if h.kind == "article"]
        writer = open_db(path)
        import_text(writer, tmp_path, NEW_LAW)
        writer.close()
        hits = [h for h in search(reader, "委员会应当审查测试").hits if h.kind == "article"]
        assert [(h.law_name, h.article, h.match) for h in hits][:1] == [("测试长句法", 1, "exact")]
    finally:
        reader.close()
