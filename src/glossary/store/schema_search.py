"""Migration m014: the article search index stores what it indexes once, not twice over.

``article_search`` kept a copy of each of its columns: every character spaced (han), its
pinyin (py), and the adjacent pairs of both (han2, py2) — the pairs alone were more than
half of that copy, about a fifth of the file, and are a function of han and py. The table
now reads its columns from the view ``article_search_source`` (FTS5 external content):
han, py and the Bai keys are stored once in ``article_search_text``, the pairs are computed
by the view when a reader asks for them (sqlite-utils and Datasette show han2 as before).
"""

from __future__ import annotations

from sqlite_utils import Database

# The search index tokenizes text we have already split: one Han character (or syllable)
# a token in han/py, and adjacent pairs of them in han2/py2 (FTS5 phrase queries over
# bigrams read far shorter posting lists than over single characters).
SEARCH_TOKENIZE = "unicode61 remove_diacritics 0"


def pairs_sql(column: str) -> str:
    """SQL for the adjacent pairs of the space-separated tokens of ``column``: "本 法 是" →
    "本法 法是", as han.bigrams gives them (a subquery over one row, for the view)."""
    word = "substr(rest, 1, instr(rest, ' ') - 1)"
    return f"""(WITH RECURSIVE w(rest, prev, acc) AS (
        SELECT t.{column} || ' ', '', ''
        UNION ALL
        SELECT substr(rest, instr(rest, ' ') + 1), {word},
            CASE WHEN prev = '' THEN acc WHEN acc = '' THEN prev || {word}
                 ELSE acc || ' ' || prev || {word} END
        FROM w WHERE rest != '')
        SELECT acc FROM w WHERE rest = '')"""


ARTICLE_SEARCH_SCHEMA = f"""
CREATE TABLE article_search_text (          -- what article_search indexes, stored once
    id INTEGER PRIMARY KEY,                 -- the article
    han TEXT NOT NULL,                      -- its characters (and Latin words), spaced
    py TEXT NOT NULL,                       -- their pinyin in context, one a character
    bai TEXT NOT NULL,                      -- Bai search keys of its translations
    bai_tone TEXT NOT NULL                  -- the same with tone letters
);
CREATE VIEW article_search_source AS
    SELECT t.id AS id, t.han AS han, {pairs_sql("han")} AS han2,
        t.py AS py, {pairs_sql("py")} AS py2, t.bai AS bai, t.bai_tone AS bai_tone
    FROM article_search_text t;
CREATE VIRTUAL TABLE article_search USING fts5(
    han, han2, py, py2, bai, bai_tone, content = 'article_search_source',
    content_rowid = 'id', tokenize = '{SEARCH_TOKENIZE}'
);
"""


def m014_search_without_copies(db: Database) -> None:
    """The rows move over as they were indexed (so the index is copied, not re-derived)."""
    db.executescript(
        f"""
        ALTER TABLE article_search RENAME TO article_search_copy;
        {ARTICLE_SEARCH_SCHEMA}
        INSERT INTO article_search_text (id, han, py, bai, bai_tone)
            SELECT rowid, han, py, bai, bai_tone FROM article_search_copy;
        INSERT INTO article_search (rowid, han, han2, py, py2, bai, bai_tone)
            SELECT rowid, han, han2, py, py2, bai, bai_tone FROM article_search_copy;
        DROP TABLE article_search_copy;
        """
    )
