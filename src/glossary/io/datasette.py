"""Datasette metadata for the database: titles, descriptions, licences, sources, and which
full-text index each searchable table or view uses."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.store.reader import open_reader
from glossary.store.terms import LIST_SEPARATORS

LAW_TEXTS = (
    "Official texts of PRC laws, not covered by copyright (著作权法 art. 5); "
    "see shared/corpus/laws/SOURCES.md"
)


def metadata_for(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Metadata for ``datasette PATH -m metadata.json``; the database is named after the
    file, as Datasette names it."""
    path = Path(path)
    reader = open_reader(path)
    try:
        attributions = citations(
            r[0]
            for r in reader.execute(
                "SELECT DISTINCT attribution FROM term_forms WHERE attribution IS NOT NULL"
            )
        )
    finally:
        reader.close()
    lexibank = "; ".join(attributions) if attributions else None

    longer = "separate longer phrases with spaces (离婚 诉讼), or use the paragraphs table."
    search_note = (
        "Search finds one or two characters or pinyin syllables (离婚, lihun) directly; " + longer
    )
    # The article index keeps no pinyin (store.schema_search m021): glossary search reads
    # pinyin as the Han it can be read as.
    article_note = "Search finds one or two characters (离婚) directly; " + longer
    tables: dict[str, Any] = {
        "article_texts": {
            "title": "Articles (one row per article)",
            "description": "Han text of every article, one line per 款/项. " + article_note,
            "fts_table": "article_search",
            "fts_pk": "article_id",
            "source": LAW_TEXTS,
        },
        "clauses": {
            "title": "Clauses (one row per 款 or 项)",
            "description": "Law, revision, article, paragraph, Han and Bai per dialect.",
            "source": LAW_TEXTS,
        },
        "paragraphs": {
            "title": "Paragraphs (款) and items (项)",
            "description": "Full-text search (trigram) matches three characters or more.",
            "source": LAW_TEXTS,
        },
        "term_list": {
            "title": "Glossary terms",
            "description": "Han term, pinyin, definition and Bai forms. " + search_note,
            "fts_table": "term_search",
            "fts_pk": "term_id",
        },
        "term_forms": {
            "title": "Bai forms of glossary terms",
            "description": "Latin-orthography and IPA forms, per dialect and variety.",
        },
        "concordance": {
            "title": "Article concordances",
            "description": (
                "Which article became which. Rows with computed = 1 were computed by "
                "machine and are unverified (verified = 0)."
            ),
        },
        "changes": {
            "title": "History",
            "description": (
                "Every change, by batch: an overwritten value (old → new), a deleted row "
                "whole, an inserted row by its key (row_id; `glossary history --json` shows "
                "its values). at is NULL when it is the batch's time."
            ),
        },
    }
    if lexibank:
        tables["term_forms"]["license"] = "CC-BY-4.0"
        tables["term_forms"]["license_url"] = "https://creativecommons.org/licenses/by/4.0/"
        tables["term_forms"]["source"] = lexibank
    return {
        "title": "Bai–Han legal glossary 白汉法律词汇",
        "description": (
            "Official Han texts of the laws Dali's people's mediators use, with Bai "
            "translations per dialect and a glossary. Bai word lists: CC-BY-4.0, see "
            "term_forms."
        ),
        "databases": {path.stem: {"tables": tables}},
    }


def citations(attributions: Iterable[str]) -> list[str]:
    """Each citation once: a form credited by two word lists keeps both in one
    attribution, one per line (the list an import adds to), beside forms crediting one."""
    separator = LIST_SEPARATORS["attribution"]
    return sorted({c.strip() for a in attributions for c in a.split(separator) if c.strip()})


def write_metadata(path: str | os.PathLike[str], out: Path) -> Path:
    out.write_text(
        json.dumps(metadata_for(path), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return out


def datasette_command() -> list[str]:
    """How to start Datasette: from this interpreter's own environment (the project's
    venv, which need not be on PATH), else the ``datasette`` on PATH."""
    if importlib.util.find_spec("datasette") is not None:
        return [sys.executable, "-m", "datasette"]
    exe = shutil.which("datasette")
    if exe is None:
        raise GlossaryError(
            "Datasette is not installed", fix="pip install datasette (or make install)"
        )
    return [exe]
