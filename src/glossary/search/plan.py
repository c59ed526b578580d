"""The analysis: what was typed, read ONCE into a plan that every later stage reads.

The pinyin readings, initials and Bai keys (with and without tones) of each clause, and the
article reference if the text is one, are computed here and nowhere else on the search path.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from glossary.bai.ipa import ipa_keys, looks_like_ipa
from glossary.bai.orthography import key_readings
from glossary.han import HAN_CHAR, abbreviation, plain_pinyin, split_syllables
from glossary.i18n import N_, _
from glossary.lawtext.refs import ArticleRef, parse_ref
from glossary.search.query import Clause, QueryError, parse_query

EMPTY_QUERY = N_("type a word, pinyin, Bai, or an article such as 民诉 122 or 第1079条第二款")
NOTHING_TO_SEARCH = N_("nothing to search for: type letters or Han characters")
MAX_PINYIN_READINGS = 6  # ways of splitting typed Latin text into syllables kept
MAX_BAI_READINGS = 6  # ways of splitting joined Bai into syllables kept (bai.orthography)


@dataclass(frozen=True)
class LatinReadings:
    """A Latin clause read as pinyin (syllables in use), initials and Bai."""

    pinyin: list[list[str]]  # each way to split it into syllables that occur in the data
    abbreviation: list[str] | None  # ``lh`` → [l, h]: letters without a vowel
    bai: list[str] | None  # toneless Bai key, one item a syllable (the best reading)
    bai_tone: str  # the key with 1993 tone letters
    toned: bool  # tone letters were typed (the tone key differs from the toneless one)
    #: several pinyin words typed (``lihun caichan``): each word's readings, all required,
    #: as ``离婚 财产`` requires both; empty for one word or syllables typed apart (li hun)
    words: list[list[list[str]]] = field(default_factory=list)
    #: every reading of the Bai (joined syllables split each way the orthography allows,
    #: known syllables first; pasted IPA respelled): (toneless syllables, tone key)
    bai_readings: list[tuple[list[str], str]] = field(default_factory=list)
    ipa: bool = False  # the clause was IPA, read through its machine respelling

    @property
    def bai_keys(self) -> list[list[str]]:
        """The toneless key of each Bai reading (the first is ``bai``)."""
        return [keys for keys, _ in self.bai_readings] or ([self.bai] if self.bai else [])

    @property
    def bai_tones(self) -> list[str]:
        """The tone keys of the readings that carry tone letters."""
        return [toned for keys, toned in self.bai_readings if toned != " ".join(keys)]


@dataclass(frozen=True)
class ClausePlan:
    text: str
    negated: bool
    han: list[str]  # normalised tokens (Han characters one by one, Latin words)
    latin: LatinReadings | None  # None for a clause with Han in it

    @property
    def is_latin(self) -> bool:
        return self.latin is not None

    @property
    def pinyin(self) -> list[list[str]]:
        return self.latin.pinyin if self.latin else []

    @property
    def synonym_keys(self) -> tuple[str, ...]:
        """What the clause is looked up by among synonyms (store.search_index keys them
        alike): its Han (家暴), or each of its pinyin readings (jia bao)."""
        if self.latin is None:
            return ("".join(self.han),)
        return tuple(" ".join(reading) for reading in self.latin.pinyin)


@dataclass(frozen=True)
class Plan:
    """The whole query, analysed: ``error`` is the message when it cannot be run (shown
    unless ``reference`` names an article)."""

    text: str
    has_han: bool = False  # any Han character typed (which advice to give)
    reference: ArticleRef | None = None
    clauses: list[ClausePlan] = field(default_factory=list)
    error: str | None = None

    @property
    def positive(self) -> list[ClausePlan]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[ClausePlan]:
        return [c for c in self.clauses if c.negated]

    @property
    def single(self) -> ClausePlan | None:
        """The one clause of a one-word query without exclusions (typos are forgiven only
        then: several words typed are taken as typed)."""
        if len(self.positive) != 1 or self.negative:
            return None
        return self.positive[0]


PinyinVocab = Callable[[], frozenset[str]]


def analyse(text: str, pinyin_vocab: PinyinVocab, bai_vocab: PinyinVocab | None = None) -> Plan:
    """Any text → a plan; what cannot be searched is a plan with an ``error``, never an
    exception. ``pinyin_vocab`` gives the syllables in use (read only for Latin text);
    ``bai_vocab`` the Bai syllables (toneless keys) in use, to rank splits of joined Bai."""
    return analyse_after(reference_of(text), text, pinyin_vocab, bai_vocab)


def reference_of(text: str) -> ArticleRef | None:
    """The article the text names (``民诉 122``), if it is a reference: read first, since
    the article alone may answer, with nothing else of the text to analyse."""
    text = text.strip()
    return parse_ref(text) if text else None


def analyse_after(
    reference: ArticleRef | None,
    text: str,
    pinyin_vocab: PinyinVocab,
    bai_vocab: PinyinVocab | None = None,
) -> Plan:
    """:func:`analyse`, the reference read already (:func:`reference_of` of ``text``)."""
    text = text.strip()
    if not text:
        return Plan(text, error=_(EMPTY_QUERY))
    has_han = HAN_CHAR.search(text) is not None
    try:
        parsed = parse_query(text)
    except QueryError as exc:
        return Plan(text, has_han, reference, error=str(exc))
    if not parsed.clauses:
        return Plan(text, has_han, reference, error=_(NOTHING_TO_SEARCH))
    readings: dict[str, LatinReadings] = {}
    clauses = []
    for clause in parsed.clauses:
        latin = None
        if clause.is_latin:
            if clause.text not in readings:
                readings[clause.text] = read_latin(clause.text, pinyin_vocab, bai_vocab)
            latin = readings[clause.text]
        clauses.append(_clause_plan(clause, latin))
    return Plan(text, has_han, reference, clauses)


def _clause_plan(clause: Clause, latin: LatinReadings | None) -> ClausePlan:
    return ClausePlan(clause.text, clause.negated, clause.han, latin)


def read_latin(
    text: str, pinyin_vocab: PinyinVocab, bai_vocab: PinyinVocab | None = None
) -> LatinReadings:
    """Latin text read as pinyin, initials and Bai — or, when it is IPA (``po³⁵ȵi²¹``,
    ``po35ȵi21``: see bai.ipa), as the Bai of its machine respelling only."""
    if looks_like_ipa(text) and (respelled := ipa_keys(text)) is not None:
        key, toned = respelled
        return LatinReadings(
            pinyin=[],
            abbreviation=None,
            bai=key.split(),
            bai_tone=toned,
            toned=toned != key,
            bai_readings=[(key.split(), toned)],
            ipa=True,
        )
    plain = plain_pinyin(text)
    bai = key_readings(text, bai_vocab() if bai_vocab else None, MAX_BAI_READINGS)
    best, best_tone = bai[0] if bai else ([], "")
    known = pinyin_vocab() if plain.split() else frozenset()
    per_word = [split_syllables(w, known) for w in plain.split()]  # once per word typed
    return LatinReadings(
        pinyin=_readings(per_word),
        abbreviation=abbreviation(plain),
        bai=best or None,
        bai_tone=best_tone,
        toned=best_tone != " ".join(best),
        words=_word_units(per_word),
        bai_readings=bai,
    )


def pinyin_readings(plain: str, pinyin_vocab: PinyinVocab) -> list[list[str]]:
    """Ways to read toneless Latin text as pinyin syllables that occur in the data."""
    known = pinyin_vocab() if plain.split() else frozenset()
    return _readings([split_syllables(w, known) for w in plain.split()])


def _readings(per_word: list[list[list[str]]]) -> list[list[str]]:
    if not per_word or any(not splits for splits in per_word):
        return []
    combos = itertools.islice(itertools.product(*per_word), MAX_PINYIN_READINGS)
    return [[s for part in combo for s in part] for combo in combos]


def pinyin_words(plain: str, pinyin_vocab: PinyinVocab) -> list[list[list[str]]]:
    """The readings of each pinyin word of several typed (``lihun caichan`` → lihun, caichan),
    when there are at least two. A word of one syllable joins its one-syllable neighbours
    (``li hun caichan`` → li hun, caichan): syllables typed apart are one word."""
    known = pinyin_vocab() if plain.split() else frozenset()
    return _word_units([split_syllables(w, known) for w in plain.split()])


def _word_units(per_word: list[list[list[str]]]) -> list[list[list[str]]]:
    units: list[list[list[list[str]]]] = []  # per unit: per typed word, its splits
    single_run = False
    for splits in per_word:
        if not splits:
            return []
        single = len(splits[0]) == 1
        if single and single_run:
            units[-1].append(splits)
        else:
            units.append([splits])
        single_run = single
    if len(units) < 2:
        return []
    return [
        [
            [s for part in combo for s in part]
            for combo in itertools.islice(itertools.product(*unit), MAX_PINYIN_READINGS)
        ]
        for unit in units
    ]
