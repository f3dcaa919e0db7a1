"""DO206 js-package-cache-left: npm / yarn / pnpm caches left in the layer."""

from __future__ import annotations

from dockeropt.analysis.runs import has_cache_mount
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import append_command

CACHES = {
    "npm": (("/root/.npm", "~/.npm"), "npm cache clean --force"),
    "yarn": (("/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn"), "yarn cache clean"),
    "pnpm": (("/root/.local/share/pnpm/store", "/root/.pnpm-store"), "pnpm store prune"),
}


class JsPackageCacheLeft(Rule):
    id = "DO206"
    name = "js-package-cache-left"
    category = Category.BLOAT
    severity = Severity.INFO
    summary = "npm/yarn/pnpm install keeps a copy of every package tarball in its cache"
    aliases = ("DL3060",)
    fixable = True
    docs = """
npm (`~/.npm/_cacache`), yarn (`/usr/local/share/.cache/yarn`) and pnpm (its store) keep every
downloaded package in a cache besides `node_modules`: for a typical web app that is another
100–500 MB in the layer.

**Fix** (safe): append `&& npm cache clean --force` (`yarn cache clean`, `pnpm store prune`) to
the RUN, or mount the cache: `RUN --mount=type=cache,target=/root/.npm npm ci`. Only stages that
ship in the final image are reported; in a builder stage the cache does no harm.
"""
    bad_example = """\
FROM node:22-slim
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
"""
    good_example = """\
FROM node:22-slim
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
"""

    def check(self, ctx: CheckContext) -> None:
        for rs in ctx.shipped_scripts():
            cleaned = {op.manager for op in rs.script.package_ops(action="clean")}
            for op in rs.script.package_ops(tuple(CACHES), "install"):
                dirs, clean = CACHES[op.manager]
                if op.manager in cleaned or has_cache_mount(rs.inst, *dirs):
                    continue
                if any(rs.script.removes(d) for d in dirs):
                    continue
                edit = append_command(rs, clean)
                fix = Fix([edit], f"append {clean}", changes=tuple(d + "/*" for d in dirs)) if edit else None
                ctx.report(
                    self,
                    rs.command_span(op.command),
                    f"{op.manager} {op.subcommand} keeps its package cache ({dirs[0]}) in this layer; "
                    f"append `{clean}` or use a cache mount",
                    fix,
                    Impact(bytes_low=50_000_000, bytes_high=500_000_000, source="typical web app caches"),
                )
                break
