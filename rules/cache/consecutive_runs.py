"""DO301 consecutive-runs: consecutive RUNs that should be one layer."""

from __future__ import annotations

import itertools

from dockeropt.analysis.runs import installed_managers, only_updates
from dockeropt.analysis.steps import builds_in, fetches_in
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.finding import MERGE
from dockeropt.rewrite.merge import merge_edits, mergeable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction


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
flags, heredocs, exec form, or comments inside the command are not merged; when both are short
(at most two commands each, hadolint's DL3059 test) they are still reported, without a fix.
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

    trigger_instructions = ("RUN",)

    def check(self, ctx: CheckContext) -> None:
        insts = ctx.dockerfile.instructions
        for a, b in itertools.pairwise(insts):
            if not mergeable(ctx, a, b):
                if _short_pair(ctx, a, b) and not only_updates(ctx, a) and not _install_then_other(ctx, a, b):
                    ctx.report(
                        self,
                        b.keyword_span,
                        f"this RUN and the RUN at line {a.start_line} could be one layer (merge them by hand: a "
                        "heredoc, exec form or comment inside keeps dockeropt from doing it safely)",
                        impact=Impact(layers=1),
                    )
                continue
            if only_updates(ctx, a):
                continue  # DO302 reports `apt-get update` alone
            if _install_then_other(ctx, a, b):
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


def _install_then_other(ctx: CheckContext, a: Instruction, b: Instruction) -> bool:
    first, second = installed_managers(ctx, a), installed_managers(ctx, b)
    return bool(first) and not (second & first)


def _commands(ctx: CheckContext, inst: Instruction) -> int | None:
    """How many commands a RUN runs (exec form without a shell: one); None when its shell is not analysed."""
    target = inst.effective
    scripts = ctx.run_scripts(inst)
    if not scripts:
        return 1 if target.json else None
    return sum(len(rs.script.commands) for rs in scripts)


def _short_pair(ctx: CheckContext, a: Instruction, b: Instruction) -> bool:
    """hadolint's DL3059 case that the merge fix cannot handle: consecutive RUNs of one stage with the
    same flags, each running at most two commands (longer RUNs are usually split on purpose)."""
    if a.name != "RUN" or b.name != "RUN" or b.index != a.index + 1:
        return False
    if [f.raw for f in a.flags] != [f.raw for f in b.flags] or ctx.graph.stage(a) is not ctx.graph.stage(b):
        return False
    counts = (_commands(ctx, a), _commands(ctx, b))
    return all(n is not None and 0 < n <= 2 for n in counts)
