"""Recordings of a paragraph's Bai translation (per dialect) or of a term form.

A recording row carries what people ask about it (speaker, date, licence, source) and what
the sound is (format, duration, size, SHA-256); the sound itself is a row of
``recording_blobs``, stored once per content (see :mod:`glossary.store.schema_recordings`).
Attaching, replacing and removing go through the batch history like any other value: the
history records the hash, the blob stays while anything names it, so an undo restores the
exact sound.

:func:`recordings_of` is the one way to read the recordings of a translation or of a term
form (the JSON and LIFT exports, the app and ``glossary play`` use it).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from glossary.errors import GlossaryError
from glossary.store.history import Batch, now
from glossary.store.queries import resolve_law, rows
from glossary.store.reader import Queryable
from glossary.store.translations import Written, clause_key

if TYPE_CHECKING:  # the app reads through this module: no sqlite-utils at start
    from sqlite_utils import Database

#: The fields a recording's metadata has, as the manifest and the exports name them.
META_FIELDS = ("speaker", "recorded_on", "licence", "source", "file_name")


@dataclass(frozen=True)
class Sound:
    """A checked sound file (io.audio makes one): its bytes and what they are."""

    data: bytes
    format: str  # wav | mp3 | flac | vorbis
    duration: float  # seconds

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class RecordingMeta:
    speaker: str | None = None
    recorded_on: str | None = None
    licence: str | None = None
    source: str | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class Owner:
    """What a recording belongs to: a translation or a term form, with its history key."""

    translation_id: int | None
    term_form_id: int | None
    key: str  # minshi-susong-fa/2023/122/1/bca | term/调解/latin:test bai one
    dialect: str | None = None

    @property
    def recording_key(self) -> str:
        return f"{self.key}/recording"


@dataclass(frozen=True)
class Recording:
    id: int
    translation_id: int | None
    term_form_id: int | None
    sha256: str
    format: str
    duration: float
    size: int
    speaker: str | None
    recorded_on: str | None
    licence: str | None
    source: str | None
    file_name: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_RECORDING_COLUMNS = ", ".join(Recording.__dataclass_fields__)


def recordings_of(
    db: Queryable, *, translation_id: int | None = None, term_form_id: int | None = None
) -> list[Recording]:
    """The recordings of one translation or one term form (at most one each today)."""
    if (translation_id is None) == (term_form_id is None):
        raise ValueError("name exactly one of translation_id, term_form_id")
    column, value = (
        ("translation_id", translation_id)
        if translation_id is not None
        else ("term_form_id", term_form_id)
    )
    found = rows(
        db, f"SELECT {_RECORDING_COLUMNS} FROM recordings WHERE [{column}] = ? ORDER BY id", [value]
    )
    return [Recording(**row) for row in found]


def recording_data(db: Queryable, sha256: str) -> bytes:
    """The sound of a recording, by its hash."""
    row = db.execute("SELECT data FROM recording_blobs WHERE sha256 = ?", [sha256]).fetchone()
    if row is None:
        raise GlossaryError(
            f"the sound {sha256[:12]}… is not in the database",
            fix="it was removed outside the glossary; import the recording again",
        )
    return bytes(row[0])


def recorded_paragraphs(
    db: Queryable, paragraph_ids: list[int]
) -> dict[tuple[int | None, str], Recording]:
    """(paragraph id, or None for the whole article; dialect) → its recording, for the
    article these paragraphs belong to (what the app marks with ▶ and plays)."""
    if not paragraph_ids:
        return {}
    marks = ",".join("?" * len(paragraph_ids))
    columns = ", ".join(f"r.{c}" for c in Recording.__dataclass_fields__)
    found = db.execute(
        f"SELECT t.paragraph_id, t.dialect, {columns} FROM recordings r "
        "JOIN translations t ON t.id = r.translation_id WHERE t.article_id IN "
        f"(SELECT article_id FROM paragraphs WHERE id IN ({marks})) ORDER BY r.id",
        paragraph_ids,
    ).fetchall()
    names = list(Recording.__dataclass_fields__)
    return {(p, d): Recording(**dict(zip(names, rest, strict=True))) for p, d, *rest in found}


def recorded_forms(db: Queryable, term_id: int) -> dict[int, Recording]:
    """term form id → its recording, for one term."""
    columns = ", ".join(f"r.{c}" for c in Recording.__dataclass_fields__)
    found = db.execute(
        f"SELECT f.id, {columns} FROM recordings r JOIN term_forms f ON f.id = r.term_form_id "
        "WHERE f.term_id = ? ORDER BY r.id",
        [term_id],
    ).fetchall()
    names = list(Recording.__dataclass_fields__)
    return {f: Recording(**dict(zip(names, rest, strict=True))) for f, *rest in found}


def store_blob(db: Database, sound: Sound) -> str:
    """Keep the sound once by its hash (not in the history: a blob never changes)."""
    digest = sound.sha256
    db.execute(
        "INSERT OR IGNORE INTO recording_blobs (sha256, data, size) VALUES (?, ?, ?)",
        [digest, sound.data, sound.size],
    )
    return digest


def attach_recording(
    db: Database, batch: Batch, owner: Owner, sound: Sound, meta: RecordingMeta
) -> Written:
    """Attach ``sound`` to ``owner``, replacing the recording it had (the old one stays in
    the history, its sound in the blobs). Metadata left None keeps the stored value."""
    digest = store_blob(db, sound)
    values: dict[str, Any] = {
        "sha256": digest,
        "format": sound.format,
        "duration": round(sound.duration, 3),
        "size": sound.size,
    }
    given = {name: getattr(meta, name) for name in META_FIELDS}
    existing = (
        recordings_of(db, translation_id=owner.translation_id)
        if owner.translation_id is not None
        else recordings_of(db, term_form_id=owner.term_form_id)
    )
    if not existing:
        stamp = now()
        row = {
            "translation_id": owner.translation_id,
            "term_form_id": owner.term_form_id,
            **values,
            **given,
            "created_at": stamp,
            "updated_at": stamp,
        }
        return Written(batch.insert("recordings", row, owner.recording_key), "added")
    old = existing[0]
    wanted = values | {k: v for k, v in given.items() if v is not None}
    before = batch.row("recordings", old.id)
    changes = {k: (before[k], v) for k, v in wanted.items() if before[k] != v}
    if not changes:
        return Written(old.id, "unchanged")
    update = {k: new for k, (_old, new) in changes.items()} | {"updated_at": now()}
    batch.update("recordings", old.id, update, owner.recording_key, before=before)
    return Written(old.id, "changed", changes)


# --- what a reference names ---------------------------------------------------------------

REF_FIX = (
    "write a paragraph as law/revision/article/paragraph (minshi-susong-fa/2023/122/1; "
    "law/article/paragraph takes the newest revision; no paragraph: the whole article), "
    "or a term form as term/HAN/FORM (term/调解/test bai one; term/HAN/ipa:FORM for IPA)"
)


def resolve_owner(db: Queryable, ref: str, dialect: str | None = None) -> Owner:
    """The translation (in ``dialect``) or term form that ``ref`` names, or a clear error."""
    text = ref.strip()
    if text.startswith(("term/", "term:")):
        return _term_form_owner(db, text[5:], dialect)
    return _translation_owner(db, text, dialect)


def _term_form_owner(db: Queryable, text: str, dialect: str | None) -> Owner:
    han, _, form = text.partition("/")
    script = None
    if form.startswith(("latin:", "ipa:")):
        script, _, form = form.partition(":")
    found = rows(
        db,
        "SELECT f.id, f.form, f.script, f.dialect FROM term_forms f JOIN terms t "
        "ON t.id = f.term_id WHERE t.han = ? AND f.form = ?",
        [han.strip(), form.strip()],
    )
    found = [
        f
        for f in found
        if (script is None or f["script"] == script)
        and (dialect is None or f["dialect"] == dialect)
    ]
    if not found:
        raise GlossaryError(f"term {han!r} has no form {form!r}", fix=REF_FIX)
    if len(found) > 1:
        raise GlossaryError(
            f"term {han!r} has {len(found)} forms {form!r}",
            fix="name the dialect (bca, bfs, bfc) or the script (term/HAN/ipa:FORM)",
        )
    row = found[0]
    key = f"term/{han.strip()}/{row['script']}:{row['form']}"
    return Owner(None, row["id"], key, row["dialect"])


def _translation_owner(db: Queryable, text: str, dialect: str | None) -> Owner:
    parts = [p.strip() for p in text.split("/")]
    if len(parts) < 2 or not all(parts):
        raise GlossaryError(f"{text!r} names no paragraph or term form", fix=REF_FIX)
    slug = resolve_law(db, parts[0])
    if slug is None:
        raise GlossaryError(f"unknown law {parts[0]!r} in {text!r}", fix=REF_FIX)
    labels = [r[0] for r in db.execute("SELECT label FROM revisions WHERE law = ?", [slug])]
    rest = parts[1:]
    if rest[0] in labels and len(rest) >= 2:
        revision, rest = rest[0], rest[1:]
    elif labels:
        revision = max(labels)
    else:
        raise GlossaryError(f"the text of {slug} is not imported", fix=REF_FIX)
    number, _, sub = rest[0].partition("-")
    position = rest[1] if len(rest) > 1 else None
    if len(rest) > 2 or not number.isdigit() or not (sub or "0").isdigit():
        raise GlossaryError(f"{text!r} is not law/revision/article/paragraph", fix=REF_FIX)
    if position is not None and not position.isdigit():
        raise GlossaryError(f"paragraph {position!r} in {text!r} is not a number", fix=REF_FIX)
    place = clause_key(slug, revision, int(number), int(sub or 0), _int(position))
    found = rows(
        db,
        "SELECT t.id, t.dialect FROM translations t JOIN articles a ON a.id = t.article_id "
        "JOIN revisions r ON r.id = a.revision_id LEFT JOIN paragraphs p ON p.id = t.paragraph_id "
        "WHERE r.law = ? AND r.label = ? AND a.number = ? AND a.sub = ? "
        "AND ifnull(p.position, 0) = ?",
        [slug, revision, int(number), int(sub or 0), _int(position) or 0],
    )
    dialects = sorted(r["dialect"] for r in found)
    chosen = [r for r in found if dialect is None or r["dialect"] == dialect]
    if not chosen:
        raise GlossaryError(
            f"{place} has no Bai translation" + (f" in {dialect}" if dialect else ""),
            fix=f"it has translations in {', '.join(dialects)}: name one"
            if dialects
            else "import the translation first (a recording belongs to a translation)",
        )
    if len(chosen) > 1:
        raise GlossaryError(
            f"{place} has translations in {', '.join(dialects)}",
            fix="name the dialect (--dialect or the dialect column)",
        )
    row = chosen[0]
    return Owner(row["id"], None, f"{place}/{row['dialect']}", row["dialect"])


def recordings_for_ref(
    db: Queryable, ref: str, dialect: str | None = None
) -> tuple[Owner, list[Recording]]:
    """What ``ref`` names and its recordings. A paragraph without a dialect named: the one
    translation of it that has a recording, if only one has."""
    try:
        owner = resolve_owner(db, ref, dialect)
    except GlossaryError as exc:
        if dialect is not None or "translations in" not in exc.what:
            raise
        recorded = [d for d in ("bca", "bfs", "bfc") if _has_recording(db, ref, d)]
        if len(recorded) != 1:
            raise
        owner = resolve_owner(db, ref, recorded[0])
    if owner.translation_id is not None:
        return owner, recordings_of(db, translation_id=owner.translation_id)
    return owner, recordings_of(db, term_form_id=owner.term_form_id)


def _has_recording(db: Queryable, ref: str, dialect: str) -> bool:
    try:
        owner = resolve_owner(db, ref, dialect)
    except GlossaryError:
        return False
    return bool(recordings_of(db, translation_id=owner.translation_id))


def _int(text: str | None) -> int | None:
    return None if text is None else int(text)


__all__ = [
    "META_FIELDS",
    "Owner",
    "Recording",
    "RecordingMeta",
    "Sound",
    "attach_recording",
    "recorded_forms",
    "recorded_paragraphs",
    "recording_data",
    "recordings_for_ref",
    "recordings_of",
    "resolve_owner",
    "store_blob",
]
