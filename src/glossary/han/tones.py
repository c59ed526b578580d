"""Readings with their tones, for telling a keyboard slip from a different word.

The store keeps toneless readings (han_readings): enough to find homophones, too loose to
judge one. pypinyin's table of readings is read directly from its data module: importing
pypinyin itself costs half a second, the table alone a fraction of that, and only a search
that forgives a two-character typo needs it.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType


@cache
def _table() -> dict[int, str]:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.py"
    data = importlib.util.spec_from_file_location("_glossary_pinyin_table", path)
    if data is None or data.loader is None:
        return {}
    module: ModuleType = importlib.util.module_from_spec(data)
    data.loader.exec_module(module)
    table: dict[int, str] = module.pinyin_dict
    return table


def toned_readings(char: str) -> frozenset[str]:
    """Every reading of one character, with its tone mark: 暴 → bào, pù, bó."""
    return frozenset(r for r in _table().get(ord(char), "").split(",") if r)


def sound_alike_with_tone(a: str, b: str) -> bool:
    """Two characters share a reading, tone included (婚 and 昏: hūn; not 暴 and 保)."""
    return bool(toned_readings(a) & toned_readings(b))
