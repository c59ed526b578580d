"""Playing a recording through miniaudio, on its own audio thread: starting never waits for
the sound to end, so the app keeps taking keys while it plays.

The device: ``GLOSSARY_AUDIO=null`` (tests, CI) plays through miniaudio's null device,
which consumes the sound in real time and makes none; ``GLOSSARY_AUDIO=default`` (or unset)
takes the system's device and falls back to the null device, with a notice, when there is
no sound card (a server, a container).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any

from glossary.errors import GlossaryError

ENV = "GLOSSARY_AUDIO"
NO_DEVICE = "no audio device found: playing through the null device (silent)"

SAMPLE_RATE = 44100
CHANNELS = 2


def wanted_device() -> str:
    """``null`` or ``default``, from GLOSSARY_AUDIO."""
    value = os.environ.get(ENV, "default").strip().lower() or "default"
    if value not in ("null", "default"):
        raise GlossaryError(f"{ENV}={value!r} is not a device", fix=f"set {ENV} to null or default")
    return value


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send what C libraries write to fd 2 to /dev/null meanwhile (it would tear the app's
    screen); Python's own sys.stderr is left alone."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class Player:
    """One sound at a time. ``play`` returns at once; ``playing`` says whether it still
    sounds; ``stop`` ends it; ``notice`` says why it plays silently, if it does. The
    ``on_end`` given to ``play`` is called once when that sound ends (ran out or stopped),
    from the audio thread or from the one that stopped it."""

    def __init__(self, device: str | None = None) -> None:
        self.device_name = device or wanted_device()
        self.notice: str | None = None
        self.backend: str | None = None
        self._device: Any = None
        self._done = threading.Event()
        self._done.set()
        self._on_end: Callable[[], None] | None = None
        self._lock = threading.Lock()

    @property
    def playing(self) -> bool:
        return not self._done.is_set()

    def _open(self) -> Any:
        import miniaudio

        if self.device_name == "null":
            device = miniaudio.PlaybackDevice(
                sample_rate=SAMPLE_RATE, nchannels=CHANNELS, backends=[miniaudio.Backend.NULL]
            )
        else:
            with _quiet_stderr():  # ALSA's C library reports a missing card on fd 2
                try:
                    device = miniaudio.PlaybackDevice(sample_rate=SAMPLE_RATE, nchannels=CHANNELS)
                except miniaudio.MiniaudioError:
                    device = None
            if device is None or device.backend.lower() == "null":
                self.notice = NO_DEVICE
                device = device or miniaudio.PlaybackDevice(
                    sample_rate=SAMPLE_RATE,
                    nchannels=CHANNELS,
                    backends=[miniaudio.Backend.NULL],
                )
        self.backend = device.backend
        return device

    def play(self, data: bytes, on_end: Callable[[], None] | None = None) -> None:
        """Start playing ``data`` (any format miniaudio decodes), stopping what played."""
        import miniaudio

        self.stop()
        try:
            stream = miniaudio.stream_memory(
                data, nchannels=CHANNELS, sample_rate=SAMPLE_RATE, frames_to_read=1024
            )
        except miniaudio.DecodeError as exc:
            raise GlossaryError(f"the recording cannot be decoded ({exc})") from None
        with self._lock:
            if self._device is None:
                self._device = self._open()
            self._done, self._on_end = threading.Event(), on_end
            generator = self._feed(stream, self._done, on_end)
            next(generator)
            self._device.start(generator)

    def _feed(
        self,
        stream: Generator[Any, int, None],
        done: threading.Event,
        on_end: Callable[[], None] | None,
    ) -> Generator[Any, int, None]:
        """Pass the decoded frames to the device; mark the end when they run out."""
        frames = yield b""
        try:
            while not done.is_set():
                chunk = stream.send(frames)
                if len(chunk) == 0:
                    break
                frames = yield chunk
        except StopIteration:
            pass
        finally:
            self._ended(done, on_end)

    @staticmethod
    def _ended(done: threading.Event, on_end: Callable[[], None] | None) -> None:
        if not done.is_set():
            done.set()
            if on_end is not None:
                on_end()

    def stop(self) -> None:
        """Stop the sound (nothing happens when none plays)."""
        with self._lock:
            done, on_end = self._done, self._on_end
            if self._device is not None:
                self._device.stop()
            self._ended(done, on_end)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the sound ends (the command line); True if it did."""
        return self._done.wait(timeout)

    def close(self) -> None:
        self.stop()
        with self._lock:
            if self._device is not None:
                self._device.close()
                self._device = None


__all__ = ["ENV", "NO_DEVICE", "Player", "wanted_device"]
