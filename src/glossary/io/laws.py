"""``glossary import-law``: read, parse and identify law-text files, then store them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.lawtext.catalog import LawInfo, find_in_catalog, law_info_for
from glossary.lawtext.model import ParsedLaw
from glossary.lawtext.parse import parse_law
from glossary.lawtext.read import read_law_file
from glossary.progress import Progress, tell
from glossary.store.alignment import AlignReport, realign
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


# 中华人民共和国X法2019.txt, X法(2019年修正).txt, minshi-susong-fa-2023.md: a year at the end.
_FILE_YEAR_RE = re.compile(r"[\s_\-（(【\[]*((?:19|20)\d{2})\s*年?(?:修正|修订|版)?[）)】\]]*$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def name_from_file(path: Path) -> tuple[str, str | None]:
    """The law's name and the revision year a file name gives (either may be missing)."""
    stem = path.stem.strip()
    year = None
    if match := _FILE_YEAR_RE.search(stem):
        year, stem = match.group(1), stem[: match.start()]
    return stem.strip(" _-《》〈〉「」"), year


def identify(
    path: Path, parsed: ParsedLaw, law: str | None = None, revision: str | None = None
) -> LawFile:
    """Which law and revision a text is: --law/--revision, else its title and preamble, else
    (a text pasted without its title line) the file name: 中华人民共和国X法2019.txt."""
    file_title, file_year = name_from_file(path)
    if parsed.title:
        info = law_info_for(parsed.title, law)
    else:
        info = _law_from_file_name(path, file_title, law)
        parsed.title = info.name
    if revision is None:
        revision = _revision_of(path, parsed, file_year)
    revision = revision.strip()
    if not revision or len(revision) > 40:
        raise GlossaryError(
            f"{revision!r} is not a usable revision label",
            fix="use the year of the decision, e.g. --revision 2023",
        )
    return LawFile(path=path, parsed=parsed, law=info, revision=revision)


def _law_from_file_name(path: Path, file_title: str, law: str | None) -> LawInfo:
    """A text without a title line: the law --law names, else the file name's."""
    has_han = bool(_HAN_RE.search(file_title))
    if law:
        return law_info_for(file_title if has_han else law, law)
    found = find_in_catalog(file_title) if file_title else None
    if found:
        return found
    if has_han:
        return law_info_for(file_title)
    raise GlossaryError(
        "cannot tell which law this is: the text has no title line and the file name names no law",
        str(path),
        "give it with --law SLUG, or name the file after the law, "
        "e.g. 中华人民共和国仲裁法2017.txt",
    )


def _revision_of(path: Path, parsed: ParsedLaw, file_year: str | None) -> str:
    """The year of the latest decision in the preamble, else the year in the file name."""
    decided = parsed.decided_on
    if decided is not None:
        return str(decided.year)
    if file_year:
        return file_year
    raise GlossaryError(
        "cannot tell the revision: the preamble names no date of adoption or amendment "
        "(通过/修正/修订)",
        str(path),
        "give it with --revision, e.g. --revision 2023, or put the year in the file name",
    )


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
    align: bool = True,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """Store files already read by :func:`load_law_files`, all in one transaction and one
    batch: a failure on any of them (a full disk, a kill) leaves none of them stored.

    Then (unless ``align`` is false) the revisions of each law whose text the import changed
    are aligned with their neighbours and with the law they replaced or that replaced them
    (store.alignment), in the same batch: undoing the import undoes the concordance it
    computed. A file imported again unchanged leaves the concordance alone (rows an editor
    imported stay); ``glossary align LAW`` recomputes on demand."""
    reports = []
    batch = Batch(db, command="import-law", source=", ".join(f.path.name for f in files))
    with write_transaction(db, dry_run=dry_run, bulk=True):
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
        if align:
            tell(progress, 0, 1, "aligning revisions")
            changed = sorted({r.law for r in reports if r.changed})
            attach_alignment(reports, realign(db, batch, changed))
        batch_id = batch.finish({"files": [r.to_json() for r in reports]})
    for report in reports:
        report.batch = None if dry_run else batch_id
    return reports


def attach_alignment(reports: list[ImportReport], aligned: list[AlignReport]) -> None:
    """Give each link's report to the last imported file it involves (else the last file of
    its law): a revision imported between two others realigns both of its neighbours."""
    for link in aligned:
        mine = [r for r in reports if (r.law, r.revision) in link.sides]
        mine = mine or [r for r in reports if r.law in {law for law, _ in link.sides}]
        mine[-1].aligned.append(link.to_json())
