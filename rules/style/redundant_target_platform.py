"""DO114 redundant-target-platform: ``FROM --platform=$TARGETPLATFORM``."""

from __future__ import annotations

from dockeropt.analysis.variables import PLATFORM_ARGS, from_environment
from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.syntax.chars import go_isspace
from dockeropt.syntax.shlex import Lexer, ShellLexError


class RedundantTargetPlatform(Rule):
    id = "DO114"
    name = "redundant-target-platform"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "FROM --platform=$TARGETPLATFORM is the default and can go"
    aliases = ("RedundantTargetPlatform", "DL3065")
    fixable = True
    docs = """
Every stage is built for the target platform unless `--platform` says otherwise, so
`FROM --platform=$TARGETPLATFORM` changes nothing. It is often copied from the pattern that does
matter, `FROM --platform=$BUILDPLATFORM` (run the compiler natively and cross-compile), and
readers then wonder which one this stage needs.

**Fix** (safe): the flag is removed; the build is the same.
"""
    bad_example = """\
FROM --platform=$TARGETPLATFORM alpine:3.20
"""
    good_example = """\
FROM alpine:3.20
"""

    trigger_words = ("targetplatform",)

    def check(self, ctx: CheckContext) -> None:
        env = from_environment(ctx.graph)
        lexer = Lexer(ctx.dockerfile.escape)
        text = ctx.dockerfile.text
        for stage in ctx.graph.stages:
            inst = stage.from_inst
            flag = inst.flag("platform")
            if flag is None or not flag.value or "TARGETPLATFORM" not in flag.value:
                continue
            try:
                result = lexer.process_word(flag.value, env)
            except ShellLexError:
                continue
            # as BuildKit decides: TARGETPLATFORM is the only variable and the value is exactly it
            if lexer.matched != {"TARGETPLATFORM"} or lexer.unmatched or result != env["TARGETPLATFORM"]:
                continue
            if env["TARGETPLATFORM"] != PLATFORM_ARGS["TARGETPLATFORM"] and "TARGETPLATFORM" in ctx.graph.global_args:
                continue  # a global ARG redefines it: no longer the default
            end = flag.span.end
            while end < len(text) and go_isspace(text[end]) and text[end] not in "\r\n":
                end += 1
            fix = None
            if text[flag.span.start : flag.span.end].startswith("--") and inst.start_line == inst.end_line:
                fix = Fix([Edit(flag.span.start, end, "")], "remove --platform")
            ctx.report(
                self,
                flag.span,
                f"--platform={flag.value} is what FROM does by default: remove it (only $BUILDPLATFORM changes "
                "where a stage runs)",
                fix,
            )
