"""DO107 duplicate-stage-name: two stages with the same name."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class DuplicateStageName(Rule):
    id = "DO107"
    name = "duplicate-stage-name"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    summary = "Stage names must be unique"
    aliases = ("DuplicateStageName", "DL3024")
    docs = """
With two stages called `build`, which one do you get? BuildKit answers differently depending on
where you ask: `FROM build` takes the nearest one above it, while `COPY --from=build`,
`RUN --mount=from=build` and `docker build --target build` take the last one in the file.
It is easy to copy artifacts from, or ship, the wrong stage without any error.

Give every stage its own name (names compare without case: `Build` and `build` are the same).
"""
    bad_example = """\
FROM node:20 AS build
RUN npm ci && npm run build
FROM golang:1.22 AS build
RUN go build -o /out/api ./cmd/api
"""
    good_example = """\
FROM node:20 AS web-build
RUN npm ci && npm run build
FROM golang:1.22 AS api-build
RUN go build -o /out/api ./cmd/api
"""

    def check(self, ctx: CheckContext) -> None:
        first: dict[str, int] = {}
        for stage in ctx.graph.stages:
            if stage.name is None:
                continue
            if stage.name not in first:
                first[stage.name] = stage.from_inst.start_line
                continue
            ctx.report(
                self,
                stage.from_inst.args[2].span,
                f"stage name '{stage.name}' is already used on line {first[stage.name]}: COPY --from and --target "
                "pick the last stage with this name, FROM the nearest one above, so the wrong stage is easily "
                "copied or shipped",
            )
