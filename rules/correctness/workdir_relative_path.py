"""DO110 workdir-relative-path: a relative WORKDIR before any absolute one."""

from __future__ import annotations

from dockeropt.analysis.stages import is_absolute, scratch_rooted
from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


class WorkdirRelativePath(Rule):
    id = "DO110"
    name = "workdir-relative-path"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "A relative WORKDIR depends on the base image's working directory"
    aliases = ("WorkdirRelativePath", "DL3000")
    docs = """
`WORKDIR app` is relative to the working directory the base image set, which this Dockerfile
does not control: when the base image changes it (a new major version, a switch from
`node:20` to `node:20-alpine`, a distroless image), your files, `CMD` and `COPY . .` silently
move. An absolute `WORKDIR /app` means the same thing on every base.

As BuildKit does, only a stage's first WORKDIR is judged (fixing it fixes the ones after it;
a stage built `FROM` another stage of the file inherits its WORKDIR), and stages built on
`scratch` are not reported (its working directory is always `/`). Paths that start with a
variable are taken as absolute.
"""
    bad_example = """\
FROM node:20-alpine
WORKDIR app
COPY . .
"""
    good_example = """\
FROM node:20-alpine
WORKDIR /app
COPY . .
"""

    trigger_instructions = ("WORKDIR",)

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        set_at_end: dict[int, bool] = {}
        for stage in graph.stages:
            workdir_set = set_at_end.get(stage.base_stage.index, False) if stage.base_stage else False
            skip = scratch_rooted(stage)
            for inst in stage.instructions:
                if inst.name != "WORKDIR" or len(inst.args) != 1:
                    continue
                written = inst.args[0].value
                path, unmatched = graph.expand(written, graph.state(inst).variables())
                if written.lstrip("\"'").startswith("$") and (unmatched or not path):
                    path = "/"  # e.g. $HOME from the base image: assume absolute, as hadolint does
                if not workdir_set and not skip and not is_absolute(path):
                    ctx.report(
                        self,
                        inst.args[0].span,
                        f"relative WORKDIR '{written}' resolves against the base image's working directory: "
                        f"if the base image changes it, your files and CMD move with it; use an absolute path "
                        f"such as '/{path.lstrip('./') or 'app'}'",
                    )
                workdir_set = True
            set_at_end[stage.index] = workdir_set
