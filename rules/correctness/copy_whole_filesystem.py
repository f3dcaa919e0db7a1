"""DO127 copy-whole-filesystem: ``COPY --from=stage / /``."""

from __future__ import annotations

from dockeropt.analysis.copy_sources import copy_operands
from dockeropt.analysis.stages import scratch_rooted
from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.graph.model import Stage


def _has_built_a_system(stage: Stage) -> bool:
    """Whether the stage starts from an image (not scratch) and RUNs something along its FROM chain:
    then its / holds an OS, toolchains and caches. A `FROM scratch` export stage, or a bare alias
    of a helper image (`FROM tonistiigi/xx AS xx`), is meant to be copied whole."""
    if scratch_rooted(stage):
        return False
    seen: set[int] = set()
    current: Stage | None = stage
    while current is not None and current.index not in seen:
        seen.add(current.index)
        if any(i.name == "RUN" for i in current.instructions):
            return True
        current = current.base_stage
    return False


class CopyWholeFilesystem(Rule):
    id = "DO127"
    name = "copy-whole-filesystem"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "COPY --from=<stage> / / copies an entire filesystem"
    aliases = ("DL3067",)
    docs = """
`COPY --from=builder / /` copies everything the builder stage holds (its compilers, package
caches, package databases, `/etc`, `/tmp`) over the current stage. The image is then at least
as big as the builder, which defeats the multi-stage build, and the builder's `/etc/passwd` or
libraries replace the runtime's.

Copy only what the runtime needs: `COPY --from=builder /out/app /usr/local/bin/app`.

Only stages built on an image that run something are reported: a `FROM scratch` stage that
collects artifacts, or a plain alias of a helper image such as `tonistiigi/xx`, is made to be
copied whole; and `FROM scratch` followed by `COPY --from=build / /` is the squash pattern (one
layer holding the stage), not two systems on top of each other.
"""
    bad_example = """\
FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM debian:12-slim
COPY --from=builder / /
"""
    good_example = """\
FROM golang:1.22 AS builder
RUN go build -o /out/app .
FROM debian:12-slim
COPY --from=builder /out/app /usr/local/bin/app
"""

    trigger_instructions = ("COPY", "ADD")

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for inst in ctx.dockerfile.instructions:
            source = inst.flag("from")
            operands = copy_operands(inst)
            if source is None or not source.value or operands is None or operands[1].value != "/":
                continue
            stage = graph.stage_by_name(source.value)
            if stage is None or not _has_built_a_system(stage):
                continue  # an image, or a stage that only collects artifacts: its / is what you want
            current = graph.stage(inst)
            if current is not None and scratch_rooted(current):
                continue  # `FROM scratch` + `COPY --from=x / /` squashes x into one layer, on purpose
            if any(src.value in ("/", "/.") for src in operands[0]):
                ctx.report(
                    self,
                    inst.keyword_span,
                    f"COPY --from={source.value} / / copies that stage's whole filesystem (toolchains, caches, "
                    "package databases): the image is as big as the builder; copy only the files the runtime needs",
                )
