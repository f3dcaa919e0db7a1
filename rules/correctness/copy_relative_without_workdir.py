"""DO125 copy-relative-without-workdir: COPY to a relative path while no WORKDIR is set."""

from __future__ import annotations

from dockeropt.analysis.copy_sources import copy_operands
from dockeropt.analysis.stages import is_absolute, scratch_rooted
from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Arg, Instruction


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
destinations that start with a variable. One finding per stage, at its first relative
destination.
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
            relative: list[tuple[Instruction, Arg]] = []
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
                relative.append((inst, operands[1]))
            if not relative:
                continue
            inst, dest_arg = relative[0]
            more = f" (and {len(relative) - 1} more in this stage)" if len(relative) > 1 else ""
            ctx.report(
                self,
                dest_arg.span,
                f"{inst.cmd} to relative '{dest_arg.value}'{more} with no WORKDIR set in this stage: the files land "
                "in the base image's working directory (often /), which moves when the base image changes; "
                "set WORKDIR first",
            )
