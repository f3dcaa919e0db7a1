"""DO205 os-package-cache-left: yum / dnf / microdnf / zypper caches left in the layer."""

from __future__ import annotations

from dockeropt.analysis.runs import has_cache_mount
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import append_command

# manager -> (cache directory, the clean-up command)
CACHES = {
    "yum": ("/var/cache/yum", "yum clean all"),
    "dnf": ("/var/cache/dnf", "dnf clean all"),
    "microdnf": ("/var/cache/yum", "microdnf clean all"),
    "tdnf": ("/var/cache/tdnf", "tdnf clean all"),
    "zypper": ("/var/cache/zypp", "zypper clean --all"),
}


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
"""
    bad_example = """\
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y nginx
"""
    good_example = """\
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y nginx && dnf clean all
"""

    def check(self, ctx: CheckContext) -> None:
        for rs in ctx.shipped_scripts():
            cleaned = {op.manager for op in rs.script.package_ops(action="clean")}
            for op in rs.script.package_ops(tuple(CACHES), "install"):
                cache, clean = CACHES[op.manager]
                if op.manager in cleaned or rs.script.removes(cache + "/*") or has_cache_mount(rs.inst, cache):
                    continue
                edit = append_command(rs, clean)
                fix = Fix([edit], f"append {clean}", changes=(cache + "/*",)) if edit else None
                ctx.report(
                    self,
                    rs.command_span(op.command),
                    f"{op.manager} install without `{clean}` in the same RUN leaves {cache} in this layer",
                    fix,
                    Impact(bytes_low=20_000_000, bytes_high=250_000_000, source="RHEL/UBI/Fedora metadata caches"),
                )
                break
