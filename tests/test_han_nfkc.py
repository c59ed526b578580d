"""The translation memory's NFKC fast path gives exactly what unicodedata gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.han.text import nfkc

# Law text, full-width forms, combining marks (which compose with what precedes them),
# compatibility characters and anything else.
PIECES = st.one_of(
    st.sampled_from(
        list("当事人可以申请，；：（）！？％。、“”ＡＢ１２\u3000 \u0301\u0308\u00b2\ufb01")
    ),
    st.characters(),
)


@settings(max_examples=500)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_nfkc_is_unicodedata_s(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_every_character_alone() -> None:
    for code in range(0x110000):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            assert nfkc(char) == unicodedata.normalize("NFKC", char), hex(code)
