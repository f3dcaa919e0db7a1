"""DO304 add-instead-of-copy: ADD where COPY is meant."""

from __future__ import annotations

import re

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.shell.packages import ARCHIVE_SUFFIXES

_ADD_ONLY_FLAGS = frozenset({"checksum", "keep-git-dir", "unpack"})


class AddInsteadOfCopy(Rule):
    id = "DO304"
    name = "add-instead-of-copy"
    category = Category.CACHE
    severity = Severity.WARNING
    summary = "ADD copies local files like COPY but also unpacks archives and fetches URLs: use COPY"
    aliases = ("DL3020",)
    fixable = True
    docs = """
`ADD` does what `COPY` does and more: it unpacks local tar archives and downloads URLs and git
repositories. For plain local files that extra behaviour is a trap (a `.tar.gz` meant to be
copied gets unpacked), and readers cannot tell which one you meant.

**Fix** (safe): `ADD` of local files that are not archives becomes `COPY`, with the same flags.
Keep `ADD` for what only it does: remote URLs with `--checksum`, git sources, archives you want
unpacked.
"""
    bad_example = """\
FROM python:3.12-slim
ADD requirements.txt /app/
"""
    good_example = """\
FROM python:3.12-slim
COPY requirements.txt /app/
"""

    trigger_instructions = ("ADD",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.name != "ADD" or len(inst.args) < 2 or inst.heredocs:
                continue
            if any(f.name in _ADD_ONLY_FLAGS for f in inst.flags):
                continue
            sources = [a.value for a in inst.args[:-1]]
            variables = ctx.graph.state(inst).variables()
            if any(_special(s, ctx.graph.expand(s, variables)) for s in sources):
                continue
            keyword = inst.keyword_span
            new = "COPY" if inst.cmd.isupper() else ("copy" if inst.cmd.islower() else "Copy")
            ctx.report(
                self,
                keyword,
                f"ADD of local {'file' if len(sources) == 1 else 'files'} {', '.join(sources)}: use COPY",
                Fix([Edit(keyword.start, keyword.end, new)], "use COPY"),
            )


_ENDS_WITH_VARIABLE = re.compile(r"\$(\{[^}]*\}|[A-Za-z0-9_]+)$")


def _special(source: str, expanded: tuple[str, set[str]]) -> bool:
    """A source only ADD handles: a URL, a git repository or an archive to unpack. With build
    arguments, judged by the value they give; a variable with no value that could hold a URL
    (at the start) or an archive name (at the end) makes the source unknown, so it is left alone."""
    value, unmatched = expanded
    if unmatched and (source.startswith("$") or _ENDS_WITH_VARIABLE.search(source)):
        return True
    low = value.lower()
    return "://" in low or low.startswith("git@") or low.endswith(ARCHIVE_SUFFIXES)
