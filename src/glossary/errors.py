"""The project's own error: one clear message for a user mistake, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class GlossaryError(Exception):
    """A problem the user can fix: what went wrong, where, and how to fix it.

    The command line prints ``str(error)`` on one line and exits non-zero.
    """

    what: str
    where: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        parts = [f"{self.where}: {self.what}" if self.where else self.what]
        if self.fix:
            parts.append(self.fix)
        return " — ".join(parts)


def location(path: object, line: int | None = None, column: int | None = None) -> str:
    """Format a place in a file as ``file:line:column``, the way compilers and editors do."""
    place = str(path)
    if line is not None:
        place += f":{line}"
        if column is not None:
            place += f":{column}"
    return place
