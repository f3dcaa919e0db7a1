"""DO802 root-user: the image's last USER is root."""

from __future__ import annotations

from dockeropt.engine.finding import Severity
from dockeropt.engine.rule import Category, CheckContext, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction


def is_root(user: str) -> bool:
    name = user.partition(":")[0]
    return name in ("root", "0")


class RootUser(Rule):
    id = "DO802"
    name = "root-user"
    category = Category.SECURITY
    severity = Severity.WARNING
    summary = "The image should not end with USER root"
    aliases = ("DL3002",)
    security_severity = 5.5
    docs = """
The last `USER` of the final stage is the user the container runs as. With `USER root` there, a
compromised or buggy process has root inside the container: it can rewrite the application,
read every mounted secret, and it is one kernel or runtime flaw away from root on the host.
Kubernetes clusters with `runAsNonRoot` refuse to start it.

Switch back to an unprivileged user after the steps that need root:

    USER root
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    USER app

Only an explicit `USER root` (or `0`) is reported, in the stages the final image is built from;
an image that never sets USER inherits its base image's user, which dockeropt cannot see.
"""
    bad_example = """\
FROM node:20-slim
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
CMD ["node", "server.js"]
"""
    good_example = """\
FROM node:20-slim
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
USER node
CMD ["node", "server.js"]
"""

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        last: Instruction | None = None
        for stage in reversed(graph.shipped_stages()):
            for inst in stage.instructions:
                if inst.name == "USER" and inst.args:
                    last = inst
        if last is None:
            return
        user = graph.expand(last.args[0].value, graph.state(last).variables())[0]
        if is_root(user):
            ctx.report(
                self,
                last.span,
                f"the image runs as root: USER {last.args[0].value} is the last USER of the final image, so a "
                "compromised process has root in the container; switch to an unprivileged user after the steps "
                "that need root",
            )
