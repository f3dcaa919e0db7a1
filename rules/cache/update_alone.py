"""DO302 update-alone: a package index refresh in a RUN of its own."""

from __future__ import annotations

from dockeropt.analysis.runs import only_updates
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.finding import MERGE
from dockeropt.rewrite.merge import merge_edits, mergeable


class UpdateAlone(Rule):
    id = "DO302"
    name = "update-alone"
    category = Category.CACHE
    severity = Severity.WARNING
    summary = "`apt-get update` (or `apk update`, `dnf makecache`) alone in its RUN goes stale in the cache"
    fixable = True
    docs = """
The build cache keys a RUN on its command text. `RUN apt-get update` never changes, so its layer
is reused for months while `RUN apt-get install -y curl` below it is rebuilt whenever its line
changes: the install then runs against outdated package lists and fails with 404s, or installs
old versions. (Checkov CKV_DOCKER_5, Trivy DS-0017.)

**Fix** (safe): update and install in the same RUN (`apt-get update && apt-get install …`).
dockeropt merges the update into the next RUN when they can be merged without changing meaning.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
"""

    trigger_instructions = ("RUN",)

    def check(self, ctx: CheckContext) -> None:
        insts = ctx.dockerfile.instructions
        for i, inst in enumerate(insts):
            if inst.name != "RUN" or not only_updates(ctx, inst):
                continue
            nxt = insts[i + 1] if i + 1 < len(insts) else None
            fix = None
            if nxt is not None and mergeable(ctx, inst, nxt):
                fix = Fix(merge_edits(ctx, inst, nxt), f"merge into the RUN at line {nxt.start_line}", kind=MERGE)
            ctx.report(
                self,
                inst.span,
                "a package index update alone in its RUN is cached forever and goes stale: "
                "update and install in the same RUN",
                fix,
                Impact(layers=1, rebuild="stale indexes make later installs fail or install old versions"),
            )
