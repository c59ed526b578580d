"""Synonym tables (``word, term, kind, note, source``): the everyday words and synonyms people
say for a glossary term (家暴 → 家庭暴力), imported like any term data.

Every row is checked first — the term must already be in the glossary, the word must not
be the term itself or repeat an earlier row — and a file with a bad row writes nothing
(unless ``--skip-invalid``). The writes go through :mod:`glossary.store.synonyms` in the
import's batch, so a dry run previews them and ``glossary undo`` takes them back.
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

from glossary.io.file_import import FileImport
from glossary.io.import_report import Outcome
from glossary.io.tabular import Row
from glossary.io.vocabulary import SYNONYM_COLUMNS, SYNONYM_KIND_NAMES, SYNONYM_REQUIRED, lookup
from glossary.store.history import Batch
from glossary.store.synonyms import SynonymRecord, synonym_key, upsert_synonym

KIND_FIX = "use synonym, everyday or abbreviation (同义词, 口语, 简称), or leave it empty"


class SynonymImport(FileImport):
    kind = "synonyms"
    columns = SYNONYM_COLUMNS
    required = SYNONYM_REQUIRED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen: dict[tuple[str, str], int] = {}
        self._terms: dict[str, int] | None = None

    @property
    def terms(self) -> dict[str, int]:
        """The stored terms: Han → id (read once per file)."""
        if self._terms is None:
            self._terms = dict(self.db.execute("SELECT han, id FROM terms").fetchall())
        return self._terms

    def check_row(self, row: Row) -> tuple[int, SynonymRecord] | None:
        word = unicodedata.normalize("NFKC", self.cell(row, "word"))
        term = unicodedata.normalize("NFKC", self.cell(row, "term"))
        if not word:
            self.problem(row, "word", "the word is empty", "fill in the word people say")
        if not term:
            self.problem(row, "term", "the term is empty", "fill in the glossary term it means")
        kind = self.check_kind(row)
        term_id = self.check_term(row, term) if term else None
        if word and word == term:
            self.problem(row, "word", f"{word!r} is the term itself", "give another word")
        if self.row_problems or term_id is None or kind is None:
            return None
        if (word, term) in self.seen:
            self.problem(
                row,
                "word",
                f"{word} → {term} is already on line {self.seen[(word, term)]}",
                "keep one row per word and term",
            )
            return None
        self.seen[(word, term)] = row.line
        note, source = self.cell(row, "note") or None, self.cell(row, "source") or None
        return term_id, SynonymRecord(word, term, kind, note, source)

    def check_kind(self, row: Row) -> str | None:
        text = self.cell(row, "kind")
        if not text:
            return "synonym"
        kind = lookup(text, SYNONYM_KIND_NAMES)
        if kind is None:
            self.problem(row, "kind", f"unknown kind {text!r}", KIND_FIX)
        return kind

    def check_term(self, row: Row, term: str) -> int | None:
        """The id of the stored term the row names; a problem saying how to fix it if none."""
        if term in self.terms:
            return self.terms[term]
        close = difflib.get_close_matches(term, list(self.terms), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        self.problem(
            row,
            "term",
            f"{term!r} is not a term of the glossary",
            f"{hint}correct the term cell, or import the term first (a term list with han "
            "and definition, e.g. data/glossary/starter-terms.csv)",
        )
        return None

    def write(self, batch: Batch, plans: list[tuple[int, SynonymRecord]]) -> None:
        for done, (term_id, record) in enumerate(plans):
            self.written(done, len(plans))
            line = self.seen[(record.word, record.term)]
            what = upsert_synonym(self.db, batch, term_id, record)
            self.record(Outcome(line, synonym_key(record.term, record.word), what))
        self.written(len(plans), len(plans))
