"""The candidates of fuzzy suggestions, and a lossless prefilter that skips most of them.

``fuzz.ratio`` is 2·LCS/(m+n): the characters two texts have in common, in order. Two facts
bound it from above without aligning anything:

* lengths: LCS ≤ min(m, n), so a ratio ≥ r allows only lengths within [r/(2−r), (2−r)/r]
  of the asked one — the keys are sorted by length, and that window is one slice;
* characters: LCS ≤ the size of the two texts' character multisets' intersection (a
  character can be matched only as often as both texts have it).

The second bound is computed for the whole window at once with numpy over a flat table of
(key, character, count) rows built once per candidate set; only keys it cannot rule out are
scored by rapidfuzz. It never drops a key that could reach the minimum (a test compares it
with a full scan), and at 100 000 translated paragraphs it leaves a few hundred of the
~50 000 keys in the length window (bench/suggest.py). Ratios themselves run at about half a
microsecond a key, so scoring the whole window would cost 25–45 ms.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import Any

CODE_POINTS = 0x110000


@dataclass
class Candidates:
    """The translated keys of one dialect, by length, with the paragraphs holding them."""

    version: tuple[int, int]
    keys: list[str] = field(default_factory=list)  # sorted by length
    lengths: list[int] = field(default_factory=list)
    paragraphs: dict[str, list[int]] = field(default_factory=dict)
    _table: Any = None  # CharacterTable, built on first use

    def bounds(self, length: int, minimum: float) -> tuple[int, int]:
        """The slice of keys whose length allows a ratio ≥ ``minimum`` with one of
        ``length``: 2·min/(l₁+l₂) ≥ m."""
        m = max(minimum, 1) / 100
        low = math.ceil(length * m / (2 - m) - 1e-9)
        high = math.floor(length * (2 - m) / m + 1e-9)
        return bisect.bisect_left(self.lengths, low), bisect.bisect_right(self.lengths, high)

    def best(self, key: str, wanted: int, minimum: int) -> list[tuple[str, float]]:
        """The ``wanted`` best keys by ratio ≥ ``minimum``: (key, ratio), best first."""
        from rapidfuzz import fuzz, process

        start, end = self.bounds(len(key), minimum)
        if start >= end:
            return []
        if self._table is None:
            self._table = CharacterTable(self.keys)
        survivors = self._table.could_reach(key, start, end, minimum)
        found = process.extract(
            key,
            [self.keys[i] for i in survivors],
            scorer=fuzz.ratio,
            processor=None,
            limit=wanted,
            score_cutoff=minimum,
        )
        return [(other, ratio) for other, ratio, _index in found]


class CharacterTable:
    """Each key's characters with their counts, flat and in key order, for numpy."""

    CHUNK = 8192  # keys per numpy pass: bounds the memory of building the table

    def __init__(self, keys: list[str]) -> None:
        import numpy as np

        chars, counts, sizes = [], [], []
        for first in range(0, len(keys), self.CHUNK):
            part = keys[first : first + self.CHUNK]
            lengths = np.fromiter((len(k) for k in part), dtype=np.int64, count=len(part))
            text = np.frombuffer("".join(part).encode("utf-32-le"), dtype=np.uint32)
            rows = np.repeat(np.arange(len(part), dtype=np.int64), lengths)
            pairs, many = np.unique((rows << 21) | text, return_counts=True)
            chars.append((pairs & (CODE_POINTS - 1)).astype(np.uint32))
            counts.append(np.minimum(many, 255).astype(np.uint8))
            sizes.append(np.bincount(pairs >> 21, minlength=len(part)))
        self.chars = np.concatenate(chars) if chars else np.zeros(0, dtype=np.uint32)
        self.counts = np.concatenate(counts) if counts else np.zeros(0, dtype=np.uint8)
        per_key = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
        self.starts = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(per_key)])
        self.lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
        self._asked = np.zeros(CODE_POINTS, dtype=np.uint8)  # the asked key's counts

    def could_reach(self, key: str, start: int, end: int, minimum: int) -> list[int]:
        """Indexes in [start, end) of the keys whose common characters with ``key`` allow
        a ratio ≥ ``minimum``: 200·common ≥ minimum·(m + n)."""
        import numpy as np

        asked = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32)
        chars, counts = np.unique(asked, return_counts=True)
        self._asked[chars] = np.minimum(counts, 255)
        try:
            first, last = self.starts[start], self.starts[end]
            common = np.minimum(self.counts[first:last], self._asked[self.chars[first:last]])
            per_key = np.add.reduceat(common.astype(np.int32), self.starts[start:end] - first)
        finally:
            self._asked[chars] = 0
        reach = 200 * per_key >= minimum * (len(key) + self.lengths[start:end])
        return (np.nonzero(reach)[0] + start).tolist()
