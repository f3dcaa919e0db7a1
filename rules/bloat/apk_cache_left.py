"""DO203 apk-cache-left: apk add keeps its index cache in the layer."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_kept_out, caches_of
from dockeropt.analysis.stages import UNSHIPPED_NOTE
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import insert_after_word


class ApkCacheLeft(Rule):
    id = "DO203"
    name = "apk-cache-left"
    category = Category.BLOAT
    severity = Severity.INFO
    summary = "apk add without --no-cache leaves the package index in the layer"
    aliases = ("DL3019",)
    fixable = True
    docs = """
`apk update` / `apk add` store the repository indexes under `/var/cache/apk` (a few MB for
Alpine main and community). `apk add --no-cache` fetches the index, installs and keeps nothing,
in one step; it also makes a separate `apk update` unnecessary.

**Fix** (safe): add `--no-cache` to `apk add`, or use
`RUN --mount=type=cache,target=/var/cache/apk`.

Stages the final image does not ship (builders, test stages) are reported too, as information:
their layers cost build time and cache space, not image size.
"""
    bad_example = """\
FROM alpine:3.20
RUN apk update && apk add curl
"""
    good_example = """\
FROM alpine:3.20
RUN apk add --no-cache curl
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apk",)

    def check(self, ctx: CheckContext) -> None:
        caches = caches_of("apk")
        index = caches[0].root
        for found in ctx.all_package_ops("apk", "install"):
            rs, op = found.rs, found.op
            if cache_kept_out(ctx, rs, op, caches):
                continue
            edit = insert_after_word(rs, op.subcommand_word, "--no-cache")
            fix = Fix([edit], "add --no-cache to apk add", changes=(index + "/*",)) if edit else None
            shipped = ctx.graph.ships(found.inst)
            ctx.report(
                self,
                rs.command_span(op.command),
                f"apk add without --no-cache keeps the package index in {index} in this layer"
                + ("" if shipped else UNSHIPPED_NOTE),
                fix,
                Impact(bytes_low=1_000_000, bytes_high=5_000_000, source="Alpine main+community APKINDEX")
                if shipped
                else None,
            )
