"""DO906 pip-package-unpinned: pip install without a version (information)."""

from __future__ import annotations

from dockeropt.analysis.pinning import unpinned_installs
from dockeropt.api import Category, CheckContext, Rule, Severity


class PipUnpinned(Rule):
    id = "DO906"
    name = "pip-package-unpinned"
    category = Category.PINNING
    severity = Severity.INFO
    summary = "Pin the versions of packages installed with pip install"
    aliases = ("DL3013",)
    docs = """
Without a version, `pip install` installs whatever is newest on the day of the build: two builds
of the same commit can differ, and a new release can break the image without any change in your
repository. Name the version: `flask==3.0.3` (or `-r requirements.txt` / `-c constraints.txt`
with pinned versions).

On by default as information: package registries keep every published version, so a pinned
version keeps installing for years, and an unpinned one changes the image whenever a new release
appears — including major versions that break the build or the app.

As hadolint's DL3013: `pip install` (and `pip3`, `python -m pip`, `uv pip install`, `pipx
install`) of a package without a version specifier. Installs driven by `-r`/`-c` files or the
local project (`.`) are left alone, as are editable checkouts, archives and VCS references with
`@ref` — as hadolint does. One finding per command, at its first unpinned package.
"""
    bad_example = """\
FROM python:3.12-slim
RUN pip install --no-cache-dir flask gunicorn
"""
    good_example = """\
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("pip", "uv")

    def check(self, ctx: CheckContext) -> None:
        for found in unpinned_installs(ctx, ("pip", "uv", "pipx")):
            ctx.report(self, found.span, found.message)
