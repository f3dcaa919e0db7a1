"""DO912 go-install-unpinned: go install without a version (information)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class GoUnpinned(Rule):
    id = "DO912"
    name = "go-install-unpinned"
    category = Category.PINNING
    severity = Severity.INFO
    summary = "Pin the versions of packages installed with go install"
    aliases = ("DL3062",)
    docs = """
Without a version, `go install` installs whatever is newest on the day of the build: two builds
of the same commit can differ, and a new release can break the image without any change in your
repository. Name the version: `golang.org/x/tools/cmd/goimports@v0.24.0` (`@latest` is not a
version).

On by default as information: package registries keep every published version, so a pinned
version keeps installing for years, and an unpinned one changes the image whenever a new release
appears — including major versions that break the build or the app.

As hadolint's DL3062: `go install`/`go get` of a module path without `@version` (`@latest` and
`@none` are not versions, as in hadolint); local packages (`.`, `./cmd/x`) are not reported. One
finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM golang:1.22
RUN go install golang.org/x/tools/cmd/goimports@latest
"""
    good_example = """\
FROM golang:1.22
RUN go install golang.org/x/tools/cmd/goimports@v0.24.0
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("go",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("go",)):
            ctx.report(self, found.span, found.message)
