"""DO125 copy-relative-without-workdir: COPY to a relative path while no WORKDIR is set."""

from __future__ import annotations

from dockeropt.analysis.copy_sources import copy_operands
from dockeropt.analysis.stages import is_absolute, scratch_rooted
from dockeropt.api import Category, CheckContext, Rule, Severity


class CopyRelativeWithoutWorkdir(Rule):
    id = "DO125"
    name = "copy-relative-without-workdir"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "COPY to a relative destination before any WORKDIR"
    aliases = ("DL3045",)
    docs = """
`COPY . .` with no `WORKDIR` in the stage copies into the base image's working directory:
`/` for `python` or `node`, `/go` for `golang`, whatever the next base image chooses. Your
sources may land in `/` next to `/etc` and `/bin`, and move when the base image changes.
Set `WORKDIR /app` first (it also creates the directory).

Stages built on `scratch` are not reported (the working directory is `/` there), nor
destinations that start with a variable. As hadolint's DL3045, every relative destination before
the stage's first WORKDIR is reported (a WORKDIR set in a stage of the file that this one is
built `FROM` counts); ADD is checked too.
"""
    bad_example = """\
FROM python:3.12-slim
COPY . .
CMD ["python", "main.py"]
"""
    good_example = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["python", "main.py"]
"""

    trigger_instructions = ("COPY", "ADD")

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for stage in graph.stages:
            if scratch_rooted(stage):
                continue
            for inst in stage.instructions:
                operands = copy_operands(inst)
                if operands is None:
                    continue
                state = graph.state(inst)
                if state.workdir is not None:
                    break  # from here on, relative destinations are under that WORKDIR
                written = operands[1].value
                dest, unmatched = graph.expand(written, state.variables())
                if written.lstrip("\"'").startswith("$") or is_absolute(dest) or (unmatched and not dest):
                    continue
                dest_arg = operands[1]
                ctx.report(
                    self,
                    dest_arg.span,
                    f"{inst.cmd} to relative '{dest_arg.value}' with no WORKDIR set in this stage: the files land "
                    "in the base image's working directory (often /), which moves when the base image changes; "
                    "set WORKDIR first",
                )
