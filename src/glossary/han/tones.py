"""Readings with their tones, for telling a keyboard slip from a different word.

The store keeps toneless readings (han_readings): enough to find homophones, too loose to
judge one. The toned readings are pypinyin's table (``pinyin_dict.json``, one
``"code point": "readings"`` line per character, in code point order), looked up one
character at a time by bisecting the file's lines: importing pypinyin costs half a second
and loading its whole table some 50 ms, while a search that forgives a two-character typo
asks for a few dozen characters. A table laid out otherwise is loaded whole.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

_LINE = re.compile(rb'"(\d+)": ("(?:[^"\\]|\\.)*")')


@cache
def _table_bytes() -> bytes:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return b""
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    try:
        return path.read_bytes()
    except OSError:
        return b""


@cache
def _whole_table() -> dict[int, str]:
    """The table parsed whole (a layout the line search does not know)."""
    data = _table_bytes()
    return {int(k): v for k, v in json.loads(data).items()} if data else {}


@cache
def _one_per_line() -> bool:
    data = _table_bytes()
    lines = data[:4096].split(b"\n")
    return len(lines) > 3 and lines[0].strip() == b"{" and _LINE.match(lines[1]) is not None


def _readings(code: int) -> str:
    """pypinyin's readings of one code point, comma-separated ("" if it has none)."""
    if not _one_per_line():
        return _whole_table().get(code, "")
    data = _table_bytes()
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", mid)
        end = len(data) if end < 0 else end
        found = _LINE.match(data, start, end)
        if found is None:  # the opening { or the closing }
            if start == 0:
                lo = end + 1
            else:
                hi = start
            continue
        key = int(found.group(1))
        if key == code:
            value: str = json.loads(found.group(2))
            return value
        if key < code:
            lo = end + 1
        else:
            hi = start
    return ""


@cache
def toned_readings(char: str) -> frozenset[str]:
    """Every reading of one character, with its tone mark: 暴 → bào, pù, bó."""
    return frozenset(r for r in _readings(ord(char)).split(",") if r)


def sound_alike_with_tone(a: str, b: str) -> bool:
    """Two characters share a reading, tone included (婚 and 昏: hūn; not 暴 and 保)."""
    return bool(toned_readings(a) & toned_readings(b))
