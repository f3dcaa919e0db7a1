"""DO001 parse-error: the file does not parse, or BuildKit would reject it before building."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.graph.validate import build_errors


class ParseErrorRule(Rule):
    id = "DO001"
    name = "parse-error"
    category = Category.SYNTAX
    severity = Severity.ERROR
    summary = "The Dockerfile does not parse, or BuildKit rejects an instruction"
    # hadolint's parse error, and its two rules for what BuildKit refuses to build
    aliases = ("DL1000", "DL3043", "DL3061")
    docs = """
The file cannot be built: BuildKit's parser fails on it (an unterminated heredoc, a repeated
parser directive, a JSON array holding something other than strings, a line over 64 KiB), or
it parses but an instruction is invalid (an unknown instruction, an unknown flag, a missing
argument, an invalid stage name, an instruction before the first FROM).

dockeropt reads the file exactly as BuildKit does and reports where it goes wrong. `dockeropt
fix` never writes a file that does not parse. This finding cannot be suppressed.

It answers to hadolint's DL1000 (parse error), DL3043 (`ONBUILD ONBUILD`, `ONBUILD FROM`,
`ONBUILD MAINTAINER`) and DL3061 (an instruction other than ARG before the first FROM): BuildKit
refuses to build all three. hadolint's own parser also fails on files BuildKit builds (a heredoc
followed by a comment, `EXPOSE ${PORT:-8080}`, a `RUN --mount` without `target`): those are not
reported, since the build works.
"""
    bad_example = """\
FROM python:3.12-slim
RUN <<END
pip install flask
"""
    good_example = """\
FROM python:3.12-slim
RUN <<END
pip install flask
END
"""

    def check(self, ctx: CheckContext) -> None:
        for message, span in build_errors(ctx.graph):
            ctx.report(self, span, message)
