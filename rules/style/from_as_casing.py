"""DO103 from-as-casing: ``FROM … as name`` where ``as`` is cased unlike ``FROM``."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity


class FromAsCasing(Rule):
    id = "DO103"
    name = "from-as-casing"
    category = Category.STYLE
    severity = Severity.STYLE
    summary = "The AS keyword should be cased like FROM"
    aliases = ("FromAsCasing",)
    fixable = True
    docs = """
`FROM python:3.12 as build` mixes an upper-case instruction with a lower-case keyword. Docker
accepts both, but a consistent file is quicker to scan, and every `docker build` prints a
warning for it (BuildKit's FromAsCasing check), burying the warnings that matter.

**Fix** (safe): `as` is rewritten to match the case of `FROM`. When `FROM` itself is mixed case
(`From`), ConsistentInstructionCasing (DO106) reports it instead.
"""
    bad_example = """\
FROM python:3.12-slim as build
"""
    good_example = """\
FROM python:3.12-slim AS build
"""

    def check(self, ctx: CheckContext) -> None:
        text = ctx.dockerfile.text
        for stage in ctx.graph.stages:
            inst = stage.from_inst
            args = inst.args
            if len(args) != 3 or args[1].value.lower() != "as":
                continue
            keyword, as_word = inst.cmd, args[1].value
            if keyword == keyword.upper():
                wanted = as_word.upper()
            elif keyword == keyword.lower():
                wanted = as_word.lower()
            else:
                continue  # mixed-case FROM: DO106's business
            if as_word == wanted:
                continue
            span = args[1].span
            fix = None
            if text[span.start : span.end] == as_word:
                fix = Fix([Edit(span.start, span.end, wanted)], f"write '{wanted}'")
            ctx.report(self, span, f"'{as_word}' and '{keyword}' keywords' casing do not match: write '{wanted}'", fix)
