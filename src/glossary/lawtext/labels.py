"""How an article and a paragraph are written for a reader — defined once.

第一百二十二条, 第一百二十二条之一; a 款's text, an item's text with its label (（一）…);
an article's text, one line per 款/项. Search indexes this same text and its spans point
into it, so every place that shows or stores it must build it here (or with
:data:`PARAGRAPH_TEXT_SQL` in SQL).
"""

from __future__ import annotations

from collections.abc import Iterable

from glossary.lawtext.numerals import int_to_cn


def article_label(number: int, sub: int = 0) -> str:
    """``第一百二十二条``, or ``第一百二十二条之一`` for an inserted article."""
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")


def paragraph_text(label: str | None, han: str) -> str:
    """A 款 or 项 as printed in the law: an item's label (（一）) before its text."""
    return (label or "") + han


def article_text(paragraphs: Iterable[tuple[str | None, str]]) -> str:
    """The whole article: one line per 款/项, in order, labels included."""
    return "\n".join(paragraph_text(label, han) for label, han in paragraphs)


def paragraph_text_sql(alias: str = "") -> str:
    """The same as :func:`paragraph_text`, as an SQL expression over ``paragraphs``
    (``alias`` is the table alias, e.g. ``"p"``)."""
    prefix = f"{alias}." if alias else ""
    return f"coalesce({prefix}label, '') || {prefix}han"


PARAGRAPH_TEXT_SQL = paragraph_text_sql()
