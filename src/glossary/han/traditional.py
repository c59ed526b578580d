"""Which characters OpenCC's traditional → simplified conversion (``t2s``) can change.

Text with none of them is what ``t2s`` gives back unchanged, so :func:`may_change` lets
:func:`glossary.han.text.to_simplified` return it as it is without loading OpenCC — about
10–15 ms, that the first search of a process used to wait for, almost always for text
that is simplified already.

The set is read from OpenCC's own dictionaries (``t2s.json``: CJK compatibility
ideographs, then TSPhrases, TSCharactersExt and TSCharacters, longest match first): every
key whose first value differs from it gives the characters at the places where they
differ (all of the key's characters if the lengths differ). A text none of whose characters
is in the set is left unchanged by every segmentation OpenCC could choose. The list is kept
in ``t2s_changes.txt`` beside this file; ``python -m glossary.han.traditional`` writes it
again from the installed OpenCC (tests/test_traditional.py checks that they agree).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("t2s_changes.txt")
#: OpenCC's dictionaries that t2s reads, as its t2s.json names them.
T2S_DICTIONARIES = ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters")
PER_LINE = 64
TO_TEXT = ("-f", "ocd2", "-t", "text")


@cache
def changed_by_t2s() -> frozenset[str]:
    """Every character that t2s may replace (part of a phrase it may replace)."""
    return frozenset(DATA.read_text(encoding="utf-8").replace("\n", ""))


def may_change(text: str) -> bool:
    """Whether t2s could give back something else than ``text``."""
    return not changed_by_t2s().isdisjoint(text)


def changes_from_opencc() -> frozenset[str]:
    """The set computed from the installed OpenCC's dictionaries (its ``opencc_dict`` tool
    writes each as text: ``key<TAB>value value …``)."""
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    tool, share = root / "bin" / "opencc_dict", root / "share" / "opencc"
    found: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for name in T2S_DICTIONARIES:
            out = Path(tmp) / f"{name}.txt"
            subprocess.run(
                [str(tool), "-i", str(share / f"{name}.ocd2"), "-o", str(out), *TO_TEXT],
                check=True,
                capture_output=True,
            )
            for line in out.read_text(encoding="utf-8").splitlines():
                if "\t" not in line:
                    continue
                key, values = line.split("\t", 1)
                first = values.split(" ")[0]
                if first == key:
                    continue
                if len(first) == len(key):
                    found.update(a for a, b in zip(key, first, strict=True) if a != b)
                else:
                    found.update(key)
    return frozenset(found)


def write_data(chars: frozenset[str]) -> None:
    ordered = "".join(sorted(chars))
    lines = [ordered[i : i + PER_LINE] for i in range(0, len(ordered), PER_LINE)]
    DATA.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_data(changes_from_opencc())
    sys.stdout.write(f"{DATA}: {len(changed_by_t2s())} characters\n")
