"""DO211 package-upgrade: upgrading all OS packages inside the build."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Impact, Rule, Severity

_MANAGERS = ("apt", "apk", "dnf", "yum", "microdnf", "tdnf", "zypper")


class PackageUpgrade(Rule):
    id = "DO211"
    name = "package-upgrade"
    category = Category.BLOAT
    severity = Severity.INFO
    summary = "Upgrading every OS package in the build bloats the layer and makes builds unreproducible"
    aliases = ("DL3035",)
    docs = """
`apt-get upgrade`, `apt-get dist-upgrade`, `apk upgrade`, `dnf upgrade`, `yum update` and
`zypper dup` rewrite every package that has a newer version into a new layer: tens to hundreds
of megabytes that duplicate the base image's files. The result also depends on the day of the
build, so two builds of the same commit differ.

**Fix**: use a newer (or a regularly rebuilt) base image tag instead, and pin the few packages
you need to be current. If you must patch a security issue now, upgrade only that package.
"""
    bad_example = """\
FROM ubuntu:24.04
RUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*
"""
    good_example = """\
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --only-upgrade openssl && rm -rf /var/lib/apt/lists/*
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apt", "apk", "dnf", "yum", "zypper")

    def check(self, ctx: CheckContext) -> None:
        for found in ctx.shipped_package_ops(_MANAGERS, "upgrade"):
            op = found.op
            if op.packages:
                continue  # upgrading named packages is deliberate
            ctx.report(
                self,
                found.rs.command_span(op.command),
                f"{op.command.name} {op.subcommand} rewrites every upgradable package into this layer and "
                "makes the build depend on the day it runs; use a newer base image instead",
                impact=Impact(bytes_low=10_000_000, bytes_high=300_000_000, source="size of upgraded packages"),
            )
