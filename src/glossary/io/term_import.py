"""Term pairs (``han, bai``: a Bai form of a glossary term per row) and term lists (``han,
definition``, no Bai: the starter glossary)."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from glossary.bai.orthography import is_bai
from glossary.io.audio_import import Attachment, attach, form_owner, row_attachment
from glossary.io.file_import import FileImport
from glossary.io.import_report import Outcome
from glossary.io.tabular import Row, match_header
from glossary.io.vocabulary import (
    FORM_STATUSES,
    SCRIPTS,
    TERM_COLUMNS,
    TERM_LIST_REQUIRED,
    TERM_REQUIRED,
    TERM_STATUSES,
    clip,
    lookup,
    parse_article,
    parse_dialect,
)
from glossary.store.history import Batch
from glossary.store.queries import resolve_law, revisions_of
from glossary.store.term_bulk import add_new_terms
from glossary.store.terms import (
    FormPlan,
    TermPlan,
    changes_since,
    last_change,
    merge_term,
    upsert_term,
)
from glossary.store.translations import find_article


class FormKey(NamedTuple):
    """What makes a Bai form of a term one form: the store's key for ``term_forms``."""

    han: str
    bai: str
    script: str
    dialect: str | None
    variety: str | None


INVALID_DIALECT_FIX = "use bca (中部/剑川), bfs (南部/大理) or bfc (北部/碧江), or leave it empty"
STATUS_FIX = "use preferred, admitted, deprecated or proposed"
ARTICLES_FIX = "write law:revision:article, separated by ';', e.g. minshi-susong-fa:2023:122"


class TermImport(FileImport):
    kind = "terms"
    columns = TERM_COLUMNS
    required = TERM_REQUIRED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms: dict[str, TermPlan] = {}
        self.definition_lines: dict[str, int] = {}
        #: the line of each form seen, by the key the store gives a form (see
        #: :func:`glossary.store.terms.add_form`): term, form, script, dialect, variety
        self.keys: dict[FormKey, int] = {}
        self.recordings: dict[int, Attachment] = {}  # id(FormPlan) → its audio cell's sound

    @property
    def term_list(self) -> bool:
        """A file of terms without Bai (no bai column), like the starter glossary."""
        return "bai" not in self.cols

    def required_columns(self) -> tuple[str, ...]:
        found, _, _ = match_header(self.table.header, self.columns)
        return TERM_LIST_REQUIRED if "bai" not in found else TERM_REQUIRED

    # one row of term pairs

    def check_row(self, row: Row) -> tuple[str, FormPlan | None, Row] | None:
        if self.term_list:
            return self.check_term_list_row(row)
        han, bai = self.cell(row, "han"), self.cell(row, "bai")
        if not han:
            self.problem(row, "han", "the Han term is empty", "fill in the han cell")
        if not bai:
            self.problem(row, "bai", "the Bai text is empty", "fill in the bai cell")
        dialect = self.check_dialect(row)
        script = self.check_script(row)
        status = self.check_status(row, FORM_STATUSES)
        articles = self.check_articles(row)
        if bai and script == "latin" and not is_bai(bai):
            self.warn(
                row,
                "bai",
                f"{clip(bai, 60)!r} does not read as Bai in the Latin orthography",
                "check the spelling, or set script to ipa for IPA",
            )
        variety = self.cell(row, "variety") or None
        ident = FormKey(han, bai, script, dialect, variety)
        if self.row_problems or not self.check_unique(row, ident):
            return None
        term = self.add_to_term(row, ident, articles)
        if term is None:
            return None
        source = self.cell(row, "source") or None
        form = FormPlan(bai, script, dialect, variety, status, source, line=row.line)
        term.forms.append(form)
        found = row_attachment(self, row, source=self.table.path.name)
        if found is not None:
            self.recordings[id(form)] = found
        return han, form, row

    def check_dialect(self, row: Row) -> str | None:
        text = self.cell(row, "dialect")
        if not text:
            return self.default_dialect
        dialect = parse_dialect(text)
        if dialect is None:
            self.problem(row, "dialect", f"unknown dialect {text!r}", INVALID_DIALECT_FIX)
        return dialect

    def check_script(self, row: Row) -> str:
        text = self.cell(row, "script")
        if not text:
            return "latin"
        script = lookup(text, SCRIPTS) or ""
        if not script:
            self.problem(
                row,
                "script",
                f"unknown script {text!r}",
                "use latin (Bai Latin orthography) or ipa",
            )
        return script

    def check_status(self, row: Row, statuses: dict[str, str]) -> str | None:
        text = self.cell(row, "status")
        if not text:
            return None
        status = lookup(text, statuses)
        if status is None:
            self.problem(row, "status", f"unknown status {text!r}", STATUS_FIX)
        return status

    def check_unique(self, row: Row, ident: FormKey) -> bool:
        """One row per form as the store keys it: two rows differing only in script or
        variety (allenbai has several Central varieties) are two forms, not a duplicate."""
        if ident in self.keys:
            where = ", ".join(filter(None, (ident.dialect or "no dialect", ident.variety)))
            self.problem(
                row,
                "bai",
                f"{ident.han} = {ident.bai!r} ({ident.script}, {where}) is already on line "
                f"{self.keys[ident]}",
                "keep one row per term, Bai form, script, dialect and variety",
            )
            return False
        return True

    def add_to_term(
        self, row: Row, ident: FormKey, articles: list[tuple[str, str, int]]
    ) -> TermPlan | None:
        """The term this row's form joins, with the row's definition, source and links;
        None if its definition contradicts an earlier row's."""
        han = ident.han
        term = self.terms.get(han)
        definition = self.cell(row, "definition") or None
        known = term.given.get("definition") if term else None
        if known and definition and definition != known:
            self.problem(
                row,
                "definition",
                f"the definition of {han} differs from line {self.definition_lines[han]}",
                "give one definition per term (or leave the cell empty on the other rows)",
            )
            return None
        self.keys[ident] = row.line
        if term is None:
            term = self.terms[han] = TermPlan(han, row.line)
        if definition and not known:
            term.given["definition"], self.definition_lines[han] = definition, row.line
        source = self.cell(row, "source")
        if source and not term.offered.get("source"):
            term.offered["source"] = source
        for link in articles:
            if link not in term.articles:
                term.articles.append(link)
        return term

    # one row of a term list

    def check_term_list_row(self, row: Row) -> tuple[str, None, Row] | None:
        """One term of a term list: its own status, domain, English and Concepticon id."""
        han, definition = self.cell(row, "han"), self.cell(row, "definition")
        if not han:
            self.problem(row, "han", "the Han term is empty", "fill in the han cell")
        if not definition:
            self.problem(row, "definition", "the definition is empty", "write a definition")
        status = self.cell(row, "status")
        if status and lookup(status, TERM_STATUSES) is None:
            self.problem(row, "status", f"unknown status {status!r}", STATUS_FIX)
        articles = self.check_articles(row)
        if self.row_problems:
            return None
        if han in self.terms:
            self.problem(
                row,
                "han",
                f"{han} is already on line {self.terms[han].line}",
                "keep one row per term",
            )
            return None
        term = self.terms[han] = TermPlan(han, row.line, articles=articles)
        term.given = {
            name: value
            for name in ("definition", "domain", "english", "concepticon_id")
            if (value := self.cell(row, name))
        }
        if status:
            term.given["status"] = lookup(status, TERM_STATUSES) or status
        if source := self.cell(row, "source"):
            term.offered["source"] = source
        return han, None, row

    # article links

    def check_articles(self, row: Row) -> list[tuple[str, str, int]]:
        """The ``articles`` cell as (law, revision, article) links, each checked."""
        text = self.cell(row, "articles")
        links: list[tuple[str, str, int]] = []
        for item in filter(None, (p.strip() for p in re.split(r"[;；\n]+", text))):
            link = self.check_link(row, item)
            if link is not None:
                links.append(link)
        return links

    def check_link(self, row: Row, item: str) -> tuple[str, str, int] | None:
        parts = [p.strip() for p in re.split(r"[:：]", item)]
        if len(parts) != 3 or not all(parts):
            self.problem(row, "articles", f"{item!r} is not law:revision:article", ARTICLES_FIX)
            return None
        law_name, revision, number_text = parts
        article = parse_article(number_text)
        slug = resolve_law(self.db, law_name)
        if slug is None:
            self.problem(row, "articles", f"unknown law {law_name!r} in {item!r}", ARTICLES_FIX)
            return None
        if article is None:
            self.problem(row, "articles", f"{number_text!r} is not an article number", ARTICLES_FIX)
            return None
        label = self.check_link_revision(row, item, slug, revision, number_text)
        return None if label is None else (slug, label, article[0])

    def check_link_revision(
        self, row: Row, item: str, slug: str, revision: str, number_text: str
    ) -> str | None:
        """The revision label a link names, once its article is found (None: a problem)."""
        revisions = revisions_of(self.db, slug)
        rev = next((r for r in revisions if revision in (r["label"], r["decided_on"])), None)
        if revisions and rev is None:
            self.problem(
                row,
                "articles",
                f"{slug} has no revision {revision!r}",
                "use one of: " + ", ".join(r["label"] for r in revisions),
            )
            return None
        if rev is None:
            self.warn(
                row,
                "articles",
                f"the text of {slug} is not imported: {item!r} cannot be checked",
                None,
            )
            return revision
        number, sub = parse_article(number_text) or (0, 0)
        if find_article(self.db, rev["id"], number, sub) is None:
            self.problem(
                row,
                "articles",
                f"{slug} ({rev['label']}) has no article {number_text}",
                ARTICLES_FIX,
            )
            return None
        return str(rev["label"])

    # after the checks

    def finish(self, plans: list[Any]) -> list[Any]:
        """One plan per term, in the order the terms first appear; only accepted forms."""
        if self.term_list:
            accepted_terms = {han for han, _form, _row in plans}
            return [t for t in self.terms.values() if t.han in accepted_terms]
        accepted = {id(form) for _han, form, _row in plans}
        out = []
        for term in self.terms.values():
            term.forms = [f for f in term.forms if id(f) in accepted]
            if term.forms:
                out.append(term)
        return out

    def write(self, batch: Batch, plans: list[TermPlan]) -> None:
        """The terms not in the store yet in bulk (their outcome is known: added, with
        its forms and links), then each stored one through the merge, as it comes."""
        added = add_new_terms(self.db, batch, plans) if self.bulk_writes() else {}
        for done, term in enumerate(plans):
            self.written(done, len(plans))
            new = added.get(done)
            if new is None:
                outcome = self.merge_outcome(batch, term)
            else:
                outcome = Outcome(term.line, f"term/{term.han}", "added", created=new.created)
            for form in term.forms:
                if (found := self.recordings.get(id(form))) is not None:
                    owner = form_owner(self.db, term.han, form)
                    attach(self.db, batch, owner, found, outcome)
            self.record(outcome)
        self.written(len(plans), len(plans))

    def bulk_writes(self) -> bool:
        """Whether new terms may be written in bulk: not where a subclass writes a term
        its own way (LIFT: GUIDs, dates, renames)."""
        return type(self).write_term is TermImport.write_term

    def merge_outcome(self, batch: Batch, term: TermPlan) -> Outcome:
        """Write one term through the merge; its outcome read from the changes recorded."""
        mark = last_change(self.db)
        what = self.write_term(batch, term)
        outcome = Outcome(term.line, f"term/{term.han}", what)
        for table, key, op, name, old, new in changes_since(self.db, mark):
            label = key.split("/", 2)[-1] if table != "terms" else ""
            if op == "update" and name != "updated_at":
                outcome.changes[f"{label}: {name}" if label else str(name)] = (old, new)
            elif op == "insert" and table != "terms":
                outcome.created.append(f"{table} {label}")
        return outcome

    def write_term(self, batch: Batch, term: TermPlan) -> str:
        """Write one term; returns added, changed or unchanged."""
        _term_id, what = upsert_term(self.db, batch, merge_term(self.db, term))
        return what
