"""The Bai Latin orthography module against the only real Latin-script Bai we have
(../shared/corpus/bai, read at test time, never copied), the examples ORTHOGRAPHY.md gives
for its own rules, and fuzzing.  No Bai is made up here: strings are either read from those
files, built from them at test time (re-toned, re-cased, joined), or plainly not Bai."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from itertools import pairwise
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import corpus_dir
from glossary.bai import orthography as ortho
from glossary.bai.orthography import (
    TONE_LETTERS,
    ToneMatch,
    is_bai,
    parse_bai,
    search_key,
    strip_tones,
    syllable_spans,
    syllables,
    to_1993,
    tone_key,
    tone_match,
)

BAI = corpus_dir() / "bai"
# The corpus is required: the `corpus` fixture fails (never skips) when it is missing.
needs_corpus = pytest.mark.usefixtures("corpus")


def _read_tsv(name: str) -> list[dict[str, str]]:
    path = BAI / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ORTHO_ROWS = _read_tsv("orthographic_examples.tsv")
PARALLEL_ROWS = _read_tsv("parallel_examples.tsv")
# (where, Latin Bai, Chinese, IPA, scheme, note) for every row of both files
ROWS = [
    (
        f"ortho{n + 2}",
        r["bai_latin"],
        r["chinese_gloss"],
        r["ipa_in_source"],
        r["scheme"],
        r["note"],
    )
    for n, r in enumerate(ORTHO_ROWS)
] + [
    (f"parallel{n + 2}", r["bai_latin"], r["chinese"], "", "", r["note"])
    for n, r in enumerate(PARALLEL_ROWS)
]
ROW_PARAMS = [pytest.param(row, id=f"{row[0]}:{row[1]}") for row in ROWS]
LATIN = [row[1] for row in ROWS]

# Rows that the rules cannot read as they stand, with the reason (from the row's note).
# None today: the Yunlong rhotic r (berp, bierf) is read by ALLOW_RHOTIC_R.
NOT_BAI: dict[str, str] = {}

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SEPARATORS = [" ", "‧", "·", "・", "-", "'", "’", "ʼ", " - ", ", "]
CONFIG = ("ALLOW_RHOTIC_R", "KEY_DROP_R", "JOINED_NG", "R_TONES_1958", "FINALS_INFERRED")


def is_separator(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P") or ch == "ʼ"


def doc_key(spelling: str) -> str:
    """ORTHOGRAPHY.md §6(b), written out independently: drop one final tone letter after a
    vowel, n or r, then a final r after a vowel or n."""
    s = spelling.lower()
    s = re.sub(r"(?<=[aeiouvnr])[lxtfdbp]$", "", s)
    return re.sub(r"(?<=[aeiouvn])r$", "", s)


def ipa_pitches(ipa: str) -> list[str]:
    """Chao tone numbers per syllable, from superscript digits (`phiɯ̃⁴²kuo³¹` → 42, 31)."""
    groups = re.findall(f"[{SUPERSCRIPTS}]+", ipa)
    return ["".join(str(SUPERSCRIPTS.index(c)) for c in g) for g in groups]


def real_syllables() -> list[str]:
    """Every syllable spelling in the files, as written."""
    return sorted({s.text for text in LATIN for s in syllables(text)})


@pytest.fixture
def rules() -> Iterator[ModuleType]:
    """The module, with its configurable rules restored (and recompiled) afterwards."""
    saved = {name: getattr(ortho, name) for name in CONFIG}
    yield ortho
    for name, value in saved.items():
        setattr(ortho, name, value)
    ortho.rebuild()


# --- the files are there and are what we expect --------------------------------------------


def test_corpus_rows_present(corpus: object) -> None:
    assert len(ORTHO_ROWS) >= 60, f"orthographic_examples.tsv under {BAI}"
    assert len(PARALLEL_ROWS) >= 3, f"parallel_examples.tsv under {BAI}"
    assert all(LATIN), "an empty bai_latin cell"


# --- every real row -----------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("row", ROW_PARAMS)
def test_row_is_bai(row: tuple[str, ...]) -> None:
    _, latin, *_ = row
    if latin in NOT_BAI:
        assert not is_bai(latin), f"known exception now parses: {NOT_BAI[latin]}"
        return
    assert is_bai(latin)
    assert parse_bai(latin) == syllables(latin)


@needs_corpus
@pytest.mark.parametrize("row", ROW_PARAMS)
def test_row_round_trip(row: tuple[str, ...]) -> None:
    """Joining the syllables as written gives back the text minus its separators."""
    _, latin, *_ = row
    found = syllables(latin)
    assert "".join(s.text for s in found) == "".join(c for c in latin if not is_separator(c))
    assert all(latin[s.start : s.end] == s.text for s in found)
    assert all(s.text.lower() == s.initial + s.final + "r" * s.r + s.tone for s in found)


@needs_corpus
@pytest.mark.parametrize("row", ROW_PARAMS)
def test_row_search_key(row: tuple[str, ...]) -> None:
    """The key is the §6(b) rule applied to each syllable; it ignores every tone letter."""
    _, latin, *_ = row
    found = syllables(latin)
    key = search_key(latin)
    assert key == " ".join(doc_key(s.text) for s in found)
    assert key == " ".join(key.split()) == key.lower()
    assert not re.search(r"[aeiouvn][lxtfdbp](?: |$)", key), key
    # any other tone on every syllable (unmarked included) gives the same key
    for tone in [*TONE_LETTERS, ""]:
        retoned = " ".join(s.text[: len(s.toneless)] + tone for s in found)
        assert search_key(retoned) == key, retoned
    assert search_key(latin.upper()) == key
    assert search_key(strip_tones(latin)) == key
    spans = syllable_spans(latin)
    assert [k for *_, k in spans] == key.split()
    assert [latin[a:b] for a, b, _ in spans] == [s.text for s in found]


@needs_corpus
@pytest.mark.parametrize("row", [p for p in ROW_PARAMS if p.values[0][3]])
def test_row_tones_match_source_ipa(row: tuple[str, ...]) -> None:
    """One syllable per IPA syllable, and each tone letter has the pitch the notes give it
    (a test of where tone letters end and initials begin)."""
    _, latin, _, ipa, _, note = row
    found = syllables(latin)
    pitches = ipa_pitches(ipa)
    assert len(found) == len(pitches)
    got = [s.pitch for s in found]
    if "typo" in note:  # the source's IPA disagrees with its own spelling (yaid = 31)
        assert got != pitches, f"listed as a source typo, but matches: {note}"
    else:
        assert got == pitches


@needs_corpus
def test_initials_table_of_the_1993_scheme() -> None:
    """The scheme's example word for each initial starts with that initial (ni, ng, hh …)."""
    examples = [
        (r["bai_latin"], m[1])
        for r in ORTHO_ROWS
        if (m := re.fullmatch(r"word \(example for initial (\w+)\)", r["kind"]))
    ]
    assert len(examples) >= 20
    for latin, initial in examples:
        assert [s.initial for s in syllables(latin)][:1] == [initial], latin


@needs_corpus
@pytest.mark.parametrize("row", ROW_PARAMS)
def test_row_to_1993(row: tuple[str, ...]) -> None:
    """1958 rows become the 1993 row with the same gloss; all others are left alone
    (including the Yunlong rhotic r)."""
    _, latin, chinese, _, scheme, _ = row
    if not scheme.startswith("1958"):
        assert to_1993(latin) == latin
        assert not any(s.is_1958 for s in syllables(latin))
        return
    modern = [r[1] for r in ROWS if r[2] == chinese and r[4] and not r[4].startswith("1958")]
    assert modern, f"no 1982/1993 row glossed {chinese}"
    assert to_1993(latin) in modern
    assert any(s.is_1958 for s in syllables(latin))
    assert search_key(latin) == search_key(modern[0])
    assert tone_key(latin) == tone_key(modern[0])
    assert tone_match(latin, modern[0]) == ToneMatch.EXACT


@needs_corpus
@pytest.mark.parametrize("row", ROW_PARAMS)
def test_row_other_columns_and_mutations_are_not_bai(row: tuple[str, ...]) -> None:
    _, latin, chinese, ipa, *_ = row
    assert not is_bai(chinese)
    if ipa:
        assert not is_bai(ipa)
    assert not is_bai(latin + "1")
    assert not is_bai(latin + chinese[:1])
    assert not is_bai(latin.replace(" ", " 2 ", 1) if " " in latin else "3" + latin)
    assert not is_bai(latin + "ɛ")
    assert not is_bai(latin.rstrip(".,") + "q")  # no syllable ends in q


# --- the rules' own examples (ORTHOGRAPHY.md) ------------------------------------------------


def _doc() -> str:
    return (BAI / "ORTHOGRAPHY.md").read_text(encoding="utf-8")


@needs_corpus
def test_arrow_examples_in_orthography_md() -> None:
    """Every "`A` → `B`" in the notes: a split (dil|zi), a key, or a 1958 → 1993 rewrite."""
    splits = keys = rewrites = 0
    for before, after in re.findall(r"`([^`]+)`(?: \(1958\))? → `([^`]+)`", _doc()):
        if "|" in after:
            assert [s.text for s in syllables(before)] == after.split("|")
            splits += 1
        elif after == after.lower():
            assert search_key(before) == after
            keys += 1
        else:
            assert to_1993(before) == after
            rewrites += 1
    assert (splits, keys, rewrites) >= (4, 3, 1)


@needs_corpus
def test_worked_examples_table() -> None:
    section = _doc().split("## 7.")[1].split("\n## ")[0]
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    assert len(rows) >= 6
    parts_checked = 0
    for cells in rows:
        text = re.match(r"`([^`]+)`", cells[0])
        assert text, cells
        found = syllables(text[1])
        assert [s.text.lower() for s in found] == re.split(r"[\s·]+", cells[1])
        assert search_key(text[1]) == cells[3]
        for ini, fin, tone, pitch in re.findall(r"(\w*)‑(\w+)‑(\w)\((\d+)\)", cells[2]):
            assert any(
                (s.initial, s.final, s.tone, s.pitch) == (ini, fin, tone, pitch) for s in found
            )
            parts_checked += 1
    assert parts_checked >= 3


def test_bai_language_name_equivalences() -> None:
    """ORTHOGRAPHY.md's spellings of Baip ngvp zix: all one key, one exact form."""
    spellings = [
        "Baip ngvp zix",
        "Baip‧ngvp‧zix",
        "Baip Ngvp Zix",
        "baipngvpzix",
        "Bairt ngvrt zix",
        "Bairt‧ngvrt‧zix",
    ]
    assert {search_key(s) for s in spellings} == {"bai ngv zi"}
    assert search_key("bai ngv zi") == "bai ngv zi"
    assert {tone_key(s) for s in spellings} == {"baip ngvp zix"}
    assert [(s.initial, s.final, s.tone) for s in syllables("Baip ngvp zix")] == [
        ("b", "ai", "p"),
        ("ng", "v", "p"),
        ("z", "i", "x"),
    ]
    bairt = syllables("Bairt ngvrt zix")
    assert [(s.r, s.tone, s.is_1958, s.tone_1993) for s in bairt] == [
        (True, "t", True, "p"),
        (True, "t", True, "p"),
        (False, "x", False, "x"),
    ]


def test_1958_rewrite_keeps_case_and_separators() -> None:
    assert to_1993("Bairt ngvrt zix") == "Baip ngvp zix"
    assert to_1993("BAIRT‧NGVRT‧ZIX") == "BAIP‧NGVP‧ZIX"
    assert to_1993("Bairtngvrtzix.") == "Baipngvpzix."
    assert to_1993("白语 Bairt, ngvrt!") == "白语 Baip, ngvp!"


@needs_corpus
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_1958_tone_spellings_map_to_1993(data: st.DataObject) -> None:
    """rt → p, rl → b, rx → unmarked, on toneless stems of real syllables."""
    stems = sorted({s.text[: len(s.toneless)] for s in syllables(" ".join(LATIN)) if not s.r})
    stem = data.draw(st.sampled_from(stems))
    for old, new in [("rt", "p"), ("rl", "b"), ("rx", "")]:
        assert to_1993(stem + old) == stem + new
        assert to_1993((stem + old).upper()) == (stem + new).upper()
        assert search_key(stem + old) == search_key(stem) == search_key(stem + new)
        assert tone_match(stem + old, stem + new) == ToneMatch.EXACT


def test_joined_nasal_before_g_is_configurable(rules: ModuleType) -> None:
    """`xianguax` (ORTHOGRAPHY.md §6a): maximal onset gives xia|nguax; JOINED_NG="nasal"
    gives xian|guax.  With a separator there is no question."""
    assert rules.JOINED_NG == "onset"
    assert [s.text for s in syllables("xianguax")] == ["xia", "nguax"]
    assert [s.text for s in syllables("xian guax")] == ["xian", "guax"]
    rules.JOINED_NG = "nasal"
    rules.rebuild()
    assert [s.text for s in syllables("xianguax")] == ["xian", "guax"]
    assert [s.text for s in syllables("xia nguax")] == ["xia", "nguax"]


@needs_corpus
def test_rhotic_r_rules_are_configurable(rules: ModuleType) -> None:
    """Dialect r before a tone (Yunlong berp, bierf): read by default, kept out of keys by
    default; either can be switched; the 1958 r is always a tone mark."""
    rhotic = [s for text in LATIN for s in syllables(text) if s.r and not s.is_1958]
    assert rhotic, "expected the Yunlong line's berp/bierf"
    lines = [text for text in LATIN if any(s.r and not s.is_1958 for s in syllables(text))]
    for s in rhotic:
        assert "r" not in search_key(s.text)
        assert to_1993(s.text) == s.text
    rules.KEY_DROP_R = False
    rules.rebuild()
    for s in rhotic:
        assert search_key(s.text) == s.toneless and s.toneless.endswith("r")
    assert search_key("Bairt ngvrt zix") == "bai ngv zi"
    rules.ALLOW_RHOTIC_R = False
    rules.rebuild()
    assert not any(is_bai(text) for text in lines)
    assert is_bai("Bairt ngvrt zix")


@needs_corpus
def test_tone_match_ranks_exact_above_toneless() -> None:
    for text in LATIN:
        found = syllables(text)
        exact = {s.tone_key for s in found}
        for s in found:
            assert tone_match(s.text, text) == ToneMatch.EXACT
            for tone in [*TONE_LETTERS, ""]:
                other = s.text[: len(s.toneless)] + tone
                expected = ToneMatch.EXACT if tone_key(other) in exact else ToneMatch.TONELESS
                assert tone_match(other, text) == expected, (other, text)
        assert tone_match(search_key(text), text) >= ToneMatch.TONELESS
    # `zix` and `zi` (ORTHOGRAPHY.md §4): homophones but for the tone
    zix = next(t for t in LATIN if t == "zix")
    assert tone_match("zi", zix) == ToneMatch.TONELESS
    assert tone_match(zix, "zi") == ToneMatch.TONELESS
    keys = {text: set(search_key(text).split()) for text in LATIN}
    apart = [(a, b) for a in LATIN for b in LATIN if not keys[a] & keys[b]]
    assert apart
    assert all(tone_match(a, b) == ToneMatch.NONE for a, b in apart)
    assert tone_match("", LATIN[0]) == ToneMatch.NONE
    assert ToneMatch.EXACT > ToneMatch.TONELESS > ToneMatch.NONE


@pytest.mark.parametrize(
    "text",
    ["", "   ", "。，", "123", "test bai one", "白语", "pa1", "x", "v", "\u212a", "\u0130"],
)
def test_not_bai(text: str) -> None:
    assert not is_bai(text)
    assert parse_bai(text) is None


# --- fuzzing ---------------------------------------------------------------------------------

# Bai letters and separators, plus what must not pass: Han, IPA, digits, and the two
# characters whose lower case is an ASCII letter (İ, the Kelvin sign).
BAIISH = st.text(
    alphabet=st.sampled_from([*"abdefgilnoprstuvxyzhngBZNX ‧·-'’.,(中ɛ⁴1", "\u0130", "\u212a"]),
    max_size=40,
)
ANY_TEXT = st.one_of(st.text(max_size=60), BAIISH)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_any_text(text: str) -> None:
    found = syllables(text)
    assert all(text[s.start : s.end] == s.text for s in found)
    spans = syllable_spans(text)
    assert all(0 <= a < b <= c < d <= len(text) for (a, b, _), (c, d, _) in pairwise(spans))
    key = search_key(text)
    assert search_key(key) == key
    assert tone_key(tone_key(text)) == tone_key(text)
    stripped = strip_tones(text)
    assert strip_tones(stripped) == stripped
    assert search_key(stripped) == key
    assert [k for *_, k in syllable_spans(text)] == key.split()
    assert len(to_1993(text)) <= len(text)
    parsed = parse_bai(text)
    assert is_bai(text) == (parsed is not None)
    if parsed is not None:
        assert parsed == found
    assert tone_match(text, text) == (ToneMatch.EXACT if key else ToneMatch.NONE)


def _cased(data: st.DataObject, spelling: str) -> str:
    how = data.draw(st.sampled_from(["lower", "upper", "title", "keep"]))
    return spelling if how == "keep" else getattr(spelling, how)()


@needs_corpus
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_real_syllables_in_any_layout(data: st.DataObject) -> None:
    """Real syllables, re-cased and separated in each way the notes list, parse back."""
    pool = real_syllables()
    picked = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
    words = [_cased(data, s) for s in picked]
    seps = [data.draw(st.sampled_from(SEPARATORS)) for _ in words[1:]]
    text = words[0] + "".join(sep + w for sep, w in zip(seps, words[1:], strict=True))
    found = parse_bai(text)
    assert found is not None
    assert [s.text for s in found] == words
    expected = " ".join(doc_key(w) for w in words)
    assert search_key(text) == expected
    assert tone_key(text) == " ".join(tone_key(w) for w in words)
    assert search_key(strip_tones(text)) == expected


@needs_corpus
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_real_syllables_joined(data: st.DataObject) -> None:
    """Joined without separators they may split differently (n|g), but still parse, round
    trip, and strip_tones stays stable."""
    pool = real_syllables()
    words = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
    text = "".join(words)
    found = parse_bai(text)
    assert found is not None
    assert "".join(s.text for s in found) == text
    stripped = strip_tones(text)
    assert strip_tones(stripped) == stripped
    assert search_key(stripped) == search_key(text)
    assert not is_bai(text + "q")


@needs_corpus
def test_every_joined_pair_of_real_syllables() -> None:
    """All pairs, joined: each splits back as written, and stripping tones stays stable even
    where the toneless letters would split differently (bienx+ga → bien'ga, not bie|nga)."""
    pool = real_syllables()
    divided = 0
    for a in pool:
        for b in pool:
            text = a + b
            split = [s.text for s in syllables(text)]
            # the one case the notes call undecidable without a lexicon: unmarked …n + g…
            assert split == [a, b] or (a[-1] == "n" and b[0] == "g"), (a, b, split)
            stripped = strip_tones(text)
            assert strip_tones(stripped) == stripped
            assert search_key(stripped) == search_key(text)
            if split == [a, b]:
                assert search_key(text) == f"{doc_key(a)} {doc_key(b)}"
            divided += "'" in stripped
    assert divided, "expected some pairs (…n + g…) that need the divider"


@needs_corpus
def test_the_same_keys_without_caches() -> None:
    """The search path calls these per keystroke, from caches; emptied caches (rebuild)
    give the same keys. How fast it is belongs in bench/, not in a test."""

    def keys() -> list[tuple[str, str, bool]]:
        return [(search_key(t), tone_key(t), is_bai(t)) for t in LATIN]

    warm = keys()
    for _ in range(2):
        ortho.rebuild()  # empties the caches
        assert keys() == warm
