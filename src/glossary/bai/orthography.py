"""Bai Latin orthography (拼音白文 / 新白文): syllables, tones, 1958 → 1993, search keys.

Rules follow ``shared/corpus/bai/ORTHOGRAPHY.md``; tags: [C] confirmed by a source or the real word
list, [I] inferred, [U] unverified (kept configurable below, to be checked with a Bai speaker).

Syllable template (1993, [C])::

    syllable := [initial] final [r] [tone letter]
    initial  := zh ch sh ng hh ni ss b p m f v d t n l g k h j q x y z c s r w
    final    := vowel letters (a e i o u v, see FINALS_*) + optional nasal ``n``
    tone     := l x t f d b p | nothing (the 44-type tone)

How ambiguous letters are read:

- Bai syllables are open [C], so a syllable-final ``l x t f d b p`` after a vowel, ``n`` or ``r``
  is a tone letter, never a coda [C/I]: ``zix`` = zi + x, ``ngvp`` = ngv + p.  The same letters
  are initials, so *inside a joined word* (``Dilzi``, ``baipngvpzix``) a consonant followed by a
  vowel begins the next syllable (maximal onset [I]).  Joined words are split by a small DP that
  wants every piece to be a valid syllable and prefers fewer syllables, then maximal onset (which
  also keeps vowel-initial syllables out of the middle of words, where Pinyin writes ``'``).
- ``n`` after a vowel is nasality, part of the final, and comes before the tone letter [C]
  (``jinx``, ``tanp``).  There is no ``ng`` coda [I]; ``…n|g…`` against ``…|ng…`` in joined text
  is undecidable without a lexicon (``xianguax``): JOINED_NG chooses [U].
- ``r`` before a tone letter: ``rt rl rx`` are the 1958 tense tones (→ 1993 ``p b`` and unmarked)
  [C]; any other ``r`` (``berp``, ``bierf`` in a Yunlong text) is read as a dialect rhotic vowel
  and left alone by ``to_1993`` [I].  Whether search keys keep that ``r`` is KEY_DROP_R [U].
- ``ni`` is read as one initial (ȵ) when a final follows, as the 1993 table does (``nia``) [I].
- A syllable with no initial may only start with ``a o e``; ``i u`` are written ``y… w…`` [C]
  and ``v`` would be read as an initial [I].
- Letters are ASCII only; case is free (capitals at sentence starts and in names [C]).
  Whitespace, punctuation (incl. ``‧ · ・ - ' ’`` and Chinese 。，) and ``ʼ`` separate syllables.

Keys: search_key() drops tones (and 1958 marks), tone_key() keeps the 1993 tone; both keep
any non-Bai text as lower-cased pieces, so a key never matches more than was typed.
strip_tones() divides a joined word with ``'`` when the toneless letters would split differently
(``bienxga`` → ``bien'ga``, not ``bie|nga``).  Letter runs over MAX_TOKEN_LETTERS are not Bai.

Change a constant, then call :func:`rebuild` (parses are cached).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Literal

# --- rules (change, then call rebuild()) ---------------------------------------------------

#: The seven tone letters of the 1982/1993 scheme [C]; the eighth tone (44) is unmarked.
TONE_LETTERS = "lxtfdbp"

#: 1993 initials [C] (23 native + zh ch sh r for Chinese loans + y w for vowel onsets).
INITIALS: tuple[str, ...] = (
    "zh", "ch", "sh", "ng", "hh", "ni", "ss",
    "b", "p", "m", "f", "v", "d", "t", "n", "l", "g", "k", "h",
    "j", "q", "x", "y", "z", "c", "s", "r", "w",
)  # fmt: skip

#: Finals named by the sources [C]; ``iu`` (liup = liu⁴²) is confirmed by the fruit list.
FINALS_CONFIRMED: tuple[str, ...] = (
    "a", "o", "e", "i", "u", "v", "ai", "ei", "ao", "ou",
    "ia", "ie", "io", "iu", "iao", "iai", "iou", "ua", "uo", "ui", "uai",
    "in", "an", "on", "ain", "en", "vn", "uin", "ian", "ien",
)  # fmt: skip

#: Nasal finals inferred from the nasal vowels of Jianchuan word lists (kʰũa, ẽ) [I].
FINALS_INFERRED: tuple[str, ...] = ("uan", "ein")

#: Letters a syllable without an initial may begin with [I] (Pinyin-like; i/u take y/w [C]).
ONSETLESS_START = "aoe"

#: 1958 tense tones, ``r`` + letter → 1993 tone letter ("" = unmarked) [C: Omniglot].
#: How 1958 wrote tones 21 and 35 is unknown [U]: such syllables are left as they are.
R_TONES_1958: dict[str, str] = {"t": "p", "l": "b", "x": ""}

#: Accept ``r`` after a final other than the 1958 ``rt rl rx`` (dialect rhotic vowels such as
#: Yunlong ``berp``; also the German-Wikipedia typo ``ngvr``) [I].
ALLOW_RHOTIC_R = True

#: Drop such a rhotic ``r`` from search keys, so ``berp`` and ``bep`` share a key [U]; the
#: notes recommend it when 1958 spellings may occur.  1958 ``rt rl rx`` are always dropped.
KEY_DROP_R = True

#: Joined ``…ng…`` after a vowel: "onset" reads ``xia|nguax`` (the notes' maximal-onset
#: algorithm), "nasal" reads ``xian|guax`` [U].  Separated text is never affected.
JOINED_NG: Literal["onset", "nasal"] = "onset"

#: Longer letter runs are not parsed as Bai (keeps the DP small; no real word comes close).
MAX_TOKEN_LETTERS = 40

#: Pitch (Chao numbers) of each tone letter in the Central/Jianchuan-type standard: [C] from
#: the 41-word fruit list except ``b`` (66, Allen 2007) [I]; Southern pitches differ [U].
TONE_PITCH_CENTRAL: dict[str, str] = {
    "l": "55", "b": "66", "x": "33", "": "44", "p": "42", "t": "31", "d": "21", "f": "35",
}  # fmt: skip

# --- compiled state -------------------------------------------------------------------------

_LETTER_RUN = re.compile(r"[A-Za-z]+")
_SYLLABLE: re.Pattern[str] = re.compile("x^")
_ONSETLESS: frozenset[str] = frozenset()
_MAX_SYLLABLE = 0
# (start, end, initial, final, r, tone), offsets within the token
_Parts = tuple[int, int, str, str, bool, str]
_Cost = tuple[int, int, tuple[int, ...]]  # (syllables not known, syllables, lengths)
_Split = tuple[int, tuple[_Parts, ...]]  # (syllables not known, the split)


def rebuild() -> None:
    """Recompile the syllable pattern from the constants above and forget cached parses."""
    global _SYLLABLE, _ONSETLESS, _MAX_SYLLABLE
    finals = sorted({*FINALS_CONFIRMED, *FINALS_INFERRED}, key=lambda f: (-len(f), f))
    initials = sorted(set(INITIALS), key=lambda i: (-len(i), i))
    _SYLLABLE = re.compile(
        f"(?P<initial>{'|'.join(initials)})?(?P<final>{'|'.join(finals)})"
        f"(?P<r>r)?(?P<tone>[{TONE_LETTERS}])?"
    )
    _ONSETLESS = frozenset(f for f in finals if f[0] in ONSETLESS_START)
    _MAX_SYLLABLE = len(initials[0]) + len(finals[0]) + 2
    _syllable_parts.cache_clear()
    _parse_token.cache_clear()
    _token_keys.cache_clear()
    _token_splits.cache_clear()
    is_bai.cache_clear()


@lru_cache(maxsize=4096)
def _syllable_parts(s: str) -> tuple[str, str, bool, str] | None:
    """(initial, final, r, tone) if the lower-case string is one valid syllable."""
    m = _SYLLABLE.fullmatch(s)
    if m is None:
        return None
    initial, final, tone = m["initial"] or "", m["final"], m["tone"] or ""
    r = m["r"] is not None
    if not initial and final not in _ONSETLESS:
        return None
    if r and not ALLOW_RHOTIC_R and tone not in R_TONES_1958:
        return None
    return initial, final, r, tone


@lru_cache(maxsize=16384)
def _parse_token(token: str) -> tuple[_Parts, ...] | None:
    """Best split of one lower-case letter run into syllables, or None.

    Right-to-left DP over cost (syllable count, then syllable lengths compared left to right:
    shortest first = maximal onset, or longest first for JOINED_NG="nasal").
    """
    n = len(token)
    if n == 0 or n > MAX_TOKEN_LETTERS:
        return None
    sign = 1 if JOINED_NG == "onset" else -1
    Cost = tuple[int, tuple[int, ...]]
    best: list[tuple[Cost, tuple[_Parts, ...]] | None] = [None] * (n + 1)
    best[n] = ((0, ()), ())
    for i in range(n - 1, -1, -1):
        found: tuple[Cost, tuple[_Parts, ...]] | None = None
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE) + 1):
            rest = best[j]
            if rest is None:
                continue
            parts = _syllable_parts(token[i:j])
            if parts is None:
                continue
            (count, lengths), tail = rest
            cost = (count + 1, (sign * (j - i), *lengths))
            if found is None or cost < found[0]:
                found = (cost, ((i, j, *parts), *tail))
        best[i] = found
    result = best[0]
    return None if result is None else result[1]


@lru_cache(maxsize=4096)
def _token_splits(token: str, known: frozenset[str] | None, limit: int) -> tuple[_Split, ...]:
    """Up to ``limit`` splits of one lower-case letter run into valid syllables, best first.

    Every split the syllable template allows is a candidate: a letter of ``l x t f d b p``
    between vowels may end one syllable (a tone letter) or begin the next (an initial),
    ``…n|g…`` may be nasal + g or the onset ng, ``ni``+vowel may be ȵ or n + i.  They are
    ranked by (1) how many syllables are not in ``known`` (the Bai syllables in the store,
    when given: a split into syllables that occur wins), (2) fewer syllables, (3) maximal
    onset (shortest first, or longest first for JOINED_NG="nasal") — the order of
    :func:`_parse_token`, so without ``known`` the first split is the one it returns.
    A k-best dynamic programme, right to left: exact, since each cost is a tuple that a
    syllable extends at the front.
    """
    n = len(token)
    if n == 0 or n > MAX_TOKEN_LETTERS:
        return ()
    sign = 1 if JOINED_NG == "onset" else -1
    best: list[list[tuple[_Cost, tuple[_Parts, ...]]]] = [[] for _ in range(n + 1)]
    best[n] = [((0, 0, ()), ())]
    for i in range(n - 1, -1, -1):
        found: list[tuple[_Cost, tuple[_Parts, ...]]] = []
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE) + 1):
            if not best[j]:
                continue
            parts = _syllable_parts(token[i:j])
            if parts is None:
                continue
            ini, fin, r, tone = parts
            key = ini + fin + ("r" if r and tone not in R_TONES_1958 and not KEY_DROP_R else "")
            unknown = 0 if known is None or key in known else 1
            for (missing, count, lengths), tail in best[j]:
                cost = (missing + unknown, count + 1, (sign * (j - i), *lengths))
                found.append((cost, ((i, j, *parts), *tail)))
        found.sort(key=lambda item: item[0])
        best[i] = found[:limit]
    return tuple((cost[0], parts) for cost, parts in best[0])


def _known_whole(token: str, known: frozenset[str] | None) -> tuple[str, str] | None:
    """A letter run that is one syllable of the store although the orthography's template
    does not parse it (a machine respelling of IPA such as ``biei`` for pie²¹, bai.ipa),
    with or without a final tone letter: (key, tone key), else None."""
    if not known:
        return None
    if token in known:
        return token, token
    if len(token) > 1 and token[-1] in TONE_LETTERS and token[:-1] in known:
        return token[:-1], token
    return None


def key_readings(
    text: str, known: frozenset[str] | None = None, limit: int = 6
) -> list[tuple[list[str], str]]:
    """Ways to read text as Bai: (search-key syllables, tone key) each, best first.

    Each joined letter run is split in every way the orthography allows (see
    :func:`_token_splits` for the ranking); with ``known``, only readings whose syllables
    all occur there are kept — unless none does, when the best one is (so the first reading
    is always what search_key()/tone_key() give, or a split of known syllables that
    beats it).  ``baipngvpzix`` → [(["bai", "ngv", "zi"], "baip ngvp zix")]."""
    per_piece: list[list[tuple[int, list[tuple[str, str]]]]] = []
    pos = 0
    for m in [*_LETTER_RUN.finditer(text), None]:
        gap = text[pos : m.start() if m else len(text)]
        per_piece += [[(0, [(key, toned)])] for _, _, key, toned in _pieces(gap)]
        if m is None:
            break
        token = m.group().lower()
        splits = _token_splits(token, known, limit)
        whole = _known_whole(token, known)
        if splits:
            options = [(missing, _split_keys(parts)) for missing, parts in splits]
            per_piece.append(([(0, [whole])] if whole else []) + options)
        else:
            per_piece.append([(0, [whole or (token, token)])])
        pos = m.end()
    readings: list[tuple[int, list[str], str]] = []
    for combo in itertools.islice(itertools.product(*per_piece), limit * limit):
        pairs = [pair for _, piece in combo for pair in piece]
        readings.append(
            (sum(m for m, _ in combo), [k for k, _ in pairs], " ".join(t for _, t in pairs))
        )
    readings.sort(key=lambda r: r[0])  # stable: product order keeps each piece's ranking
    seen: set[tuple[str, ...]] = set()
    out: list[tuple[list[str], str]] = []
    for missing, keys, toned in readings:
        if (missing and out) or (*keys, toned) in seen:
            continue
        seen.add((*keys, toned))
        out.append((keys, toned))
    return out[:limit]


def _split_keys(parts: tuple[_Parts, ...]) -> list[tuple[str, str]]:
    out = []
    for _, _, ini, fin, r, tone in parts:
        is_1958 = r and tone in R_TONES_1958
        toneless = ini + fin + ("r" if r and not is_1958 else "")
        key = ini + fin + ("r" if r and not is_1958 and not KEY_DROP_R else "")
        out.append((key, toneless + (R_TONES_1958[tone] if is_1958 else tone)))
    return out


# --- syllables -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Syllable:
    """One written syllable: its original spelling and its lower-case parts."""

    text: str  # as written (case kept), e.g. "Baip"
    initial: str  # "" when the syllable has none
    final: str  # rhyme incl. nasal n, without r and tone
    r: bool  # an r between final and tone (1958 tense mark or dialect rhotic)
    tone: str  # tone letter as written, lower-case; "" = unmarked
    start: int  # offsets into the text given to syllables()
    end: int

    @property
    def is_1958(self) -> bool:
        """r + tone letter of the 1958 draft (``rt rl rx``)."""
        return self.r and self.tone in R_TONES_1958

    @property
    def tone_1993(self) -> str:
        """The 1993 tone letter ("" = unmarked)."""
        return R_TONES_1958[self.tone] if self.is_1958 else self.tone

    @property
    def toneless(self) -> str:
        """Lower-case spelling without its tone (a 1958 r goes with the tone)."""
        return self.initial + self.final + ("r" if self.r and not self.is_1958 else "")

    @property
    def key(self) -> str:
        """The syllable's part of search_key()."""
        keep_r = self.r and not self.is_1958 and not KEY_DROP_R
        return self.initial + self.final + ("r" if keep_r else "")

    @property
    def tone_key(self) -> str:
        """The syllable's part of tone_key(): lower-case 1993 spelling with tone."""
        return self.toneless + self.tone_1993

    @property
    def pitch(self) -> str | None:
        """Central-standard pitch of the tone, e.g. "42" (Southern values unverified)."""
        return TONE_PITCH_CENTRAL.get(self.tone_1993)


def _token_syllables(text: str, start: int, end: int) -> list[Syllable] | None:
    parsed = _parse_token(text[start:end].lower())
    if parsed is None:
        return None
    return [
        Syllable(text[start + i : start + j], ini, fin, r, tone, start + i, start + j)
        for i, j, ini, fin, r, tone in parsed
    ]


def syllables(text: str) -> list[Syllable]:
    """All syllables of the Bai-looking letter runs in text; runs that do not parse are
    skipped (use parse_bai() to insist that everything is Bai)."""
    out: list[Syllable] = []
    for m in _LETTER_RUN.finditer(text):
        found = _token_syllables(text, m.start(), m.end())
        if found:
            out.extend(found)
    return out


@lru_cache(maxsize=512)
def _is_separator(ch: str) -> bool:
    return ch.isspace() or ch == "ʼ" or unicodedata.category(ch).startswith("P")


def _only_separators(text: str, start: int, end: int) -> bool:
    return all(_is_separator(ch) for ch in text[start:end])


def parse_bai(text: str) -> list[Syllable] | None:
    """The syllables if all of text is Bai Latin (letters that split into valid syllables,
    separated by spaces/punctuation), else None.  Han, IPA, digits and symbols fail."""
    out: list[Syllable] = []
    pos = 0
    for m in _LETTER_RUN.finditer(text):
        if not _only_separators(text, pos, m.start()):
            return None
        found = _token_syllables(text, m.start(), m.end())
        if found is None:
            return None
        out.extend(found)
        pos = m.end()
    if not out or not _only_separators(text, pos, len(text)):
        return None
    return out


@lru_cache(maxsize=16384)
def is_bai(text: str) -> bool:
    """Whether text reads as Bai Latin orthography (for import warnings).  Short English or
    Pinyin words made of valid syllables (``banana``) pass: this checks spelling, not language.
    Cached: an import checks the same forms row after row."""
    return parse_bai(text) is not None


# --- keys --------------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _token_keys(token: str) -> tuple[tuple[str, str], ...] | None:
    """(search key, tone key) per syllable of a lower-case letter run."""
    parsed = _parse_token(token)
    return None if parsed is None else tuple(_split_keys(parsed))


def _lower_other(piece: str) -> str:
    """Lower-case non-Bai text without letting İ or K (Kelvin) turn into ASCII letters."""
    low = piece.lower()
    if _LETTER_RUN.search(low) is None:
        return low
    return "".join(c if _LETTER_RUN.search(c.lower()) else c.lower() for c in piece)


def _pieces(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, search key, tone key) per syllable; other text is kept, lower-cased,
    as pieces split at separators, so nothing typed is silently lost from a key."""
    pos = 0
    length = len(text)
    while pos < length:
        m = _LETTER_RUN.search(text, pos)
        gap_end = m.start() if m else length
        start = pos
        for i in range(pos, gap_end + 1):
            if i == gap_end or _is_separator(text[i]):
                if i > start:
                    low = _lower_other(text[start:i])
                    yield start, i, low, low
                start = i + 1
        if m is None:
            return
        token = m.group().lower()
        keys = _token_keys(token)
        if keys is None:
            yield m.start(), m.end(), token, token
        else:
            parsed = _parse_token(token)
            assert parsed is not None
            for (i, j, *_), (key, tone_key) in zip(parsed, keys, strict=True):
                yield m.start() + i, m.start() + j, key, tone_key
        pos = m.end()


def search_key(text: str) -> str:
    """Tone-insensitive key: lower case, tones and 1958 marks dropped, one space between
    syllables.  ``Baip ngvp zix``, ``baipngvpzix`` and 1958 ``Bairt ngvrt zix`` → ``bai ngv zi``.
    Non-Bai text is kept (lower-cased) so a key never matches more than was typed."""
    return " ".join(p[2] for p in _pieces(text))


def tone_key(text: str) -> str:
    """Like search_key() but keeping the 1993 tone letters: the exact form, for ranking."""
    return " ".join(p[3] for p in _pieces(text))


def syllable_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) for each piece of search_key(text), with offsets into text, for
    highlighting: ``[k for *_, k in syllable_spans(t)] == search_key(t).split()``."""
    return [(start, end, key) for start, end, key, _ in _pieces(text)]


# --- rewriting text -------------------------------------------------------------------------


def strip_tones(text: str) -> str:
    """text without tone letters (and without the r of 1958 tones), case and everything else
    kept.  If a joined word would then split differently, its syllables are divided by ``'``
    (the scheme's own divider), so stripping twice changes nothing more."""
    out: list[str] = []
    pos = 0
    for m in _LETTER_RUN.finditer(text):
        found = _token_syllables(text, m.start(), m.end())
        if not found:
            continue
        bare = [s.text[: len(s.toneless)] for s in found]
        joined = "".join(bare)
        if len(bare) > 1 and joined != m.group():
            again = _parse_token(joined.lower())
            if again is None or [j - i for i, j, *_ in again] != [len(b) for b in bare]:
                joined = "'".join(bare)
        out += (text[pos : m.start()], joined)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def to_1993(text: str) -> str:
    """Rewrite 1958 tone spellings as 1993 ones (``rt``→``p``, ``rl``→``b``, ``rx``→unmarked),
    keeping case and separators.  Other r + tone (dialect ``berp``) is left alone [I]; meant for
    text known to be 1958-style, since a dialect ``rt`` cannot be told apart."""
    out: list[str] = []
    pos = 0
    for s in syllables(text):
        if s.is_1958:
            cut = s.start + len(s.initial) + len(s.final)
            letter = R_TONES_1958[s.tone]
            out += (text[pos:cut], letter.upper() if text[s.end - 1].isupper() else letter)
            pos = s.end
    out.append(text[pos:])
    return "".join(out)


# --- ranking -----------------------------------------------------------------------------------


class ToneMatch(IntEnum):
    """How a Bai query matches a text; higher ranks first."""

    NONE = 0
    TONELESS = 1  # same syllables, some tone differs or was not typed
    EXACT = 2  # same syllables and 1993 tones (1958 spellings normalised)


def tone_match(query: str, text: str) -> ToneMatch:
    """Whether query's syllables occur, in order and adjacent, in text, and with which tones.
    Homophones differing only in tone are common (zi 44 vs zix 33), so search ranks EXACT
    above TONELESS rather than treating them as the same word."""
    wanted = [(key, toned) for _, _, key, toned in _pieces(query)]
    if not wanted:
        return ToneMatch.NONE
    have = [(key, toned) for _, _, key, toned in _pieces(text)]
    size = len(wanted)
    result = ToneMatch.NONE
    for i in range(len(have) - size + 1):
        window = have[i : i + size]
        if all(a[0] == b[0] for a, b in zip(window, wanted, strict=True)):
            if window == wanted:
                return ToneMatch.EXACT
            result = ToneMatch.TONELESS
    return result


rebuild()
