"""``glossary import FILE.json``: a JSON export (:mod:`glossary.io.export_json`) restored.

The whole file's shape is checked first (a missing key, a wrong type, an unknown value:
one error naming its JSON path, nothing written). Then everything is written through the
store's own writes, in the import's one transaction and one batch: each revision's text as
a :class:`~glossary.lawtext.model.ParsedLaw` by :func:`~glossary.store.laws.write_parsed_law`
(paragraphs matched by text, as any re-import), its Bai translations by
:func:`~glossary.store.translations.upsert_translation`, the terms by the term import's
write (the one merge rule), the concordance by :func:`~glossary.store.concordance.write_rows`.
What the file does not hold is kept: a restore adds and corrects, it never deletes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.io.audio import read_sound
from glossary.io.audio_import import Attachment, attach, form_owner
from glossary.io.export_json import CONCORDANCE_FIELDS, FORMAT, FORMAT_VERSION
from glossary.io.file_import import FileImport
from glossary.io.import_report import Outcome, Problem
from glossary.io.json_shape import EXPORT, check_shape, fail
from glossary.io.read_tbx import credit_attribution
from glossary.io.tabular import Table
from glossary.io.term_import import TermImport
from glossary.lawtext.catalog import LawInfo
from glossary.lawtext.model import Article, Decision, Heading, Paragraph, ParsedLaw
from glossary.store.concordance import ConcordanceReport, history_key, write_rows
from glossary.store.history import Batch
from glossary.store.laws import write_parsed_law
from glossary.store.recordings import META_FIELDS, Owner, RecordingMeta
from glossary.store.synonyms import SynonymRecord, synonym_key, upsert_synonym
from glossary.store.terms import FormPlan, TermPlan, changes_since, last_change
from glossary.store.translations import (
    clause_key,
    find_article,
    find_revision,
    paragraphs_of,
    upsert_translation,
)

LAW_COLUMNS = (
    "slug", "name", "short_name", "kind", "status", "in_force_on", "repealed_on",
    "repealed_by", "successor", "successor_part", "successor_first", "successor_last",
)  # fmt: skip
REVISION_COLUMNS = ("decided_on", "in_force_on", "title", "part", "source", "layout")
TERM_GIVEN = (
    "pinyin", "definition", "domain", "english", "concepticon_id", "status", "source",
    "attribution", "note",
)  # fmt: skip


@dataclass
class JsonTable(Table):
    """A JSON export, read and checked: the table has no rows, the data is in ``data``."""

    data: dict[str, Any] = field(default_factory=dict)


def read_json(path: str | Path) -> JsonTable:
    """Read and check a JSON export; any problem is one GlossaryError naming its JSON path."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise fail(path, "", f"the file is not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise GlossaryError(
            f"not valid JSON ({exc.msg}, column {exc.colno})",
            f"{path}:{exc.lineno}",
            "the file is damaged or cut short: export it again with `glossary export json`",
        ) from None
    except RecursionError:
        raise fail(path, "", "the JSON is nested far too deep") from None
    check_format(path, data)
    check_shape(path, data, EXPORT)
    check_laws(path, data["laws"])
    return JsonTable(
        path=path,
        encoding="utf-8",
        delimiter=None,
        header=[],
        header_line=1,
        rows=[],
        importer=JsonImport,
        data=data,
    )


def check_format(path: Path, data: Any) -> None:
    """A JSON export of this program, in a format version it can read."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GlossaryError(
            f'not a glossary JSON export (no "format": "{FORMAT}")',
            str(path),
            "import a file written by `glossary export json`",
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(path, "format_version", f"expected a positive integer, found {version!r}")
    if version > FORMAT_VERSION:
        raise GlossaryError(
            f"the export is format version {version}, newer than this glossary reads "
            f"(up to {FORMAT_VERSION})",
            str(path),
            "update glossary to the version that wrote the file, and import it there",
        )


def check_laws(path: Path, laws: list[dict[str, Any]]) -> None:
    """What the shape cannot say: dates, structure paths, one article per number."""
    for i, law in enumerate(laws):
        for j, rev in enumerate(law["revisions"]):
            where = f"laws[{i}].revisions[{j}]"
            for name in ("decided_on", "in_force_on"):
                check_date(path, f"{where}.{name}", rev[name])
            paths = check_structure(path, where, rev["structure"])
            seen: dict[tuple[int, int], int] = {}
            for k, article in enumerate(rev["articles"]):
                ident = (article["number"], article["sub"])
                if ident in seen:
                    raise fail(path, f"{where}.articles[{k}]", f"repeats articles[{seen[ident]}]")
                seen[ident] = k
                if article["division"] is not None and article["division"] not in paths:
                    raise fail(
                        path,
                        f"{where}.articles[{k}].division",
                        f"{article['division']!r} is not a path of the structure",
                    )


def check_date(path: Path, where: str, value: str | None) -> None:
    if value is None:
        return
    try:
        ok = date.fromisoformat(value).isoformat() == value
    except ValueError:
        ok = False
    if not ok:
        raise fail(path, where, f"{value!r} is not a date written YYYY-MM-DD")


def check_structure(path: Path, where: str, structure: list[dict[str, Any]]) -> set[str]:
    """The structure's paths; each division's label and path follow from its level, number
    and parent, as the law import writes them."""
    paths: set[str] = set()
    for k, div in enumerate(structure):
        at = f"{where}.structure[{k}]"
        if not 1 <= div["number"] <= 9999:
            raise fail(path, f"{at}.number", f"{div['number']} is not a heading number")
        label = Heading(div["level"], div["number"], div["title"], 0).label
        expected = label if div["parent"] is None else f"{div['parent']}/{label}"
        if div["label"] != label or div["path"] != expected:
            raise fail(path, at, f"label/path {div['path']!r} do not match {expected!r}")
        if div["parent"] is not None and div["parent"] not in paths:
            raise fail(path, f"{at}.parent", f"{div['parent']!r} is not an earlier division")
        if div["path"] in paths:
            raise fail(path, f"{at}.path", f"{div['path']!r} is already in the structure")
        paths.add(div["path"])
    return paths


# --- the export as the law import's objects ---------------------------------------------------


def parsed_law(rev: dict[str, Any]) -> ParsedLaw:
    """One exported revision as the parser would have given it."""
    headings: dict[str, Heading] = {}
    parents: dict[str, str | None] = {}
    for div in rev["structure"]:
        headings[div["path"]] = Heading(div["level"], div["number"], div["title"], 0)
        parents[div["path"]] = div["parent"]
    articles = [
        Article(
            number=a["number"],
            sub=a["sub"],
            path=heading_path(a["division"], headings, parents),
            paragraphs=[Paragraph(p["kind"], p["han"], p["label"]) for p in a["paragraphs"]],
        )
        for a in rev["articles"]
    ]
    decisions = [
        Decision(date.fromisoformat(rev[name]), action, "")
        for name, action in (("decided_on", "通过"), ("in_force_on", "施行"))
        if rev[name]
    ]
    return ParsedLaw(
        title=rev["title"],
        articles=articles,
        headings=list(headings.values()),
        decisions=decisions,
        part=rev["part"],
        layout=rev["layout"],
    )


def heading_path(
    key: str | None, headings: dict[str, Heading], parents: dict[str, str | None]
) -> tuple[Heading, ...]:
    path: list[Heading] = []
    while key is not None:
        path.insert(0, headings[key])
        key = parents[key]
    return tuple(path)


class JsonImport(FileImport):
    """Writes a checked JSON export: laws with their texts and translations, terms,
    concordance. One outcome per revision (or law without text), term and concordance row."""

    kind = "json"

    @property
    def data(self) -> dict[str, Any]:
        assert isinstance(self.table, JsonTable)
        return self.table.data

    def check_header(self) -> bool:
        return True  # checked whole when read

    def run_checks(self) -> list[Any]:
        data = self.data
        self.report.rows = len(data["laws"]) + len(data["terms"]) + len(data["concordance"])
        return [data]

    def write(self, batch: Batch, plans: list[Any]) -> None:
        data = self.data
        for law in data["laws"]:
            self.write_law(batch, law)
        terms = TermImport(self.db, self.table, self.report, dialect=None, translator=None)
        terms.progress = self.progress
        terms.write(batch, [self.term_plan(n, t) for n, t in enumerate(data["terms"])])
        self.write_synonyms(batch, data["terms"])
        self.restore_form_recordings(batch, data["terms"])
        report = ConcordanceReport(source=str(self.table.path))
        for n, row in enumerate(data["concordance"]):
            mark = last_change(self.db)
            values = {name: row[name] for name in CONCORDANCE_FIELDS}
            values |= {"computed": int(row["computed"]), "verified": int(row["verified"])}
            write_rows(self.db, batch, [values], report)
            self.outcome(mark, n, history_key(row), "concordance")

    def write_law(self, batch: Batch, law: dict[str, Any]) -> None:
        slug = law["slug"]
        mark = last_change(self.db)
        values = {name: law[name] for name in LAW_COLUMNS}
        values["aliases"] = json.dumps(law["aliases"], ensure_ascii=False)
        if self.db.execute("SELECT 1 FROM laws WHERE slug = ?", [slug]).fetchone() is None:
            batch.insert("laws", values, key=slug)
        else:
            batch.update("laws", slug, values, key=slug, pk="slug")
        if not law["revisions"]:
            self.outcome(mark, 0, f"law/{slug}", "laws")
        info = LawInfo(slug, law["name"], law["short_name"], in_catalog=False)
        for rev in law["revisions"]:
            write_parsed_law(
                self.db, batch, parsed_law(rev), law=info, revision=rev["label"],
                source=rev["source"],
            )  # fmt: skip
            revision_id = find_revision(self.db, slug, rev["label"])
            assert revision_id is not None
            exact = {name: rev[name] for name in REVISION_COLUMNS}
            batch.update("revisions", revision_id, exact, key=f"{slug}/{rev['label']}")
            self.write_translations(batch, slug, rev, revision_id)
            self.outcome(mark, 0, f"{slug}/{rev['label']}", "revisions")
            mark = last_change(self.db)

    def write_translations(
        self, batch: Batch, slug: str, rev: dict[str, Any], revision_id: int
    ) -> None:
        for article in rev["articles"]:
            article_id = find_article(self.db, revision_id, article["number"], article["sub"])
            assert article_id is not None
            ids = [p[0] for p in paragraphs_of(self.db, article_id)]
            base = clause_key(slug, rev["label"], article["number"], article["sub"])
            places = [(None, None, article["translations"])] + [
                (ids[n], n + 1, p["translations"]) for n, p in enumerate(article["paragraphs"])
            ]
            for paragraph_id, position, translations in places:
                for t in translations:
                    key = base if position is None else f"{base}/{position}"
                    written = upsert_translation(
                        self.db,
                        batch,
                        article_id=article_id,
                        paragraph_id=paragraph_id,
                        dialect=t["dialect"],
                        bai=t["bai"],
                        key=f"{key}/{t['dialect']}",
                        status=t["status"],
                        translator=t["translator"],
                        note=t["note"],
                        source=t["source"],
                        alternative=t.get("alternative"),
                        reviewed=(
                            (t["reviewed_by"], t.get("reviewed_at")) if "reviewed_by" in t else None
                        ),
                    )
                    if t.get("recording"):
                        owner = Owner(written.id, None, f"{key}/{t['dialect']}", t["dialect"])
                        self.restore_recording(batch, owner, t["recording"])

    def restore_recording(self, batch: Batch, owner: Owner, entry: dict[str, Any]) -> None:
        """A recording of the export, its sound read from the folder beside the JSON."""
        name = entry.get("file")
        if not name:
            self.warn_once(owner.key)
            return
        where = f"{self.table.path} ({owner.key})"
        sound = read_sound(self.table.path.parent / name, where, name)
        if sound.sha256 != entry["sha256"]:
            raise GlossaryError(
                f"{name} is not the sound the export names (its hash differs)",
                where=where,
                fix="restore the export's folder of recordings as it was written",
            )
        meta = RecordingMeta(**{f: entry.get(f) for f in META_FIELDS})
        outcome = Outcome(0, owner.recording_key, "unchanged")
        attach(self.db, batch, owner, Attachment(sound, meta), outcome)

    def warn_once(self, key: str) -> None:
        self.report.warnings.append(
            Problem(
                str(self.table.path),
                f"{key}: the recording's sound was not exported with this JSON; not restored",
                "export to a file (-o FILE.json): its sounds go to the folder beside it",
            )
        )

    def restore_form_recordings(self, batch: Batch, terms: list[dict[str, Any]]) -> None:
        for term in terms:
            for f in term["forms"]:
                if f.get("recording"):
                    plan = FormPlan(f["form"], f["script"], f["dialect"], f["variety"])
                    owner = form_owner(self.db, term["han"], plan)
                    self.restore_recording(batch, owner, f["recording"])

    def term_plan(self, n: int, term: dict[str, Any]) -> TermPlan:
        """A term of the export as the term import's plan: its values are given."""
        plan = TermPlan(term["han"], line=n)
        plan.given = {name: term[name] for name in TERM_GIVEN if term[name] not in (None, "")}
        for f in term["forms"]:
            form = FormPlan(
                f["form"], f["script"], f["dialect"], f["variety"], f["status"], f["source"]
            )
            credit_attribution(self.db, term["han"], form, f["attribution"])
            plan.forms.append(form)
        plan.articles = [(a["law"], a["revision"], a["article"]) for a in term["articles"]]
        return plan

    def write_synonyms(self, batch: Batch, terms: list[dict[str, Any]]) -> None:
        """Each term's synonyms (absent from exports written before they existed)."""
        for n, term in enumerate(terms):
            found = self.db.execute("SELECT id FROM terms WHERE han = ?", [term["han"]])
            term_id = found.fetchone()[0]
            for s in term.get("synonyms", []):
                record = SynonymRecord(s["word"], term["han"], s["kind"], s["note"], s["source"])
                what = upsert_synonym(self.db, batch, term_id, record)
                if what != "unchanged":
                    self.record(Outcome(n, synonym_key(term["han"], s["word"]), what))

    def outcome(self, mark: int, line: int, key: str, table: str) -> None:
        """What the writes since ``mark`` did to one unit of the file."""
        outcome = Outcome(line, key, "unchanged")
        counts: dict[str, int] = {}
        for name, change_key, op, column, old, new in changes_since(self.db, mark):
            if op == "insert" and name == table:
                outcome.what = "added"
            elif op == "update" and column != "updated_at":
                outcome.changes[f"{change_key}: {column}"] = (old, new)
            if op != "update":
                counts[f"{name} {op}"] = counts.get(f"{name} {op}", 0) + 1
        outcome.created = [f"{what} ×{n}" for what, n in counts.items()]
        if outcome.what == "unchanged" and (outcome.changes or counts):
            outcome.what = "changed"
        self.record(outcome)


__all__ = ["JsonImport", "JsonTable", "read_json"]
