"""The app's one player (``p`` on an article or a term): it opens the sound device, starts
and stops a sound on a thread of its own, in the order the keys came, so a key press never
waits for the sound card and typing goes on while a recording plays.

What plays is named by a key (``recording:ID``); a second ``p`` stops it. When the state
changes (started, ended, stopped, failed) :attr:`Sounds.on_change` is called, from whatever
thread noticed: the app posts itself a message there (``post_message`` is thread-safe).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from textual.binding import Binding

from glossary.errors import GlossaryError
from glossary.i18n import N_, _
from glossary.io.playback import NO_DEVICE, Player
from glossary.store.reader import Queryable
from glossary.store.recordings import Recording, recording_data

PLAY_FAILED = N_("Cannot play the recording: {error}")
SILENT = N_("No audio device found: playing through the null device (silent).")
MARK = "▶"  # before what has a recording


def sound_key(recording: Recording) -> str:
    return f"recording:{recording.id}"


class Sounds:
    """One sound at a time for the whole app; ``key`` is what plays (or is starting)."""

    def __init__(self, make_player: Callable[[], Player] = Player) -> None:
        self.make_player = make_player
        self.key: str | None = None
        self.problem: str | None = None  # why the last start failed (said once)
        self.notice: str | None = None  # the player's notice (said once)
        self.on_change: Callable[[], None] | None = None
        self._player: Player | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="glossary-audio")

    @property
    def playing(self) -> bool:
        """The player reports a sound playing (not only asked for)."""
        return self._player is not None and self._player.playing and self.key is not None

    @property
    def backend(self) -> str | None:
        return self._player.backend if self._player is not None else None

    def toggle(self, reader: Queryable, recording: Recording) -> Future[None]:
        """Stop what plays; when nothing did, start ``recording``."""
        if self.key is not None:
            return self.stop()
        self.key = sound_key(recording)
        try:
            data = recording_data(reader, recording.sha256)
        except GlossaryError as exc:
            return self._pool.submit(self._failed, self.key, exc.what)
        self._changed()
        return self._pool.submit(self._start, self.key, data)

    def stop(self) -> Future[None]:
        self.key = None
        self._changed()
        return self._pool.submit(self._stop)

    def close(self) -> None:
        """At the app's end: stop the sound, close the device, end the thread."""
        self.key = None
        self.on_change = None
        self._pool.submit(self._close)
        self._pool.shutdown(wait=True)

    # --- on the audio thread ----------------------------------------------------------------

    def _start(self, key: str, data: bytes) -> None:
        if self.key != key:
            return  # stopped before it began
        try:
            if self._player is None:
                self._player = self.make_player()
            self._player.play(data, on_end=lambda: self._ended(key))
            if self._player.notice == NO_DEVICE and self.notice is None:
                self.notice = _(SILENT)
        except Exception as exc:  # the device's errors end here, said once
            why = exc.what if isinstance(exc, GlossaryError) else str(exc) or type(exc).__name__
            self._failed(key, why)
            return
        self._changed()

    def _failed(self, key: str, why: str) -> None:
        if self.key == key:
            self.key = None
        self.problem = _(PLAY_FAILED).format(error=why)
        self._changed()

    def _stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def _close(self) -> None:
        if self._player is not None:
            self._player.close()
            self._player = None

    def _ended(self, key: str) -> None:
        """The sound ``key`` ended (the player's thread, or ours on a stop): unless another
        one was asked for meanwhile, nothing plays now."""
        if self.key == key:
            self.key = None
        self._changed()

    def _changed(self) -> None:
        callback = self.on_change
        if callback is not None:
            callback()


def play_bindings(screen: str) -> list[Binding]:
    """``p``: Stop while anything plays, else Play (each shown only when it can act)."""
    return [
        Binding("p", "stop_sound", N_("Stop"), id=f"{screen}.stop"),
        Binding("p", "play", N_("Play"), id=f"{screen}.play"),
    ]


class _Context(Protocol):
    """What of the app's context playing needs (tui.context.AppContext has it)."""

    @property
    def reader(self) -> Queryable: ...

    @property
    def sounds(self) -> Sounds: ...


class PlaysRecordings:
    """What a screen with recordings adds: its ``recording_here`` is what ``p`` plays."""

    ctx: _Context

    @property
    def recording_here(self) -> Recording | None:
        raise NotImplementedError

    def can_play(self, action: str) -> bool | None:
        """``check_action``'s answer for the play keys; None for any other action."""
        if action == "stop_sound":
            return self.ctx.sounds.key is not None
        if action == "play":
            return self.ctx.sounds.key is None and self.recording_here is not None
        return None

    def action_play(self) -> None:
        recording = self.recording_here
        if recording is not None:
            self.ctx.sounds.toggle(self.ctx.reader, recording)

    def action_stop_sound(self) -> None:
        self.ctx.sounds.stop()


__all__ = ["MARK", "PlaysRecordings", "Sounds", "play_bindings", "sound_key"]
