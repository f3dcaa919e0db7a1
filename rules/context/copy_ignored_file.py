"""DO403 copy-ignored-file: a COPY/ADD source that .dockerignore excludes (BuildKit's CopyIgnoredFile)."""

from __future__ import annotations

import os

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.context.ignore import load_dockerignore


class CopyIgnoredFile(Rule):
    id = "DO403"
    name = "copy-ignored-file"
    category = Category.CONTEXT
    severity = Severity.WARNING
    summary = "A COPY/ADD source is excluded by .dockerignore: the build fails or copies nothing"
    aliases = ("CopyIgnoredFile",)
    docs = """
BuildKit never sends files that `.dockerignore` excludes, so `COPY config/app.yaml /etc/app/`
fails with "not found" when `config/` is ignored, and a wildcard source silently matches fewer
files. Matching follows Docker's rules exactly (anchored at the context root, last match wins,
`!` re-includes).

**Fix**: re-include the path in `.dockerignore` (`!config/app.yaml`), or stop copying it.
"""
    bad_example = """\
# .dockerignore: config
FROM alpine:3.20
COPY config/app.yaml /etc/app/app.yaml
"""
    good_example = """\
# .dockerignore: config  !config/app.yaml
FROM alpine:3.20
COPY config/app.yaml /etc/app/app.yaml
"""

    def check(self, ctx: CheckContext) -> None:
        if not ctx.context_dir or not os.path.isdir(ctx.context_dir):
            return
        ignore = load_dockerignore(ctx.path or None, ctx.context_dir)
        if ignore is None or not ignore.patterns:
            return
        for inst in ctx.dockerfile.instructions:
            target = inst.effective
            if target.name not in ("COPY", "ADD") or target.flag("from") is not None or len(target.args) < 2:
                continue
            if target.heredocs:
                continue
            for arg in target.args[:-1]:
                src = arg.value
                if "://" in src or "$" in src or any(c in src for c in "*?[") or src in (".", "./"):
                    continue
                rel = src.lstrip("/")
                if rel.startswith("./"):
                    rel = rel[2:]
                if ignore.matches(rel):
                    ctx.report(
                        self,
                        arg.span,
                        f"{src} is excluded by {os.path.basename(ignore.path or '.dockerignore')}: "
                        "BuildKit does not send it, so this COPY fails",
                    )
