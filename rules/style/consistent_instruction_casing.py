"""DO106 consistent-instruction-casing: instruction keywords in mixed case, or unlike the file's majority."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity


class ConsistentInstructionCasing(Rule):
    id = "DO106"
    name = "consistent-instruction-casing"
    category = Category.STYLE
    severity = Severity.STYLE
    summary = "All instructions should use the same casing, upper or lower"
    aliases = ("ConsistentInstructionCasing",)
    fixable = True
    docs = """
Docker reads `RUN`, `run` and `Run` alike, but a file that mixes them is harder to scan and
every `docker build` prints BuildKit's ConsistentInstructionCasing warning for each odd one
out. The majority casing of the file wins (upper case on a tie, as BuildKit decides); a keyword
in mixed case (`Run`) is always reported.

**Fix** (safe): the keyword is rewritten in the file's majority casing.
"""
    bad_example = """\
FROM alpine:3.20
run apk add --no-cache curl
COPY app /app
"""
    good_example = """\
FROM alpine:3.20
RUN apk add --no-cache curl
COPY app /app
"""

    def check(self, ctx: CheckContext) -> None:
        instructions = [i for i in ctx.dockerfile.instructions if i.known]
        lower = sum(1 for i in instructions if i.cmd == i.cmd.lower())
        upper = sum(1 for i in instructions if i.cmd == i.cmd.upper())
        majority_lower = lower > upper
        text = ctx.dockerfile.text
        for inst in instructions:
            wanted = inst.cmd.lower() if majority_lower else inst.cmd.upper()
            if inst.cmd == wanted:
                continue
            span = inst.keyword_span
            fix = None
            if text[span.start : span.end] == inst.cmd:
                fix = Fix([Edit(span.start, span.end, wanted)], f"write '{wanted}'")
            casing = "lowercase" if majority_lower else "uppercase"
            ctx.report(
                self,
                span,
                f"'{inst.cmd}' should be {casing} like the majority of this file's instructions "
                f"({max(lower, upper)} of {len(instructions)})",
                fix,
            )
