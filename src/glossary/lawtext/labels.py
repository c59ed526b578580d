"""How an article and a paragraph are written for a reader — defined once.

第一百二十二条, 第一百二十二条之一; a 款's text, an item's text with its label (（一）…);
an article's text, one line per 款/项. Search indexes this same text and its spans point
into it, so every place that shows or stores it must build it here (or with
:data:`PARAGRAPH_TEXT_SQL` in SQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from glossary.lawtext.numerals import int_to_cn


def article_label(number: int, sub: int = 0) -> str:
    """``第一百二十二条``, or ``第一百二十二条之一`` for an inserted article."""
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")


def paragraph_text(label: str | None, han: str) -> str:
    """A 款 or 项 as printed in the law: an item's label (（一）) before its text."""
    return (label or "") + han


def paragraph_names(kinds: Sequence[str]) -> list[str]:
    """The legal names of an article's 款 and 项 in reading order (``kinds``: "paragraph" or
    "item" each): 第二款, and 第一款第三项 for the third 项 of the first 款 — or 第三项 when
    the article has one 款 only, as laws cite them (第X条第三项)."""
    single = sum(kind != "item" for kind in kinds) <= 1
    names, kuan, item = [], 0, 0
    for kind in kinds:
        if kind != "item":
            kuan, item = kuan + 1, 0
            names.append(f"第{int_to_cn(kuan)}款")
            continue
        item += 1
        head = "" if single or not kuan else f"第{int_to_cn(kuan)}款"
        names.append(f"{head}第{int_to_cn(item)}项")
    return names


def article_text(paragraphs: Iterable[tuple[str | None, str]]) -> str:
    """The whole article: one line per 款/项, in order, labels included."""
    return "\n".join(paragraph_text(label, han) for label, han in paragraphs)


def paragraph_text_sql(alias: str = "") -> str:
    """The same as :func:`paragraph_text`, as an SQL expression over ``paragraphs``
    (``alias`` is the table alias, e.g. ``"p"``)."""
    prefix = f"{alias}." if alias else ""
    return f"coalesce({prefix}label, '') || {prefix}han"


PARAGRAPH_TEXT_SQL = paragraph_text_sql()
