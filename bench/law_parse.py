"""Law-text parser time on hostile and large inputs: ``python -m bench.law_parse [MB …]``.

Three shapes per size: one line (a file saved without line breaks), one 款 hard-wrapped
over many short lines, and a sane law of many articles. The first two are refused with a
clear error (no line or 款 is longer than ``MAX_LINE``); the third parses, linearly.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from glossary.errors import GlossaryError
from glossary.lawtext.numerals import int_to_cn
from glossary.lawtext.parse import parse_law

HEAD = "# 中华人民共和国测试法\n\n2020年1月1日 测试会议通过\n\n"
SENTENCE = "当事人可以申请调解委员会调解，"  # 15 characters, no full stop


def one_line(chars: int) -> str:
    return HEAD + "第一条 " + SENTENCE * (chars // len(SENTENCE))


def wrapped(chars: int) -> str:
    return HEAD + "第一条 开始\n" + (SENTENCE + "\n") * (chars // (len(SENTENCE) + 1))


def many_articles(chars: int) -> str:
    article = (
        "测试条文，当事人可以申请调解委员会调解。\n\n（一）测试项目一；\n\n（二）测试项目二。\n\n"
    )
    count = chars // (len(article) + 8)
    return HEAD + "".join(f"第{int_to_cn(n)}条 {article}" for n in range(1, count + 1))


SHAPES: dict[str, Callable[[int], str]] = {
    "one line": one_line,
    "wrapped 款": wrapped,
    "many articles": many_articles,
}


def measure(text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        outcome = f"{len(parse_law(text).articles)} articles"
    except GlossaryError as error:
        outcome = f"error: {error.what[:60]}"
    return time.perf_counter() - start, outcome


def main(argv: list[str]) -> None:
    sizes = [float(a) for a in argv] or [1.0, 5.0]
    for megabytes in sizes:
        chars = int(megabytes * 1_000_000 / 3)  # UTF-8: three bytes a Han character
        for name, make in SHAPES.items():
            seconds, outcome = measure(make(chars))
            print(f"{megabytes:g} MB {name:14} {seconds:8.3f} s  {outcome}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
