"""What of a law is imported, and how that is said — defined once.

A reference to an article that is not there (民法典 第一千二百条 when only 婚姻家庭编 is
imported, a law never imported, a number past a law's last article) is answered with what
IS there, never with close matches: a mediator must know the text is missing, not be shown
some other article as if it were the one asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from glossary.i18n import _
from glossary.lawtext.labels import article_label
from glossary.lawtext.numerals import int_to_cn


@dataclass(frozen=True)
class Extent:
    """One imported revision of a law: its name, the part (编) if only that is imported,
    and its first and last article numbers."""

    law: str  # slug
    name: str  # short name: 民法典
    revision: str
    part: str | None
    first: int
    last: int

    @property
    def span(self) -> str:
        """第一千零四十条–第一千一百一十八条"""
        return f"{article_label(self.first)}–{article_label(self.last)}"

    @property
    def described(self) -> str:
        """民法典 (婚姻家庭编, 第一千零四十条–第一千一百一十八条)"""
        inside = f"{self.part}, {self.span}" if self.part else self.span
        return f"{self.name} ({inside})"


def missing_article(extent: Extent, number: int, sub: int = 0) -> str:
    """The law is imported but this article is not: say what is."""
    label = article_label(number, sub)
    if extent.part:
        return _("{law}: only {part} ({span}) is imported — {article} is not in it").format(
            law=extent.name, part=extent.part, span=extent.span, article=label
        )
    return _("{law} ({revision}) has {span}; there is no {article}").format(
        law=extent.name, revision=extent.revision, span=extent.span, article=label
    )


def law_not_imported(name: str, extents: Sequence[Extent]) -> str:
    """A law named (and known) but with no text here: say which laws are."""
    if not extents:
        return _("{law} is not imported, and no law is yet: import one with import-law").format(
            law=name
        )
    return _("{law} is not imported; the laws here are: {laws}").format(
        law=name, laws=listing(extents)
    )


def law_not_searched(name: str, revisions: Sequence[str]) -> str:
    """A law imported, but none of its revisions is among those searched."""
    return _(
        "{law} ({revisions}) is not among the texts searched — search all revisions, "
        "or leave out “in force only”"
    ).format(law=name, revisions=", ".join(revisions))


def article_nowhere(number: int, sub: int, extents: Sequence[Extent]) -> str:
    """A bare article number that no law searched has."""
    if not extents:
        return _("no law is imported yet: import one with import-law")
    return _("no law searched has {article}; the laws here are: {laws}").format(
        article=article_label(number, sub), laws=listing(extents)
    )


def article_in_several(number: int, sub: int, names: Sequence[str]) -> str:
    """A bare article number that several laws have: each is shown; say how to pick one."""
    return _("{article} is in {count} laws ({laws}): type the law's name to see one").format(
        article=article_label(number, sub), count=len(names), laws=", ".join(names)
    )


def paragraph_missing(number: int, sub: int, count: int, paragraph: int) -> str:
    """第一千零七十九条第九款 when the article has five 款."""
    return _("{article} has paragraphs (款) 1–{count} only; there is no 第{paragraph}款").format(
        article=article_label(number, sub), count=count, paragraph=int_to_cn(paragraph)
    )


def item_missing(number: int, sub: int, count: int, item: int) -> str:
    """第一百二十二条第九项 when the 款 has four 项."""
    return _("{article} has items (项) 1–{count} there only; there is no 第{item}项").format(
        article=article_label(number, sub), count=count, item=int_to_cn(item)
    )


def listing(extents: Sequence[Extent]) -> str:
    """婚姻法 (第一条–第五十一条), 民法典 (婚姻家庭编, …): one entry a law, newest text."""
    seen: dict[str, Extent] = {}
    for extent in extents:
        seen.setdefault(extent.law, extent)
    return ", ".join(e.described for e in seen.values())
