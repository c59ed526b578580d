"""The app's side of the usage counts (store.usage): an article on screen is one opening; a
search that found nothing is one miss, counted once the person moves on.

Results follow each key, so a miss is not every keystroke that showed nothing: while the
query grows or shrinks (``离婚冷`` → ``离婚冷静``, or back), it is the same search; only
when the person turns to another query (or clears it, or quits) is the last one that found
nothing counted. Nothing is recorded with ``record_usage = false``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import GlossaryError
from glossary.i18n import _
from glossary.store.usage import article_key, record_miss, record_open


@dataclass
class UsageRecorder:
    enabled: bool = True
    path: Path | None = None  # None: the per-user data folder
    pending: str | None = None  # the query now shown that found nothing
    problem: str | None = None  # why the counts could not be written (said once)

    def opened(self, law: str, revision: str, number: int, sub: int = 0) -> None:
        if self.enabled:
            self._write(record_open, article_key(law, revision, number, sub))

    def shown(self, query: str, count: int) -> None:
        """Results for ``query`` are on screen: carry on the search or count the last miss."""
        query = query.strip()
        pending = self.pending
        if (
            pending is not None
            and query
            and (query.startswith(pending) or pending.startswith(query))
        ):
            self.pending = query if count == 0 else None
            return
        self.flush()
        self.pending = query if query and count == 0 else None

    def flush(self) -> None:
        """Count the pending miss (the person moved on, or the app closes)."""
        pending, self.pending = self.pending, None
        if pending and self.enabled:
            self._write(record_miss, pending)

    def _write(self, record: Callable[[str, Path | None], None], key: str) -> None:
        try:
            record(key, self.path)
        except (OSError, GlossaryError) as exc:
            self.problem = _(
                "usage counts could not be written ({error}); the app works on"
            ).format(error=exc)
            self.enabled = False
