"""Recordings: ``glossary import-audio`` and ``glossary play``."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.base import (
    cli,
    db_options,
    emit_import_result,
    emit_json,
    open_for_reading,
    open_from_context,
)


@cli.command("import-audio")
@db_options
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--manifest",
    required=True,
    type=click.Path(path_type=Path),
    help="CSV/TSV/xlsx: file, ref, dialect, speaker, date, licence, source.",
)
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_audio_cmd(folder: Path, manifest: Path, dry_run: bool, as_json: bool) -> None:
    """Attach recordings (WAV, MP3, FLAC, Ogg Vorbis) in FOLDER to the paragraphs and term
    forms a manifest names: all rows or none, one batch (glossary undo takes it back)."""
    from glossary.io.audio_import import import_audio
    from glossary.io.pairs import check_readable

    check_readable(manifest)
    db = open_from_context(create=False, writes=True)
    result = import_audio(db, folder, manifest, dry_run=dry_run)
    emit_import_result(result, as_json)


@cli.command()
@db_options
@click.argument("ref", nargs=-1, required=True)
@click.option("--dialect", help="Which translation of the paragraph: bca, bfs or bfc.")
@click.option("--json", "as_json", is_flag=True, help="Print the recording's details as JSON.")
def play(ref: tuple[str, ...], dialect: str | None, as_json: bool) -> None:
    """Play the recording of a paragraph (law/revision/article/paragraph) or of a term form
    (term/HAN/FORM). GLOSSARY_AUDIO=null plays through the null device (silent)."""
    from glossary.errors import GlossaryError
    from glossary.io.playback import Player
    from glossary.store.recordings import recording_data, recordings_for_ref

    db = open_for_reading()
    owner, found = recordings_for_ref(db, " ".join(ref), dialect)
    if not found:
        raise GlossaryError(
            f"{owner.key} has no recording",
            fix="attach one with `glossary import-audio DIR --manifest FILE.csv` or the "
            "audio column of `glossary import`",
        )
    recording = found[0]
    player = Player()
    player.play(recording_data(db, recording.sha256))
    if player.notice:
        click.echo(player.notice, err=True)
    if as_json:
        emit_json(recording.to_json() | {"key": owner.key, "device": player.backend})
    else:
        click.echo(
            f"playing {owner.key}: {recording.format}, {recording.duration:.1f} s"
            + (f", {recording.speaker}" if recording.speaker else "")
            + f" ({player.backend})",
            err=as_json,
        )
    try:
        player.wait()
    finally:
        player.close()
