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


def readings_sql(alias: str) -> str:
    """SQL for an article's pinyin column from its tokens (``alias``.han) and what differs
    from their usual readings (``alias``.py_other), as UsualReadings.spelled_out gives it:
    for the i-th token, the reading given for i, else the token's usual reading, else the
    token itself (a Latin word or a number stands for itself)."""
    word = "substr(rest, 1, instr(rest, ' ') - 1)"
    at = "instr(other, ' ' || i || ':')"
    start = f"{at} + length(i) + 2"
    reading = f"substr(other, {start}, instr(substr(other, {start}), ' ') - 1)"
    given = f"CASE WHEN {at} > 0 THEN {reading} END"
    return f"""(WITH RECURSIVE w(rest, i, other, acc) AS (
        SELECT {alias}.han || ' ', 0, ' ' || {alias}.py_other || ' ', ''
        UNION ALL
        SELECT substr(rest, instr(rest, ' ') + 1), i + 1, other,
            CASE WHEN i = 0 THEN '' ELSE acc || ' ' END || coalesce({given},
                (SELECT reading FROM han_usual_reading WHERE char = {word}), {word})
        FROM w WHERE rest != '')
        SELECT acc FROM w WHERE rest = '')"""


READINGS_SCHEMA = f"""
CREATE TABLE han_usual_reading (            -- a character's usual reading: the first met
    char TEXT PRIMARY KEY,                  -- in context in this database, never changed
    reading TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE article_search_text (          -- what article_search indexes, stored once
    id INTEGER PRIMARY KEY,                 -- the article
    han TEXT NOT NULL,                      -- its characters (and Latin words), spaced
    py_other TEXT NOT NULL,                 -- readings in context that are not the usual
    bai TEXT NOT NULL,                      -- ("index:reading", by token); Bai search keys
    bai_tone TEXT NOT NULL                  -- of its translations, with tone letters
);
CREATE VIEW article_search_source AS
    SELECT t.id AS id, t.han AS han, {pairs_sql("han")} AS han2,
        t.py AS py, {pairs_sql("py")} AS py2, t.bai AS bai, t.bai_tone AS bai_tone
    FROM (SELECT s.id AS id, s.han AS han, {readings_sql("s")} AS py, s.bai AS bai,
        s.bai_tone AS bai_tone FROM article_search_text s) t;
"""


def m018_pinyin_by_exception(db: Database) -> None:
    """article_search_text keeps, of each article's pinyin, only the readings that are not
    their character's usual one (the column was half the table, 36 of 363 MiB at 100 000
    articles); the view spells it out. What the index was given is unchanged."""
    from glossary.store.usual_readings import UsualReadings

    db.executescript(
        """
        ALTER TABLE article_search_text RENAME TO article_search_text_with_py;
        DROP VIEW article_search_source;
        """
    )
    db.executescript(READINGS_SCHEMA)
    readings = UsualReadings(db)
    rows = db.execute(
        "SELECT id, han, py, bai, bai_tone FROM article_search_text_with_py ORDER BY id"
    ).fetchall()
    db.conn.executemany(
        "INSERT INTO article_search_text VALUES (?, ?, ?, ?, ?)",
        [(i, han, readings.others(han, py), bai, tone) for i, han, py, bai, tone in rows],
    )
    readings.save(db)
    db.execute("DROP TABLE article_search_text_with_py")
