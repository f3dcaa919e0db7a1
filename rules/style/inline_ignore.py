"""DO138 inline-ignore: a policy against suppression comments on single instructions (opt-in)."""

from __future__ import annotations

import re

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.syntax.nodes import Comment

# the instruction-scoped suppressions the engine honours (hadolint's `ignore=`, ours, BuildKit's per-instruction skip)
_INLINE = re.compile(r"^(?:hadolint[ \t]+ignore[ \t]*=|dockeropt:\s*ignore\s*=|check\s*=\s*skip\s*=)", re.I)


class InlineIgnore(Rule):
    id = "DO138"
    name = "inline-ignore"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "Suppression comments on single instructions are not allowed (a team policy; opt-in)"
    aliases = ("DL1001",)
    opt_in = True
    docs = """
For teams that want every exception in one reviewed place: a `# hadolint ignore=…`,
`# dockeropt: ignore=…` or per-instruction `# check=skip=…` comment is reported, so exceptions go
to the configuration (`ignore`, `per-path-ignores`) instead.

Off by default, as hadolint's DL1001. File-wide suppressions (`# hadolint global ignore=`,
`# dockeropt: ignore-file=`, the `# check=skip=` directive at the top) are not reported. To
find suppressions that no longer match anything, use `--warn-unused-ignores` (DO002).
"""
    bad_example = """\
FROM python:3.12-slim
# hadolint ignore=DL3013
RUN pip install --no-cache-dir flask
"""
    good_example = """\
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3
"""

    def check(self, ctx: CheckContext) -> None:
        for item in ctx.dockerfile.items:
            if isinstance(item, Comment) and _INLINE.match(item.content):
                text = ctx.dockerfile.text
                start = text.index("#", item.start)
                end = item.end
                while end > start and text[end - 1] in "\r\n":
                    end -= 1
                span = ctx.dockerfile.index.span(start, end)
                ctx.report(self, span, "inline suppression comment: exceptions belong in the configuration")
