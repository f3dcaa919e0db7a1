"""DO802 root-user: the image's last USER is root."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

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

Only an explicit `USER root` (or `0`, also through a build argument's default) is reported, in
the stages the final image is built from; an image that never sets USER inherits its base
image's user, which dockeropt cannot see. Dockerfiles under `.devcontainer/` are not reported:
a dev container's user is set by `remoteUser` in devcontainer.json.
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

    trigger_instructions = ("USER",)

    def check(self, ctx: CheckContext) -> None:
        if ".devcontainer" in ctx.path.replace("\\", "/").split("/")[:-1]:
            return  # a dev container: devcontainer.json's remoteUser decides who runs, not this image
        graph = ctx.graph
        last: Instruction | None = None
        for stage in reversed(graph.shipped_stages()):
            for inst in stage.instructions:
                if inst.name == "USER" and inst.args:
                    last = inst
        if last is None:
            return
        written = last.args[0].value
        user = graph.expand(written, graph.state(last).variables())[0]
        if is_root(user):
            given = f" (it gives '{user}' with the ARG defaults)" if "$" in written else ""
            ctx.report(
                self,
                last.span,
                f"the image runs as root: USER {written} is the last USER of the final image{given}, so a "
                "compromised process has root in the container; switch to an unprivileged user after the steps "
                "that need root",
            )
