"""DO908 gem-unpinned: gem install without a version (information)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class GemUnpinned(Rule):
    id = "DO908"
    name = "gem-unpinned"
    category = Category.PINNING
    severity = Severity.INFO
    summary = "Pin the versions of packages installed with gem install"
    aliases = ("DL3028",)
    docs = """
Without a version, `gem install` installs whatever is newest on the day of the build: two builds
of the same commit can differ, and a new release can break the image without any change in your
repository. Name the version: `bundler:2.5.22` (or `-v 2.5.22`).

On by default as information: package registries keep every published version, so a pinned
version keeps installing for years, and an unpinned one changes the image whenever a new release
appears — including major versions that break the build or the app.

As hadolint's DL3028: `gem install` of a gem without `:version`, unless `-v`/`--version` is
given. One finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM ruby:3.3-slim
RUN gem install bundler
"""
    good_example = """\
FROM ruby:3.3-slim
RUN gem install bundler:2.5.22
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("gem",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("gem",)):
            ctx.report(self, found.span, found.message)
