"""DO142 copy-after-user-without-chown: COPY/ADD after a non-root USER still writes root-owned files."""

from __future__ import annotations

from dockeropt.analysis.copy_sources import copy_operands
from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.shell.parse import shell_supported

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction


def _is_root(user: str) -> bool:
    name = user.partition(":")[0]
    return name in ("root", "0")


def _chowned_later(ctx: CheckContext, inst: Instruction, dest: str) -> bool:
    """A later RUN of the stage changes the owner of the destination (DO210 reports that one)."""
    stage = ctx.graph.stage(inst)
    if stage is None:
        return False
    later = stage.instructions[stage.instructions.index(inst) + 1 :]
    for other in later:
        for rs in ctx.run_scripts(other):
            for cmd in rs.script.find("chown"):
                if any(w.text.rstrip("/") == dest.rstrip("/") for w in cmd.args):
                    return True
    return False


class CopyAfterUserWithoutChown(Rule):
    id = "DO142"
    name = "copy-after-user-without-chown"
    category = Category.CORRECTNESS
    severity = Severity.INFO
    summary = "COPY/ADD after a non-root USER still creates files owned by root"
    aliases = ("copy-after-user-without-chown",)
    fixable = True
    docs = """
`USER app` changes who runs RUN, CMD and ENTRYPOINT, not who owns what COPY and ADD write:
those files are always `root:root` unless `--chown` says otherwise. After `USER app`,
`COPY config/ /home/app/.config/` gives `app` files it can read but not change, and a
directory COPY creates is not writable by `app` either — a surprise when the application
writes a cache, an upload or a lock file there.

If the user must write the files, copy them with `--chown=app` (as tally's
copy-after-user-without-chown suggests). If it only reads them, root-owned files are the safer
choice: keep them, and move the `USER` line after the COPY to say so. Information, not a warning,
for that reason.

**Fix** (unsafe, `--unsafe`): add `--chown=<the USER>` to the COPY (it changes who owns the
files in the image). COPYs whose destination a later RUN `chown`s are left to DO210; Windows
stages, where `--chown` does nothing, are not reported.
"""
    bad_example = """\
FROM node:22-slim
USER node
WORKDIR /home/node/app
COPY . .
"""
    good_example = """\
FROM node:22-slim
USER node
WORKDIR /home/node/app
COPY --chown=node:node . .
"""

    trigger_instructions = ("USER",)

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for inst in ctx.dockerfile.instructions:
            operands = copy_operands(inst)
            if operands is None or inst.flag("chown") is not None:
                continue
            state = graph.state(inst)
            if state.user is None or not shell_supported(state.shell):
                continue
            user, unmatched = graph.expand(state.user, state.variables())
            if unmatched or not user or _is_root(user):
                continue
            dest = operands[1].value
            if _chowned_later(ctx, inst, dest):
                continue
            keyword = inst.keyword_span
            fix = Fix(
                [Edit(keyword.end, keyword.end, f" --chown={user}")],
                f"copy as {user}",
                safe=False,
                changes=(dest,),
            )
            ctx.report(
                self,
                keyword,
                f"{inst.name} after USER {state.user} without --chown creates files owned by root: {user} can read "
                f"but not change them; add --chown={user} if it must write them",
                fix,
            )
