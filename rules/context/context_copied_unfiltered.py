"""DO401 context-copied-unfiltered: the whole context is copied and .dockerignore lets bulk or secrets in."""

from __future__ import annotations

import os

from dockeropt.analysis.copy_sources import copies_whole_context
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.finding import Impact, Severity, format_size
from dockeropt.context.ignore import cached_scan, load_dockerignore

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction

# Sent paths smaller than this are not worth a finding on their own (secrets always are).
MIN_BULK = 1_000_000


def whole_context_copy(ctx: CheckContext) -> Instruction | None:
    return next((inst for inst in ctx.dockerfile.instructions if copies_whole_context(inst.effective)), None)


class ContextCopiedUnfiltered(Rule):
    id = "DO401"
    name = "context-copied-unfiltered"
    category = Category.CONTEXT
    severity = Severity.WARNING
    summary = "The whole build context is copied, and no .dockerignore keeps out .git, dependencies or secrets"
    docs = """
`COPY . .` sends the whole build context to the builder and copies it into the image. Without a
`.dockerignore` (or with one that misses them) that includes `.git` (often larger than the
sources), `node_modules` and virtualenvs built for another platform, `__pycache__`, build outputs,
and secrets: `.env` files, keys, `.npmrc` tokens, cloud credentials. They end up in every layer
pushed to the registry; the copy of volatile files like `.git` also busts the build cache on
every commit.

dockeropt scans the build context (`--context`, default the Dockerfile's folder) with Docker's own
`.dockerignore` semantics — `<Dockerfile>.dockerignore` beside the Dockerfile wins over the
context's `.dockerignore`; patterns are anchored at the context root, so `node_modules` does not
cover `web/node_modules`, `**/node_modules` does — and reports what would be sent, its size, and
the largest entries.

**Fix**: add the reported paths to `.dockerignore` (`dockeropt fix --dockerignore` writes one), or
copy only what the image needs (`COPY src/ ./src/`).
"""
    bad_example = """\
# .dockerignore is missing; the context holds .git (180 MB), node_modules (400 MB) and .env
FROM node:22-slim
WORKDIR /app
COPY . .
"""
    good_example = """\
# .dockerignore: .git  node_modules  .env  **/__pycache__  dist
FROM node:22-slim
WORKDIR /app
COPY . .
"""

    def check(self, ctx: CheckContext) -> None:
        if not ctx.context_dir or not os.path.isdir(ctx.context_dir):
            return
        copy = whole_context_copy(ctx)
        if copy is None:
            return
        ignore = load_dockerignore(ctx.path or None, ctx.context_dir)
        scan = cached_scan(ctx.context_dir, ignore)
        sent = {
            path: (kind, size)
            for path, (kind, size) in scan.sent_notable.items()
            if kind == "secrets" or size >= MIN_BULK or path.endswith(".git")
        }
        if not sent:
            return
        ordered = sorted(sent.items(), key=lambda kv: (kv[1][0] != "secrets", -kv[1][1], kv[0]))
        listed = ", ".join(
            f"{path} ({'secrets' if kind == 'secrets' else format_size(size)})" for path, (kind, size) in ordered[:6]
        )
        more = f" and {len(ordered) - 6} more" if len(ordered) > 6 else ""
        largest = ", ".join(f"{name} {format_size(size)}" for name, size in scan.largest(3))
        where = (
            f"{os.path.basename(ignore.path)} does not exclude"
            if ignore and ignore.path
            else "no .dockerignore: it sends"
        )
        bulk = sum(size for _, (kind, size) in sent.items())
        secrets = any(kind == "secrets" for kind, _ in sent.values())
        ctx.report(
            self,
            copy.span,
            f"{copy.cmd} {copy.args[0].value} copies the whole context ({format_size(scan.size)}, {scan.files} files"
            f"{'' if scan.complete else ' or more'}; largest: {largest}) and {where} {listed}{more}",
            impact=Impact(bytes_low=bulk, bytes_high=bulk, source="build context scan"),
            severity=Severity.ERROR if secrets else None,
        )
