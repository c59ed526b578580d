"""How long work reports how far it has got, without knowing who is watching.

The core (io, store) takes an optional :data:`Progress` callback and calls it as it goes;
only the command line turns the calls into a bar on a terminal. Nothing here draws.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total, what)``: ``done`` units of ``total`` (None: not known) of the step
#: named ``what`` (e.g. "checking rows of pairs.csv").
Progress = Callable[[int, int | None, str], None]


def tell(progress: Progress | None, done: int, total: int | None, what: str) -> None:
    """Call ``progress`` if there is one: the core need not test for None everywhere."""
    if progress is not None:
        progress(done, total, what)


__all__ = ["Progress", "tell"]
