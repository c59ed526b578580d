"""What every stage of one search shares: the connection, its caches, the scope asked for
and the page size."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from glossary.store.reader import Queryable

CANDIDATES = 10  # rows fetched from FTS5 beyond the page, for ties at its edge
MAX_READING_COMBINATIONS = 64  # Han strings tried for one pinyin reading (terms)
MAX_HAN_READINGS = 256  # Han strings in the articles one pinyin reading finds


def connection_cache(db: Queryable) -> dict[Any, Any]:
    """Lookups that only change when the data does, kept on the connection until a write
    (from this or another connection: ``PRAGMA data_version``) — the app keeps one
    connection open while editors import."""
    version = db.execute("PRAGMA data_version").fetchone()[0]
    total = db.conn.total_changes
    entry = getattr(db, "_glossary_search_cache", None)
    if entry is None or entry[0] != (version, total):
        entry = ((version, total), {})
        setattr(db, "_glossary_search_cache", entry)  # noqa: B010 (any Queryable)
    cache: dict[Any, Any] = entry[1]
    return cache


@dataclass
class Context:
    db: Queryable
    law: str | None = None
    revision: str | None = None
    all_revisions: bool = False
    in_force_only: bool = False  # only the newest revision of each law not repealed
    limit: int = 20
    cache: dict[Any, Any] = field(default_factory=dict)
    _read_as: dict[tuple[str, ...], list[list[str]]] = field(default_factory=dict)
    _readings: dict[tuple[str, ...], list[list[str]] | None] = field(default_factory=dict)

    @classmethod
    def open(cls, db: Queryable, **scope: Any) -> Context:
        return cls(db, cache=connection_cache(db), **scope)

    @property
    def candidates(self) -> int:
        return self.limit + CANDIDATES

    def vocab(self, kind: str) -> frozenset[str]:
        """Syllables in use (pinyin or Bai)."""
        if ("vocab", kind) not in self.cache:
            rows = self.db.execute("SELECT token FROM search_vocab WHERE kind = ?", [kind])
            self.cache[("vocab", kind)] = frozenset(r[0] for r in rows)
        found: frozenset[str] = self.cache[("vocab", kind)]
        return found

    def pinyin_vocab(self) -> frozenset[str]:
        return self.vocab("pinyin")

    def bai_vocab(self) -> frozenset[str]:
        return self.vocab("bai")

    def chars_read_as(self, syllable: str) -> list[str]:
        """Han characters in use that have this reading among their readings."""
        if ("chars", syllable) not in self.cache:
            self.cache[("chars", syllable)] = [
                r[0]
                for r in self.db.execute(
                    "SELECT r.char FROM han_readings r JOIN search_vocab v "
                    "ON v.kind = 'han' AND v.token = r.char WHERE r.reading = ? ORDER BY r.char",
                    [syllable],
                )
            ]
        found: list[str] = self.cache[("chars", syllable)]
        return found

    def reading_chars(self, readings: tuple[str, ...]) -> frozenset[str]:
        """Characters in use that have any of these readings."""
        key = ("reading_chars", readings)
        if key not in self.cache:
            self.cache[key] = frozenset(c for r in readings for c in self.chars_read_as(r))
        found: frozenset[str] = self.cache[key]
        return found

    def readings(self, chars: list[str]) -> list[list[str]] | None:
        """Every reading of each character, or None if one has no known reading."""
        key = tuple(chars)
        if key not in self._readings:
            self._readings[key] = self._lookup_readings(chars)
        return self._readings[key]

    def _lookup_readings(self, chars: list[str]) -> list[list[str]] | None:
        marks = ",".join("?" * len(set(chars)))
        found: dict[str, list[str]] = {}
        for char, reading in self.db.execute(
            f"SELECT char, reading FROM han_readings WHERE char IN ({marks}) ORDER BY reading",
            sorted(set(chars)),
        ):
            found.setdefault(char, []).append(reading)
        if any(c not in found for c in chars):
            return None
        return [found[c] for c in chars]

    def han_read_as(self, syllables: list[str]) -> list[list[str]]:
        """The token sequences of the articles' Han that can be read as these syllables:
        each token a character with that reading among its readings (or the syllable
        itself, a Latin word), each adjacent two a pair the articles hold (search_vocab
        ``han2``). The article index keeps no pinyin of its own: pinyin finds an article
        through these (store.schema_search m021). At most :data:`MAX_HAN_READINGS`."""
        key = ("han_read_as", tuple(syllables))
        if key not in self.cache:
            sequences = [[t] for t in self.tokens_read_as(syllables[0])] if syllables else []
            for syllable in syllables[1:]:
                following = self.tokens_read_as(syllable)
                in_use = self.pairs_in_use({s[-1] + t for s in sequences for t in following})
                sequences = [[*s, t] for s in sequences for t in following if s[-1] + t in in_use][
                    :MAX_HAN_READINGS
                ]
            self.cache[key] = sequences[:MAX_HAN_READINGS]
        found: list[list[str]] = self.cache[key]
        return found

    def tokens_read_as(self, syllable: str) -> list[str]:
        """The Han characters in use with this reading, and the syllable as a Latin word."""
        return [*self.chars_read_as(syllable), syllable]

    def pairs_in_use(self, pairs: set[str]) -> set[str]:
        """Which of these adjacent pairs of tokens the indexed text holds."""
        found: set[str] = set()
        ordered = sorted(pairs)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT token FROM search_vocab WHERE kind = 'han2' AND token IN ({marks})",
                    chunk,
                )
            )
        return found

    def characters_read_as(self, syllables: list[str]) -> list[list[str]]:
        key = tuple(syllables)
        if key not in self._read_as:
            self._read_as[key] = self._characters_read_as(syllables)
        return self._read_as[key]

    def _characters_read_as(self, syllables: list[str]) -> list[list[str]]:
        """Han strings in use that can be read as these syllables, in any of each character's
        readings (every reading is indexed, so 裁定调解书 — which pypinyin reads 定调 ding
        diao — is still found by tiaojie). Empty when the combinations are too many."""
        per_position = []
        for syllable in syllables:
            chars = self.chars_read_as(syllable)
            if not chars:
                return []
            per_position.append(chars)
        total = 1
        for chars in per_position:
            total *= len(chars)
        if total > MAX_READING_COMBINATIONS:
            return []
        return [list(c) for c in itertools.product(*per_position)]

    def synonym_terms(self, keys: tuple[str, ...]) -> list[tuple[int, str]]:
        """(term id, term Han) of the terms any of these keys is a synonym of."""
        cache_key = ("synonyms", keys)
        if cache_key not in self.cache:
            marks = ",".join("?" * len(keys))
            self.cache[cache_key] = (
                [
                    (r[0], r[1])
                    for r in self.db.execute(
                        f"SELECT DISTINCT t.id, t.han FROM synonym_keys k JOIN terms t "
                        f"ON t.id = k.term_id WHERE k.key IN ({marks}) ORDER BY t.han",
                        list(keys),
                    )
                ]
                if keys
                else []
            )
        found: list[tuple[int, str]] = self.cache[cache_key]
        return found
