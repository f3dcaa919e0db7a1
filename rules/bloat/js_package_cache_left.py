"""DO206 js-package-cache-left: npm / yarn / pnpm caches left in the layer."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_kept_out, caches_of, clean_command
from dockeropt.analysis.stages import UNSHIPPED_NOTE
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import append_command

_MANAGERS = ("npm", "yarn", "pnpm")


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

Stages the final image does not ship (builders, test stages) are reported too, as information:
their layers cost build time and cache space, not image size.
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

    trigger_instructions = ("RUN",)
    trigger_words = ("npm", "yarn")

    def check(self, ctx: CheckContext) -> None:
        for rs in ctx.all_scripts():
            for op in rs.script.package_ops(_MANAGERS, "install"):
                caches = caches_of(op.manager, "install")
                if cache_kept_out(ctx, rs, op, caches):
                    continue
                clean = clean_command(op.manager)
                edit = append_command(rs, clean)
                fix = Fix([edit], f"append {clean}", changes=tuple(c.root + "/*" for c in caches)) if edit else None
                shipped = ctx.graph.ships(rs.inst)
                ctx.report(
                    self,
                    rs.command_span(op.command),
                    f"{op.manager} {op.subcommand} keeps its package cache ({caches[0].root}) in this layer; "
                    f"append `{clean}` or use a cache mount" + ("" if shipped else UNSHIPPED_NOTE),
                    fix,
                    Impact(bytes_low=50_000_000, bytes_high=500_000_000, source="typical web app caches")
                    if shipped
                    else None,
                )
                break
