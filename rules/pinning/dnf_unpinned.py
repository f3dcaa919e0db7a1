"""DO911 dnf-package-unpinned: dnf install without a version (opt-in)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class DnfUnpinned(Rule):
    id = "DO911"
    name = "dnf-package-unpinned"
    category = Category.PINNING
    severity = Severity.WARNING
    summary = "Pin the versions of packages installed with dnf install"
    aliases = ("DL3041",)
    opt_in = True
    docs = """
Without a version, `dnf install` installs whatever is newest on the day of the build: two builds
of the same commit can differ, and a new release can break the image without any change in your
repository. Name the version: `nginx-1.26.2`.

Off by default: a distribution's archive keeps only its current packages, so a pinned
`nginx-1.26.2` stops installing as soon as a security update replaces it (Debian, Ubuntu and
Alpine drop the old versions; the build then fails with "version not found"). Most teams get
reproducible OS packages from the base image instead: pin it by digest (DO901/DO902) and rebuild
on purpose. Select this rule when you mirror or snapshot the archive (for example
snapshot.debian.org), where pinned versions stay available.

As hadolint's DL3041: `dnf`/`microdnf install` operands without a `-version` (`nginx-1.26.2`,
hadolint's test) or an `.rpm` file; a version from a variable counts. Groups are not reported.
One finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM fedora:40
RUN dnf install -y nginx && dnf clean all
"""
    good_example = """\
FROM fedora:40
RUN dnf install -y nginx-1.26.2 && dnf clean all
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("dnf",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("dnf", "microdnf", "tdnf")):
            ctx.report(self, found.span, found.message)
