"""DO601 unused-stage: a stage the target never uses."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Impact, Rule, Severity


class UnusedStage(Rule):
    id = "DO601"
    name = "unused-stage"
    category = Category.MULTISTAGE
    severity = Severity.INFO
    summary = "A stage is not used by the target stage"
    docs = """
The target (the last stage, or `--target`) does not need this stage: nothing builds `FROM` it,
copies from it (`COPY --from`) or mounts it (`RUN --mount=from=`), directly or through another
stage. BuildKit skips such stages, so they only cost reading time; the legacy builder
(`DOCKER_BUILDKIT=0`, and some CI tools that still use it) builds every stage, unused ones
included, for nothing.

Often the stage is built on purpose with `--target` (a `test` or `dev` stage): then check the
file with `--target` too, or suppress the finding on that stage. Otherwise it is dead code left
over from a refactoring: remove it.
"""
    bad_example = """\
FROM node:22 AS assets
RUN npm ci && npm run build

FROM python:3.12-slim AS docs
RUN pip install mkdocs

FROM python:3.12-slim
COPY --from=assets /app/dist /srv/static
"""
    good_example = """\
FROM node:22 AS assets
RUN npm ci && npm run build

FROM python:3.12-slim
COPY --from=assets /app/dist /srv/static
"""

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        target = graph.target
        if target is None or len(graph.stages) < 2:
            return
        for stage in graph.unused_stages():
            steps = len(stage.instructions)
            ctx.report(
                self,
                stage.from_inst.span,
                f"stage {stage.display} is not used by the target stage {target.display}: BuildKit skips it, "
                f"the legacy builder builds its {steps} step{'s' if steps != 1 else ''} for nothing",
                impact=Impact(rebuild="no effect on the image; build time with the legacy builder"),
            )
