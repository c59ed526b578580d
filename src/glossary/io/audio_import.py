"""Recordings from files: the ``audio`` column of the clause and term imports, and
``glossary import-audio DIR --manifest FILE.csv``.

A manifest row names a sound file (relative to DIR) and what it is the recording of:

=========== ==============================================================================
file        the sound file, relative to DIR (WAV, MP3, FLAC, Ogg Vorbis)
ref         a paragraph: law/revision/article/paragraph (``minshi-susong-fa/2023/122/1``;
            law/article/paragraph takes the newest revision; no paragraph: the whole
            article) — or a term form: ``term/HAN/FORM`` (``term/HAN/ipa:FORM``)
dialect     which translation of the paragraph (bca, bfs, bfc); may be empty when it has one
speaker     who speaks
date        when it was recorded (recorded_on)
licence     e.g. CC BY 4.0
source      where it comes from (a field trip, an archive)
=========== ==============================================================================

Every row is checked (the place exists, the sound is readable, 0.1 s–10 min, ≤ 20 MB)
before anything is written; one bad row writes nothing. One transaction, one batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.io.audio import read_sound
from glossary.io.file_import import FileImport
from glossary.io.import_report import FileReport, ImportResult, Outcome
from glossary.io.tabular import Row, read_table
from glossary.io.vocabulary import AUDIO_COLUMNS, parse_dialect
from glossary.store.db import write_transaction
from glossary.store.history import Batch
from glossary.store.recordings import (
    Owner,
    RecordingMeta,
    Sound,
    attach_recording,
    resolve_owner,
)

MANIFEST_COLUMNS: dict[str, tuple[str, ...]] = {
    "file": ("文件", "audio", "录音"),
    "ref": ("引用", "place", "位置"),
    "dialect": ("方言",),
    "speaker": ("发音人", "说话人"),
    "recorded_on": ("date", "录音日期", "日期"),
    "licence": ("license", "许可", "许可证"),
    "source": ("来源", "出处"),
}
MANIFEST_REQUIRED = ("file", "ref")


@dataclass(frozen=True)
class Attachment:
    """A checked sound and what is known about it, ready to attach."""

    sound: Sound
    meta: RecordingMeta


def row_attachment(
    importer: FileImport, row: Row, *, source: str | None = None
) -> Attachment | None:
    """The recording a CSV row names in its ``audio`` cell (None: none, or a problem the
    importer was told of)."""
    name = importer.cell(row, "audio")
    if not name:
        return None
    where = importer.where(row, "audio")
    try:
        sound = read_sound(importer.table.path.parent / name, where, name)
    except GlossaryError as exc:
        importer.problem(row, "audio", exc.what, exc.fix)
        return None
    meta = RecordingMeta(
        speaker=importer.cell(row, "speaker") or None,
        recorded_on=importer.cell(row, "recorded_on") or None,
        licence=importer.cell(row, "licence") or None,
        source=source or importer.cell(row, "source") or importer.table.path.name,
        file_name=Path(name).name,
    )
    return Attachment(sound, meta)


def attach(db: Database, batch: Batch, owner: Owner, found: Attachment, outcome: Outcome) -> None:
    """Attach and tell the outcome what changed."""
    written = attach_recording(db, batch, owner, found.sound, found.meta)
    if written.what == "added":
        outcome.created.append(f"recording {found.meta.file_name}")
    for name, change in written.changes.items():
        outcome.changes[f"recording {name}"] = change
    if written.what != "unchanged" and outcome.what == "unchanged":
        outcome.what = "changed"


def form_owner(db: Database, han: str, form: Any) -> Owner:
    """The stored term form a term import's form plan wrote."""
    found = db.execute(
        "SELECT f.id FROM term_forms f JOIN terms t ON t.id = f.term_id WHERE t.han = ? "
        "AND f.form = ? AND f.script = ? AND f.dialect IS ? AND f.variety IS ?",
        [han, form.form, form.script, form.dialect, form.variety],
    ).fetchone()
    assert found is not None, "the form was written just before"
    return Owner(None, found[0], f"term/{han}/{form.script}:{form.form}", form.dialect)


@dataclass
class ManifestPlan:
    line: int
    owner: Owner
    found: Attachment


class AudioImport(FileImport):
    """The rows of a manifest: each a sound file and the place it is the recording of."""

    kind = "recordings"
    columns = MANIFEST_COLUMNS
    required = MANIFEST_REQUIRED

    def __init__(self, *args: Any, folder: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = folder
        self.owners: dict[str, int] = {}

    def check_row(self, row: Row) -> ManifestPlan | None:
        name, ref = self.cell(row, "file"), self.cell(row, "ref")
        if not name:
            self.problem(row, "file", "the file is empty", "name the sound file, e.g. 122-1.wav")
        if not ref:
            self.problem(row, "ref", "the ref is empty", "name the paragraph or the term form")
        dialect = None
        if text := self.cell(row, "dialect"):
            dialect = parse_dialect(text)
            if dialect is None:
                self.problem(row, "dialect", f"unknown dialect {text!r}", "use bca, bfs or bfc")
        if self.row_problems:
            return None
        try:
            owner = resolve_owner(self.db, ref, dialect)
        except GlossaryError as exc:
            self.problem(row, "ref", exc.what, exc.fix)
            return None
        if owner.key in self.owners:
            self.problem(
                row,
                "ref",
                f"{owner.key} already has a recording on line {self.owners[owner.key]}",
                "keep one recording per paragraph and dialect, or per term form",
            )
            return None
        self.owners[owner.key] = row.line
        try:
            sound = read_sound(self.folder / name, self.where(row, "file"), name)
        except GlossaryError as exc:
            self.problem(row, "file", exc.what, exc.fix)
            return None
        meta = RecordingMeta(
            speaker=self.cell(row, "speaker") or None,
            recorded_on=self.cell(row, "recorded_on") or None,
            licence=self.cell(row, "licence") or None,
            source=self.cell(row, "source") or None,
            file_name=Path(name).name,
        )
        return ManifestPlan(row.line, owner, Attachment(sound, meta))

    def write(self, batch: Batch, plans: list[ManifestPlan]) -> None:
        for done, plan in enumerate(plans):
            self.written(done, len(plans))
            outcome = Outcome(plan.line, plan.owner.recording_key, "unchanged")
            attach(self.db, batch, plan.owner, plan.found, outcome)
            if any(c.startswith("recording ") for c in outcome.created):
                outcome.what = "added"
            self.record(outcome)
        self.written(len(plans), len(plans))


def import_audio(
    db: Database, folder: Path, manifest: Path, *, dry_run: bool = False
) -> ImportResult:
    """Attach the recordings a manifest names, all or none, in one batch ("import-audio")."""
    if not folder.is_dir():
        raise GlossaryError("no such folder", str(folder), "give the folder the sound files are in")
    table = read_table(manifest)
    report = FileReport(str(manifest), kind="recordings", rows=len(table.rows))
    report.encoding, report.delimiter = table.encoding, table.delimiter_name
    result = ImportResult([report], dry_run=dry_run, skip_invalid=False)
    importer = AudioImport(db, table, report, dialect=None, translator=None, folder=folder)
    batch = Batch(db, command="import-audio", source=manifest.name)
    with write_transaction(db, dry_run=dry_run):
        if not importer.check_header():
            return result
        plans = importer.run_checks()
        if report.rejected:
            return result
        importer.write(batch, plans)
        report.written = True
        batch_id = batch.finish({"files": [str(manifest)], **result.counts})
        result.batch = None if dry_run else batch_id
    return result


__all__ = [
    "AUDIO_COLUMNS",
    "MANIFEST_COLUMNS",
    "Attachment",
    "AudioImport",
    "attach",
    "form_owner",
    "import_audio",
    "row_attachment",
]
