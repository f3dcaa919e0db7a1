"""Go's whitespace trimming, which BuildKit uses, against a character-by-character reference."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.syntax.chars import go_isspace, go_lstrip, go_rstrip, go_strip, json_array, json_quote

# Go's unicode.IsSpace: these and the Unicode Z-category spaces; not U+001C..U+001F (Python's isspace() is)
GO_SPACES = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u200a\u2028\u2029\u202f\u205f\u3000"
TRICKY = "\x1c\x1d\x1e\x1f"


def reference_lstrip(text: str) -> str:
    i = 0
    while i < len(text) and text[i] in GO_SPACES:
        i += 1
    return text[i:]


def reference_rstrip(text: str) -> str:
    j = len(text)
    while j > 0 and text[j - 1] in GO_SPACES:
        j -= 1
    return text[:j]


@given(st.text(alphabet=GO_SPACES + TRICKY + "ab#\\"))
def test_trimming_agrees_with_go(text: str) -> None:
    assert go_lstrip(text) == reference_lstrip(text)
    assert go_rstrip(text) == reference_rstrip(text)
    assert go_strip(text) == reference_rstrip(reference_lstrip(text))


def test_separators_that_python_calls_space_are_not_go_space() -> None:
    assert [go_isspace(c) for c in TRICKY] == [False] * 4
    assert all(go_isspace(c) for c in GO_SPACES)
    assert go_lstrip(" \x1c x") == "\x1c x" and go_rstrip("x \x1f ") == "x \x1f"


@given(st.text())
@settings(max_examples=1000, deadline=None)
def test_json_quote_and_array_write_what_json_writes(text: str) -> None:
    assert json_quote(text) == json.dumps(text, ensure_ascii=False)
    assert json_array([text, "sh", text[::-1]]) == json.dumps([text, "sh", text[::-1]], ensure_ascii=False)
