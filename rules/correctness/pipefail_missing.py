"""DO129 pipefail-missing: a RUN pipes commands without pipefail, so the first ones can fail unseen."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.runs import RunScript
    from dockeropt.shell.model import Command


def unprotected_pipeline(rs: RunScript) -> list[Command] | None:
    """The first pipeline of the script that runs without pipefail in the RUN's own shell.

    Pipes inside ``sh -c '…'`` run in another shell and are that shell's business (hadolint does
    not see them either: they are a quoted string to it)."""
    for pipeline in rs.script.pipelines:
        if pipeline and not pipeline[0].nested and not pipeline[-1].pipefail:
            return pipeline
    return None


class PipefailMissing(Rule):
    id = "DO129"
    name = "pipefail-missing"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "A RUN with a pipe and no pipefail succeeds even when the commands before the last one fail"
    aliases = ("DL4006",)
    docs = """
A pipeline's exit status is that of its last command. In
`RUN curl -fsSL https://example.com/install.sh | sh`, a failed download (a 404, a DNS error)
hands `sh` an empty script, which succeeds: the build goes on and ships an image without the
tool. `wget -O- … | tar -x` and `… | tee log` hide failures the same way.

With `pipefail` the pipeline fails when any of its commands fails. Set it for every RUN of the
stage with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (bash, zsh and ash/busybox sh know the
option; Debian's dash, /bin/sh on Debian and Ubuntu, does not), or inside the RUN with `set -o pipefail` before
the pipe.

As hadolint's DL4006: every RUN with a pipe in its own shell is reported once, at its first
pipe without pipefail; SHELL applies until the stage ends (a stage built `FROM` another stage of
the file inherits it, as Docker does). Differences from hadolint: `set -o pipefail` (or
`set -eo pipefail`) earlier in the same RUN counts, and so does a SHELL that sets the option for
any shell (a shell without the option fails the build at once, which is not a silent failure).
Pipes inside `sh -c '…'` belong to that inner shell and are not reported. Stages whose SHELL is
PowerShell or cmd are skipped.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
RUN curl -fsSL https://example.com/install.sh | sh
"""
    good_example = """\
FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
RUN curl -fsSL https://example.com/install.sh | sh
"""

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs():
            for rs in ctx.run_scripts(inst):
                pipeline = unprotected_pipeline(rs)
                if pipeline is None:
                    continue
                first, last = pipeline[0], pipeline[-1]
                names = " | ".join(c.name or "…" for c in pipeline)
                ctx.report(
                    self,
                    rs.span(first.start, last.end),
                    f"`{names}` runs without pipefail: the RUN's status is that of `{last.name or 'the last command'}` "
                    'alone, so a failure before it goes unnoticed; set SHELL ["/bin/bash", "-o", "pipefail", '
                    '"-c"] (or `set -o pipefail` first in this RUN)',
                )
                break  # one finding per RUN, as hadolint
