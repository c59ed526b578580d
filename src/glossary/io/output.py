"""Writing an export to a path or to an open stream (stdout), with one clear error."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from glossary.errors import GlossaryError


def write_text(out: IO[str] | Path | str, text: str) -> None:
    """Write ``text`` to an open text stream, or to a file at a path as UTF-8 with LF."""
    if not isinstance(out, str | Path):
        out.write(text)
        return
    path = Path(out)
    try:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise GlossaryError(
            f"cannot write the export ({exc.strerror})", str(path), "choose another path"
        ) from None
