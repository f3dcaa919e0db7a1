"""The tree is lossless: its items tile the text and print back to it byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from dockeropt.syntax.nodes import Dockerfile, Instruction, ParseError
from dockeropt.syntax.parser import parse
from tests.syntax.strategies import dockerfile_text
from tests.syntax.test_oracle import FILES, ROOT


def assert_lossless(tree: Dockerfile) -> None:
    pos = 0
    for item in tree.items:
        assert item.start == pos, f"gap or overlap before {item!r}"
        assert item.end > item.start
        pos = item.end
    assert pos == len(tree.text)
    assert tree.render() == tree.text
    for inst in tree.instructions:
        assert isinstance(inst, Instruction)
        # every span lies inside its instruction's lines
        for span in [inst.span, inst.keyword_span, *(a.span for a in inst.args), *(f.span for f in inst.flags)]:
            assert inst.start <= span.start <= span.end <= inst.end
        assert tree.text[inst.keyword_span.start : inst.keyword_span.end] == inst.cmd


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_testdata_round_trips_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
        tree = parse(text)
    except (UnicodeDecodeError, ParseError):
        pytest.skip("does not parse on purpose")
    assert_lossless(tree)
    assert tree.render().encode("utf-8") == data


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfile_text())
def test_generated_dockerfiles_round_trip(text: str) -> None:
    try:
        tree = parse(text)
    except ParseError:
        return
    assert_lossless(tree)
