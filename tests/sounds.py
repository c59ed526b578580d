"""Sounds the tests make themselves, with the standard library only: a sine tone as WAV
(``wave``) and the same samples as FLAC, written by the minimal verbatim FLAC encoder below
(a STREAMINFO block and frames of uncompressed subframes, with their CRC-8 and CRC-16; the
FLAC format specification, RFC 9639). No ffmpeg, no sox."""

from __future__ import annotations

import io
import math
import struct
import wave

FLAC_BLOCK = 4096  # samples per frame (the last may be shorter)


def sine(seconds: float, pitch: float = 440.0, rate: int = 8000) -> list[int]:
    """16-bit samples of a sine tone."""
    return [
        int(8000 * math.sin(2 * math.pi * pitch * i / rate)) for i in range(int(seconds * rate))
    ]


def wav_bytes(seconds: float = 0.3, pitch: float = 440.0, rate: int = 8000) -> bytes:
    """A sine tone as 16-bit mono WAV."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", s) for s in sine(seconds, pitch, rate)))
    return buffer.getvalue()


class _Bits:
    def __init__(self) -> None:
        self.value = 0
        self.count = 0

    def put(self, value: int, width: int) -> None:
        assert 0 <= value < 1 << width, (value, width)
        self.value = (self.value << width) | value
        self.count += width

    def bytes(self) -> bytes:
        assert self.count % 8 == 0
        return self.value.to_bytes(self.count // 8, "big")


def _crc(data: bytes, width: int, poly: int) -> int:
    """CRC-8 (poly 0x07) or CRC-16 (poly 0x8005): MSB first, initial value 0."""
    crc, top, mask = 0, 1 << (width - 1), (1 << width) - 1
    for byte in data:
        crc ^= byte << (width - 8)
        for _ in range(8):
            crc = ((crc << 1) ^ poly) & mask if crc & top else (crc << 1) & mask
    return crc


def _coded_number(n: int) -> bytes:
    """The frame number as FLAC writes it: UTF-8's scheme, extended to 36 bits."""
    if n < 0x80:
        return bytes([n])
    length = 2
    while n >= 1 << (5 * length + 1):
        length += 1
    tail = [0x80 | ((n >> (6 * i)) & 0x3F) for i in range(length - 1)][::-1]
    lead = ((0xFF00 >> length) & 0xFF) | (n >> (6 * (length - 1)))
    return bytes([lead, *tail])


def flac_bytes(seconds: float = 0.3, pitch: float = 440.0, rate: int = 8000) -> bytes:
    """The same tone as :func:`wav_bytes`, as a mono 16-bit FLAC of verbatim subframes."""
    samples = sine(seconds, pitch, rate)
    info = _Bits()
    info.put(FLAC_BLOCK, 16)  # minimum block size
    info.put(FLAC_BLOCK, 16)  # maximum block size
    info.put(0, 24)  # minimum frame size: unknown
    info.put(0, 24)  # maximum frame size: unknown
    info.put(rate, 20)
    info.put(0, 3)  # channels - 1
    info.put(15, 5)  # bits per sample - 1
    info.put(len(samples), 36)
    info.put(0, 128)  # MD5 of the samples: not computed
    out = bytearray(b"fLaC")
    out += bytes([0x80]) + (34).to_bytes(3, "big")  # last metadata block, STREAMINFO
    out += info.bytes()
    for number, start in enumerate(range(0, len(samples), FLAC_BLOCK)):
        block = samples[start : start + FLAC_BLOCK]
        head = _Bits()
        head.put(0b11111111111110, 14)  # sync code
        head.put(0, 1)  # reserved
        head.put(0, 1)  # fixed block size
        head.put(0b0111, 4)  # block size: 16 bits after the frame number
        head.put(0b0000, 4)  # sample rate: the STREAMINFO's
        head.put(0b0000, 4)  # one channel
        head.put(0b100, 3)  # 16 bits per sample
        head.put(0, 1)  # reserved
        header = head.bytes() + _coded_number(number) + (len(block) - 1).to_bytes(2, "big")
        header += bytes([_crc(header, 8, 0x07)])
        frame = header + bytes([0b00000010])  # subframe: verbatim, no wasted bits
        frame += b"".join(struct.pack(">h", s) for s in block)
        out += frame + _crc(frame, 16, 0x8005).to_bytes(2, "big")
    return bytes(out)
