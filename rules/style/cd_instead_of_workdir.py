"""DO130 cd-instead-of-workdir: ``cd`` in a RUN where WORKDIR says it once for the stage."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class CdInsteadOfWorkdir(Rule):
    id = "DO130"
    name = "cd-instead-of-workdir"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "Use WORKDIR to change directory instead of cd in RUN"
    aliases = ("DL3003",)
    docs = """
A `cd` lasts only until the end of its RUN: the next instruction starts in the WORKDIR again.
`RUN cd /app` alone does nothing at all, and `RUN cd /app && make` followed by
`RUN make install` runs the second `make` somewhere else. `WORKDIR /app` states the directory
once, for every later RUN, COPY, CMD and ENTRYPOINT of the stage (and creates it).

Reported once per RUN, at its first `cd`, as hadolint's DL3003 does (hadolint calls it a
warning; the built image is the same either way, so it is information here). A `cd` that is the
last command of its RUN is said to do nothing. `cd` inside `sh -c '…'` is that shell's business
and is not reported. There is no automatic fix: a WORKDIR would also move every later
instruction.
"""
    bad_example = """\
FROM golang:1.22
COPY . /src
RUN cd /src && go build -o /out/app .
"""
    good_example = """\
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /out/app .
"""

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs():
            for rs in ctx.run_scripts(inst):
                cds = [c for c in rs.script.commands if c.name == "cd" and not c.nested]
                if not cds:
                    continue
                cd = cds[0]
                target = cd.args[0].text if cd.args else "~"
                last = rs.script.commands[-1] is cd and len(cds) == 1
                if last:
                    message = (
                        f"`cd {target}` is the last command of this RUN and does nothing: the next instruction "
                        "starts in the WORKDIR again; use WORKDIR"
                    )
                else:
                    message = f"`cd {target}` lasts only for this RUN; use WORKDIR {target} to set the directory"
                    if not target.startswith("/"):
                        message = f"`cd {target}` lasts only for this RUN; use WORKDIR to set the directory"
                ctx.report(self, rs.command_span(cd), message)
                break  # one finding per RUN, as hadolint
