"""Reading and checking a sound file before it becomes a recording.

miniaudio (a compiled decoder in its wheel, no system packages) reads WAV, MP3, FLAC and
Ogg Vorbis. Anything else — Opus, AAC/M4A, WMA, AMR as phones record — is refused with the
ffmpeg command that converts it. The duration must be sane (0.1 s to 10 minutes) and the
file at most :data:`MAX_BYTES`, since every recording is kept inside the database.
"""

from __future__ import annotations

from pathlib import Path

from glossary.errors import GlossaryError
from glossary.store.recordings import Sound

MIN_SECONDS = 0.1
MAX_SECONDS = 600.0
MAX_BYTES = 20 * 1024 * 1024  # a 10-minute mono 16-bit WAV at 16 kHz is 19 MB

CONVERT = "ffmpeg -i {name} -ac 1 -ar 16000 {stem}-16k.wav (or -c:a libvorbis -q:a 4 {stem}.ogg)"


def sniff(data: bytes) -> str | None:
    """The format a sound's first bytes announce: wav, flac, vorbis, mp3, or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:4] == b"fLaC":
        return "flac"
    if data[:4] == b"OggS":
        return "vorbis" if b"\x01vorbis" in data[:200] else None
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def _duration(data: bytes, fmt: str) -> float:
    import miniaudio

    readers = {
        "wav": miniaudio.wav_get_info,
        "flac": miniaudio.flac_get_info,
        "vorbis": miniaudio.vorbis_get_info,
        "mp3": miniaudio.mp3_get_info,
    }
    info = readers[fmt](data)
    if info.num_frames <= 0 or info.sample_rate <= 0:
        raise ValueError("no sound frames")
    return float(info.num_frames) / float(info.sample_rate)


def check_sound(data: bytes, where: str, name: str) -> Sound:
    """``data`` as a :class:`Sound`, or a GlossaryError saying what is wrong at ``where``
    (file:line:column of the row that names it, or the file itself) and how to convert."""
    stem = Path(name).stem or "recording"
    convert = CONVERT.format(name=name, stem=stem)
    if len(data) > MAX_BYTES:
        raise GlossaryError(
            f"{name} is {len(data) / 1048576:.1f} MB; a recording may be at most "
            f"{MAX_BYTES // 1048576} MB",
            where=where,
            fix=f"cut it or compress it: ffmpeg -i {name} -ac 1 -c:a libvorbis -q:a 3 {stem}.ogg",
        )
    fmt = sniff(data)
    if fmt is None:
        raise GlossaryError(
            f"{name} is not a sound the glossary can read (WAV, MP3, FLAC or Ogg Vorbis)",
            where=where,
            fix=f"convert it: {convert}",
        )
    try:
        seconds = _duration(data, fmt)
    except Exception as exc:  # miniaudio.DecodeError, or a header with no frames
        raise GlossaryError(
            f"{name} looks like {fmt.upper()} but cannot be decoded ({exc})",
            where=where,
            fix=f"it may be damaged; convert it again: {convert}",
        ) from None
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise GlossaryError(
            f"{name} lasts {seconds:.2f} s; a recording lasts from {MIN_SECONDS} s to "
            f"{MAX_SECONDS / 60:.0f} minutes",
            where=where,
            fix=f"record or cut one clause or word: ffmpeg -i {name} -t 600 -c copy {stem}-cut"
            + Path(name).suffix,
        )
    return Sound(data=data, format=fmt, duration=seconds)


def read_sound(path: Path, where: str, name: str | None = None) -> Sound:
    """Read and check a sound file; a missing or unreadable file is a clear error too."""
    shown = name or path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            return check_sound(b"\0" * (MAX_BYTES + 1), where, shown)
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(
            f"the recording {shown} is not there ({path})",
            where=where,
            fix="write the path relative to the CSV, e.g. audio/122-1.wav",
        ) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read {shown}: {exc.strerror}", where=where) from None
    return check_sound(data, where, shown)


EXTENSIONS = {"wav": ".wav", "mp3": ".mp3", "flac": ".flac", "vorbis": ".ogg"}
