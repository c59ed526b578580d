"""Which characters OpenCC's traditional → simplified conversion (``t2s``) can change.

Text with none of them is what ``t2s`` gives back unchanged, so :func:`may_change` lets
:func:`glossary.han.text.to_simplified` return it as it is without loading OpenCC — about
10–15 ms, that the first search of a process used to wait for, almost always for text
that is simplified already.

The set is read from OpenCC's own dictionaries (``t2s.json``: CJK compatibility
ideographs, then TSPhrases, TSCharactersExt and TSCharacters, longest match first): every
key whose first value differs from it gives the characters at the places where they
differ (all of the key's characters if the lengths differ). A text none of whose characters
is in the set is left unchanged by every segmentation OpenCC could choose.

Most characters of the set become one and the same character wherever they stand (離 →
离, in every entry that holds it); a text whose changeable characters are all such is
converted by looking them up (:func:`simplified_without_opencc`), so that a traditional
query (離婚) does not wait for OpenCC either. Only the others (乾: 乾隆 keeps it, 乾燥 does
not) need OpenCC's longest-match segmentation.

Both lists are kept beside this file, ``t2s_changes.txt`` and ``t2s_simple.txt``;
``python -m glossary.han.traditional`` writes them again from the installed OpenCC
(tests/test_first_search.py checks that they agree with it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("t2s_changes.txt")
SIMPLE_DATA = Path(__file__).with_name("t2s_simple.txt")  # pairs: character, replacement
#: OpenCC's dictionaries that t2s reads, as its t2s.json names them.
NORMALIZATION = "CJK_Compatibility_Ideographs"  # t2s's first step, one character to one
T2S_DICTIONARIES = (NORMALIZATION, "TSPhrases", "TSCharactersExt", "TSCharacters")
PER_LINE = 64
TO_TEXT = ("-f", "ocd2", "-t", "text")


@cache
def changed_by_t2s() -> frozenset[str]:
    """Every character that t2s may replace (part of a phrase it may replace)."""
    return frozenset(DATA.read_text(encoding="utf-8").replace("\n", ""))


def may_change(text: str) -> bool:
    """Whether t2s could give back something else than ``text``."""
    return not changed_by_t2s().isdisjoint(text)


@cache
def simple_conversions() -> dict[str, str]:
    """Character → what t2s turns it into wherever it stands (most of the set: 離 → 离)."""
    pairs = SIMPLE_DATA.read_text(encoding="utf-8").replace("\n", "")
    return dict(zip(pairs[::2], pairs[1::2], strict=True))


def simplified_without_opencc(text: str) -> str | None:
    """What t2s gives for ``text`` when each of its characters that t2s may change is
    converted the same wherever it stands (looked up, without loading OpenCC), else None."""
    changed, simple = changed_by_t2s(), simple_conversions()
    if any(c in changed and c not in simple for c in text):
        return None
    return "".join(simple.get(c, c) for c in text)


def opencc_entries() -> Iterator[tuple[str, str, str]]:
    """(dictionary, key, first value) of every entry of the dictionaries t2s reads, from the
    installed OpenCC (its ``opencc_dict`` tool writes each as text: ``key<TAB>value …``)."""
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    tool, share = root / "bin" / "opencc_dict", root / "share" / "opencc"
    with tempfile.TemporaryDirectory() as tmp:
        for name in T2S_DICTIONARIES:
            out = Path(tmp) / f"{name}.txt"
            subprocess.run(
                [str(tool), "-i", str(share / f"{name}.ocd2"), "-o", str(out), *TO_TEXT],
                check=True,
                capture_output=True,
            )
            for line in out.read_text(encoding="utf-8").splitlines():
                if "\t" in line:
                    key, values = line.split("\t", 1)
                    yield name, key, values.split(" ")[0]


def changes_from_opencc() -> frozenset[str]:
    """The set computed from the installed OpenCC's dictionaries."""
    found: set[str] = set()
    for _name, key, first in opencc_entries():
        if first == key:
            continue
        if len(first) == len(key):
            found.update(a for a, b in zip(key, first, strict=True) if a != b)
        else:
            found.update(key)
    return frozenset(found)


def simple_conversions_from_opencc() -> dict[str, str]:
    """The characters of the set that t2s turns into one and the same character wherever
    they stand: t2s first maps CJK compatibility ideographs to their unified form, then
    converts by the longest entry of TSPhrases, TSCharactersExt and TSCharacters; a
    character every one of whose entries (of the same length as their value) gives it the
    same replacement is converted so whichever entry OpenCC chooses."""
    unified: dict[str, str] = {}
    targets: dict[str, set[str]] = {}
    for name, key, first in opencc_entries():
        if name == NORMALIZATION:
            if len(key) == len(first) == 1:
                unified[key] = first
            continue
        if len(key) != len(first):
            for a in key:
                targets.setdefault(a, set()).add("")  # no single replacement
            continue
        for a, b in zip(key, first, strict=True):
            targets.setdefault(a, set()).add(b)
    out: dict[str, str] = {}
    for char in changes_from_opencc():
        step = unified.get(char, char)
        found = targets.get(step, {step})
        if len(found) == 1 and "" not in found:
            out[char] = next(iter(found))
    return out


def _write_lines(path: Path, text: str, per_line: int) -> None:
    lines = [text[i : i + per_line] for i in range(0, len(text), per_line)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_data(chars: frozenset[str], simple: dict[str, str]) -> None:
    _write_lines(DATA, "".join(sorted(chars)), PER_LINE)
    _write_lines(SIMPLE_DATA, "".join(k + v for k, v in sorted(simple.items())), PER_LINE)


if __name__ == "__main__":
    write_data(changes_from_opencc(), simple_conversions_from_opencc())
    sys.stdout.write(
        f"{DATA}: {len(changed_by_t2s())} characters, {SIMPLE_DATA}: {len(simple_conversions())}\n"
    )
