"""DO102 stage-name-casing: a stage name with upper-case letters."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity


class StageNameCasing(Rule):
    id = "DO102"
    name = "stage-name-casing"
    category = Category.STYLE
    severity = Severity.WARNING
    summary = "Stage names should be lowercase"
    aliases = ("StageNameCasing",)
    fixable = True
    docs = """
BuildKit lower-cases every stage name: `FROM golang AS Builder` defines a stage called
`builder`. `COPY --from=Builder` and `--target Builder` still find it (they compare without case),
but `FROM Builder` does not: it looks for an image called `Builder` and fails. Writing the name
in lower case removes the difference between what you read and what BuildKit uses.

**Fix** (safe): the name is rewritten in lower case. References elsewhere keep working, since
BuildKit already compares them in lower case.
"""
    bad_example = """\
FROM golang:1.22 AS Builder
RUN go build -o /out/app ./cmd/app
FROM gcr.io/distroless/static-debian12
COPY --from=Builder /out/app /app
"""
    good_example = """\
FROM golang:1.22 AS builder
RUN go build -o /out/app ./cmd/app
FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
"""

    def check(self, ctx: CheckContext) -> None:
        text = ctx.dockerfile.text
        for stage in ctx.graph.stages:
            args = stage.from_inst.args
            if len(args) != 3 or args[1].value.lower() != "as":
                continue
            raw = args[2].value
            if raw == raw.lower():
                continue
            span = args[2].span
            fix = None
            if text[span.start : span.end] == raw:
                fix = Fix([Edit(span.start, span.end, raw.lower())], f"rename the stage to '{raw.lower()}'")
            ctx.report(
                self,
                span,
                f"stage name '{raw}' should be lowercase: BuildKit calls it '{raw.lower()}', "
                f"and `FROM {raw}` would look for an image instead of this stage",
                fix,
            )
