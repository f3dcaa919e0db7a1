"""The linear-time matcher agrees with ``re`` on the expressions dockeropt writes, and stays
linear where ``re`` backtracks for minutes."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.context.linear_regex import LinearRegex

ATOMS = ["a", "b", "/", r"\.", ".", "[^/]", "[a-b]", "[]a]", r"\b", r"\B", "^", r"\Z"]
QUANTIFIERS = ["", "", "*", "?", "+", "*?"]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 2 and draw(st.integers(0, 5)) == 0:
            left = draw(expressions(depth + 1))
            right = draw(expressions(depth + 1))
            atom = f"(?:{left}|{right})" if draw(st.booleans()) else f"(?:{left})"
        else:
            atom = draw(st.sampled_from(ATOMS))
        if atom not in ("^", r"\Z", r"\b", r"\B"):
            atom += draw(st.sampled_from(QUANTIFIERS))
        parts.append(atom)
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(expressions(), st.lists(st.text("ab/x_.", max_size=8), min_size=1, max_size=5), st.booleans())
def test_agrees_with_re(pattern: str, texts: list[str], anchored: bool) -> None:
    try:
        rx = re.compile(pattern, re.ASCII)
    except re.error:
        return
    linear = LinearRegex(pattern, re.ASCII, anchored=anchored)
    for text in texts:
        if text == "" and r"\B" in pattern:
            continue  # re never matches \B in an empty text; Go (and this matcher) do
        expected = (rx.match(text) if anchored else rx.search(text)) is not None
        assert linear.search(text) is expected, (pattern, text, anchored)


def test_many_stars_stay_linear() -> None:
    pattern = "^" + "[^/]*a" * 20 + "[^/]*b\\Z"
    linear = LinearRegex(pattern, re.ASCII)
    started = time.monotonic()
    for n in (44, 200, 2000):
        assert linear.search("a" * n) is False
        assert linear.search("a" * n + "b") is True
    assert time.monotonic() - started < 1.0


def test_rejects_what_re_rejects() -> None:
    for bad in ("[z-a]", "a**", "(", "[a"):
        try:
            LinearRegex(bad)
        except re.error:
            continue
        raise AssertionError(f"{bad!r} accepted")
