"""DO904 apt-package-unpinned: apt-get install without a version (opt-in)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class AptUnpinned(Rule):
    id = "DO904"
    name = "apt-package-unpinned"
    category = Category.PINNING
    severity = Severity.WARNING
    summary = "Pin the versions of packages installed with apt-get install"
    aliases = ("DL3008",)
    opt_in = True
    docs = """
Without a version, `apt-get install` installs whatever is newest on the day of the build: two
builds of the same commit can differ, and a new release can break the image without any change
in your repository. Name the version: `curl=7.88.1-10+deb12u8`.

Off by default: a distribution's archive keeps only its current packages, so a pinned
`curl=7.88.1-10+deb12u8` stops installing as soon as a security update replaces it (Debian,
Ubuntu and Alpine drop the old versions; the build then fails with "version not found"). Most
teams get reproducible OS packages from the base image instead: pin it by digest (DO901/DO902)
and rebuild on purpose. Select this rule when you mirror or snapshot the archive (for example
snapshot.debian.org), where pinned versions stay available.

As hadolint's DL3008: `apt-get install` (and `apt install`) operands without `=version`; `.deb`
files count as pinned. Unlike hadolint, a release suffix (`curl/bookworm-backports`) is not a
version. One finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\
    && rm -rf /var/lib/apt/lists/*
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apt",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("apt",)):
            ctx.report(self, found.span, found.message)
