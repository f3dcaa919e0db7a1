"""DO122 copy-from-unknown-stage: ``COPY --from`` a stage not defined before, or with a variable."""

from __future__ import annotations

from dockeropt.analysis.copy_sources import from_references
from dockeropt.analysis.variables import suggest
from dockeropt.api import Category, CheckContext, Rule, Severity


class CopyFromUnknownStage(Rule):
    id = "DO122"
    name = "copy-from-unknown-stage"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "COPY --from should name a stage defined earlier in the file"
    aliases = ("DL3022",)
    docs = """
`COPY --from=X` (and `RUN --mount=…,from=X`) takes files from stage X, which must be defined
*before* the current stage: a later stage fails the build ("needs to be defined before current
stage"). A name that matches no stage at all is taken as an image: `--from=buidler` makes
BuildKit try to pull `docker.io/library/buidler` and fail, far from the typo. And `COPY --from`
does not expand variables: `--from=${BUILDER}` fails the build.

Images are fine here (`COPY --from=composer:2 /usr/bin/composer /usr/bin/composer`), and so are
named build contexts (`docker build --build-context templates=./tpl`): dockeropt only reports a
name that matches no stage when it is within two edits of a stage's name. To
choose a stage with a build argument, declare a stage `FROM ${BUILDER} AS builder` and copy from
`builder`.
"""
    bad_example = """\
FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=buidler /out/app /app
"""
    good_example = """\
FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
"""

    def check(self, ctx: CheckContext) -> None:
        stages = ctx.graph.stages
        by_name: dict[str, list[int]] = {}
        for stage in stages:
            if stage.name is not None:
                by_name.setdefault(stage.name, []).append(stage.index)
        for stage in stages:
            for inst in stage.instructions:
                for ref, flag in from_references(inst):
                    problem = self._problem(ctx, stage.index, ref, by_name, inst.name)
                    if problem is not None:
                        message, severity = problem
                        ctx.report(self, flag.span, message, severity=severity)

    @staticmethod
    def _problem(
        ctx: CheckContext, current: int, ref: str, by_name: dict[str, list[int]], kind: str
    ) -> tuple[str, str] | None:
        stages = ctx.graph.stages
        if "$" in ref:
            if kind != "COPY":
                return None  # mount options do expand variables
            return (
                f"COPY --from={ref}: --from does not expand variables, so the build fails; declare "
                f"`FROM {ref} AS <name>` and copy from that stage",
                Severity.ERROR,
            )
        if ref.isdigit():
            index = int(ref)
            if index > current:
                return (
                    f"--from={ref} refers to stage #{index}, which comes after this one: the build fails "
                    "(a stage can only use stages defined before it)",
                    Severity.ERROR,
                )
            return None
        matches = by_name.get(ref.lower(), [])
        if any(index <= current for index in matches):
            return None  # an earlier stage; the current one is DO123's
        if matches:
            line = stages[matches[0]].from_inst.start_line
            return (
                f"--from={ref} refers to the stage on line {line}, which comes after this one: the build fails "
                "(a stage can only use stages defined before it)",
                Severity.ERROR,
            )
        if any(c in ref for c in "/:@."):
            return None  # an image reference
        earlier = [s.name for s in stages[:current] if s.name is not None]
        close = suggest(ref.lower(), earlier)
        if close is None:
            return None
        return (
            f"no stage is named '{ref}' before this one, so BuildKit pulls an image called '{ref}' from Docker Hub "
            f"and the build fails or copies the wrong files (did you mean '{close}'?)",
            Severity.WARNING,
        )
