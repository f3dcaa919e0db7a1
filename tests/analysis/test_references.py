"""``reference_regex``: references to one variable found without a pattern per name, as the pattern
``\\$(?:\\{NAME(?=[}:+\\-?#%/])|NAME(?![A-Za-z0-9_]))`` finds them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.analysis.variables import reference_regex


def pattern(name: str) -> re.Pattern[str]:
    n = re.escape(name)
    return re.compile(r"\$(?:\{" + n + r"(?=[}:+\-?#%/])|" + n + r"(?![A-Za-z0-9_]))")


def spans(found: object) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in found]  # type: ignore[attr-defined]


def test_examples() -> None:
    text = "$A ${A} ${A:-x} $AB ${AB} $A_ ${A-y} ${A.b} $$A {A} $"
    assert spans(reference_regex("A").finditer(text)) == spans(pattern("A").finditer(text))
    assert [g for _, _, g in spans(reference_regex("A").finditer(text))] == ["$A", "${A", "${A", "${A", "$A"]
    found = reference_regex("A").search(text, 3, 7)
    assert found is not None and (found.start(), found.end()) == (3, 6)
    assert reference_regex("A").search("$A", 0, 1) is None


ALPHABET = "$A{}_-:+?#%/.aB1 "


@settings(max_examples=500, deadline=None)
@given(st.text(ALPHABET, max_size=30), st.sampled_from(["A", "AB", "A_1", "a", "B"]), st.data())
def test_the_same_as_the_pattern(text: str, name: str, data: st.DataObject) -> None:
    ours, theirs = reference_regex(name), pattern(name)
    assert spans(ours.finditer(text)) == spans(theirs.finditer(text))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = ours.search(text, start, end), theirs.search(text, start, end)
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert (a.start(), a.end(), a.group(0)) == (b.start(), b.end(), b.group(0))
