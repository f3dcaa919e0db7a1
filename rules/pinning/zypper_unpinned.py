"""DO910 zypper-package-unpinned: zypper install without a version (opt-in)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class ZypperUnpinned(Rule):
    id = "DO910"
    name = "zypper-package-unpinned"
    category = Category.PINNING
    severity = Severity.WARNING
    summary = "Pin the versions of packages installed with zypper install"
    aliases = ("DL3037",)
    opt_in = True
    docs = """
Without a version, `zypper install` installs whatever is newest on the day of the build: two
builds of the same commit can differ, and a new release can break the image without any change
in your repository. Name the version: `curl=8.6.0` (or `curl>=8.6`).

Off by default: a distribution's archive keeps only its current packages, so a pinned
`curl=8.6.0` stops installing as soon as a security update replaces it (Debian, Ubuntu and
Alpine drop the old versions; the build then fails with "version not found"). Most teams get
reproducible OS packages from the base image instead: pin it by digest (DO901/DO902) and rebuild
on purpose. Select this rule when you mirror or snapshot the archive (for example
snapshot.debian.org), where pinned versions stay available.

As hadolint's DL3037: `zypper install` operands without `=`, `<` or `>`, or an `.rpm` file. One
finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM opensuse/leap:15.6
RUN zypper install -y curl && zypper clean -a
"""
    good_example = """\
FROM opensuse/leap:15.6
RUN zypper install -y curl=8.6.0 && zypper clean -a
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("zypper",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("zypper",)):
            ctx.report(self, found.span, found.message)
