"""DO210 chown-after-copy: changing owner or mode of copied files in a later RUN stores them twice."""

from __future__ import annotations

from dockeropt.analysis.layers import LayerWrites, normalize_path
from dockeropt.api import Category, CheckContext, Edit, Fix, Impact, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command
    from dockeropt.syntax.nodes import Instruction


class ChownAfterCopy(Rule):
    id = "DO210"
    name = "chown-after-copy"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "chown/chmod of copied files in a later RUN duplicates them: use COPY --chown / --chmod"
    fixable = True
    docs = """
A layer stores whole files. `RUN chown -R app /app` after `COPY . /app` writes every file of
`/app` again, with the new owner, into a new layer: the image now holds the copied files
twice. The same goes for `chmod`.

**Fix**: set ownership and mode while copying: `COPY --chown=app:app . /app`,
`COPY --chmod=0755 entrypoint.sh /usr/local/bin/`. dockeropt rewrites the simple case (a RUN that
only changes the owner or mode of exactly one COPY's destination); it is marked unsafe because
`chown -R` also changes files that were already in that folder.
"""
    bad_example = """\
FROM node:22-slim
WORKDIR /app
COPY . /app
RUN chown -R node:node /app
"""
    good_example = """\
FROM node:22-slim
WORKDIR /app
COPY --chown=node:node . /app
"""

    trigger_instructions = ("COPY", "ADD")
    trigger_words = ("chown", "chmod")

    def check(self, ctx: CheckContext) -> None:
        writes = LayerWrites(ctx)
        for stage in reversed(ctx.graph.shipped_stages()):
            for inst in stage.instructions:
                if inst.name == "RUN":
                    self._check_run(ctx, inst, writes)
                writes.record(inst)

    def _check_run(self, ctx: CheckContext, inst: Instruction, writes: LayerWrites) -> None:
        workdir = ctx.graph.state(inst).workdir
        for rs in ctx.run_scripts(inst):
            for cmd in rs.script.find("chown", "chmod"):
                operands = [w for w in cmd.args if not w.text.startswith("-")]
                if len(operands) < 2:
                    continue
                spec = operands[0].text
                for word in operands[1:]:
                    if not word.literal:
                        continue
                    path = normalize_path(word.text, workdir)
                    recursive = cmd.has_flag("R", "recursive")
                    copies = [
                        w
                        for w in writes.inside(path)
                        if w.inst.name in ("COPY", "ADD") and (recursive or (w.path == path and not w.directory))
                    ]
                    if not copies:
                        continue
                    copy = copies[-1].inst
                    fix = self._fix(inst, rs.script.commands, cmd.name, spec, copy, path, writes)
                    ctx.report(
                        self,
                        rs.command_span(cmd),
                        f"{cmd.name} {spec} {word.text} rewrites the files copied at line {copy.start_line} into a "
                        f"new layer: they are stored twice; use COPY --{cmd.name}={spec}",
                        fix,
                        Impact(rebuild=f"doubles the bytes copied at line {copy.start_line}"),
                    )
                    break

    @staticmethod
    def _fix(
        run: Instruction,
        commands: list[Command],
        tool: str,
        spec: str,
        copy: Instruction,
        path: str,
        writes: LayerWrites,
    ) -> Fix | None:
        if len(commands) != 1 or run.heredocs or copy.flag(tool) is not None or copy.json:
            return None
        if writes.copied_paths(copy) != [path]:
            return None
        keyword_end = copy.keyword_span.end
        return Fix(
            [Edit(keyword_end, keyword_end, f" --{tool}={spec}"), Edit(run.start, run.end, "")],
            f"move {tool} into COPY --{tool} and drop the RUN",
            safe=False,
        )
