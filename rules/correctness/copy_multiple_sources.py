"""DO121 copy-multiple-sources-to-file: several sources copied to a destination without a trailing ``/``."""

from __future__ import annotations

from dockeropt.analysis.copy_sources import copy_operands
from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.graph.model import join_workdir


class CopyMultipleSourcesToFile(Rule):
    id = "DO121"
    name = "copy-multiple-sources-to-file"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    summary = "COPY with several sources needs a destination ending in /"
    aliases = ("DL3021",)
    fixable = True
    docs = """
`COPY package.json package-lock.json /app` means "copy into the directory /app" only when
`/app` already exists as a directory. Otherwise BuildKit copies the first file *as* `/app`
and the next one over it (moby/buildkit#1853): the image ends up with one file called `/app`
and `npm ci` fails with a confusing error. The classic builder, Podman and Buildah refuse the
instruction outright ("the destination must be a directory and end with a /").

`.`, `..` and a destination equal to the current WORKDIR are directories that exist and are
not reported.

**Fix** (unsafe: it changes the result when the destination did not exist as a directory,
which is the point): a `/` is appended to the destination.
"""
    bad_example = """\
FROM node:20-alpine
COPY package.json package-lock.json /app
"""
    good_example = """\
FROM node:20-alpine
COPY package.json package-lock.json /app/
"""

    trigger_instructions = ("COPY", "ADD")

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for inst in ctx.dockerfile.instructions:
            operands = copy_operands(inst)
            if operands is None or inst.flag("parents") is not None:
                continue
            sources, dest = operands
            if len(sources) < 2:
                continue
            state = graph.state(inst)
            path, unmatched = graph.expand(dest.value, state.variables())
            if unmatched or not path or path.endswith(("/", "\\")):
                continue
            if path in (".", "..") or path.endswith(("/.", "/..")):
                continue
            if state.workdir is not None and join_workdir(state.workdir, path) == state.workdir:
                continue
            fix = None
            if ctx.dockerfile.text[dest.span.start : dest.span.end] == dest.value and not inst.json:
                fix = Fix([Edit(dest.span.end, dest.span.end, "/")], f"copy into '{dest.value}/'", safe=False)
            ctx.report(
                self,
                dest.span,
                f"{inst.cmd} of {len(sources)} sources to '{dest.value}' without a trailing '/': unless that "
                "directory already exists, BuildKit writes each source over the same file and other builders "
                "reject the instruction; write '" + dest.value + "/'",
                fix,
            )
