"""DO108 reserved-stage-name: a stage called ``scratch`` or ``context``."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

_EFFECT = {
    "scratch": "a later `FROM scratch` would build on this stage instead of the empty image",
    "context": "BuildKit uses `context` as the name of the main build context, so the two can be confused",
}


class ReservedStageName(Rule):
    id = "DO108"
    name = "reserved-stage-name"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Reserved words (scratch, context) should not be stage names"
    aliases = ("ReservedStageName", "DL3063")
    docs = """
`scratch` is the empty image and `context` the build context's name in BuildKit. A stage with
one of these names shadows them: after `FROM alpine AS scratch`, a later `FROM scratch` starts
from that alpine stage, not from an empty image, and the final image silently carries a whole
distribution.
"""
    bad_example = """\
FROM golang:1.22 AS scratch
RUN go build -o /app .
"""
    good_example = """\
FROM golang:1.22 AS build
RUN go build -o /app .
"""

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            if stage.name in _EFFECT:
                ctx.report(
                    self,
                    stage.from_inst.args[2].span,
                    f"stage name '{stage.name}' is reserved: {_EFFECT[stage.name]}",
                )
