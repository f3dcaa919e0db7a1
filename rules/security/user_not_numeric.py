"""DO805 user-not-numeric: USER by name rather than numeric UID (opt-in)."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class UserNotNumeric(Rule):
    id = "DO805"
    name = "user-not-numeric"
    category = Category.SECURITY
    severity = Severity.INFO
    summary = "USER should be a numeric UID so the runtime can verify it is not root"
    aliases = ("DL3066",)
    opt_in = True
    docs = """
Kubernetes' `runAsNonRoot: true` can only verify a numeric user: with `USER app` the kubelet
refuses to start the pod ("image has non-numeric user (app), cannot verify user is non-root")
unless `runAsUser` is set too. A name also depends on `/etc/passwd` inside the image.
`USER 10001` (or `10001:10001`) works everywhere.

Off by default (many images run fine with names); select it for images that target Kubernetes
with Pod Security Standards. Only the USER instructions of the stages the final image is built
from are checked; a user given by a build argument is left alone.
"""
    bad_example = """\
FROM python:3.12-slim
RUN useradd --uid 10001 --no-log-init app
USER app
"""
    good_example = """\
FROM python:3.12-slim
RUN useradd --uid 10001 --no-log-init app
USER 10001
"""

    trigger_instructions = ("USER",)

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.shipped_stages():
            for inst in stage.instructions:
                if inst.name != "USER" or not inst.args:
                    continue
                user = inst.args[0].value.partition(":")[0]
                if user.isdigit() or "$" in user:
                    continue
                ctx.report(
                    self,
                    inst.args[0].span,
                    f"USER {inst.args[0].value} is a name: Kubernetes runAsNonRoot cannot verify it is not root and "
                    "refuses to start the pod; use the numeric UID",
                )
