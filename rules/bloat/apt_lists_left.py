"""DO201 apt-lists-left: apt package lists left in the layer."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_kept_out, caches_of
from dockeropt.analysis.stages import UNSHIPPED_NOTE
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import append_command

# measured: /var/lib/apt/lists after `apt-get update` on Debian 12 (main, updates, security; the
# official images keep them gz/lz4-compressed), 2026-11-22: 19 MB; uncompressed indexes ~2x.
IMPACT = Impact(bytes_low=15_000_000, bytes_high=45_000_000, source="Debian 12 lists after apt-get update, measured")


class AptListsLeft(Rule):
    id = "DO201"
    name = "apt-lists-left"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "apt-get update leaves its package lists in the layer"
    aliases = ("DL3009",)
    fixable = True
    docs = """
`apt-get update` downloads the package indexes into `/var/lib/apt/lists` (15–45 MB on Debian
and Ubuntu). Unless the same RUN deletes them, they stay in that layer of the image forever:
deleting them in a later RUN only hides them. They are also stale by the time anyone uses the
image, so nothing is lost by removing them.

**Fix** (safe): append `&& rm -rf /var/lib/apt/lists/*` to the RUN that updates, or mount the
lists as a cache (`RUN --mount=type=cache,target=/var/lib/apt/lists …`). Only stages that end up
in the final image are reported as warnings; a builder stage's layers are not shipped, so
there it is information (they cost build time and cache space, not image size). `apt-get
dist-clean` (apt 2.7, Debian 13) deletes the lists too (hadolint's DL3009 does not know it).
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apt",)

    def check(self, ctx: CheckContext) -> None:
        caches = caches_of("apt", "update")  # /var/lib/apt/lists (apt-get dist-clean, apt 2.7+, deletes it)
        lists = caches[0].root
        reported: set[int] = set()  # one finding per RUN
        for rs in ctx.all_scripts():
            updates = rs.script.package_ops("apt", "update")
            if not updates or rs.inst.index in reported or cache_kept_out(ctx, rs, updates[0], caches):
                continue
            # Deleting the lists right after an update that nothing here uses would leave the next
            # RUN's install without them: that update belongs in the installing RUN (DO302's fix).
            uses_lists = bool(rs.script.package_ops("apt", ("install", "upgrade")))
            edit = append_command(rs, f"rm -rf {lists}/*") if uses_lists else None
            fix = Fix([edit], f"remove {lists}/* in the same RUN", changes=(f"{lists}/*",)) if edit else None
            advice = (
                "remove it in the same RUN"
                if uses_lists
                else "nothing in this RUN uses the lists: update in the RUN that installs, and remove them there"
            )
            shipped = ctx.graph.ships(rs.inst)
            ctx.report(
                self,
                rs.command_span(updates[0].command),
                f"apt-get update leaves {lists} in this layer; {advice}" + ("" if shipped else UNSHIPPED_NOTE),
                fix,
                IMPACT if shipped else None,
                severity=None if shipped else Severity.INFO,
            )
            reported.add(rs.inst.index)
