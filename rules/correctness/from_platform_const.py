"""DO116 from-platform-flag-const: ``FROM --platform=linux/amd64`` with a constant."""

from __future__ import annotations

import re

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.lazyre import lazy_compile

_PART = lazy_compile(r"[A-Za-z0-9_.-]+\Z")
_KNOWN_OS = frozenset(
    {
        *("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl"),
        *("netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"),
    }
)
_KNOWN_ARCH = frozenset(
    {
        *("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips"),
        *("mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x"),
        *("sparc", "sparc64", "wasm"),
    }
)
_ARCH_ALIASES = {
    "i386": "386",
    "x86_64": "amd64",
    "x86-64": "amd64",
    "aarch64": "arm64",
    "armhf": "arm",
    "armel": "arm",
}
_HOST_OS, _HOST_ARCH = "linux", "amd64"
# Image families published for one architecture only (NVIDIA Jetson's L4T/JetPack are arm64).
_ARM64_ONLY = ("l4t", "jetpack", "jetson")


def _single_platform_image(image: str, arch: str) -> bool:
    """The image reference names the pinned architecture (``…:1.0-linux-amd64``, ``arm64v8/…``), or
    is of a family built for that architecture only."""
    low = image.lower()
    names = {arch, *(alias for alias, canonical in _ARCH_ALIASES.items() if canonical == arch)}
    if arch == "arm64":
        names |= {"arm64v8", *_ARM64_ONLY}
    return any(re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", low) for n in names)


def parse_platform(text: str) -> tuple[str, str] | None:
    """``os/arch[/variant]``, ``os`` or ``arch`` as containerd's ``platforms.Parse`` reads them: (os, arch)."""
    parts = text.lower().split("/")
    if not 1 <= len(parts) <= 3 or not all(_PART.match(p) for p in parts):
        return None
    if len(parts) == 1:
        word = "darwin" if parts[0] == "macos" else parts[0]
        if word in _KNOWN_OS:
            return word, _HOST_ARCH
        arch = _ARCH_ALIASES.get(word, word)
        return (_HOST_OS, arch) if arch in _KNOWN_ARCH else None
    os_name = "darwin" if parts[0] == "macos" else parts[0]
    return os_name, _ARCH_ALIASES.get(parts[1], parts[1])


class FromPlatformFlagConstDisallowed(Rule):
    id = "DO116"
    name = "from-platform-flag-const"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "FROM --platform should not be a constant"
    aliases = ("FromPlatformFlagConstDisallowed", "DL3029")
    docs = """
`FROM --platform=linux/amd64 node:20` pins the stage to one platform whatever the build asks for.
On an arm64 machine (Apple silicon, AWS Graviton, Ampere CI runners) the stage then runs under
QEMU emulation, often five to twenty times slower, and a multi-platform build ships amd64
binaries in its arm64 image.

Use `--platform=$BUILDPLATFORM` for stages that run build tools (and cross-compile for
`$TARGETPLATFORM`), or drop the flag. As BuildKit does, a stage whose name mentions the
platform (`AS build-amd64`) is taken as deliberately pinned and not reported; so is an image whose
reference names the pinned architecture (`…:1.0-linux-amd64`, `arm64v8/…`) or that is built for it
only (NVIDIA's L4T/JetPack images for Jetson are arm64): the pin states a fact there.
"""
    bad_example = """\
FROM --platform=linux/amd64 node:20-alpine AS web
"""
    good_example = """\
FROM --platform=$BUILDPLATFORM node:20-alpine AS web
"""

    trigger_words = ("platform",)

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            flag = stage.from_inst.flag("platform")
            if flag is None or not flag.value or "$" in flag.value:
                continue
            parsed = parse_platform(flag.value)
            if parsed is None:
                continue  # BuildKit fails on it later; not this rule's message
            os_name, arch = parsed
            name = stage.name or ""
            if os_name in name or arch in name:
                continue
            if _single_platform_image(stage.base_resolved or "", arch):
                continue  # the image exists for that platform only: the pin says so, it chooses nothing
            other = "amd64" if arch != "amd64" else "arm64"
            ctx.report(
                self,
                flag.span,
                f"FROM --platform={flag.value} pins this stage to one platform: on {other} machines it runs under "
                "emulation (several times slower) and multi-platform builds get the wrong binaries; "
                "use $BUILDPLATFORM for build stages or drop the flag",
            )
