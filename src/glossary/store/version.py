"""What identifies a glossary database, importable without sqlite-utils (the read path
must start fast). ``schema.py`` defines the migrations; a test checks the names agree."""

MIGRATION_SET = "glossary"
# PRAGMA application_id marks a file as ours ("GLSY"), so a foreign SQLite file is refused.
APPLICATION_ID = 0x474C5359
MIGRATION_NAMES: tuple[str, ...] = (
    "m001_core_tables",
    "m002_full_text_search",
    "m003_query_views",
    "m004_search_index",
    "m005_translation_memory",
    "m006_review",
    "m007_coverage",
    "m008_synonyms",
    "m009_recordings",
    "m010_term_guids",
    "m011_ipa_search_keys",
    "m012_history_without_copies",
    "m013_redundant_indexes",
    "m014_search_without_copies",
    "m015_han_hash",
    "m016_term_variants_by_key",
    "m017_history_runs",
    "m018_pinyin_by_exception",
    "m019_han_from_the_text",
    "m020_fts_write_buffer",
    "m021_pinyin_through_han",
)
