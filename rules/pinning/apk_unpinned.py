"""DO905 apk-package-unpinned: apk add without a version (opt-in)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class ApkUnpinned(Rule):
    id = "DO905"
    name = "apk-package-unpinned"
    category = Category.PINNING
    severity = Severity.WARNING
    summary = "Pin the versions of packages installed with apk add"
    aliases = ("DL3018",)
    opt_in = True
    docs = """
Without a version, `apk add` installs whatever is newest on the day of the build: two builds of
the same commit can differ, and a new release can break the image without any change in your
repository. Name the version: `curl=8.9.1-r0`, or a range such as `curl~8.9` or `curl>=8.9`.

Off by default: a distribution's archive keeps only its current packages, so a pinned
`curl=8.9.1-r0` stops installing as soon as a security update replaces it (Debian, Ubuntu and
Alpine drop the old versions; the build then fails with "version not found"). Most teams get
reproducible OS packages from the base image instead: pin it by digest (DO901/DO902) and rebuild
on purpose. Select this rule when you mirror or snapshot the archive (for example
snapshot.debian.org), where pinned versions stay available.

As hadolint's DL3018: `apk add` operands without `=`, `~`, `<` or `>` (hadolint 2.15 accepts
ranges too); `.apk` files count as pinned; the `--virtual` name is not a package. One finding
per command, at its first unpinned package.
"""
    bad_example = """\
FROM alpine:3.20
RUN apk add --no-cache curl
"""
    good_example = """\
FROM alpine:3.20
RUN apk add --no-cache curl~8.9
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apk",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("apk",)):
            ctx.report(self, found.span, found.message)
