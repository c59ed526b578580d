"""The schema, as an ordered list of sqlite-utils migrations.

A database records the migrations applied to it (table ``_sqlite_migrations``); opening an
older file applies the missing ones in place, each in its own transaction. Never edit a
migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from glossary.store.fts_buffer import m020_fts_write_buffer
from glossary.store.schema_history import m012_history_without_copies, m017_history_runs
from glossary.store.schema_ipa import m011_ipa_search_keys
from glossary.store.schema_lift import m010_term_guids
from glossary.store.schema_recordings import m009_recordings
from glossary.store.schema_search import (
    SEARCH_TOKENIZE,
    m014_search_without_copies,
    m018_pinyin_by_exception,
    m019_han_from_the_text,
    m021_pinyin_through_han,
)
from glossary.store.schema_size import (
    backfill_paragraphs,
    m013_redundant_indexes,
    m015_han_hash,
    m016_term_variants_by_key,
)
from glossary.store.schema_views import clause_renderings_view, coverage_view
from glossary.store.version import APPLICATION_ID, MIGRATION_SET

# Full-text search (FTS5, trigram tokenizer) kept in sync by triggers: table → columns.
FTS_TABLES: dict[str, tuple[str, ...]] = {
    "paragraphs": ("han",),
    "translations": ("bai",),
    "terms": ("han", "definition"),
    "term_forms": ("form",),
}
FTS_TOKENIZE = "trigram"

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_core_tables(db: Database) -> None:
    """Laws, revisions, structure, articles, 款/项, translations, terms, batches, history."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.executescript(
        """
        CREATE TABLE laws (
            slug TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',      -- JSON list
            kind TEXT NOT NULL DEFAULT 'law',        -- law | collection
            status TEXT NOT NULL DEFAULT 'in_force'  -- in_force | repealed
                CHECK (status IN ('in_force', 'repealed')),
            in_force_on TEXT,
            repealed_on TEXT,
            repealed_by TEXT,
            successor TEXT,
            successor_part TEXT,
            successor_first INTEGER,
            successor_last INTEGER
        );
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            law TEXT NOT NULL REFERENCES laws(slug),
            label TEXT NOT NULL,                    -- year of the adopting/amending decision
            decided_on TEXT,
            in_force_on TEXT,
            title TEXT NOT NULL,
            part TEXT,                              -- set when only a part (编) is imported
            source TEXT,
            layout TEXT,
            UNIQUE (law, label)
        );
        CREATE TABLE divisions (
            id INTEGER PRIMARY KEY,
            revision_id INTEGER NOT NULL REFERENCES revisions(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES divisions(id) ON DELETE CASCADE,
            path_key TEXT NOT NULL,                 -- 第二编/第十二章/第一节
            level TEXT NOT NULL CHECK (level IN ('编', '分编', '章', '节')),
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            title TEXT NOT NULL,
            position INTEGER NOT NULL,
            UNIQUE (revision_id, path_key)
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            revision_id INTEGER NOT NULL REFERENCES revisions(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            sub INTEGER NOT NULL DEFAULT 0,         -- 第X条之一 → 1
            label TEXT NOT NULL,
            division_id INTEGER REFERENCES divisions(id) ON DELETE SET NULL,
            UNIQUE (revision_id, number, sub)
        );
        CREATE TABLE paragraphs (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,              -- 1-based, 款 and 项 in reading order
            kind TEXT NOT NULL CHECK (kind IN ('paragraph', 'item')),
            label TEXT,                             -- （一） for items
            han TEXT NOT NULL,
            UNIQUE (article_id, position)
        );
        CREATE TABLE translations (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            paragraph_id INTEGER REFERENCES paragraphs(id) ON DELETE CASCADE,  -- NULL: article
            dialect TEXT NOT NULL,                  -- bca | bfs | bfc, or a variety
            bai TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'reviewed', 'approved')),
            translator TEXT,
            note TEXT,
            source TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX translations_key
            ON translations (article_id, ifnull(paragraph_id, 0), dialect);
        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            han TEXT NOT NULL UNIQUE,
            pinyin TEXT,
            definition TEXT,
            domain TEXT,
            english TEXT,
            concepticon_id TEXT,
            status TEXT NOT NULL DEFAULT 'proposed'
                CHECK (status IN ('preferred', 'admitted', 'deprecated', 'proposed')),
            source TEXT,
            attribution TEXT,
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE term_forms (
            id INTEGER PRIMARY KEY,
            term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
            form TEXT NOT NULL,
            script TEXT NOT NULL CHECK (script IN ('latin', 'ipa')),
            dialect TEXT,                           -- bca | bfs | bfc
            variety TEXT,                           -- e.g. Jianchuan, Eryuan
            status TEXT NOT NULL DEFAULT 'admitted'
                CHECK (status IN ('preferred', 'admitted', 'deprecated', 'proposed')),
            source TEXT,
            attribution TEXT,
            UNIQUE (term_id, form, script, dialect, variety)
        );
        CREATE TABLE term_articles (
            term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
            law TEXT NOT NULL,
            revision TEXT NOT NULL,
            article INTEGER NOT NULL,
            PRIMARY KEY (term_id, law, revision, article)
        );
        CREATE TABLE concordance (
            id INTEGER PRIMARY KEY,
            from_law TEXT NOT NULL,
            from_revision TEXT NOT NULL,
            from_article INTEGER,                   -- NULL: added in to_revision
            to_law TEXT NOT NULL,
            to_revision TEXT,
            to_article INTEGER,                     -- NULL: deleted or merged
            relation TEXT NOT NULL,                 -- identical | modified | added | candidate …
            similarity REAL,
            confidence TEXT,                        -- high | medium | low | none
            rank INTEGER NOT NULL DEFAULT 1,        -- 1 = best candidate
            computed INTEGER NOT NULL DEFAULT 1,    -- machine-computed
            verified INTEGER NOT NULL DEFAULT 0,    -- checked by a person
            source TEXT
        );
        CREATE UNIQUE INDEX concordance_from
            ON concordance (from_law, from_revision, from_article, to_law, rank)
            WHERE from_article IS NOT NULL;
        CREATE UNIQUE INDEX concordance_added
            ON concordance (from_law, from_revision, to_law, to_revision, to_article)
            WHERE from_article IS NULL;
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            command TEXT NOT NULL,
            source TEXT,
            summary TEXT,                           -- JSON
            undone_at TEXT
        );
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            at TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id INTEGER,
            key TEXT NOT NULL,                      -- readable: minshi-susong-fa/2023/122/1
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            field TEXT,                             -- NULL for whole-row insert/delete
            old TEXT,                               -- JSON
            new TEXT                                -- JSON
        );
        CREATE INDEX revisions_law ON revisions (law);
        CREATE INDEX articles_division ON articles (division_id);
        CREATE INDEX divisions_parent ON divisions (parent_id);
        CREATE INDEX translations_paragraph ON translations (paragraph_id);
        CREATE INDEX term_forms_term ON term_forms (term_id);
        CREATE INDEX changes_batch ON changes (batch_id);
        CREATE INDEX changes_key ON changes (key);
        CREATE INDEX concordance_to ON concordance (to_law, to_revision, to_article);
        """
    )


@migrations()
def m002_full_text_search(db: Database) -> None:
    """FTS5 trigram indexes over Han and Bai text, kept in sync by triggers."""
    for table, columns in FTS_TABLES.items():
        db.table(table).enable_fts(
            columns, tokenize=FTS_TOKENIZE, create_triggers=True, replace=True
        )


@migrations()
def m003_query_views(db: Database) -> None:
    """Views for people who query the file directly (documented in the README)."""
    db.executescript(
        """
        CREATE VIEW article_paths AS
        WITH RECURSIVE up(article_id, division_id, depth, label, title) AS (
            SELECT a.id, d.parent_id, 0, d.label, d.title
              FROM articles a JOIN divisions d ON d.id = a.division_id
            UNION ALL
            SELECT up.article_id, d.parent_id, up.depth + 1, d.label, d.title
              FROM up JOIN divisions d ON d.id = up.division_id
        )
        SELECT article_id,
               group_concat(label || ' ' || title, ' / ') AS path
          FROM (SELECT * FROM up ORDER BY article_id, depth DESC)
         GROUP BY article_id;

        CREATE VIEW clauses AS
        SELECT l.slug AS law,
               l.short_name AS law_name,
               l.status AS law_status,
               r.label AS revision,
               a.number AS article,
               a.sub AS article_sub,
               a.label AS article_label,
               p.position AS paragraph,
               p.kind AS kind,
               p.label AS label,
               p.han AS han,
               (SELECT bai FROM translations t
                 WHERE t.paragraph_id = p.id AND t.dialect = 'bca') AS bai_bca,
               (SELECT bai FROM translations t
                 WHERE t.paragraph_id = p.id AND t.dialect = 'bfs') AS bai_bfs,
               (SELECT bai FROM translations t
                 WHERE t.paragraph_id = p.id AND t.dialect = 'bfc') AS bai_bfc,
               p.id AS paragraph_id,
               a.id AS article_id
          FROM paragraphs p
          JOIN articles a ON a.id = p.article_id
          JOIN revisions r ON r.id = a.revision_id
          JOIN laws l ON l.slug = r.law;

        CREATE VIEW article_texts AS
        SELECT l.slug AS law,
               l.short_name AS law_name,
               r.label AS revision,
               a.number AS article,
               a.label AS article_label,
               (SELECT group_concat(coalesce(p.label, '') || p.han, char(10))
                  FROM (SELECT * FROM paragraphs WHERE article_id = a.id ORDER BY position) p
               ) AS han,
               a.id AS article_id
          FROM articles a
          JOIN revisions r ON r.id = a.revision_id
          JOIN laws l ON l.slug = r.law;

        CREATE VIEW clause_translations AS
        SELECT l.slug AS law,
               r.label AS revision,
               a.number AS article,
               p.position AS paragraph,
               t.dialect,
               coalesce(p.label, '') || coalesce(p.han, '') AS han,
               t.bai,
               t.status,
               t.translator,
               t.updated_at
          FROM translations t
          JOIN articles a ON a.id = t.article_id
          LEFT JOIN paragraphs p ON p.id = t.paragraph_id
          JOIN revisions r ON r.id = a.revision_id
          JOIN laws l ON l.slug = r.law;

        CREATE VIEW term_list AS
        SELECT t.han, t.pinyin, t.status, t.definition, t.english,
               (SELECT group_concat(f.form || ' [' || f.script || coalesce(' ' || f.dialect, '')
                                    || coalesce(' ' || f.variety, '') || ']', '; ')
                  FROM term_forms f WHERE f.term_id = t.id) AS bai_forms,
               t.source, t.attribution, t.id AS term_id
          FROM terms t;
        """
    )


def migration_names() -> list[str]:
    return [m.name for m in migrations._migrations]


@migrations()
def m004_search_index(db: Database) -> None:
    """The search index: one token per Han character with aligned pinyin, Bai search keys.

    Rows are refreshed in Python (pinyin needs pypinyin), so triggers only mark what changed
    in ``search_dirty``; ``write_transaction`` re-indexes them (store.search_index) before commit.
    """
    db.executescript(
        f"""
        CREATE VIRTUAL TABLE article_search USING fts5(
            han, han2, py, py2, bai, bai_tone, tokenize = '{SEARCH_TOKENIZE}'
        );
        CREATE VIRTUAL TABLE term_search USING fts5(
            han, han2, py, py2, initials, bai, bai_tone, definition,
            tokenize = '{SEARCH_TOKENIZE}'
        );
        CREATE TABLE search_dirty (
            kind TEXT NOT NULL CHECK (kind IN ('article', 'term')),
            id INTEGER NOT NULL,
            PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;
        CREATE TABLE search_vocab (               -- pinyin, Bai syllables, Han characters in use
            kind TEXT NOT NULL,
            token TEXT NOT NULL,
            PRIMARY KEY (kind, token)
        ) WITHOUT ROWID;
        CREATE TABLE han_readings (               -- every reading of every character
            reading TEXT NOT NULL,                -- toneless pinyin, ü as v
            char TEXT NOT NULL,
            PRIMARY KEY (reading, char)
        ) WITHOUT ROWID;
        CREATE INDEX han_readings_char ON han_readings (char);
        CREATE TABLE term_variants (              -- deletion neighbourhood, for typos
            variant TEXT NOT NULL,
            term_id INTEGER NOT NULL,
            field TEXT NOT NULL,                  -- han | bai
            PRIMARY KEY (variant, term_id, field)
        ) WITHOUT ROWID;
        CREATE INDEX term_variants_term ON term_variants (term_id);

        CREATE TRIGGER search_paragraph_ins AFTER INSERT ON paragraphs BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('article', new.article_id);
        END;
        CREATE TRIGGER search_paragraph_upd AFTER UPDATE ON paragraphs BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('article', old.article_id);
            INSERT OR IGNORE INTO search_dirty VALUES ('article', new.article_id);
        END;
        CREATE TRIGGER search_paragraph_del AFTER DELETE ON paragraphs BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('article', old.article_id);
        END;
        CREATE TRIGGER search_article_del AFTER DELETE ON articles BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('article', old.id);
        END;
        CREATE TRIGGER search_translation_ins AFTER INSERT ON translations BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('article', new.article_id);
        END;
        CREATE TRIGGER search_translation_upd AFTER UPDATE ON translations BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('article', old.article_id);
            INSERT OR IGNORE INTO search_dirty VALUES ('article', new.article_id);
        END;
        CREATE TRIGGER search_translation_del AFTER DELETE ON translations BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('article', old.article_id);
        END;
        CREATE TRIGGER search_term_ins AFTER INSERT ON terms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', new.id);
        END;
        CREATE TRIGGER search_term_upd AFTER UPDATE ON terms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', new.id);
        END;
        CREATE TRIGGER search_term_del AFTER DELETE ON terms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', old.id);
        END;
        CREATE TRIGGER search_form_ins AFTER INSERT ON term_forms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', new.term_id);
        END;
        CREATE TRIGGER search_form_upd AFTER UPDATE ON term_forms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', old.term_id);
            INSERT OR IGNORE INTO search_dirty VALUES ('term', new.term_id);
        END;
        CREATE TRIGGER search_form_del AFTER DELETE ON term_forms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', old.term_id);
        END;
        INSERT OR IGNORE INTO search_dirty SELECT 'article', id FROM articles;
        INSERT OR IGNORE INTO search_dirty SELECT 'term', id FROM terms;
        """
    )


@migrations()
def m005_translation_memory(db: Database) -> None:
    """The translation memory (store.memory): ``paragraphs.han_key``, the normalised Han a
    translation belongs to, indexed and backfilled; ``translations.alternative``, a
    translation that stays at its place and is never carried elsewhere; the view
    ``clause_renderings`` (own or carried, with where from)."""
    from glossary.han.text import han_key

    db.executescript(
        """
        ALTER TABLE paragraphs ADD COLUMN han_key TEXT;
        ALTER TABLE translations ADD COLUMN alternative INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX paragraphs_han_key ON paragraphs (han_key);
        """
    )
    backfill_paragraphs(db, "han_key", han_key)
    db.executescript(clause_renderings_view("han_key"))


@migrations()
def m006_review(db: Database) -> None:
    """Who set a translation's review status and when (store.review): ``reviewed_by``,
    ``reviewed_at``, NULL until someone reviews it."""
    db.executescript(
        """
        ALTER TABLE translations ADD COLUMN reviewed_by TEXT;
        ALTER TABLE translations ADD COLUMN reviewed_at TEXT;
        """
    )


@migrations()
def m007_coverage(db: Database) -> None:
    """The view ``coverage`` (store.coverage reads it; documented in the README)."""
    db.executescript(coverage_view("han_key"))


#: What a synonym is to its term (``term_synonyms.kind``): another formal word for it, the
#: everyday word people say (家暴), or a short form of it (诉讼费 for 案件受理费 …).
SYNONYM_KINDS = ("synonym", "everyday", "abbreviation")


@migrations()
def m008_synonyms(db: Database) -> None:
    """Synonyms and everyday words of terms (store.synonyms), their search keys, and the
    English gloss in the term index (``term_search`` is rebuilt with an ``english`` column;
    FTS5 tables cannot gain a column in place)."""
    kinds = ", ".join(f"'{k}'" for k in SYNONYM_KINDS)
    db.executescript(
        f"""
        CREATE TABLE term_synonyms (
            id INTEGER PRIMARY KEY,
            term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
            word TEXT NOT NULL,                   -- what people say: 家暴
            kind TEXT NOT NULL DEFAULT 'synonym' CHECK (kind IN ({kinds})),
            note TEXT,
            source TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (term_id, word)
        );
        CREATE INDEX term_synonyms_word ON term_synonyms (word);
        CREATE TABLE synonym_keys (               -- a synonym as typed: its Han, its pinyin
            key TEXT NOT NULL,                    -- 家暴 | jia bao
            synonym_id INTEGER NOT NULL,
            term_id INTEGER NOT NULL,
            PRIMARY KEY (key, synonym_id)
        ) WITHOUT ROWID;
        CREATE INDEX synonym_keys_term ON synonym_keys (term_id);
        CREATE TRIGGER search_synonym_ins AFTER INSERT ON term_synonyms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', new.term_id);
        END;
        CREATE TRIGGER search_synonym_upd AFTER UPDATE ON term_synonyms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', old.term_id);
            INSERT OR IGNORE INTO search_dirty VALUES ('term', new.term_id);
        END;
        CREATE TRIGGER search_synonym_del AFTER DELETE ON term_synonyms BEGIN
            INSERT OR IGNORE INTO search_dirty VALUES ('term', old.term_id);
        END;
        DROP TABLE term_search;
        CREATE VIRTUAL TABLE term_search USING fts5(
            han, han2, py, py2, initials, bai, bai_tone, definition, english,
            tokenize = '{SEARCH_TOKENIZE}'
        );
        INSERT OR IGNORE INTO search_dirty SELECT 'term', id FROM terms;
        """
    )


# Later migrations live in topic modules (plain functions, importing nothing of this one),
# registered here in their order.
for _later in (
    m009_recordings,
    m010_term_guids,
    m011_ipa_search_keys,
    m012_history_without_copies,
    m013_redundant_indexes,
    m014_search_without_copies,
    m015_han_hash,
    m016_term_variants_by_key,
    m017_history_runs,
    m018_pinyin_by_exception,
    m019_han_from_the_text,
    m020_fts_write_buffer,
    m021_pinyin_through_han,
):
    migrations()(_later)
