"""DO133 sudo-in-run: sudo in a RUN, where the build already runs as the USER in force."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command


class SudoInRun(Rule):
    id = "DO133"
    name = "sudo-in-run"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Do not use sudo in RUN: switch users with USER"
    aliases = ("DL3004",)
    docs = """
A RUN runs as the user set by the last `USER` (root by default), without a terminal or a
password. `sudo` there is either useless (already root), missing from the image
(`sudo: not found` on most base images), or a way to keep a passwordless sudo rule in the image
for later, which any process in the container can then use to become root.

Run the privileged steps before `USER app`, or switch with `USER root` and back. To drop
privileges when the container starts, use `gosu`/`su-exec` in the entrypoint.
As hadolint's DL3004: reported once per RUN (or ONBUILD RUN), at its first sudo. A RUN whose
sudo only runs steps as another, non-root user (`sudo -u discourse bundle install`) drops
privileges rather than gaining them: that is information (hadolint warns). A sudo the script
runs only after testing that it is not root (`if [ "$(id -u)" -ne 0 ]; then sudo …; else …; fi`)
is not reported: the script already works as root and as a user.
"""
    bad_example = """\
FROM ubuntu:24.04
RUN useradd -m app
USER app
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl
"""
    good_example = """\
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd -m app
USER app
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("sudo",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs_and_triggers():
            for rs in ctx.run_scripts(inst):
                uses = [
                    c
                    for c in rs.script.commands
                    if not c.nested and (c.name == "sudo" or "sudo" in c.wrappers) and not _guarded(rs.script.source, c)
                ]
                if not uses:
                    continue
                user = ctx.graph.state(inst).user
                if user is None:  # the base image's user: root unless that image sets USER
                    root = ctx.graph.stage(inst)
                    while root is not None and root.base_stage is not None:
                        root = root.base_stage
                    image = root.base_resolved if root is not None and not root.is_scratch else None
                    who = (
                        f"this RUN runs as {image}'s user, root unless it sets USER"
                        if image
                        else "this RUN runs as root"
                    )
                elif user in ("root", "0") or user.startswith(("root:", "0:")):
                    who = "this RUN already runs as root"
                else:
                    who = f"this RUN runs as {user}"
                switched = {_target_user(rs.script.source, c) for c in uses}
                if None not in switched and len(switched) == 1:
                    name = switched.pop()
                    ctx.report(
                        self,
                        rs.command_span(uses[0]),
                        f"sudo -u {name} in a RUN ({who}) runs a step as {name}: it drops privileges rather "
                        f"than gaining them, but needs sudo in the image; `USER {name}` before the step (and "
                        "back), or setpriv/gosu, do the same without it",
                        severity=Severity.INFO,
                    )
                    break
                ctx.report(
                    self,
                    rs.command_span(uses[0]),
                    f"sudo in a RUN ({who}): to run a step as another user, switch with USER and back; sudo is "
                    "missing from most base images, and a passwordless sudo rule left in the image lets any "
                    "process become root",
                )
                break


# a test of who runs the script: `[ "$(id -u)" -ne 0 ]`, `$EUID`, `$UID`, `whoami`
_ROOT_TEST = lazy_compile(r"\$\(\s*id\s+-u\s*\)|`\s*id\s+-u\s*`|\$\{?E?UID\b|\$\(\s*whoami\s*\)|`\s*whoami\s*`")


def _guarded(source: str, command: Command) -> bool:
    """Whether sudo runs only after the script found it is not root: a conditional command, with a
    test of the user id before it (``if [ "$(id -u)" -ne 0 ]; then sudo …; else …; fi``)."""
    return command.in_condition and _ROOT_TEST.search(source, 0, command.start) is not None


_USER_OPTION = lazy_compile(r"(?:^|\s)(?:-u\s*|--user[=\s]+)(['\"]?)([A-Za-z0-9_.#-]+)\1(?=\s|$)")


def _target_user(source: str, command: Command) -> str | None:
    """The user ``sudo -u NAME`` runs ``command`` as, when it is not root; None otherwise."""
    end = command.argv[0].start if command.name != "sudo" and command.argv else command.end
    m = _USER_OPTION.search(source[command.start : max(end, command.start)])
    if m is None or m.group(2) in ("root", "0", "#0"):
        return None
    return m.group(2)
