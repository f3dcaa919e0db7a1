"""DO137 command-without-effect-in-build: interactive or system commands that make no sense in a RUN."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command

# hadolint's DL3001 list, with why each one is out of place in a build
COMMANDS = {
    "free": "shows the build container's memory, which nobody reads",
    "kill": "has no process of a previous step to stop: each RUN starts a fresh container",
    "mount": "needs privileges a build does not have; use RUN --mount",
    "ps": "shows the processes of this RUN only",
    "service": "starts a service that stops when the RUN ends; start it from the entrypoint",
    "shutdown": "cannot stop a build container",
    "ssh": "logs into another machine during the build; use RUN --mount=type=ssh for keys, or COPY",
    "top": "is interactive and never ends in a build",
    "vim": "is an interactive editor: the build hangs or edits nothing",
}


def _serves_this_run(commands: list[Command], index: int) -> bool:
    """Whether the command works on what the RUN itself runs: ``kill``/``ps`` after a process the RUN
    started in the background, a ``service`` started for the commands that follow it (a database
    set up in the same RUN) and stopped after them."""
    cmd = commands[index]
    if cmd.name in ("kill", "ps"):
        return any(c.background for c in commands[:index])
    if cmd.name == "service":  # started for what follows, or stopped after that
        return index + 1 < len(commands) or any(c.name == "service" for c in commands[:index])
    return False


class CommandWithoutEffectInBuild(Rule):
    id = "DO137"
    name = "command-without-effect-in-build"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "Interactive and system commands (ssh, vim, service, ps, kill …) make no sense in RUN"
    aliases = ("DL3001",)
    docs = """
A RUN executes once, without a terminal, in a container that stops when the command ends.
Commands made for a person at a terminal or for a running system do nothing useful there:
`vim` and `top` wait for input, `service x start` starts a daemon that dies with the RUN,
`ps`, `free` and `kill` see only the RUN's own processes, `mount` and `shutdown` lack the
privileges.

As hadolint's DL3001 (free, kill, mount, ps, service, shutdown, ssh, top, vim): once per RUN or
ONBUILD RUN, at the first such command. Unlike hadolint, a command that works on what the same
RUN runs is not reported: `kill`/`ps` after a process the RUN started in the background, and a
`service … start` followed by the commands that use it (`service postgresql start && psql …`).
"""
    bad_example = """\
FROM debian:12-slim
RUN service nginx start
"""
    good_example = """\
FROM nginx:1.27
CMD ["nginx", "-g", "daemon off;"]
"""

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs_and_triggers():
            for rs in ctx.run_scripts(inst):
                commands = rs.script.commands
                found = [
                    c
                    for c in commands
                    if c.name in COMMANDS and not c.nested and not _serves_this_run(commands, c.index)
                ]
                if found:
                    cmd = found[0]
                    ctx.report(self, rs.command_span(cmd), f"`{cmd.name}` in a RUN {COMMANDS[cmd.name]}")
                    break
