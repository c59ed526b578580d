"""Migrations m014, m018, m019, m021: the article search index stores what it indexes once,
then less, then indexes less.

``article_search`` kept a copy of each of its columns: every character spaced (han), its
pinyin (py), and the adjacent pairs of both (han2, py2) — the pairs alone were more than
half of that copy, about a fifth of the file, and are a function of han and py. The table
now reads its columns from the view ``article_search_source`` (FTS5 external content):
han, py and the Bai keys are stored once in ``article_search_text``, the pairs are computed
by the view when a reader asks for them (sqlite-utils and Datasette show han2 as before).

m018 and m019 store less again: the view spells the pinyin out from the readings that are
not their character's usual one (``py_other``, store.usual_readings) and derives the Han
column from the 款/项 themselves (store.plain_tokens; ``han_given`` where SQL cannot), the
lines an article was indexed with kept by triggers until the index is refreshed.

m021 indexes no pinyin: ``py`` and ``py2`` are still columns of the table (read from the
view, as sqlite-utils and Datasette show them), but UNINDEXED — they were 59 of the index's
113 MiB at 100 000 articles. Pinyin is a function of the Han: search reads a pinyin query
as the Han strings it can be read as (search.context ``han_read_as``: each syllable's
characters in use, chained through the adjacent pairs the articles hold, which
``search_vocab`` lists as kind ``han2``) and finds those in ``han``/``han2``.
"""

from __future__ import annotations

from sqlite_utils import Database

from glossary.lawtext.labels import PARAGRAPH_TEXT_SQL, paragraph_text_sql
from glossary.store.fts_buffer import set_write_buffer
from glossary.store.plain_tokens import plain_han_sql

# The search index tokenizes text we have already split: one Han character (or syllable)
# a token in han/py, and adjacent pairs of them in han2/py2 (FTS5 phrase queries over
# bigrams read far shorter posting lists than over single characters).
SEARCH_TOKENIZE = "unicode61 remove_diacritics 0"


def article_search_index(indexed_pinyin: bool) -> str:
    """The FTS5 table over the view; after m021 its pinyin columns are read, not indexed."""
    py = "py, py2" if indexed_pinyin else "py UNINDEXED, py2 UNINDEXED"
    return f"""CREATE VIRTUAL TABLE article_search USING fts5(
    han, han2, {py}, bai, bai_tone, content = 'article_search_source',
    content_rowid = 'id', tokenize = '{SEARCH_TOKENIZE}'
)"""


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
{article_search_index(indexed_pinyin=True)};
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


def _indexed(ref: str) -> str:
    """Whether the article of ``ref`` (new or old row of paragraphs) is in the index (a
    new article, as in every import, is not: the trigger does nothing more)."""
    return f"{ref}.article_id IN (SELECT id FROM article_search_text)"


def _keep_old_text(ref: str) -> str:
    """Before the first change to an indexed article's 款/项 (``ref``: new or old row),
    keep its lines as they were indexed (the view reads the article's Han from them)."""
    return f"""INSERT INTO article_search_old_text (article_id, position, line)
            SELECT article_id, position, {PARAGRAPH_TEXT_SQL} FROM paragraphs
            WHERE article_id = {ref}.article_id
              AND {_indexed(ref)}
              AND NOT EXISTS (
                  SELECT 1 FROM article_search_old_text WHERE article_id = {ref}.article_id);"""


# An article's Han column: stored whole only where SQL would derive something else
# (store.plain_tokens); the lines in position order, each as tokens, joined.
_ARTICLE_HAN = f"""coalesce(s.han_given, (SELECT coalesce(group_concat(nullif(x, ''), ' '), '')
    FROM (SELECT {plain_han_sql(paragraph_text_sql("p"))} AS x FROM paragraphs p
          WHERE p.article_id = s.id ORDER BY p.position)))"""

HAN_FROM_TEXT_SCHEMA = f"""
CREATE TABLE article_search_text (          -- what article_search indexes, as little as can be
    id INTEGER PRIMARY KEY,                 -- the article
    han_given TEXT,                         -- its Han column where SQL cannot derive it, else NULL
    py_other TEXT NOT NULL,                 -- readings in context that are not the usual
    bai TEXT NOT NULL,                      -- ("index:reading", by token); Bai search keys
    bai_tone TEXT NOT NULL                  -- of its translations, with tone letters
);
CREATE TABLE article_search_old_text (      -- lines of indexed articles whose 款/项 changed
    article_id INTEGER NOT NULL,            -- since the index was last refreshed (empty
    position INTEGER NOT NULL,              -- between transactions): what the index holds
    line TEXT NOT NULL,                     -- for them, as paragraphs held it
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
CREATE TRIGGER search_old_text_ins BEFORE INSERT ON paragraphs
WHEN {_indexed("new")} BEGIN
    {_keep_old_text("new")}
END;
CREATE TRIGGER search_old_text_upd BEFORE UPDATE OF article_id, position, label, han
ON paragraphs WHEN {_indexed("old")} OR {_indexed("new")} BEGIN
    {_keep_old_text("old")}
    {_keep_old_text("new")}
END;
CREATE TRIGGER search_old_text_del BEFORE DELETE ON paragraphs
WHEN {_indexed("old")} BEGIN
    {_keep_old_text("old")}
END;
CREATE VIEW article_search_source AS
    SELECT t.id AS id, t.han AS han, {pairs_sql("han")} AS han2,
        t.py AS py, {pairs_sql("py")} AS py2, t.bai AS bai, t.bai_tone AS bai_tone
    FROM (SELECT u.id AS id, u.han AS han, {readings_sql("u")} AS py, u.bai AS bai,
            u.bai_tone AS bai_tone
        FROM (SELECT s.id AS id, {_ARTICLE_HAN} AS han, s.py_other AS py_other, s.bai AS bai,
            s.bai_tone AS bai_tone FROM article_search_text s) u) t;
"""


def m019_han_from_the_text(db: Database) -> None:
    """article_search_text keeps an article's Han column only where SQL cannot derive it
    from the 款/项 (a traditional character: store.plain_tokens) — it was the other half of
    the table; triggers keep an article's lines as indexed until the index is refreshed."""
    from glossary.store.plain_tokens import plain_han
    from glossary.store.search_index import article_display_texts

    db.executescript(
        """
        ALTER TABLE article_search_text RENAME TO article_search_text_with_han;
        DROP VIEW article_search_source;
        """
    )
    db.executescript(HAN_FROM_TEXT_SCHEMA)
    rows = db.execute(
        "SELECT id, han, py_other, bai, bai_tone FROM article_search_text_with_han ORDER BY id"
    ).fetchall()
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        texts = article_display_texts(db, [r[0] for r in chunk])
        db.conn.executemany(
            "INSERT INTO article_search_text VALUES (?, ?, ?, ?, ?)",
            [
                (i, None if plain_han(texts.get(i, "")) == han else han, other, bai, tone)
                for i, han, other, bai, tone in chunk
            ],
        )
    db.execute("DROP TABLE article_search_text_with_han")


def _pairs_in_index(db: Database, table: str) -> None:
    """The han2 pairs an index holds, into search_vocab (what ``refresh`` adds from now on)."""
    db.execute(f"CREATE VIRTUAL TABLE temp.pairs_in_index USING fts5vocab(main, {table}, 'col')")
    db.execute(
        "INSERT OR IGNORE INTO search_vocab (kind, token) "
        "SELECT 'han2', term FROM temp.pairs_in_index WHERE col = 'han2'"
    )
    db.execute("DROP TABLE temp.pairs_in_index")


def m021_pinyin_through_han(db: Database) -> None:
    """The article index without its pinyin: the pairs in use listed first (from both
    indexes, as refresh lists them), then the index made again from the view."""
    _pairs_in_index(db, "article_search")
    _pairs_in_index(db, "term_search")
    db.execute("DROP TABLE article_search")
    db.execute(article_search_index(indexed_pinyin=False))
    set_write_buffer(db, "article_search")
    db.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")
