"""The first search of a process loads only what its query needs: no OpenCC for text that
is simplified already, no pypinyin or rapidfuzz at all, no numpy or scipy (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.han import to_simplified
from glossary.han.tones import toned_readings
from glossary.han.traditional import (
    changed_by_t2s,
    changes_from_opencc,
    may_change,
    opencc_entries,
    simple_conversions,
    simple_conversions_from_opencc,
    simplified_without_opencc,
)
from glossary.search.fuzzy import close_syllables, one_edit_apart

PROBE = """
import json, sys
from pathlib import Path
from glossary.search import search
from glossary.store.reader import open_reader
db = open_reader(Path(sys.argv[1]))
result = search(db, sys.argv[2], limit=20)
watched = ("opencc", "pypinyin", "rapidfuzz", "numpy", "scipy", "sqlite_utils", "textual")
print(json.dumps({"hits": [[h.kind, h.id, h.match] for h in result.hits],
                  "message": result.message,
                  "loaded": [m for m in watched if m in sys.modules]}))
"""

LIGHT = ("pypinyin", "rapidfuzz", "numpy", "scipy", "sqlite_utils", "textual")


def first_search(db: Path, query: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), query], capture_output=True, text=True, check=True
    ).stdout
    found: dict = json.loads(out)
    return found


@pytest.mark.parametrize(
    "query",
    ["民诉 122", "离婚", "lihun", "人民法院调解", "离昏", "人民法阮", "tiaojie", "鬣狗"],
)
def test_first_search_loads_nothing_heavy(search_db_path: Path, query: str) -> None:
    """A reference, Han, pinyin, a long phrase, a two-character homophone typo (the toned
    readings are looked up in pypinyin's data file, not imported), a typo in a longer word
    (edit distance in Python), and nothing found: none loads OpenCC for simplified text."""
    found = first_search(search_db_path, query)
    assert found["loaded"] == [], found["loaded"]
    if query not in ("鬣狗",):
        assert found["hits"], query


def test_traditional_text_is_looked_up_and_finds_the_same(search_db_path: Path) -> None:
    """離 訴 訟 become 离 诉 讼 wherever they stand: no OpenCC for them."""
    simplified = first_search(search_db_path, "离婚诉讼")
    traditional = first_search(search_db_path, "離婚訴訟")
    assert traditional["loaded"] == []
    assert traditional["hits"] == simplified["hits"] and simplified["hits"]


def test_a_character_that_depends_on_its_neighbours_still_loads_opencc(
    search_db_path: Path,
) -> None:
    """於 is 于 in 關於 but not in every name: OpenCC's segmentation decides."""
    assert "於" in changed_by_t2s() and "於" not in simple_conversions()
    simplified = first_search(search_db_path, "关于")
    traditional = first_search(search_db_path, "關於")
    assert traditional["loaded"] == ["opencc"]
    assert traditional["hits"] == simplified["hits"] and simplified["hits"]


def test_a_reference_answers_without_analysing_the_words(search_db_path: Path) -> None:
    found = first_search(search_db_path, "民诉 122")
    assert found["hits"][0][0] == "article" and found["hits"][0][2] == "exact"
    assert len(found["hits"]) == 1


# --- what replaced the heavy imports gives what they gave --------------------------------


def test_the_shipped_t2s_set_is_what_the_installed_opencc_changes() -> None:
    assert changes_from_opencc() == changed_by_t2s()


def test_the_shipped_lookups_are_what_the_installed_opencc_gives() -> None:
    simple = simple_conversions()
    assert simple == simple_conversions_from_opencc()
    assert 0 < len(simple) < len(changed_by_t2s())
    chars = sorted(simple)
    converted = _opencc_simplified("".join(chars))
    assert converted == "".join(simple[c] for c in chars)


def _opencc_simplified(text: str) -> str:
    """The conversion as it was, OpenCC on every text with Han in it."""
    import opencc

    converter = opencc.OpenCC("t2s")
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(converter.convert(c) for c in text)


def test_no_character_outside_the_set_is_changed_by_opencc() -> None:
    import opencc

    converter = opencc.OpenCC("t2s")
    blocks = [range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00)]
    outside = [chr(c) for block in blocks for c in block if chr(c) not in changed_by_t2s()]
    assert converter.convert("".join(outside)) == "".join(outside)


_SAMPLE = "".join(sorted(changed_by_t2s()))[::7] + "离婚调解人民法院的乾隆皇帝著作后面干净发展"
# Characters looked up, beside the phrases of OpenCC's dictionaries that hold them.
_LOOKED_UP = "".join(sorted(simple_conversions()))[::5] + "離婚訴訟關於後發裡乾燥"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_SAMPLE + "ab1 ，。", max_size=12))
def test_to_simplified_is_opencc(text: str) -> None:
    assert to_simplified(text) == _opencc_simplified(text)
    if not may_change(text):
        assert to_simplified(text) is text


def test_every_phrase_of_opencc_that_can_be_looked_up_is_converted_as_opencc_does() -> None:
    """Each dictionary phrase whose characters are all looked up or unchanged (few: a
    phrase is listed because a character of it is replaced otherwise there) comes out as
    OpenCC gives it: a phrase is where neighbours could change a replacement."""
    phrases = [key for _, key, _ in opencc_entries() if len(key) > 1]
    looked_up = {p: simplified_without_opencc(p) for p in phrases}
    tried = [p for p, text in looked_up.items() if text is not None]
    assert tried
    import opencc

    converter = opencc.OpenCC("t2s")
    assert [converter.convert(p) for p in tried] == [looked_up[p] for p in tried]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LOOKED_UP + "离婚 ，", max_size=12))
def test_looked_up_text_is_what_opencc_gives(text: str) -> None:
    looked_up = simplified_without_opencc(text)
    if looked_up is not None:
        assert looked_up == _opencc_simplified(text)
    assert to_simplified(text) == _opencc_simplified(text)


def test_toned_readings_are_pypinyins() -> None:
    from pypinyin.pinyin_dict import pinyin_dict

    codes = [*sorted(pinyin_dict)[::13], ord("暴"), ord("婚"), ord("昏"), 0x41, 0x10FFFF]
    for code in codes:
        want = frozenset(r for r in pinyin_dict.get(code, "").split(",") if r)
        assert toned_readings(chr(code)) == want, hex(code)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abnA婚", max_size=6), st.text(alphabet="abnA婚", max_size=6))
def test_one_edit_apart_is_levenshtein_one(a: str, b: str) -> None:
    from rapidfuzz.distance import Levenshtein

    assert one_edit_apart(a, b) == (Levenshtein.distance(a, b) == 1)


@settings(max_examples=200, deadline=None)
@given(
    st.frozensets(st.text(alphabet="abcdn", min_size=1, max_size=4), max_size=40),
    st.lists(st.text(alphabet="abcdn", min_size=3, max_size=4), min_size=1, max_size=3),
)
def test_close_syllables_are_rapidfuzzs(vocab: frozenset[str], key: list[str]) -> None:
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    want: list[list[str]] | None = []
    for syllable in key:
        if syllable in vocab:
            want.append([syllable])  # type: ignore[union-attr]
            continue
        close = process.extract(
            syllable, vocab, scorer=Levenshtein.distance, score_cutoff=1, limit=3
        )
        if not close:
            want = None
            break
        want.append([c[0] for c in close])  # type: ignore[union-attr]
    assert close_syllables(key, vocab) == want


def test_extents_by_index_seeks_are_the_grouped_ones(search_db_path: Path) -> None:
    """store.extent reads each revision's first and last article by index seeks; the rows
    are those the grouping over every article gave."""
    from glossary.store.extent import extents
    from glossary.store.reader import open_reader

    db = open_reader(search_db_path)
    grouped = db.execute(
        "SELECT r.law, l.short_name, r.label, r.part, min(a.number), max(a.number) "
        "FROM revisions r JOIN laws l ON l.slug = r.law JOIN articles a ON a.revision_id = r.id "
        "GROUP BY r.id ORDER BY r.law, coalesce(r.decided_on, r.label) DESC, r.label DESC"
    ).fetchall()
    found = [(e.law, e.name, e.revision, e.part, e.first, e.last) for e in extents(db)]
    assert found == [tuple(row) for row in grouped] and len(found) > 1
    some = [r[0] for r in db.execute("SELECT id FROM revisions ORDER BY id LIMIT 2")]
    assert [e.revision for e in extents(db, some)] == [
        r[0]
        for r in db.execute(
            "SELECT label FROM revisions WHERE id IN (?, ?) "
            "ORDER BY law, coalesce(decided_on, label) DESC, label DESC",
            some,
        )
    ]
    db.close()
