"""DO205 os-package-cache-left: yum / dnf / microdnf / zypper caches left in the layer."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_kept_out, caches_of, clean_command
from dockeropt.analysis.stages import UNSHIPPED_NOTE
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import append_command
from dockeropt.knowledge.packages import MANAGERS

# the RPM-based managers: yum, dnf, microdnf, tdnf, zypper
_MANAGERS = tuple(name for name, m in MANAGERS.items() if m.ecosystem == "rpm")


class OsPackageCacheLeft(Rule):
    id = "DO205"
    name = "os-package-cache-left"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "yum/dnf/microdnf/zypper install without a clean-up in the same RUN keeps their cache"
    aliases = ("DL3032", "DL3040", "DL3036")
    fixable = True
    docs = """
yum, dnf, microdnf and zypper keep repository metadata (and often the downloaded RPMs) under
`/var/cache/{yum,dnf,zypp}`: typically 50–250 MB on RHEL/UBI, Fedora and openSUSE images. It
must be removed in the RUN that installs, or it stays in that layer.

**Fix** (safe): append `&& yum clean all` (`dnf clean all`, `microdnf clean all`,
`zypper clean --all`) to the RUN, or mount the cache directory with
`RUN --mount=type=cache,target=/var/cache/dnf`.

Stages the final image does not ship (builders, test stages) are reported too, as information:
their layers cost build time and cache space, not image size.
"""
    bad_example = """\
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y nginx
"""
    good_example = """\
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y nginx && dnf clean all
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("yum", "dnf", "zypper")

    def check(self, ctx: CheckContext) -> None:
        for rs in ctx.all_scripts():
            for op in rs.script.package_ops(_MANAGERS, "install"):
                caches = caches_of(op.manager, "install")
                if cache_kept_out(ctx, rs, op, caches):
                    continue
                cache, clean = caches[0].root, clean_command(op.manager)
                edit = append_command(rs, clean)
                fix = Fix([edit], f"append {clean}", changes=tuple(c.root + "/*" for c in caches)) if edit else None
                shipped = ctx.graph.ships(rs.inst)
                ctx.report(
                    self,
                    rs.command_span(op.command),
                    f"{op.manager} install without `{clean}` in the same RUN leaves {cache} in this layer"
                    + ("" if shipped else UNSHIPPED_NOTE),
                    fix,
                    Impact(bytes_low=20_000_000, bytes_high=250_000_000, source="RHEL/UBI/Fedora metadata caches")
                    if shipped
                    else None,
                    severity=None if shipped else Severity.INFO,
                )
                break
