"""Recordings: imported by the CSV audio column and by import-audio, checked, played through
the null device, exported beside the JSON and restored, and undone exactly."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.store.reader import open_reader
from sounds import flac_bytes, wav_bytes

LAW = "renmin-tiaojie-fa"


@pytest.fixture(autouse=True)
def null_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_AUDIO", "null")


def tone(path: Path, seconds: float = 0.3, pitch: float = 440.0, rate: int = 8000) -> Path:
    """A sine tone as 16-bit mono WAV (tests/sounds.py: the standard library's wave)."""
    path.write_bytes(wav_bytes(seconds, pitch, rate))
    return path


def clause_csv(folder: Path, audio: str, bai: str = "test bai one") -> Path:
    path = folder / "clauses.csv"
    path.write_text(
        "law,revision,article,paragraph,dialect,bai,audio,speaker,recorded_on,licence\n"
        f"{LAW},2010,1,1,bca,{bai},{audio},Speaker A,2024-05-01,CC BY 4.0\n",
        encoding="utf-8",
    )
    return path


def recordings(db_path: Path) -> list[tuple]:
    db = open_reader(db_path)
    try:
        return db.execute(
            "SELECT id, translation_id, term_form_id, sha256, format, duration, size, "
            "speaker, recorded_on, licence, source, file_name FROM recordings ORDER BY id"
        ).fetchall()
    finally:
        db.close()


def recording_changes(db_path: Path) -> list[tuple]:
    db = open_reader(db_path)
    try:
        return db.execute(
            "SELECT batch_id, op, field, old FROM changes WHERE table_name = 'recordings' "
            "ORDER BY id"
        ).fetchall()
    finally:
        db.close()


def sound(db_path: Path, sha256: str) -> bytes:
    db = open_reader(db_path)
    try:
        return bytes(
            db.execute("SELECT data FROM recording_blobs WHERE sha256 = ?", [sha256]).fetchone()[0]
        )
    finally:
        db.close()


def test_the_audio_column_attaches_and_undo_restores_exactly(
    run, mediation_law_path: Path, tmp_path: Path
) -> None:
    first = tone(tmp_path / "one.wav", pitch=440)
    result = run("import", clause_csv(tmp_path, "one.wav"))
    assert result.exit_code == 0, result.stderr
    [row] = recordings(mediation_law_path)
    assert row[4:10] == ("wav", 0.3, first.stat().st_size, "Speaker A", "2024-05-01", "CC BY 4.0")
    assert sound(mediation_law_path, row[3]) == first.read_bytes()
    attached = recordings(mediation_law_path)

    second = tone(tmp_path / "two.wav", seconds=0.5, pitch=660)
    assert run("import", clause_csv(tmp_path, "two.wav")).exit_code == 0
    [replaced] = recordings(mediation_law_path)
    assert replaced[0] == row[0] and replaced[3] != row[3] and replaced[5] == 0.5
    changes = recording_changes(mediation_law_path)
    old_hashes = [old for _b, op, name, old in changes if name == "sha256"]
    assert old_hashes == [f'"{row[3]}"']  # the history keeps the sound it replaced
    attach_batch, replace_batch = changes[0][0], changes[-1][0]
    assert run("undo", str(replace_batch)).exit_code == 0
    assert recordings(mediation_law_path) == attached
    assert sound(mediation_law_path, row[3]) == first.read_bytes()
    assert second.read_bytes() == sound(mediation_law_path, replaced[3])  # kept for a redo

    assert run("undo", str(attach_batch)).exit_code == 0
    assert recordings(mediation_law_path) == []
    undo_batch = recording_changes(mediation_law_path)[-1][0]
    assert run("undo", str(undo_batch)).exit_code == 0  # undo the undo: back again
    assert recordings(mediation_law_path) == attached


def test_the_term_csv_attaches_to_the_form(run, mediation_law_path: Path, tmp_path: Path) -> None:
    tone(tmp_path / "word.wav")
    terms = tmp_path / "terms.csv"
    terms.write_text(
        "han,bai,dialect,audio,speaker\n调解,test bai two,bca,word.wav,Speaker B\n",
        encoding="utf-8",
    )
    assert run("import", terms).exit_code == 0
    [row] = recordings(mediation_law_path)
    assert row[1] is None and row[2] is not None and row[7] == "Speaker B"
    played = run("play", "term/调解/test bai two", "--json")
    assert played.exit_code == 0, played.stderr
    assert played.json()["device"] == "Null"


def manifest(folder: Path, lines: list[str]) -> Path:
    path = folder / "manifest.csv"
    header = "file,ref,dialect,speaker,date,licence,source\n"
    path.write_text(header + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_import_audio_with_a_manifest_dry_run_and_play(
    run, mediation_law_path: Path, tmp_path: Path
) -> None:
    assert run("import", clause_csv(tmp_path, "")).exit_code == 0  # the translation first
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    tone(sounds / "p1.wav")
    listed = manifest(tmp_path, [f"p1.wav,{LAW}/2010/1/1,bca,Speaker C,2024-06-01,CC0,field"])
    dry = run("import-audio", sounds, "--manifest", listed, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert recordings(mediation_law_path) == []
    assert run("import-audio", sounds, "--manifest", listed).exit_code == 0
    [row] = recordings(mediation_law_path)
    assert row[7:11] == ("Speaker C", "2024-06-01", "CC0", "field")
    played = run("play", f"{LAW}/1/1")  # newest revision, the one dialect recorded
    assert played.exit_code == 0, played.stderr
    assert f"playing {LAW}/2010/1/1/bca: wav, 0.3 s, Speaker C (Null)" in played.stdout


@pytest.mark.parametrize(
    ("make", "message", "fix"),
    [
        (lambda p: p.write_bytes(b"not a sound at all"), "is not a sound", "ffmpeg -i bad.wav"),
        (lambda p: tone(p, seconds=0.05), "lasts 0.05 s", "ffmpeg"),
        (lambda p: p.write_bytes(b"RIFF\0\0\0\0WAVEjunk"), "looks like WAV but", "ffmpeg"),
    ],
)
def test_a_bad_sound_rejects_the_manifest_with_where_and_how(
    run, mediation_law_path: Path, tmp_path: Path, make, message: str, fix: str
) -> None:
    assert run("import", clause_csv(tmp_path, "")).exit_code == 0
    tone(tmp_path / "good.wav")
    make(tmp_path / "bad.wav")
    listed = manifest(tmp_path, [f"bad.wav,{LAW}/2010/1/1,bca,,,,"])
    result = run("import-audio", tmp_path, "--manifest", listed)
    assert result.exit_code != 0
    assert f"{listed}:2:1: bad.wav {message}" in result.stdout
    assert fix in result.stdout
    assert recordings(mediation_law_path) == []
    listed = manifest(tmp_path, [f"good.wav,{LAW}/2010/1/1,bca,,,,", "bad.wav,term/调解/none,,,,,"])
    result = run("import-audio", tmp_path, "--manifest", listed)
    assert f"{listed}:3:2: term '调解' has no form 'none'" in result.stdout
    assert recordings(mediation_law_path) == []  # all or nothing
    assert "Traceback" not in result.stderr


def test_too_big_and_missing_files_are_refused_in_the_csv(
    run, mediation_law_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glossary.io import audio

    tone(tmp_path / "one.wav")
    monkeypatch.setattr(audio, "MAX_BYTES", 1000)
    result = run("import", clause_csv(tmp_path, "one.wav"))
    assert result.exit_code != 0
    assert "clauses.csv:2:7" in result.stdout + result.stderr
    assert "at most 0 MB" in result.stdout + result.stderr or "MB" in result.stdout
    monkeypatch.undo()
    result = run("import", clause_csv(tmp_path, "missing.wav"))
    assert result.exit_code != 0 and "missing.wav is not there" in result.stdout + result.stderr
    assert recordings(mediation_law_path) == []


def test_exported_beside_the_json_and_restored(
    run, mediation_law_path: Path, tmp_path: Path
) -> None:
    import json

    wav = tone(tmp_path / "one.wav")
    assert run("import", clause_csv(tmp_path, "one.wav")).exit_code == 0
    out = tmp_path / "out" / "glossary.json"
    out.parent.mkdir()
    assert run("export", "json", "-o", out).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    article = data["laws"][0]["revisions"][0]["articles"][0]
    entry = article["paragraphs"][0]["translations"][0]["recording"]
    assert entry["file"].startswith("glossary.audio/") and entry["format"] == "wav"
    assert (out.parent / entry["file"]).read_bytes() == wav.read_bytes()

    run.db_path = tmp_path / "restored.sqlite"
    restored = run("import", out)
    assert restored.exit_code == 0, restored.stdout + restored.stderr
    assert [r[3:] for r in recordings(run.db_path)] == [
        r[3:] for r in recordings(mediation_law_path)
    ]


def test_play_says_when_there_is_nothing_to_play(run, mediation_law_path: Path, tmp_path) -> None:
    assert run("import", clause_csv(tmp_path, "")).exit_code == 0
    result = run("play", f"{LAW}/2010/1/1", "--dialect", "bca")
    assert result.exit_code != 0 and "has no recording" in result.stderr


def test_the_player_starts_and_stops_without_blocking() -> None:
    import io

    from glossary.io.playback import Player

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\1" * 8000 * 5)  # five seconds
    player = Player("null")
    player.play(buffer.getvalue())
    assert player.playing and player.backend == "Null"
    player.stop()
    assert not player.playing
    player.close()


def test_a_flac_is_imported_played_and_exported_as_flac(
    run, mediation_law_path: Path, tmp_path: Path
) -> None:
    import json

    assert run("import", clause_csv(tmp_path, "")).exit_code == 0
    folder = tmp_path / "sounds"
    folder.mkdir()
    flac = folder / "p1.flac"
    flac.write_bytes(flac_bytes(1.5))
    listed = manifest(tmp_path, [f"p1.flac,{LAW}/2010/1/1,bca,Speaker D,,,"])
    result = run("import-audio", folder, "--manifest", listed)
    assert result.exit_code == 0, result.stdout + result.stderr
    [row] = recordings(mediation_law_path)
    assert row[4:7] == ("flac", 1.5, flac.stat().st_size)
    assert sound(mediation_law_path, row[3]) == flac.read_bytes()
    played = run("play", f"{LAW}/2010/1/1", "--dialect", "bca")
    assert played.exit_code == 0, played.stderr
    assert "flac, 1.5 s, Speaker D (Null)" in played.stdout
    out = tmp_path / "out" / "glossary.json"
    out.parent.mkdir()
    assert run("export", "json", "-o", out).exit_code == 0
    article = json.loads(out.read_text(encoding="utf-8"))["laws"][0]["revisions"][0]["articles"]
    entry = article[0]["paragraphs"][0]["translations"][0]["recording"]
    assert entry["file"].endswith(".flac") and entry["format"] == "flac"


@settings(max_examples=25, deadline=None)
@given(
    seconds=st.floats(min_value=0.11, max_value=2.0),  # the check refuses < 0.1 s
    pitch=st.floats(min_value=50, max_value=3000),
    rate=st.sampled_from([8000, 11025, 16000, 22050, 44100]),
)
def test_the_check_reads_format_and_duration_of_any_wav_or_flac(
    seconds: float, pitch: float, rate: int
) -> None:
    from glossary.io.audio import check_sound

    frames = int(seconds * rate)
    for fmt, data in (
        ("wav", wav_bytes(seconds, pitch, rate)),
        ("flac", flac_bytes(seconds, pitch, rate)),
    ):
        checked = check_sound(data, "here", f"tone.{fmt}")
        assert checked.format == fmt
        assert checked.duration == pytest.approx(frames / rate)


def test_stats_counts_the_recordings_and_their_bytes(
    run, mediation_law_path: Path, tmp_path: Path
) -> None:
    assert run("stats", "--json").json()["recordings"] == {
        "recordings": 0,
        "sounds": 0,
        "bytes": 0,
        "stored_sounds": 0,
        "stored_bytes": 0,
    }
    assert "recordings: 0, 0 bytes" in run("stats").stdout
    first = tone(tmp_path / "one.wav", pitch=440)
    assert run("import", clause_csv(tmp_path, "one.wav")).exit_code == 0
    second = tone(tmp_path / "two.wav", seconds=0.5, pitch=660)
    assert run("import", clause_csv(tmp_path, "two.wav")).exit_code == 0  # replaces it
    size, old = second.stat().st_size, first.stat().st_size
    assert run("stats", "--json").json()["recordings"] == {
        "recordings": 1,
        "sounds": 1,
        "bytes": size,
        "stored_sounds": 2,  # the first stays: the history names it, undo brings it back
        "stored_bytes": size + old,
    }
    said = run("stats").stdout
    assert f"recordings: 1, {size:,} bytes (and 1 earlier sounds kept for undo, {old:,}" in said
