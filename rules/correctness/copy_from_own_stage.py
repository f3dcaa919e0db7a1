"""DO123 copy-from-own-stage: ``COPY --from`` the stage it is in."""

from __future__ import annotations

from dockeropt.analysis.copy_sources import from_references
from dockeropt.api import Category, CheckContext, Rule, Severity


class CopyFromOwnStage(Rule):
    id = "DO123"
    name = "copy-from-own-stage"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    summary = "COPY --from cannot reference its own stage"
    aliases = ("DL3023",)
    docs = """
`COPY --from=build` inside the `build` stage asks for files of a stage that is still being
built: BuildKit stops with "circular dependency detected". Within a stage, files are already
there: use `RUN cp` or copy from an earlier stage.
"""
    bad_example = """\
FROM node:20 AS build
COPY --from=build /app/dist /srv
"""
    good_example = """\
FROM node:20 AS build
RUN npm run build
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
"""

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            for inst in stage.instructions:
                for ref, flag in from_references(inst):
                    own = ref == str(stage.index) or (stage.name is not None and ref.lower() == stage.name)
                    if own:
                        ctx.report(
                            self,
                            flag.span,
                            f"--from={ref} is the stage this {inst.cmd} is in ({stage.display}): the build fails "
                            "with a circular dependency",
                        )
