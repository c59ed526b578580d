"""``glossary import-law``: read, parse and identify law-text files, then store them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.lawtext.catalog import LawInfo, law_info_for
from glossary.lawtext.model import ParsedLaw
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file
from glossary.progress import Progress, tell
from glossary.store.db import write_transaction
from glossary.store.history import Batch
from glossary.store.laws import ImportReport, write_parsed_law


@dataclass
class LawFile:
    """A parsed file and what it was identified as."""

    path: Path
    parsed: ParsedLaw
    law: LawInfo
    revision: str


def identify(
    path: Path, parsed: ParsedLaw, law: str | None = None, revision: str | None = None
) -> LawFile:
    """Which law and revision a text is: --law/--revision, else its title and preamble."""
    info = law_info_for(parsed.title, law)
    if revision is None:
        decided = parsed.decided_on
        if decided is None:
            raise GlossaryError(
                "cannot tell the revision: the preamble names no date of adoption or amendment "
                "(通过/修正/修订)",
                str(path),
                "give it with --revision, e.g. --revision 2023",
            )
        revision = str(decided.year)
    revision = revision.strip()
    if not revision or len(revision) > 40:
        raise GlossaryError(
            f"{revision!r} is not a usable revision label",
            fix="use the year of the decision, e.g. --revision 2023",
        )
    return LawFile(path=path, parsed=parsed, law=info, revision=revision)


def load_law_files(
    paths: list[Path],
    law: str | None = None,
    revision: str | None = None,
    progress: Progress | None = None,
) -> list[LawFile]:
    """Read and parse every file first, so that one bad file stops the command before
    anything is written."""
    loaded = []
    for done, path in enumerate(paths):
        tell(progress, done, len(paths), f"reading {path.name}")
        loaded.append(
            identify(path, parse_law(read_law_file(path), source=str(path)), law, revision)
        )
    tell(progress, len(paths), len(paths), "reading")
    return loaded


def import_law_files(
    db: Database,
    files: list[LawFile],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """Store files already read by :func:`load_law_files`, all in one transaction and one
    batch: a failure on any of them (a full disk, a kill) leaves none of them stored."""
    reports = []
    batch = Batch(db, command="import-law", source=", ".join(f.path.name for f in files))
    with write_transaction(db, dry_run=dry_run):
        for done, f in enumerate(files):
            tell(progress, done, len(files), f"storing {f.path.name}")
            reports.append(
                write_parsed_law(
                    db,
                    batch,
                    f.parsed,
                    law=f.law,
                    revision=f.revision,
                    source=f.path.name,
                    dry_run=dry_run,
                )
            )
        tell(progress, len(files), len(files), "storing")
        batch_id = batch.finish({"files": [r.to_json() for r in reports]})
    for report in reports:
        report.batch = None if dry_run else batch_id
    return reports
