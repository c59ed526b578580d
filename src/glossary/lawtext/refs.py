"""Article references as people type them: ``民诉 122``, ``民事诉讼法第一百二十二条``,
``婚姻法32``, ``婚姻法第三十二条``, ``minshi-susong-fa:122``, ``第122条之一``, a bare
``第1079条`` or ``1079``, and a 款 or 项 after the article: ``第1079条第二款``,
``民法典1079条第2款``, ``第122条第三项``, ``第1079条第三款第二项``.

Parsing only splits the text into a law name and an article number; which law the name
means is for the caller (the catalog and the store know the names).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from glossary.lawtext.numerals import cn_to_int

_CN = "零〇一二两三四五六七八九十百千万"
_NUMBER = rf"(?:\d+|[{_CN}]+)"
_REF = re.compile(
    rf"""^\s*
    (?P<law>.*?)                                  # 民诉 / 《婚姻法》 / minshi-susong-fa
    \s*[:：]?\s*
    (?:第\s*)?(?P<number>{_NUMBER})\s*(?:条)?      # 第一百二十二条 / 122 / 122条
    (?:\s*之\s*(?P<sub>{_NUMBER}))?               # 之一
    (?:\s*第\s*(?P<paragraph>{_NUMBER})\s*款)?      # 第二款
    (?:\s*第\s*(?P<item>{_NUMBER})\s*项)?           # 第三项
    \s*$""",
    re.VERBOSE,
)

_ARTICLE_IN_NAME = re.compile(rf"第\s*{_NUMBER}\s*条")  # 第1079条第二: no law is called 第1079条


@dataclass(frozen=True)
class ArticleRef:
    law: str  # as written; empty when only an article number was given
    number: int
    sub: int = 0
    paragraph: int = 0  # 第二款 → 2; 0 when no 款 was named
    item: int = 0  # 第三项 → 3 (of the 款 named, or of the article's first 款 with items)

    def __str__(self) -> str:
        sub = f"之{self.sub}" if self.sub else ""
        paragraph = f"第{self.paragraph}款" if self.paragraph else ""
        item = f"第{self.item}项" if self.item else ""
        return f"{self.law} {self.number}{sub}{paragraph}{item}".strip()


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return cn_to_int(text)
    except ValueError:
        return None


def parse_ref(text: str) -> ArticleRef | None:
    """Split a reference into law name and article number, or None if it is not one.

    Full-width digits and colons are accepted (NFKC). A bare number is a reference with an
    empty law name. Numbers must be positive and below 100 000.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if not text or len(text) > 200:
        return None
    match = _REF.match(text)
    if not match:
        return None
    law = match["law"].strip().strip("《》<>").strip()
    number = _number(match["number"])
    if number is None or not 0 < number < 100_000:
        return None
    parts = [_part(match[name]) for name in ("sub", "paragraph", "item")]
    if any(part is None for part in parts):
        return None
    sub, paragraph, item = (part or 0 for part in parts)
    if law.endswith("第"):
        law = law[:-1].strip()
    # "民诉 122" is a reference; "民诉122条款" or a law name ending in digits is not.
    if re.search(r"\d$", law) or _ARTICLE_IN_NAME.search(law):
        return None
    return ArticleRef(law=law, number=number, sub=sub, paragraph=paragraph, item=item)


def _part(text: str | None) -> int | None:
    """之一, 第二款, 第三项: 0 when absent, None when written but not a number in 1–999."""
    if not text:
        return 0
    parsed = _number(text)
    if parsed is None or not 0 < parsed < 1000:
        return None
    return parsed
