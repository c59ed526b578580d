"""An article's pinyin stored as what differs from each character's usual reading.

The pinyin column of the article index is, but for a few characters in a hundred, each
character's usual reading — the first reading this database met it with in context, kept
for good in ``han_usual_reading``. So ``article_search_text`` keeps only the others
(``py_other``: "index:reading", space-separated, by token), and the view
``article_search_source`` spells the column out again in SQL (store.schema_search.
readings_sql), for the FTS5 table and for every reader: the same string as
:meth:`UsualReadings.spelled_out` gives here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glossary.han import is_han

if TYPE_CHECKING:
    from sqlite_utils import Database


class UsualReadings:
    """The usual reading of each character met, loaded once for a batch of rows; readings
    first met here are saved by :meth:`save` (a usual reading never changes: every row
    stored is spelled out through it)."""

    def __init__(self, db: Database) -> None:
        self.usual: dict[str, str] = dict(
            db.execute("SELECT char, reading FROM han_usual_reading").fetchall()
        )
        self.new: list[tuple[str, str]] = []
        self._others: dict[tuple[str, str], str] = {}  # the same 款 recurs: once a text

    def others(self, han: str, py: str) -> str:
        """``py`` as what differs from the usual readings of ``han``'s tokens; a Han
        character met for the first time makes its first reading here the usual one."""
        found = self._others.get((han, py))
        if found is None:
            found = self._others[han, py] = self._differing(han, py)
        return found

    def _differing(self, han: str, py: str) -> str:
        tokens, readings = han.split(), py.split()  # one a token: zip(strict) says if not
        usual = self.usual
        for token in set(tokens).difference(usual):
            if is_han(token):
                reading = readings[tokens.index(token)]
                usual[token] = reading
                self.new.append((token, reading))
        return " ".join(
            f"{i}:{reading}"
            for i, (token, reading) in enumerate(zip(tokens, readings, strict=True))
            if reading != usual.get(token, token)
        )

    def spelled_out(self, han: str, others: str) -> str:
        """The pinyin column again from ``han`` and what :meth:`others` kept."""
        given = dict(item.split(":", 1) for item in others.split())
        return " ".join(
            given.get(str(i)) or self.usual.get(token) or token
            for i, token in enumerate(han.split())
        )

    def save(self, db: Database) -> None:
        db.conn.executemany("INSERT INTO han_usual_reading VALUES (?, ?)", self.new)
        self.new = []
