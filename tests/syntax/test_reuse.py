"""The parser reuses instructions it has read before (a language server re-parses the whole file on
every edit): a tree built from reused instructions is the tree a fresh parse gives, field for field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockeropt.syntax import parser
from dockeropt.syntax.nodes import Arg, Flag, Heredoc, Instruction, KeyValue, ParseError
from dockeropt.syntax.span import Span
from tests.syntax.strategies import dockerfile_text
from tests.syntax.test_oracle import FILES, ROOT


def fields(value: object) -> object:
    """Every field of a node, recursively (the tree reference excepted), for comparing two parses."""
    if isinstance(value, Span):
        return ("Span", value.start_line, value.start_col, value.end_line, value.end_col, value.start, value.end)
    if isinstance(value, list | tuple):
        return [fields(v) for v in value]
    if isinstance(value, Instruction | Flag | Arg | KeyValue | Heredoc):
        slots = {s for cls in type(value).__mro__ for s in getattr(cls, "__slots__", ())} - {"tree"}
        return (type(value).__name__, {s: fields(getattr(value, s)) for s in sorted(slots)})
    return value


@pytest.fixture(autouse=True)
def reuse() -> Iterator[None]:
    parser.reuse_instructions(True)
    yield
    parser.reuse_instructions(False)


def parsed(text: str, *, fresh: bool) -> object:
    if fresh:
        parser._READ.clear()
    try:
        tree = parser.parse(text)
    except ParseError as err:
        return ("error", err.message, err.line, err.col)
    assert all(inst.tree is tree for inst in tree.instructions)
    return [fields(inst) for inst in tree.instructions]


def test_every_field_of_an_instruction_is_carried_over() -> None:
    """``Instruction.moved`` copies each slot: one added to the class must be added there too."""
    text = (
        "FROM alpine:3.20 AS base\n"
        "RUN --mount=type=cache,target=/root/.cache \\\n"
        "# a comment inside\n"
        "\n"
        "    pip install x\n"
        "ONBUILD COPY --chown=1:1 . /app\n"
        "ENV A=1 B=2\n"
        "COPY <<EOF /etc/x\n"
        "body\n"
        "EOF\n"
    )
    tree = parser.parse(text)
    slots = {s for cls in Instruction.__mro__ for s in getattr(cls, "__slots__", ())}
    for inst in tree.instructions:
        copy = inst.moved(tree, 0, 0)
        assert {s for s in slots if hasattr(copy, s)} == slots
        assert fields(copy) == fields(inst)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_reused_instructions_give_the_fresh_tree(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 on purpose")
    for before, after in [
        ("", ""),  # the same file again
        ("# a comment\n\n", ""),  # every instruction two lines and a few characters further on
        ("FROM x\nRUN a \\\n  b\n", "\nLABEL a=b\n"),
    ]:
        edited = before + text + after
        parsed(text, fresh=True)  # what an editor had
        assert parsed(edited, fresh=False) == parsed(edited, fresh=True)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfile_text(), dockerfile_text(), st.integers(min_value=0, max_value=3))
def test_generated_edits_give_the_fresh_tree(first: str, second: str, cut: int) -> None:
    # the second text is seen after the first, and after the first with part of it removed
    parsed(first, fresh=True)
    lines = first.splitlines(keepends=True)
    for text in (second, "".join(lines[cut:]) + second, second + first):
        assert parsed(text, fresh=False) == parsed(text, fresh=True)
        parsed(first, fresh=False)


def test_off_by_default_nothing_is_kept() -> None:
    parser.reuse_instructions(False)
    parser.parse("FROM alpine\nRUN true\nRUN false\n")
    assert parser._READ == {}
