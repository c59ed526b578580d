"""Keeping the search index in step with the store: the store writes it, search reads it.

Triggers list changed articles and terms in ``search_dirty``; :func:`refresh` rebuilds
their rows (pinyin in context, Bai search keys, typo variants). ``write_transaction`` calls
it before every commit, so the index is never behind what a reader can see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glossary.store.reader import Queryable


def article_display_texts(db: Queryable, article_ids: list[int]) -> dict[int, str]:
    """The text a hit shows and its spans point into — one line per 款/项, labels
    included — for several articles in one query. What is indexed is this same text."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    lines: dict[int, list[str]] = {}
    for article_id, text in db.execute(
        f"SELECT article_id, {PARAGRAPH_TEXT_SQL} FROM paragraphs "
        f"WHERE article_id IN ({marks}) ORDER BY article_id, position",
        list(article_ids),
    ):
        lines.setdefault(article_id, []).append(text)
    return {article_id: "\n".join(parts) for article_id, parts in lines.items()}


def article_display_text(db: Queryable, article_id: int) -> str | None:
    return article_display_texts(db, [article_id]).get(article_id)


def bai_keys(texts: Iterable[str], ipa: Iterable[str] = ()) -> tuple[str, str]:
    """Bai search keys without and with tones, for the bai and bai_tone columns: of Latin
    texts, then of IPA forms through their machine respelling (bai.ipa; a form it cannot
    respell has no key)."""
    from glossary.bai.ipa import ipa_keys
    from glossary.bai.orthography import search_key, tone_key

    pairs = [(search_key(t), tone_key(t)) for t in texts if t]
    pairs += [k for k in (ipa_keys(f) for f in ipa if f) if k is not None]
    if not pairs:
        return "", ""
    return " | ".join(k for k, _ in pairs), " | ".join(t for _, t in pairs)


@dataclass
class HanColumns:
    """A text's Han and pinyin columns: tokens, and their bigrams."""

    han: str
    han2: str
    py: str
    py2: str
    syllables: list[str]  # every reading met, for the vocabulary


def _han_columns(text: str) -> HanColumns:
    toks = tokens(text)
    context, alternative = han_pinyin(toks)
    words = [t.text for t in toks]
    return HanColumns(
        han=han_index_text(toks),
        han2=" ".join(bigrams(words)),
        py=" ".join(context),
        py2=" ".join(bigrams(context)),
        syllables=context + alternative,
    )


Vocab = set[tuple[str, str]]  # (kind, token): ("pinyin", "hun"), ("bai", "ngv")


def _vocab(columns: HanColumns, bai: str) -> Vocab:
    found = {("pinyin", s) for s in columns.syllables if s.isalpha()}
    found |= {("han", t) for t in columns.han.split() if is_han(t)}
    return found | {("bai", s) for s in bai.split() if s.isalpha()}


def _article_columns(db: Database, article_id: int) -> tuple[HanColumns, str, str] | None:
    """An article's Han columns and Bai keys; None when it is gone."""
    text = article_display_text(db, article_id)
    if text is None:
        return None
    bai, bai_tone = bai_keys(
        r[0]
        for r in db.execute(
            "SELECT bai FROM translations WHERE article_id = ? ORDER BY dialect, paragraph_id",
            [article_id],
        )
    )
    return _han_columns(text), bai, bai_tone


def index_article(db: Database, article_id: int) -> Vocab:
    db.execute("DELETE FROM article_search WHERE rowid = ?", [article_id])
    found = _article_columns(db, article_id)
    if found is None:
        return set()
    cols, bai, bai_tone = found
    db.execute(
        "INSERT INTO article_search (rowid, han, han2, py, py2, bai, bai_tone) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [article_id, cols.han, cols.han2, cols.py, cols.py2, bai, bai_tone],
    )
    return _vocab(cols, bai)


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
            found |= _vocab(columns, "")
        return found


def _term_columns(db: Database, term_id: int) -> TermColumns | None:
    """A term's indexed columns; None when it is gone."""
    row = db.execute(
        "SELECT han, definition, english FROM terms WHERE id = ?", [term_id]
    ).fetchone()
    if row is None:
        return None
    han_text, definition, english = row
    forms = db.execute(
        "SELECT form, script FROM term_forms WHERE term_id = ? AND script IN ('latin', 'ipa') "
        "ORDER BY id",
        [term_id],
    ).fetchall()
    bai, bai_tone = bai_keys(
        (f for f, script in forms if script == "latin"),
        (f for f, script in forms if script == "ipa"),
    )
    synonyms = [
        (syn_id, _han_columns(word))
        for syn_id, word in db.execute(
            "SELECT id, word FROM term_synonyms WHERE term_id = ? ORDER BY id", [term_id]
        )
    ]
    return TermColumns(
        _han_columns(han_text), bai, bai_tone, definition or "", english or "", synonyms
    )


def synonym_search_keys(columns: HanColumns) -> set[str]:
    """The keys a synonym is found by: its Han (tokens joined: 家暴) and its pinyin in
    context and in each character's other reading (jia bao)."""
    keys = {"".join(columns.han.split()), columns.py}
    others = columns.syllables[len(columns.py.split()) :]
    if others:
        keys.add(" ".join(others))
    return {k for k in keys if k}


def index_term(db: Database, term_id: int) -> Vocab:
    db.execute("DELETE FROM term_search WHERE rowid = ?", [term_id])
    db.execute("DELETE FROM term_variants WHERE term_id = ?", [term_id])
    db.execute("DELETE FROM synonym_keys WHERE term_id = ?", [term_id])
    found = _term_columns(db, term_id)
    if found is None:
        return set()
    cols = found.han
    def_grams = " ".join(bigrams([t.text for t in tokens(found.definition)]))
    db.execute(
        "INSERT INTO term_search (rowid, han, han2, py, py2, initials, bai, bai_tone, "
        "definition, english) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
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
        ],
    )
    variants = [(v, term_id, "han") for v in deletion_variants("".join(cols.han.split()))]
    for key in found.bai.split("|"):
        joined = key.replace(" ", "")
        variants.extend((v, term_id, "bai") for v in deletion_variants(joined) if v)
    db.conn.executemany("INSERT OR IGNORE INTO term_variants VALUES (?, ?, ?)", variants)
    db.conn.executemany(
        "INSERT OR IGNORE INTO synonym_keys (key, synonym_id, term_id) VALUES (?, ?, ?)",
        [
            (key, syn_id, term_id)
            for syn_id, columns in found.synonyms
            for key in synonym_search_keys(columns)
        ],
    )
    return found.vocab()


def refresh(db: Database) -> int:
    """Re-index everything marked dirty; returns how many rows were refreshed. Cheap when
    nothing is (one indexed lookup): pypinyin is loaded only when there is work to do."""
    dirty = db.execute("SELECT kind, id FROM search_dirty").fetchall()
    if not dirty:
        return 0
    vocab: Vocab = set()
    with db.atomic():
        for kind, row_id in dirty:
            vocab |= index_article(db, row_id) if kind == "article" else index_term(db, row_id)
        db.conn.executemany("INSERT OR IGNORE INTO search_vocab VALUES (?, ?)", sorted(vocab))
        record_readings(db)
        db.execute("DELETE FROM search_dirty")
    return len(dirty)


def rebuild_vocab(db: Database) -> None:
    """The vocabulary anew from the rows as they are: refresh only ever adds to it, so after
    an undo takes rows back, words only they used would stay (and be offered as spelling
    corrections that find nothing). Costs what indexing every row costs; undo is rare."""
    vocab: Vocab = set()
    for (article_id,) in db.execute("SELECT id FROM articles").fetchall():
        if (article := _article_columns(db, article_id)) is not None:
            vocab |= _vocab(article[0], article[1])
    for (term_id,) in db.execute("SELECT id FROM terms").fetchall():
        if (term := _term_columns(db, term_id)) is not None:
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
