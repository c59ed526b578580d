"""Chinese numerals as written in article and chapter numbers (第一千零四十条).

Hand-written rather than taken from cn2an: cn2an costs ~150 ms of import time and the
command line must start fast. Only the official style is accepted: 十一 (not 一十一 in the
middle of a number), 一百零五, 一千零四十; colloquial shortenings such as 一百五 are
rejected, because in a law text they can only be a typo or not a number at all.
"""

from __future__ import annotations

from functools import lru_cache

_DIGITS: dict[str, int] = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZEROS = "零〇"
_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_DIGIT_CHARS = "零一二三四五六七八九"
_UNIT_NAMES: tuple[tuple[int, str], ...] = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
MAX = 99_999_999  # 九千九百九十九万九千九百九十九: one 万 at most, enough for any law


def cn_to_int(text: str) -> int:
    """Value of a Chinese numeral such as 十一, 一百零五 or 一千零四十.

    Raises ValueError when the text is not a well-formed numeral, so that a caller can
    treat 第X条 with a malformed X as ordinary text.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return _cn_value(text)


@lru_cache(maxsize=4096)
def _cn_value(text: str) -> int:
    """:func:`cn_to_int` of a non-empty string, remembered: a law of 1 000 articles reads
    the same few thousand numerals once each, an import of many laws again and again."""
    if text in _ZEROS:
        return 0
    if text.count("万") > 1:
        raise ValueError(f"more than one 万 in {text!r}")
    if "万" not in text:
        return _section(text, leading=True)
    high_text, low_text = text.split("万")
    high = _section(high_text, leading=True, before_wan=True)
    if not low_text:
        return high * 10000
    return high * 10000 + _low_after_wan(low_text)


def _low_after_wan(text: str) -> int:
    """The part after 万: 零 is required exactly when the thousands are skipped."""
    if text[0] in _ZEROS:
        low = _section(text[1:], leading=False)
        if low >= 1000:
            raise ValueError(f"零 before thousands in {text!r}")
        return low
    low = _section(text, leading=False)
    if low < 1000:
        raise ValueError(f"missing 零 after 万 in {text!r}")
    return low


def _section(text: str, *, leading: bool, before_wan: bool = False) -> int:
    """Value of a numeral from 1 to 9999; ``leading`` allows the bare 十 of 十一."""
    if not text:
        raise ValueError("empty numeral")
    total, last_unit, i = 0, 10000, 0
    if leading and text[0] == "十":
        total, last_unit, i = 10, 10, 1
    zero_pending = False
    while i < len(text):
        if text[i] in _ZEROS:
            if zero_pending or total == 0:
                raise ValueError(f"misplaced 零 in {text!r}")
            zero_pending, i = True, i + 1
            continue
        digit, unit, i = _digit_and_unit(text, i, before_wan=before_wan)
        _check_place(text, unit, last_unit, zero_pending)
        zero_pending = False
        total += digit * unit
        last_unit = unit
    if zero_pending:
        raise ValueError(f"trailing 零 in {text!r}")
    return total


def _digit_and_unit(text: str, i: int, *, before_wan: bool) -> tuple[int, int, int]:
    """The digit at ``i`` and the unit after it (一百 → 1, 100), and where the next starts."""
    char = text[i]
    digit = _DIGITS.get(char)
    if digit is None:
        raise ValueError(f"unexpected {char!r} in {text!r}")
    i += 1
    unit = 1
    if i < len(text) and text[i] in _UNITS:
        unit = _UNITS[text[i]]
        i += 1
    if char == "两" and (unit == 10 or (unit == 1 and not before_wan)):
        raise ValueError(f"两 is only used before 百, 千 and 万: {text!r}")
    return digit, unit, i


def _check_place(text: str, unit: int, last_unit: int, zero_pending: bool) -> None:
    """Units fall from left to right, and 零 marks exactly the places skipped."""
    if unit >= last_unit:
        raise ValueError(f"units out of order in {text!r}")
    skipped = last_unit != 10000 and last_unit // unit > 10
    if skipped != zero_pending:
        raise ValueError(f"零 must mark exactly the skipped places in {text!r}")


@lru_cache(maxsize=4096)
def int_to_cn(n: int) -> str:
    """The official way to write ``n`` in an article number: 10 → 十, 1040 → 一千零四十
    (remembered: every article's and heading's label is written with it, again and again)."""
    if not 0 <= n <= MAX:
        raise ValueError(f"cannot write {n} as an article number")
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if not high:
        return _section_to_cn(low, leading=True)
    text = _section_to_cn(high, leading=True) + "万"
    if not low:
        return text
    if low < 1000:
        text += "零"
    return text + _section_to_cn(low, leading=False)


def _section_to_cn(n: int, *, leading: bool) -> str:
    """Write 1..9999; a leading 一十 is shortened to 十 only at the start of a number."""
    parts: list[str] = []
    zero = False
    for unit, name in _UNIT_NAMES:
        digit = n // unit % 10
        if not digit:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(_DIGIT_CHARS[digit] + name)
    text = "".join(parts)
    if leading and text.startswith("一十"):
        text = text[1:]
    return text
