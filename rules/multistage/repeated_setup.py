"""DO602 repeated-setup: several Dockerfiles or stages repeat the same heavy setup."""

from __future__ import annotations

import itertools

from dockeropt.analysis.stages import StageSetup, stage_setup
from dockeropt.api import Category, CheckContext, Impact, ProjectReporter, Rule, Severity

MAX_NAMED = 3  # other places named in a message; the rest are counted


def _common_length(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class RepeatedSetup(Rule):
    id = "DO602"
    name = "repeated-setup"
    category = Category.MULTISTAGE
    severity = Severity.INFO
    summary = "The same heavy setup is repeated in several Dockerfiles or stages: build it once as a base"
    cross_file = True
    docs = """
Two or more stages — in one Dockerfile, or across the Dockerfiles of a repository when you run
`dockeropt check DIR` — start from the same base image and run the same install steps before
they use the build context. Each one downloads and installs the same packages again: CI builds
them several times, the cache holds several copies, and the copies drift apart when someone
updates one and not the others.

Build the shared steps once: in one file, as a stage the others build `FROM`; across files, as a
base image of its own that the Dockerfiles start from (`dockeropt split` writes such a
`base.Dockerfile` and a thin target file).
"""
    bad_example = """\
# api/Dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY api/ /app

# worker/Dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY worker/ /app
"""
    good_example = """\
# base.Dockerfile (built once, tagged registry.example.com/py-base:3.12-libpq)
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*

# api/Dockerfile
FROM registry.example.com/py-base:3.12-libpq
COPY api/ /app
"""

    def check(self, ctx: CheckContext) -> None:
        return None  # the comparison needs every file: see check_project

    def summarize(self, ctx: CheckContext) -> object | None:
        setups = [s for s in (stage_setup(stage) for stage in ctx.graph.stages) if s is not None]
        return setups or None

    def check_project(self, summaries: list[tuple[str, object]], report: ProjectReporter) -> None:
        groups: dict[tuple[str, tuple[str, ...]], list[tuple[str, StageSetup]]] = {}
        for path, value in summaries:
            assert isinstance(value, list)
            for setup in value:
                key = (setup.base, setup.steps[: setup.heavy_at + 1])
                groups.setdefault(key, []).append((path, setup))
        for (base, _), members in groups.items():
            if len(members) < 2:
                continue
            shared = min(_common_length(a.steps, b.steps) for (_, a), (_, b) in itertools.pairwise(members))
            steps = f"{shared} identical step{'s' if shared != 1 else ''}"
            # one finding per file (on its first stage of the group), naming a few of the other
            # places and counting the rest: the report grows with the files, not with their square
            reported: set[str] = set()
            for path, setup in members:
                if path in reported:
                    continue
                reported.add(path)
                others = [f"{p}:{s.span.start_line}" for p, s in members if s is not setup]
                shown = ", ".join(others[:MAX_NAMED])
                if len(others) > MAX_NAMED:
                    shown += f" and {len(others) - MAX_NAMED} more"
                report(
                    self,
                    path,
                    setup.span,
                    f"stage {setup.label} repeats the same setup as {shown} (FROM {base} and {steps}; "
                    f"{len(members)} stages in all): build it once as a shared base image",
                    impact=Impact(rebuild=f"the same install runs {len(members)} times per build"),
                )
