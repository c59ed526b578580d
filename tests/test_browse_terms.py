"""Finding glossary terms in a text: where each occurs, as a literal search finds it."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from glossary.store.browse import occurrences

TEXT = st.text(alphabet="离婚协议调解书。，ab", max_size=40)


@given(TEXT, st.text(alphabet="离婚协议调解书。，ab", min_size=1, max_size=4))
def test_occurrences_are_where_a_literal_pattern_matches(text: str, sub: str) -> None:
    assert list(occurrences(text, sub)) == [m.start() for m in re.finditer(re.escape(sub), text)]


def test_occurrences_do_not_overlap() -> None:
    assert list(occurrences("调调调调调", "调调")) == [0, 2]
    assert list(occurrences("离婚", "")) == []
