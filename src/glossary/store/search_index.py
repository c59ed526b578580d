"""Keeping the search index in step with the store: the store writes it, search reads it.

Triggers list changed articles and terms in ``search_dirty``; :func:`refresh` rebuilds
their rows (pinyin in context, Bai search keys, typo variants). ``write_transaction`` calls
it before every commit, so the index is never behind what a reader can see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from glossary.han import (
    bigrams,
    deletion_variants,
    han_index_text,
    han_pinyin,
    initials,
    is_han,
    plain_pinyin,
    tokens,
)
from glossary.lawtext.labels import PARAGRAPH_TEXT_SQL
from glossary.store.plain_tokens import plain_han
from glossary.store.usual_readings import UsualReadings

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glossary.store.reader import Queryable


def _lines(rows: Iterable[tuple[int, str]]) -> dict[int, str]:
    """(article id, line) rows in order → each article's text, one line per 款/项."""
    lines: dict[int, list[str]] = {}
    for article_id, line in rows:
        lines.setdefault(article_id, []).append(line)
    return {article_id: "\n".join(parts) for article_id, parts in lines.items()}


def article_display_texts(db: Queryable, article_ids: list[int]) -> dict[int, str]:
    """The text a hit shows and its spans point into — one line per 款/项, labels
    included — for several articles in one query. What is indexed is this same text."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    return _lines(
        db.execute(
            f"SELECT article_id, {PARAGRAPH_TEXT_SQL} FROM paragraphs "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, position",
            list(article_ids),
        )
    )


def article_display_text(db: Queryable, article_id: int) -> str | None:
    return article_display_texts(db, [article_id]).get(article_id)


def bai_keys(texts: Iterable[str], ipa: Iterable[str] = ()) -> tuple[str, str]:
    """Bai search keys without and with tones, for the bai and bai_tone columns: of Latin
    texts, then of IPA forms through their machine respelling (bai.ipa; a form it cannot
    respell has no key)."""
    pairs = [_latin_keys(t) for t in texts if t]
    pairs += [k for k in (_ipa_keys(f) for f in ipa if f) if k is not None]
    if not pairs:
        return "", ""
    return " | ".join(k for k, _ in pairs), " | ".join(t for _, t in pairs)


@lru_cache(maxsize=65536)
def _latin_keys(text: str) -> tuple[str, str]:
    from glossary.bai.orthography import search_key, tone_key

    return search_key(text), tone_key(text)


@lru_cache(maxsize=65536)
def _ipa_keys(text: str) -> tuple[str, str] | None:
    from glossary.bai.ipa import ipa_keys

    return ipa_keys(text)


Vocab = set[tuple[str, str]]  # (kind, token): ("pinyin", "hun"), ("bai", "ngv"), ("han2", "离婚")


@dataclass(frozen=True)
class HanColumns:
    """A text's Han and pinyin columns: tokens, and their bigrams (computed once per
    distinct text: the same 款 recurs in every revision of a law)."""

    han: str
    han2: str
    py: str
    py2: str
    syllables: tuple[str, ...]  # every reading met, for the vocabulary
    vocab: frozenset[tuple[str, str]]


@lru_cache(maxsize=8192)
def _han_columns(text: str) -> HanColumns:
    toks = tokens(text)
    context, alternative = han_pinyin(toks)
    words = [t.text for t in toks]
    han = han_index_text(toks)
    syllables = (*context, *alternative)
    found = {("pinyin", s) for s in syllables if s.isalpha()}
    found |= {("han", t) for t in han.split() if is_han(t)}
    found |= {("han2", pair) for pair in bigrams(han.split())}  # pinyin's way in (m021)
    return HanColumns(
        han=han,
        han2=" ".join(bigrams(words)),
        py=" ".join(context),
        py2=" ".join(bigrams(context)),
        syllables=syllables,
        vocab=frozenset(found),
    )


def _bai_vocab(bai: str) -> Vocab:
    return {("bai", s) for s in bai.split() if s.isalpha()}


def _vocab(columns: HanColumns, bai: str) -> Vocab:
    return set(columns.vocab) | _bai_vocab(bai)


_CHUNK = 500  # rows indexed per statement (well under SQLite's limit of bound values)


def _chunks(ids: list[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        yield chunk, ",".join("?" * len(chunk))


def _grouped(db: Database | Queryable, sql: str, params: list[int]) -> dict[int, list[Any]]:
    """Rows of (owner id, value…) grouped by owner, in the query's order."""
    out: dict[int, list[Any]] = defaultdict(list)
    for owner, *values in db.execute(sql, params):
        out[owner].append(values[0] if len(values) == 1 else tuple(values))
    return out


def _article_bai(db: Database | Queryable, chunk: list[int], marks: str) -> dict[int, list[str]]:
    return _grouped(
        db,
        f"SELECT article_id, bai FROM translations WHERE article_id IN ({marks}) "
        "ORDER BY article_id, dialect, paragraph_id",
        chunk,
    )


def _articles_columns(
    db: Database | Queryable, chunk: list[int], marks: str
) -> dict[int, tuple[HanColumns, str, str]]:
    """The Han columns and Bai keys of the articles of ``chunk`` that still exist."""
    bai = _article_bai(db, chunk, marks)
    return {
        article_id: (_han_columns(text), *bai_keys(bai.get(article_id, ())))
        for article_id, text in article_display_texts(db, chunk).items()
    }


def _pairs(column: str) -> str:
    """The han2/py2 column of a han/py column: what the view article_search_source
    computes in SQL (store.schema_search.pairs_sql) for readers."""
    return " ".join(bigrams(column.split()))


_ARTICLE_ROW = "?, ?, ?, ?, ?, ?, ?"


def _index_rows(stored: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows (id, han, py, bai, bai_tone) as the index's columns, with their pairs."""
    return [(i, han, _pairs(han), py, _pairs(py), bai, tone) for i, han, py, bai, tone in stored]


def _indexed_rows(
    db: Database, chunk: list[int], marks: str, readings: UsualReadings, texts: dict[int, str]
) -> dict[int, tuple[tuple[Any, ...], str, str]]:
    """id → (the row of article_search_text, the Han and pinyin columns it was indexed with)
    for the articles of ``chunk`` in the index: its Han derived from the text it had (the
    lines the triggers kept, else its text now) unless given, its pinyin spelled out."""
    old_texts = _lines(
        db.execute(
            f"SELECT article_id, line FROM article_search_old_text WHERE article_id IN ({marks}) "
            "ORDER BY article_id, position",
            chunk,
        )
    )
    out = {}
    for row in db.execute(
        "SELECT id, han_given, py_other, bai, bai_tone FROM article_search_text "
        f"WHERE id IN ({marks})",
        chunk,
    ):
        han = row[1]
        if han is None:
            text = old_texts.get(row[0], texts.get(row[0]))
            if text is None:  # its 款/项 went unseen: the triggers were bypassed
                raise RuntimeError(f"article {row[0]}: the text it was indexed with is unknown")
            han = plain_han(text)
        out[row[0]] = (row, han, readings.spelled_out(han, row[2]))
    return out


def index_articles(db: Database, article_ids: list[int]) -> Vocab:
    """(Re)index these articles, a few hundred per statement; returns their vocabulary.

    An old row is taken out of the index with the values it was indexed with, as the view
    article_search_source derives them (store.schema_search) from what article_search_text
    keeps and the text the article had. An article whose Han is as indexed (its
    translations changed: a worksheet, a save in the app) keeps its pinyin, and one where
    nothing changed keeps its row."""
    vocab: Vocab = set()
    if not article_ids:
        return vocab
    readings = UsualReadings(db)
    counted: dict[int, HanColumns] = {}  # whose vocabulary is in (the same 款 recurs), held
    for chunk, marks in _chunks(article_ids):
        texts = article_display_texts(db, chunk)
        old = _indexed_rows(db, chunk, marks, readings, texts)
        bai = _article_bai(db, chunk, marks)
        stored, indexed = [], []
        for article_id, text in texts.items():
            keys = bai_keys(bai.get(article_id, ()))
            vocab |= _bai_vocab(keys[0])
            prior, prior_han, prior_py = old.get(article_id, ((), "", ""))
            if prior and prior_han == han_index_text(tokens(text)):
                han, han2, py, py2 = prior_han, _pairs(prior_han), prior_py, _pairs(prior_py)
                others = prior[2]
            else:
                cols = _han_columns(text)
                if id(cols) not in counted:
                    counted[id(cols)] = cols
                    vocab |= cols.vocab
                han, han2, py, py2 = cols.han, cols.han2, cols.py, cols.py2
                others = readings.others(han, py)
            given = None if plain_han(text) == han else han
            row = (article_id, given, others, *keys)
            if row == prior and (prior_han, prior_py) == (han, py):
                del old[article_id]
                continue
            stored.append(row)
            indexed.append((article_id, han, han2, py, py2, *keys))
        taken_out = [(r[0], han, py, r[3], r[4]) for r, han, py in old.values()]
        readings.save(db)
        _write_article_rows(db, taken_out, stored, indexed)
        db.execute(f"DELETE FROM article_search_old_text WHERE article_id IN ({marks})", chunk)
    return vocab


def _write_article_rows(
    db: Database,
    old: list[tuple[Any, ...]],
    new: list[tuple[Any, ...]],
    indexed: list[tuple[Any, ...]],
) -> None:
    """Take ``old`` rows (id, han, py, bai, bai_tone) out of the index and their rows out of
    article_search_text; put ``new`` ones (id, han_given, py_other, bai, bai_tone) in it
    and ``indexed`` (id and the index's columns) in the index."""
    db.conn.executemany(
        "INSERT INTO article_search (article_search, rowid, han, han2, py, py2, bai, "
        f"bai_tone) VALUES ('delete', {_ARTICLE_ROW})",
        _index_rows(old),
    )
    db.conn.executemany("DELETE FROM article_search_text WHERE id = ?", [(r[0],) for r in old])
    db.conn.executemany(
        "INSERT INTO article_search_text (id, han_given, py_other, bai, bai_tone) "
        "VALUES (?, ?, ?, ?, ?)",
        new,
    )
    db.conn.executemany(
        "INSERT INTO article_search (rowid, han, han2, py, py2, bai, bai_tone) "
        f"VALUES ({_ARTICLE_ROW})",
        indexed,
    )


@dataclass
class TermColumns:
    """What the index holds of a term: its Han columns, Bai keys, definition, English gloss
    and synonyms (id, Han columns)."""

    han: HanColumns
    bai: str
    bai_tone: str
    definition: str
    english: str
    synonyms: list[tuple[int, HanColumns]]

    def vocab(self) -> Vocab:
        found = _vocab(self.han, self.bai)
        for _id, columns in self.synonyms:
            found |= columns.vocab
        return found


def _terms_columns(
    db: Database | Queryable, chunk: list[int], marks: str
) -> dict[int, TermColumns]:
    """The indexed columns of the terms of ``chunk`` that still exist."""
    forms = _grouped(
        db,
        f"SELECT term_id, form, script FROM term_forms WHERE term_id IN ({marks}) "
        "AND script IN ('latin', 'ipa') ORDER BY term_id, id",
        chunk,
    )
    synonyms = _grouped(
        db,
        f"SELECT term_id, id, word FROM term_synonyms WHERE term_id IN ({marks}) "
        "ORDER BY term_id, id",
        chunk,
    )
    out = {}
    for term_id, han_text, definition, english in db.execute(
        f"SELECT id, han, definition, english FROM terms WHERE id IN ({marks})", chunk
    ):
        own = forms.get(term_id, ())
        bai, bai_tone = bai_keys(
            (f for f, script in own if script == "latin"),
            (f for f, script in own if script == "ipa"),
        )
        out[term_id] = TermColumns(
            _han_columns(han_text),
            bai,
            bai_tone,
            definition or "",
            english or "",
            [(syn_id, _han_columns(word)) for syn_id, word in synonyms.get(term_id, ())],
        )
    return out


def synonym_search_keys(columns: HanColumns) -> set[str]:
    """The keys a synonym is found by: its Han (tokens joined: 家暴) and its pinyin in
    context and in each character's other reading (jia bao)."""
    keys = {"".join(columns.han.split()), columns.py}
    others = columns.syllables[len(columns.py.split()) :]
    if others:
        keys.add(" ".join(others))
    return {k for k in keys if k}


def _term_row(term_id: int, found: TermColumns) -> tuple[Any, ...]:
    cols = found.han
    def_grams = (
        " ".join(bigrams([t.text for t in tokens(found.definition)])) if found.definition else ""
    )
    return (
        term_id,
        cols.han,
        cols.han2,
        cols.py,
        cols.py2,
        initials(cols.py.split()),
        found.bai,
        found.bai_tone,
        def_grams,
        found.english,
    )


def _term_variants(term_id: int, han: str, bai: str) -> list[tuple[str, int, str]]:
    """The typo variants of a term's index row (its han and bai columns): what
    term_variants holds for it — and, from the row as indexed, what to take out of it
    (by its key: the table has no index by term)."""
    variants = [(v, term_id, "han") for v in deletion_variants("".join(han.split()))]
    for key in bai.split("|"):
        joined = key.replace(" ", "")
        variants.extend((v, term_id, "bai") for v in deletion_variants(joined) if v)
    return variants


def _unindex_terms(db: Database, chunk: list[int], marks: str) -> None:
    """Take these terms out of the index: their typo variants as derived from their index
    rows, then the rows and their synonyms' keys."""
    old = db.execute(
        f"SELECT rowid, han, bai FROM term_search WHERE rowid IN ({marks})", chunk
    ).fetchall()
    db.conn.executemany(
        "DELETE FROM term_variants WHERE variant = ? AND term_id = ? AND field = ?",
        [v for term_id, han, bai in old for v in _term_variants(term_id, han, bai)],
    )
    db.execute(f"DELETE FROM term_search WHERE rowid IN ({marks})", chunk)
    db.execute(f"DELETE FROM synonym_keys WHERE term_id IN ({marks})", chunk)


def _highest_indexed_term(db: Database) -> int:
    """The highest term id with rows in the term index (0: none). An id above it has
    nothing to delete: a term an import just added (thousands, in one refresh)."""
    found = [
        (db.execute(sql).fetchone() or (None,))[0]
        for sql in (
            "SELECT rowid FROM term_search ORDER BY rowid DESC LIMIT 1",  # and its variants
            "SELECT max(term_id) FROM synonym_keys",
        )
    ]
    return max((f for f in found if f is not None), default=0)


def index_terms(db: Database, term_ids: list[int]) -> Vocab:
    """(Re)index these terms, a few hundred per statement; returns their vocabulary.

    Their typo variants (about ten a term) are gathered in a temporary table and go into
    term_variants once, in its key's order: row by row, in the terms' order, each lands at
    a random place in the B-tree (2.5 times the time at 100 000 terms)."""
    vocab: Vocab = set()
    if not term_ids:  # a refresh of articles only (a translation saved): no temporary table
        return vocab
    highest = _highest_indexed_term(db)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS new_term_variants (variant, term_id, field)")
    for chunk, marks in _chunks(term_ids):
        if min(chunk) <= highest:  # else none of them has rows to delete
            _unindex_terms(db, chunk, marks)
        rows, variants, synonyms = [], [], []
        for term_id, found in _terms_columns(db, chunk, marks).items():
            rows.append(_term_row(term_id, found))
            variants += _term_variants(term_id, found.han.han, found.bai)
            synonyms += [
                (key, syn_id, term_id)
                for syn_id, columns in found.synonyms
                for key in synonym_search_keys(columns)
            ]
            vocab |= found.vocab()
        db.conn.executemany(
            "INSERT INTO term_search (rowid, han, han2, py, py2, initials, bai, bai_tone, "
            "definition, english) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.executemany("INSERT INTO new_term_variants VALUES (?, ?, ?)", variants)
        db.conn.executemany(
            "INSERT OR IGNORE INTO synonym_keys (key, synonym_id, term_id) VALUES (?, ?, ?)",
            synonyms,
        )
    db.execute(
        "INSERT OR IGNORE INTO term_variants SELECT variant, term_id, field "
        "FROM new_term_variants ORDER BY variant, term_id, field"
    )
    db.execute("DROP TABLE new_term_variants")
    return vocab


def refresh(db: Database) -> int:
    """Re-index everything marked dirty; returns how many rows were refreshed. Cheap when
    nothing is (one indexed lookup): pypinyin is loaded only when there is work to do."""
    dirty = db.execute("SELECT kind, id FROM search_dirty").fetchall()
    if not dirty:
        return 0
    with db.atomic():
        vocab = index_articles(db, sorted(i for kind, i in dirty if kind == "article"))
        vocab |= index_terms(db, sorted(i for kind, i in dirty if kind != "article"))
        db.conn.executemany("INSERT OR IGNORE INTO search_vocab VALUES (?, ?)", sorted(vocab))
        record_readings(db)
        db.execute("DELETE FROM search_dirty")
    return len(dirty)


def rebuild_vocab(db: Database) -> None:
    """The vocabulary anew from the rows as they are: refresh only ever adds to it, so after
    an undo takes rows back, words only they used would stay (and be offered as spelling
    corrections that find nothing). Costs what indexing every row costs; undo is rare."""
    vocab: Vocab = set()
    article_ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    for chunk, marks in _chunks(article_ids):
        for cols, bai, _tone in _articles_columns(db, chunk, marks).values():
            vocab |= _vocab(cols, bai)
    term_ids = [r[0] for r in db.execute("SELECT id FROM terms ORDER BY id")]
    for chunk, marks in _chunks(term_ids):
        for term in _terms_columns(db, chunk, marks).values():
            vocab |= term.vocab()
    db.execute("DELETE FROM search_vocab")
    db.conn.executemany("INSERT INTO search_vocab VALUES (?, ?)", sorted(vocab))


def record_readings(db: Database) -> None:
    """Every reading of every character pypinyin knows (once, about 40 000 rows), so that a
    homophone typo (离昏) finds 离婚 without loading pypinyin at search time."""
    if db.execute("SELECT 1 FROM han_readings LIMIT 1").fetchone():
        return
    from pypinyin.pinyin_dict import pinyin_dict

    rows = {
        (plain_pinyin(reading), chr(code))
        for code, readings in pinyin_dict.items()
        for reading in readings.split(",")
        if reading
    }
    db.conn.executemany("INSERT OR IGNORE INTO han_readings VALUES (?, ?)", sorted(rows))
