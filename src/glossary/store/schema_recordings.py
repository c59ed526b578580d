"""Recordings (store.recordings): audio of a paragraph's Bai translation or of a term form.

The sound itself is kept once per content in ``recording_blobs`` (keyed by its SHA-256),
outside the change history: a blob is never changed, and the history records the hash a
recording pointed at, so undoing an attach or a replacement brings back exactly the sound
that was there. Blobs are removed only when neither a recording nor the history names them.
"""

from __future__ import annotations

from sqlite_utils import Database

#: The formats a recording may have (what miniaudio decodes without system packages).
RECORDING_FORMATS = ("wav", "mp3", "flac", "vorbis")


def m009_recordings(db: Database) -> None:
    """``recordings`` (one per translation or term form) and their ``recording_blobs``."""
    formats = ", ".join(f"'{f}'" for f in RECORDING_FORMATS)
    db.executescript(
        f"""
        CREATE TABLE recording_blobs (
            sha256 TEXT PRIMARY KEY,              -- hex digest of data
            data BLOB NOT NULL,
            size INTEGER NOT NULL
        );
        CREATE TABLE recordings (
            id INTEGER PRIMARY KEY,
            translation_id INTEGER REFERENCES translations(id) ON DELETE CASCADE,
            term_form_id INTEGER REFERENCES term_forms(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,                 -- recording_blobs.sha256
            format TEXT NOT NULL CHECK (format IN ({formats})),
            duration REAL NOT NULL,               -- seconds
            size INTEGER NOT NULL,                -- bytes
            file_name TEXT,                       -- the name it was imported under
            speaker TEXT,
            recorded_on TEXT,                     -- the date it was recorded
            licence TEXT,
            source TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((translation_id IS NULL) != (term_form_id IS NULL))
        );
        CREATE UNIQUE INDEX recordings_translation ON recordings (translation_id)
            WHERE translation_id IS NOT NULL;
        CREATE UNIQUE INDEX recordings_term_form ON recordings (term_form_id)
            WHERE term_form_id IS NOT NULL;
        """
    )
