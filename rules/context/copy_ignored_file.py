"""DO403 copy-ignored-file: a COPY/ADD source that .dockerignore excludes (BuildKit's CopyIgnoredFile)."""

from __future__ import annotations

import os

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.context.dockerignore import load_dockerignore

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.context.dockerignore import DockerIgnore


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

Only a source that exists in the context folder is reported: a path that is not there at all means
the build uses another context (`docker build -f sub/Dockerfile .` from the repository root,
where another `.dockerignore` applies), not that the file is ignored.
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

    trigger_instructions = ("COPY", "ADD")

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
                if not os.path.lexists(os.path.join(ctx.context_dir, rel)):
                    continue  # not in this folder at all: the build takes another context (or the file is missing)
                if ignore.matches(rel) and not _sends_something_below(ctx.context_dir, rel, ignore):
                    ctx.report(
                        self,
                        arg.span,
                        f"{src} is excluded by {os.path.basename(ignore.path or '.dockerignore')}: "
                        "BuildKit does not send it, so this COPY fails",
                    )


def _sends_something_below(context_dir: str, rel: str, ignore: DockerIgnore) -> bool:
    """An excluded folder whose contents an exception re-includes (``*`` then ``!images/*``): BuildKit
    sends the folder with those files, and COPY of the folder works."""
    full = os.path.join(context_dir, rel)
    if not os.path.isdir(full) or not ignore.may_reinclude_below(rel.rstrip("/")):
        return False
    seen = 0
    for root, _dirs, files in os.walk(full):
        for name in files:
            path = os.path.relpath(os.path.join(root, name), context_dir).replace(os.sep, "/")
            if not ignore.matches(path):
                return True
            seen += 1
            if seen > 10_000:
                return True  # a large folder: assume the exception meant it
    return False
