"""DO301 consecutive-runs: consecutive RUNs that should be one layer."""

from __future__ import annotations

import itertools

from dockeropt.analysis.runs import installed_managers, only_updates
from dockeropt.analysis.steps import builds_in, fetches_in
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.finding import MERGE
from dockeropt.rewrite.merge import merge_edits, mergeable


class ConsecutiveRuns(Rule):
    id = "DO301"
    name = "consecutive-runs"
    category = Category.CACHE
    severity = Severity.INFO
    summary = "Consecutive RUN instructions that can be one layer"
    aliases = ("DL3059",)
    fixable = True
    docs = """
Each RUN makes a layer; consecutive RUNs that belong together cost an extra layer each, more
metadata to pull, and hide the chance to clean up in the same step (a cache written by the first
RUN cannot be deleted by the second).

dockeropt does not suggest merging where the split is deliberate for the cache: a RUN that
installs packages followed by a RUN that does something else is left alone, so that changing the
second does not re-run the install; and a RUN that fetches dependencies from manifests (`go mod
download`, `pip install -r requirements.txt`, `npm ci`, `cargo fetch`, `mvn dependency:go-offline`)
is never joined with a RUN that builds the sources (`go build`, `npm run build`, `pip install .`,
`python …`): that is where `COPY . .` belongs, between the two (DO303 moves it there).

**Fix** (safe): the two RUNs become one, joined with `&&` so a failure still stops the build.
If the first changes the shell's state (`cd`, `export`, `set`, variables), it runs in a subshell
`( … )` so the second still starts where it did; if the second has `;` or `||` at its top level,
it is grouped so it cannot run after the first failed. RUNs with different `--mount`/`--network`
flags, heredocs, or comments inside the command are not merged.
"""
    bad_example = """\
FROM alpine:3.20
RUN mkdir -p /srv/app
RUN adduser -D -h /srv/app app
"""
    good_example = """\
FROM alpine:3.20
RUN mkdir -p /srv/app \\
    && adduser -D -h /srv/app app
"""

    def check(self, ctx: CheckContext) -> None:
        insts = ctx.dockerfile.instructions
        for a, b in itertools.pairwise(insts):
            if not mergeable(ctx, a, b):
                continue
            if only_updates(ctx, a):
                continue  # DO302 reports `apt-get update` alone
            first, second = installed_managers(ctx, a), installed_managers(ctx, b)
            if first and not (second & first):
                continue  # a heavy install kept apart from what follows: deliberate for the cache
            if fetches_in(ctx, a) and builds_in(ctx, b):
                continue  # a cache boundary: the fetch reads manifests only, the build reads the sources
            fix = Fix(merge_edits(ctx, a, b), f"merge with the RUN at line {a.start_line}", kind=MERGE)
            ctx.report(
                self,
                b.keyword_span,
                f"this RUN can be merged with the RUN at line {a.start_line} into one layer",
                fix,
                Impact(layers=1),
            )
