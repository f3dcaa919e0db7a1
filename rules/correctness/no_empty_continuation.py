"""DO104 no-empty-continuation: an empty line inside a continued instruction."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity


class NoEmptyContinuation(Rule):
    id = "DO104"
    name = "no-empty-continuation"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Empty continuation lines will become errors in a future release"
    aliases = ("NoEmptyContinuation",)
    fixable = True
    docs = """
An empty line inside an instruction continued with `\\` is dropped by the parser today, with a
warning on every build. Docker has announced that it will become a syntax error: the day your
builder upgrades, the build stops. An empty line also reads as the end of the instruction,
so the next line looks like a new one when it is not.

**Fix** (safe): the empty lines are removed; the instruction BuildKit reads is unchanged. To
separate parts of a long `RUN`, use a comment line, which is allowed.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update \\

    && apt-get install -y --no-install-recommends curl
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update \\
    # then the packages
    && apt-get install -y --no-install-recommends curl
"""

    def check(self, ctx: CheckContext) -> None:
        tree = ctx.dockerfile
        index = tree.index
        last_line = len(index.line_starts)
        for inst in tree.instructions:
            lines = inst.empty_continuation_lines
            if not lines:
                continue
            first = lines[0]
            start = index.line_start(first)
            end = index.line_start(first + 1) if first < last_line else len(tree.text)
            span = index.span(start, start + len(tree.text[start:end].rstrip("\r\n")))
            # an empty line at the very end of the file is not between two lines: nothing to remove
            inner = [n for n in lines if n < last_line]
            fix = None
            if inner:
                edits = [Edit(index.line_start(n), index.line_start(n + 1), "") for n in inner]
                fix = Fix(edits, "remove the empty continuation lines")
            count = f"{len(lines)} empty lines" if len(lines) > 1 else "an empty line"
            ctx.report(
                self,
                span,
                f"{inst.cmd or 'the instruction'} on line {inst.start_line} continues across {count}: "
                "Docker will reject this in a future release, which breaks the build; "
                "remove the empty line or make it a comment",
                fix,
            )
