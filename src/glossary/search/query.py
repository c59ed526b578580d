"""The lexer and parser: what the user typed as terms, "exact phrases", -exclusions.

Nothing typed here ever reaches SQL or FTS5 as syntax: clauses are reduced to tokens of
letters, digits and Han characters, and the engine quotes every token itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from glossary.bai.ipa import ipa_keys, looks_like_ipa
from glossary.han import is_han, tokens
from glossary.i18n import _

MAX_QUERY_LENGTH = 200
_QUOTES = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LATIN_WORD = re.compile(r"^[a-zA-Z0-9':üÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ‧·’\-]+$")


@dataclass
class Clause:
    """One thing to find (or, negated, to exclude)."""

    text: str
    negated: bool = False
    quoted: bool = False
    han: list[str] = field(default_factory=list)  # normalised tokens

    @property
    def is_latin(self) -> bool:
        """Only Latin letters and digits: pinyin or Bai, never Han."""
        return bool(self.han) and not any(is_han(t) for t in self.han)


@dataclass
class ParsedQuery:
    clauses: list[Clause]

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]


class QueryError(ValueError):
    """A query that cannot be run, with a message for the user."""


def parse_query(text: str) -> ParsedQuery:
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _(
                "the query is {length} characters long; search takes at most {most} — "
                "type a few words or an article number"
            ).format(length=len(text), most=MAX_QUERY_LENGTH)
        )
    text = unicodedata.normalize("NFKC", text)  # full-width letters, digits, quotes, minus
    text = _CONTROL.sub(" ", text)
    raw: list[Clause] = []
    position = 0
    for match in _QUOTES.finditer(text):
        raw.extend(_words(text[position : match.start()]))
        phrase = next(g for g in match.groups() if g is not None)
        negated = text[max(0, match.start() - 1) : match.start()] in ("-", "－")
        if negated and raw and raw[-1].text in ("-", "－"):
            raw.pop()
        raw.append(Clause(phrase, negated=negated, quoted=True))
        position = match.end()
    raw.extend(_words(text[position:]))
    clauses = _merge_latin_runs(raw)
    for clause in clauses:
        clause.han = [t.text for t in tokens(clause.text)]
        if not clause.han and looks_like_ipa(clause.text) and (keys := ipa_keys(clause.text)):
            clause.han = keys[0].split()  # IPA without ASCII letters (ŋɯ): its respelling
    clauses = [c for c in clauses if c.han]
    if clauses and not any(not c.negated for c in clauses):
        raise QueryError(_("a query of only exclusions (-word) finds nothing: add a word to find"))
    return ParsedQuery(clauses)


def _words(text: str) -> list[Clause]:
    out = []
    for word in text.split():
        if word[0] in "-－" and len(word) > 1:
            out.append(Clause(word[1:], negated=True))
        else:
            out.append(Clause(word))
    return out


def _merge_latin_runs(clauses: list[Clause]) -> list[Clause]:
    """``li hun`` and ``bai ngv zi`` are one phrase, not separate words to AND."""
    merged: list[Clause] = []
    for clause in clauses:
        latin = not clause.quoted and not clause.negated and _latin_word(clause.text)
        prev = merged[-1] if merged else None
        if (
            latin
            and prev is not None
            and not prev.quoted
            and not prev.negated
            and all(_latin_word(w) for w in prev.text.split())
        ):
            prev.text = f"{prev.text} {clause.text}"
        else:
            merged.append(Clause(clause.text, clause.negated, clause.quoted))
    return merged


def _latin_word(word: str) -> bool:
    """Pinyin or Bai Latin, or an IPA syllable (``po³⁵ ȵi²¹`` is one phrase too)."""
    return _LATIN_WORD.match(word) is not None or looks_like_ipa(word)
