"""Writing an export to a path or to an open stream (stdout), safely.

A path is never one of the database's own files (the database, its ``-wal``, ``-shm`` or
``-journal``, also when reached through a symlink or a hard link), an existing file is
replaced only when asked (``force``), and the text goes to a temporary file in the same
folder that is renamed over the target only once it is complete: a failed export (a full
disk, an error half-way) leaves neither a partial file nor the temporary one.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO

from glossary.errors import GlossaryError
from glossary.store.reader import Queryable

#: The files SQLite keeps next to a database: writing over any of them damages it.
SIDE_FILES = ("-wal", "-shm", "-journal")


def database_files(db: Queryable) -> list[Path]:
    """The files of the open database (main and attached): each with its side files."""
    files = []
    for _seq, _name, file in db.execute("PRAGMA database_list").fetchall():
        if file:
            files += [Path(file), *(Path(file + suffix) for suffix in SIDE_FILES)]
    return files


def _same_file(target: Path, other: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or (both existing) the same
    inode — a hard link has a different name but is the same file."""
    if target.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(target, other)
    except OSError:  # one of them does not exist
        return False


def check_target(path: Path, protected: list[Path], *, force: bool) -> Path:
    """The file to write for ``path`` (a symlink's target), or a GlossaryError saying why
    not: a folder, one of the database's files, or an existing file without ``force``."""
    if path.is_dir():
        raise GlossaryError(
            "this is a folder, not a file", str(path), "give a file name, e.g. export.csv"
        )
    for other in protected:
        if _same_file(path, other):
            raise GlossaryError(
                "this is the database's own file: the export would destroy the database",
                str(path),
                "choose another file name, e.g. export.csv",
            )
    if path.exists() and not force:
        raise GlossaryError(
            "the file exists already", str(path), "choose a new name, or give --force to replace it"
        )
    return path.resolve()


@contextmanager
def open_export(
    path: Path,
    db: Queryable,
    *,
    force: bool = False,
    encoding: str = "utf-8",
    newline: str | None = "\n",
) -> Iterator[TextIO]:
    """A text file to write the export into; renamed to ``path`` only if the block ends
    without an error. See the module's docstring for what is refused."""
    target = check_target(Path(path), database_files(db), force=force)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never follow or reuse someone's file; 0o666 and the umask, like open()
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _write_error(exc, path) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_error(exc: OSError, path: Path) -> GlossaryError:
    if exc.errno == errno.ENOSPC:
        return GlossaryError(
            "the disk is full: nothing was written",
            str(path),
            "free some space, or write the export to another disk",
        )
    return GlossaryError(
        f"cannot write the export ({exc.strerror or exc})", str(path), "choose another path"
    )


def write_text(out: IO[str] | Path | str, text: str, db: Queryable, *, force: bool = False) -> None:
    """Write ``text`` to an open text stream, or to a file at a path as UTF-8 with LF
    (through :func:`open_export`)."""
    if not isinstance(out, str | Path):
        out.write(text)
        return
    with open_export(Path(out), db, force=force) as handle:
        handle.write(text)
