"""DO907 npm-package-unpinned: npm install without a version (information)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class NpmUnpinned(Rule):
    id = "DO907"
    name = "npm-package-unpinned"
    category = Category.PINNING
    severity = Severity.INFO
    summary = "Pin the versions of packages installed with npm install"
    aliases = ("DL3016",)
    docs = """
Without a version, `npm install` installs whatever is newest on the day of the build: two builds
of the same commit can differ, and a new release can break the image without any change in your
repository. Name the version: `typescript@5.6.3`.

On by default as information: package registries keep every published version, so a pinned
version keeps installing for years, and an unpinned one changes the image whenever a new release
appears — including major versions that break the build or the app.

As hadolint's DL3016: `npm install <package>` without `@version` (a git URL needs `#ref`;
tarballs and folders count as pinned). A dist-tag (`@latest`, `@next`) is not a version
(hadolint accepts it). `npm install` and `npm ci` without packages install the lock file: not
reported. One finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM node:22-slim
RUN npm install -g typescript
"""
    good_example = """\
FROM node:22-slim
RUN npm install -g typescript@5.6.3
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("npm",)

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("npm",)):
            ctx.report(self, found.span, found.message)
