"""Compare our parse with BuildKit's own parser (PyPI ``dockerfile``), field for field."""

from __future__ import annotations

import json

import dockerfile

from dockeropt.syntax.nodes import Dockerfile, ParseError
from dockeropt.syntax.parser import parse

Row = tuple[object, ...]


def ours(text: str) -> list[Row] | str:
    try:
        tree = parse(text)
    except ParseError as err:
        return "error: " + err.message
    return [_row(i) for i in tree.instructions]


def _row(inst: object) -> Row:
    from dockeropt.syntax.nodes import Instruction

    assert isinstance(inst, Instruction)
    original = inst.original
    heredocs: tuple[tuple[str, int, str], ...] = ()
    if inst.sub is None:
        heredocs = tuple((h.name, h.fd, h.content) for h in inst.heredocs)
        if inst.heredocs:
            # the Python binding appends the heredoc bodies to `original`; it drops ONBUILD's heredocs
            original += "\n" + "".join(h.content + h.name + "\n" for h in inst.heredocs)
    value = inst.value
    if inst.sub is not None and inst.sub.sub is not None:
        # ONBUILD ONBUILD x (a build error): the binding shows the inner container node's empty value
        value = ("",)
    return (
        inst.cmd,
        inst.sub.cmd if inst.sub is not None else None,
        inst.json,
        original,
        inst.start_line,
        inst.end_line,
        tuple(f.raw for f in inst.flags),
        value,
        heredocs,
    )


def theirs(text: str) -> list[Row] | str:
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError as err:
        return "error: " + str(err)
    return [
        (
            c.cmd,
            c.sub_cmd,
            c.json,
            c.original,
            c.start_line,
            c.end_line,
            c.flags,
            c.value,
            tuple((h.name, h.file_descriptor, h.content) for h in c.heredocs),
        )
        for c in commands
    ]


def known_divergence(text: str) -> bool:
    """Inputs where current BuildKit (which we follow) and the oracle's v0.12.5 disagree.

    A JSON array followed by more text: v0.12.5 decodes the first JSON value and ignores the
    rest; since BuildKit 0.15 (commit 80518e257, "fix invalid usage of json.NewDecoder") the
    whole remainder must be JSON, or it is shell form.
    """
    try:
        tree: Dockerfile = parse(text)
    except ParseError:
        return False
    decoder = json.JSONDecoder()
    for inst in tree.instructions:
        target = inst.sub or inst
        rest = target.rest
        if target.name == "HEALTHCHECK":
            rest = rest.partition(" ")[2]
        body = rest.lstrip()
        if target.name in (
            "RUN",
            "CMD",
            "ENTRYPOINT",
            "SHELL",
            "COPY",
            "ADD",
            "VOLUME",
            "HEALTHCHECK",
        ) and body.startswith("["):
            try:
                _, end = decoder.raw_decode(body)
            except ValueError:
                continue
            if body[end:].strip():
                return True
    return False


def agree(text: str) -> tuple[bool, object, object]:
    a, b = ours(text), theirs(text)
    if isinstance(a, str) and isinstance(b, str):
        return True, a, b  # both reject the file (messages may differ in wording)
    return a == b, a, b
