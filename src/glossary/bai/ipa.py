"""IPA → Bai Latin orthography: a *machine respelling* of IPA word forms, used as a search key.

The store's Bai is mostly IPA (the lexibank word lists: ``xẽ⁵⁵kʰao³¹``, ``xɯ22``).  To find such
a form by typing Latin (``hel``, ``he``) or by pasting IPA (``po³⁵ȵi²¹``, ``po35ȵi21``), both
sides are turned into the letters and tone letters of the 1993 orthography
(``shared/corpus/bai/ORTHOGRAPHY.md``) and compared as search keys.  A respelling is *never*
an attested spelling: the app labels it "machine respelling", exports never give it as a form.

What the mapping rests on — tags as in ORTHOGRAPHY.md: **[C]** stated there (its initials table
§3.1, vowels §3.2, tones §4, or the real word list ``orthographic_examples.tsv``), **[G]** a
guess of this module, not found in the notes (a sound the scheme does not write, or a dialect
the notes do not cover).  Everything [G] is a guess; check it with a Bai speaker.

Initials (IPA → letter)::

    [C] p b · pʰ p · m m · f f · v v · t d · tʰ t · n n · l l · k g · kʰ k · ŋ ng · x h · ɣ hh
        tɕ j · tɕʰ q · ȵ ni · ɕ x · j y · ts z · tsʰ c · s s · z ss · ʈʂ zh · ʈʂʰ ch · ʂ sh · ʐ r
        (ʦ ʨ are written for ts tɕ in the word list [C]; ``h`` after a stop = ʰ, as ``phiɯ̃`` [C])
    [G] ɲ ni · tʂ(ʰ) zh/ch · w w · h h · xʰ h · sʰ s · kʲ g+i · voiced b d g dz dʑ ɖʐ → b d g z j zh
        (the scheme has no voiced stops) · ʑ y · ʃ tʃ tʃʰ → x j q · c cʰ ȶ → j q j · q qʰ ɢ → g k g
        · χ h · ʁ hh · ɴ ng · ɹ ʀ (initial) r · ʔ nothing

Vowels (concatenated, then ``au`` → ``ao``)::

    [C] i i · u u · a ɑ a · o o · ɯ e · e ei · ɛ ai · y ui (after j q x) · v̩ v
        · ɿ i (after z c s, [I] in the notes)
        · nasal ◌̃ → n after the vowels, before the tone (tʰõ⁵⁵ = tonl)
        · ou uo ao iao ia ie (iɯ) iai (iɛ) uai (uɛ) ua io iu as written in the word list
    [G] y elsewhere ui · ɔ o · ɤ ə ǝ e · E ei · æ ai · ɐ a · ɪ ɨ ʅ i · ʊ ᴜ u · ɚ er
        · a coda ŋ or n (Northern and Wang's lists) → nasal n · ɹ/ʴ after a vowel → the dialect
        rhotic r the orthography module accepts [I] · ʔ, length and other diacritics dropped

``ȵ`` before ``i`` is written ``ni`` once (ȵi → ni, ȵiɛ → niai) [G].
Syllables without an initial get ``y``/``w`` as in Pinyin (i→yi, ia→ya, u→wu, ua→wa) [C for the
rule, §3.1]; [y] alone → ``yui`` [G].

Tones: the Chao number after a syllable (digits or superscripts) → the tone letter of that pitch
in the Central (Jianchuan) standard, ``TONE_PITCH_CENTRAL`` of the orthography module:
55 l · 33 x · 44 unmarked · 42 p · 31 t · 21 d · 35 f [C, the 41-word fruit list] · 66 b [I].
That the same pitch takes the same letter in **Southern and Northern** forms is [G]: the notes
say the letters stand for *corresponding* tones whose pitches differ [U].  Any other contour
(22, 24, 12, 43, 32, 53 …) has no letter: the respelling shows its digits (``he²²``), and its
tone key keeps them, so pasted IPA still matches it exactly; a syllable written without a
number shows ``?``.

A respelled syllable whose letters the orthography would not parse as one syllable (``uei`` from
[ue], ``fvu``) is kept as letters — still a key, flagged ``regular=False``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from glossary.bai.orthography import TONE_PITCH_CENTRAL, parse_bai, search_key, tone_key

# --- the mapping (documented above) ----------------------------------------------------------

#: IPA onset (after normalising: ʰ → h, ligatures split) → Latin initial.
ONSETS: dict[str, str] = {
    # [C] ORTHOGRAPHY.md §3.1
    "p": "b", "ph": "p", "m": "m", "f": "f", "v": "v", "t": "d", "th": "t", "n": "n", "l": "l",
    "k": "g", "kh": "k", "ŋ": "ng", "x": "h", "ɣ": "hh", "tɕ": "j", "tɕh": "q", "ȵ": "ni",
    "ɕ": "x", "j": "y", "ts": "z", "tsh": "c", "s": "s", "z": "ss",
    "ʈʂ": "zh", "ʈʂh": "ch", "ʂ": "sh", "ʐ": "r",
    # [G] sounds the scheme does not name
    "ɲ": "ni", "tʂ": "zh", "tʂh": "ch", "w": "w", "h": "h", "xh": "h", "sh": "s",
    "b": "b", "d": "d", "g": "g", "dz": "z", "dʑ": "j", "ɖʐ": "zh", "dʐ": "zh", "ʑ": "y",
    "ʃ": "x", "tʃ": "j", "tʃh": "q", "c": "j", "ch": "q", "ȶ": "j", "ȶh": "q",
    "q": "g", "qh": "k", "ɢ": "g", "χ": "h", "ʁ": "hh", "ɴ": "ng", "ɹ": "r", "ʀ": "r",
    "ɥ": "y", "ʔ": "", "ʈ": "d", "ʈh": "t", "ɖ": "d", "ɕh": "x",
}  # fmt: skip

#: IPA vowel → Latin vowel letters; [C] i u a ɑ o ɯ e ɛ y v ɿ, the rest [G].
VOWELS: dict[str, str] = {
    "i": "i", "u": "u", "a": "a", "ɑ": "a", "o": "o", "ɯ": "e", "e": "ei", "ɛ": "ai",
    "y": "ui", "v": "v", "ɿ": "i",
    "ɔ": "o", "ɤ": "e", "ə": "e", "ǝ": "e", "E": "ei", "æ": "ai", "ɐ": "a", "ɪ": "i",
    "ɨ": "i", "ʅ": "i", "ʊ": "u", "ᴜ": "u", "I": "i",
}  # fmt: skip
RHOTIC_VOWEL = "ɚ"  # → e + r [G]
NASAL_CODAS = "ŋn"  # after a vowel → nasal n [G]
RHOTIC = "ɹr"  # ʴ (ɹ after NFKD) or r after a vowel → r [I/G]
DROPPED = "ʔ"  # no letter [G]
TILDE = "\u0303"

#: Chao pitch → tone letter ("" = unmarked), inverted from the orthography module [C/I].
PITCH_TONES: dict[str, str] = {pitch: letter for letter, pitch in TONE_PITCH_CENTRAL.items()}

# Characters rewritten before parsing (superscripts and ʰ are handled by NFKD).
_LIGATURES = {"ʦ": "ts", "ʨ": "tɕ", "ʧ": "tʃ", "ʥ": "dʑ", "ʣ": "dz", "ʤ": "dʒ", "ɡ": "g"}
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_IPA_ONLY = frozenset(
    c
    for c in "".join([*ONSETS, *VOWELS, RHOTIC_VOWEL, "ɹ", "ʰʲʴ", _SUPERSCRIPTS, *_LIGATURES])
    if not c.isascii() and c != "ɡ"
) | {TILDE}
_ASCII_WITH_TONES = re.compile(r"(?:[a-zA-Z]+[0-9]{2,3}[\s|.\-]*)+")
_AROUND = re.compile(r"^\W+|\W+$")  # spaces and punctuation before and after a form
_MAX_ONSET = max(len(k) for k in ONSETS)
_VOWEL_LETTERS = frozenset("aeiouv")


@dataclass(frozen=True, slots=True)
class IpaSyllable:
    """One IPA syllable and its machine respelling."""

    start: int  # offsets into the text given to ipa_syllables()
    end: int
    latin: str  # respelled letters without tone: "pien"
    pitch: str  # the Chao digits written ("42"), "" when none
    regular: bool  # latin is one syllable of the orthography

    @property
    def tone(self) -> str | None:
        """The tone letter ("" = unmarked 44), or None when the pitch has no letter."""
        return PITCH_TONES.get(self.pitch) if self.pitch else None

    @property
    def spelled(self) -> str:
        """The respelled syllable as shown: letters + tone letter, or + the pitch in
        superscript when it has no letter (``he²²``), or + ``?`` when none was written."""
        if self.tone is not None:
            return self.latin + self.tone
        if self.pitch:
            return self.latin + self.pitch.translate(_TO_SUPERSCRIPT)
        return self.latin + "?"

    @property
    def key(self) -> str:
        """Tone-insensitive search key (as search_key() of the orthography module)."""
        return search_key(self.latin) if self.regular else self.latin

    @property
    def tone_key(self) -> str:
        """Key with the tone letter; a pitch without one is kept as digits (``he22``)."""
        if self.tone is not None:
            spelled = self.latin + self.tone
            return tone_key(spelled) if self.regular else spelled
        return self.key + self.pitch


_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKD text (superscripts → digits, ʰ → h, ẽ → e + ◌̃), ligatures split, combining marks
    other than the tilde dropped; with the offset in text of each character kept."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for piece in _LIGATURES.get(ch, unicodedata.normalize("NFKD", ch)):
            for c in _LIGATURES.get(piece, piece):
                if unicodedata.combining(c) and c != TILDE:
                    continue
                out.append(c)
                where.append(i)
    return "".join(out), where


def _onset(chunk: str) -> tuple[str, int]:
    """The Latin initial and the length of the IPA onset at the start of chunk."""
    for size in range(min(_MAX_ONSET, len(chunk)), 0, -1):
        found = ONSETS.get(chunk[:size])
        if found is not None:
            return found, size
    return "", 0


def _rhyme(rest: str) -> tuple[str, bool, bool] | None:
    """(vowel letters, nasal, rhotic) of the IPA after the onset, or None if a symbol is
    not in the mapping."""
    letters: list[str] = []
    nasal = rhotic = False
    for i, c in enumerate(rest):
        if c in VOWELS:
            letters.append(VOWELS[c])
        elif c == RHOTIC_VOWEL:
            letters.append("e")
            rhotic = True
        elif letters and (c == TILDE or (c in NASAL_CODAS and i == len(rest) - 1)):
            nasal = True
        elif c in RHOTIC and letters:
            rhotic = True
        elif c == DROPPED:
            continue
        else:
            return None
    if not letters:
        return None
    vowels = "".join(letters).replace("au", "ao").replace("ii", "i").replace("ee", "e")
    vowels = vowels.replace("uii", "ui")
    return vowels, nasal, rhotic


def _no_initial(vowels: str, front_rounded: bool) -> str:
    """Pinyin-style y/w for a syllable with no initial: i → yi, ia → ya, u → wu, ua → wa [C];
    [y] → yui [G].  a o e may stand alone [C]."""
    if front_rounded:
        return "y" + vowels
    if vowels[0] in "iu":
        glide = "y" if vowels[0] == "i" else "w"
        if len(vowels) == 1 or vowels[1] not in _VOWEL_LETTERS:
            return glide + vowels
        return glide + vowels[1:]
    return vowels


def _respell_chunk(chunk: str) -> str | None:
    """Toneless Latin letters of one IPA syllable (no digits, no separators)."""
    initial, size = _onset(chunk)
    rest = chunk[size:]
    if size and rest[:1] in ("ʲ", "j"):  # palatalised onset (ʲ, j after NFKC): medial i [G]
        if rest[1:2] == "h":  # kʲʰ
            initial = ONSETS.get(chunk[:size] + "h", initial)
            rest = rest[1:]
        rest = "i" + rest[1:]
    if rest in ("", TILDE) and chunk[:size] == "v":  # syllabic v alone: ṽ = vn [C]
        initial, rest = "", "v" + rest
    rhyme = _rhyme(rest)
    if rhyme is None:
        return None
    vowels, nasal, rhotic = rhyme
    if not initial:
        vowels = _no_initial(vowels, rest[:1] == "y")
    elif initial == "ni" and vowels[0] == "i":  # ȵi = ni, ȵia = nia: ni is ȵ [I] [G]
        vowels = vowels[1:] or "i"
        initial = "n" if vowels == "i" or vowels[0] not in _VOWEL_LETTERS else initial
    return initial + vowels + ("n" if nasal else "") + ("r" if rhotic else "")


_CHUNK = re.compile(r"([^\W\d_]|\u0303)+")
_PITCH = re.compile(r"[0-9]{1,3}")


@lru_cache(maxsize=32768)
def ipa_syllables(text: str) -> tuple[IpaSyllable, ...] | None:
    """The syllables of an IPA form, respelled; None when a symbol is not in the mapping or
    nothing is there.  Syllables end at a tone number or a separator (space, | ( ) ‹ › ? *)."""
    norm, where = _normalise(text)
    out: list[IpaSyllable] = []
    pos = 0
    while True:
        m = _CHUNK.search(norm, pos)
        if m is None:
            break
        gap = norm[pos : m.start()]
        if any(c.isdigit() for c in gap):  # digits not after a syllable
            return None
        latin = _respell_chunk(m.group())
        if latin is None:
            return None
        end = m.end()
        pitch_match = _PITCH.match(norm, end)
        pitch = pitch_match.group() if pitch_match else ""
        end += len(pitch)
        parsed = parse_bai(latin)
        regular = parsed is not None and len(parsed) == 1
        out.append(IpaSyllable(where[m.start()], where[end - 1] + 1, latin, pitch, regular))
        pos = end
    if any(c.isdigit() for c in norm[pos:]) or not out:
        return None
    return tuple(out)


def looks_like_ipa(text: str) -> bool:
    """Whether typed or stored text is IPA rather than Latin orthography or pinyin: it has an
    IPA-only symbol (ɯ ɕ ȵ ʰ ◌̃, superscript digits…), or is ASCII letters each run followed by
    a Chao tone number of two or three digits (``po35``; pinyin tone numbers are one digit),
    marks such as the syllabic one (``v̩u33``) and punctuation around it (``pio44?``, as some
    word-list forms have it) set aside as the respelling sets them aside."""
    if any(c in _IPA_ONLY for c in unicodedata.normalize("NFD", text)):
        return True
    plain = _AROUND.sub("", _normalise(text)[0])
    return _ASCII_WITH_TONES.fullmatch(plain) is not None


def respell(text: str) -> str | None:
    """The machine respelling of an IPA form, syllables spaced (``phiɯ̃⁴²kuo³¹`` →
    ``pienp guot``); None when it cannot be respelled.  Never an attested spelling."""
    found = ipa_syllables(text)
    return None if found is None else " ".join(s.spelled for s in found)


def ipa_keys(text: str) -> tuple[str, str] | None:
    """(search key, tone key) of an IPA form, comparable with the orthography's search_key()
    and tone_key() of Latin text; None when it cannot be respelled."""
    found = ipa_syllables(text)
    if found is None:
        return None
    return " ".join(s.key for s in found), " ".join(s.tone_key for s in found)


def ipa_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each syllable, offsets into text (for highlighting)."""
    return [(s.start, s.end, s.key) for s in ipa_syllables(text) or ()]
