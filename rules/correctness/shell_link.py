"""DO136 sh-replaced-by-link: ``ln -s … /bin/sh`` swaps the system shell instead of using SHELL."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class ShReplacedByLink(Rule):
    id = "DO136"
    name = "sh-replaced-by-link"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Use SHELL to change the shell of RUN, not a link over /bin/sh"
    aliases = ("DL4005",)
    docs = """
`RUN ln -sf /bin/bash /bin/sh` replaces the system shell of the image, not only the shell of
your RUN lines: every `#!/bin/sh` script the distribution ships (maintainer scripts, init
scripts, `system()` calls from every program) then runs under bash, and a package upgrade can
restore the link behind your back.

To run RUN lines with bash, say so with `SHELL ["/bin/bash", "-c"]` (with `-o pipefail` while
you are at it). As hadolint's DL4005, a RUN (or ONBUILD RUN) with an `ln` whose argument is
`/bin/sh` — but only when it replaces the shell (`ln -sf`, or after `rm /bin/sh`): a plain
`ln -s /busybox/sh /bin/sh` fails if /bin/sh exists, so where it succeeds it adds a shell to an
image that has none (distroless `:debug` images keep busybox in /busybox), which is fine.
"""
    bad_example = """\
FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
"""
    good_example = """\
FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("ln",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs_and_triggers():
            for rs in ctx.run_scripts(inst):
                removed = rs.script.removes("/bin/sh")
                links = [
                    c
                    for c in rs.script.commands
                    if c.name == "ln" and "/bin/sh" in c.words() and (removed or c.has_flag("f", "force"))
                ]
                if links:
                    ctx.report(
                        self,
                        rs.command_span(links[0]),
                        "this link replaces /bin/sh for the whole image (every #!/bin/sh script of the "
                        "distribution too); to run RUN lines with another shell, use SHELL",
                    )
                    break
