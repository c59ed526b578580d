"""Article references as people type them: ``民诉 122``, ``民事诉讼法第一百二十二条``,
``婚姻法32``, ``婚姻法第三十二条``, ``minshi-susong-fa:122``, ``第122条之一``.

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
    \s*$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class ArticleRef:
    law: str  # as written; empty when only an article number was given
    number: int
    sub: int = 0

    def __str__(self) -> str:
        sub = f"之{self.sub}" if self.sub else ""
        return f"{self.law} {self.number}{sub}".strip()


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
    sub = 0
    if match["sub"]:
        parsed = _number(match["sub"])
        if parsed is None or not 0 < parsed < 1000:
            return None
        sub = parsed
    if law.endswith("第"):
        law = law[:-1].strip()
    # "民诉 122" is a reference; "民诉122条款" or a law name ending in digits is not.
    if re.search(r"\d$", law):
        return None
    return ArticleRef(law=law, number=number, sub=sub)
