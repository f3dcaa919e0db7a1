"""DO909 yum-package-unpinned: yum install without a version (opt-in)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class YumUnpinned(Rule):
    id = "DO909"
    name = "yum-package-unpinned"
    category = Category.PINNING
    severity = Severity.WARNING
    summary = "Pin the versions of packages installed with yum install"
    aliases = ("DL3033",)
    opt_in = True
    docs = """
Without a version, `yum install` installs whatever is newest on the day of the build: two builds
of the same commit can differ, and a new release can break the image without any change in your
repository. Name the version: `httpd-2.4.6`.

Off by default: a distribution's archive keeps only its current packages, so a pinned
`httpd-2.4.6` stops installing as soon as a security update replaces it (Debian, Ubuntu and
Alpine drop the old versions; the build then fails with "version not found"). Most teams get
reproducible OS packages from the base image instead: pin it by digest (DO901/DO902) and rebuild
on purpose. Select this rule when you mirror or snapshot the archive (for example
snapshot.debian.org), where pinned versions stay available.

As hadolint's DL3033: `yum install` operands without a `-version` (`httpd-2.4.6`, hadolint's
test) or an `.rpm` file; a version from a variable (`httpd-${HTTPD_VERSION}`) counts. Groups are
not reported. One finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM centos:7
RUN yum install -y httpd && yum clean all
"""
    good_example = """\
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("yum",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("yum",)):
            ctx.report(self, found.span, found.message)
