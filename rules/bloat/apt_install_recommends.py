"""DO202 apt-install-recommends: apt-get install pulls in recommended packages."""

from __future__ import annotations

from dockeropt.analysis.stages import UNSHIPPED_NOTE
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import insert_after_word


class AptInstallRecommends(Rule):
    id = "DO202"
    name = "apt-install-recommends"
    category = Category.BLOAT
    severity = Severity.INFO
    summary = "apt-get install without --no-install-recommends installs packages you did not ask for"
    aliases = ("DL3015",)
    fixable = True
    docs = """
By default apt installs every package that the ones you name *recommend*: documentation,
optional tools, extra libraries. In images this commonly adds tens to hundreds of megabytes
(`build-essential` or `git` alone pull in several). Containers rarely need them.

**Fix** (unsafe: the image loses the recommended packages, and something may have relied on
one of them): add `--no-install-recommends`. Build and test the image after the change.

Stages the final image does not ship (builders, test stages) are reported too, as information:
their layers cost build time and cache space, not image size.
"""
    bad_example = """\
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*
"""
    good_example = """\
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apt",)

    def check(self, ctx: CheckContext) -> None:
        for found in ctx.all_package_ops("apt", "install"):
            rs, op = found.rs, found.op
            if op.no_install_recommends:
                continue
            edit = insert_after_word(rs, op.subcommand_word, "--no-install-recommends")
            fix = Fix([edit], "add --no-install-recommends", safe=False) if edit else None
            shipped = ctx.graph.ships(found.inst)
            ctx.report(
                self,
                rs.command_span(op.command),
                f"apt-get install of {len(op.packages)} package(s) without --no-install-recommends "
                "also installs everything they recommend" + ("" if shipped else UNSHIPPED_NOTE),
                fix,
                Impact(rebuild="recommended packages often add 10-100s of MB", source="apt behaviour")
                if shipped
                else None,
            )
