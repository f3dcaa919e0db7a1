"""DO805 user-not-numeric: USER by name rather than numeric UID (opt-in)."""

from __future__ import annotations

from dockeropt.analysis.stages import image_chain_stages
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
with Pod Security Standards. Only the USER instructions of the images the file builds are checked:
the final stage, other stages nothing else uses (targets built with `--target`), and the stages
they are built `FROM` (hadolint's DL3066 also reports builder stages, whose user runs nothing).
A variable is judged by the value the file gives it (`ARG NB_UID=1000` then `USER ${NB_UID}` is
numeric); one without a value in the file (a build argument without a default, the base image's
ENV) is left alone.
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
        for stage in image_chain_stages(ctx.graph):
            for inst in stage.instructions:
                if inst.name != "USER" or not inst.args:
                    continue
                written = inst.args[0].value
                user, unmatched = ctx.graph.expand(written, ctx.graph.state(inst).variables())
                user = user.partition(":")[0]
                if user.isdigit() or unmatched or not user:
                    continue  # numeric, or a value the build does not say (a build argument, the base's ENV)
                ctx.report(
                    self,
                    inst.args[0].span,
                    f"USER {written} is a name{_given(written, user)}: Kubernetes runAsNonRoot cannot verify it is "
                    "not root and refuses to start the pod; use the numeric UID",
                )


def _given(written: str, user: str) -> str:
    return f" ('{user}' with the ARG defaults)" if "$" in written else ""
