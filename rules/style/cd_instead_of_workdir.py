"""DO130 cd-instead-of-workdir: ``cd`` in a RUN where WORKDIR says it once for the stage."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command, Script

_TEMPORARY = ("/tmp", "/var/tmp")


def _under(path: str, folder: str) -> bool:
    folder = folder.rstrip("/")
    return bool(folder) and (path.rstrip("/") == folder or path.startswith(folder + "/"))


def enters_scratch_directory(script: Script, cd: Command) -> bool:
    """Whether ``cd`` enters a directory the RUN uses as scratch space, where a WORKDIR would be wrong:
    a temporary folder (``/tmp/…``, ``$(mktemp -d)``), one the RUN removes afterwards (a source tree
    built and deleted: ``cd /usr/src/python … rm -rf /usr/src/python``), or a ``cd`` inside
    ``( … )``, which is scoped on purpose."""
    if cd.in_subshell or not cd.args:
        return cd.in_subshell
    target = cd.args[0].text
    if any(_under(target, t) for t in _TEMPORARY):
        return True
    if target.startswith("$"):
        name = target[1:].split("/", 1)[0].strip("{}")
        if any(v.name == name and v.value is not None and "mktemp" in v.value.text for v in script.variables):
            return True
    return any(r.recursive and r.command.index > cd.index and _under(target, r.word.text) for r in script.removals)


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
and is not reported.

Unlike hadolint, a RUN that works in a scratch directory is not reported: a temporary folder
(`/tmp/…`, `$(mktemp -d)`), a source tree the same RUN removes when it is done
(`cd /usr/src/python && make install && rm -rf /usr/src/python`, the Docker official images'
pattern), or a `cd` inside `( … )`. A WORKDIR there would be wrong: it would keep the directory
in the image and move every later instruction into it. There is no automatic fix: a WORKDIR would also move every later
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

    trigger_instructions = ("RUN",)
    trigger_words = ("cd",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs():
            for rs in ctx.run_scripts(inst):
                cds = [c for c in rs.script.commands if c.name == "cd" and not c.nested]
                if not cds or any(enters_scratch_directory(rs.script, c) for c in cds):
                    continue  # a build in a scratch directory: its `cd`s (back out too) are its own business
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
