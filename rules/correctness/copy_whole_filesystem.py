"""DO127 copy-whole-filesystem: ``COPY --from=stage / /``."""

from __future__ import annotations

from dockeropt.engine.finding import Severity
from dockeropt.engine.rule import Category, CheckContext, Rule

from .copy_sources import copy_operands


class CopyWholeFilesystem(Rule):
    id = "DO127"
    name = "copy-whole-filesystem"
    category = Category.MULTISTAGE
    severity = Severity.WARNING
    summary = "COPY --from=<stage> / / copies an entire filesystem"
    aliases = ("DL3067",)
    docs = """
`COPY --from=builder / /` copies everything the builder stage holds (its compilers, package
caches, package databases, `/etc`, `/tmp`) over the current stage. The image is then at least
as big as the builder, which defeats the multi-stage build, and the builder's `/etc/passwd` or
libraries replace the runtime's.

Copy only what the runtime needs: `COPY --from=builder /out/app /usr/local/bin/app`.
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

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            source = inst.flag("from")
            operands = copy_operands(inst)
            if source is None or operands is None or operands[1].value != "/":
                continue
            if any(src.value in ("/", "/.") for src in operands[0]):
                ctx.report(
                    self,
                    inst.keyword_span,
                    f"COPY --from={source.value} / / copies that stage's whole filesystem (toolchains, caches, "
                    "package databases): the image is as big as the builder; copy only the files the runtime needs",
                )
