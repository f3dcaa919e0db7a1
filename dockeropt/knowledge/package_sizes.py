"""What installing a package adds to an image, for the image-size estimate
(:mod:`dockeropt.analysis.image_size`) and the toolchain rule (DO603).

Sizes are bytes; the tables are in MB of 10**6 bytes, as package managers print them. Measured on
2026-12-07 (``MEASURED_ON``):

- ``DEBIAN``: Debian 12 (bookworm, amd64) packages, ``(own, with dependencies, with dependencies and
  recommends)``. *Own* is the package's ``Installed-Size``; the other two sum the ``Installed-Size`` of
  every package ``apt-get -s install`` would add to a minimal system (``Priority: required`` plus apt
  and their dependencies, 96 packages, what ``debian:bookworm-slim`` holds), with
  ``APT::Install-Recommends`` false and true. The range an install adds runs from *own* (a fuller base
  already has the dependencies: ``python:3.12`` ships gcc) to the full figure.
- ``TYPICAL``: for a package no table names, the 25th to 75th percentile of a sample: Debian, the
  with-dependencies figure of the 48 packages of ``DEBIAN`` that are not toolchains (0.7–38 MB, median
  8.7 MB; recommends add 30 % or less for three packages in four: ``RECOMMENDS_FACTOR``); PyPI, the
  installed size (RECORD) of the 39 distributions of dockeropt's own test environment (0.27–13 MB,
  25th to 90th percentile: application dependencies run larger than these tools); npm,
  ``node_modules`` after ``npm install <name>`` (npm 11.19, Node 20) for 20 popular packages (express,
  react, axios, next, typescript, jest …: 1.4–29 MB, median 7.7 MB, transitive dependencies included).
- RPM-based and Alpine packages were not measured (no such system here): Debian's figures stand in
  for them, an upper bound for Alpine, whose packages leave out documentation and use musl.
- ``ALPINE_AND_RPM_TOOLCHAINS``: the approximate sizes DO603 used before these measurements, for names
  Debian does not have (``build-base``, ``gcc-c++``, ``go``); not measured.
"""

from __future__ import annotations

from dockeropt.lazyre import lazy_compile
from dockeropt.units import MB

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.knowledge.heavy import HeavyPackage

MEASURED_ON = "2026-12-07"

OS_MANAGERS = frozenset({"apt", "apk", "dnf", "yum", "microdnf", "tdnf", "zypper"})
# Managers that install weak dependencies unless told not to (apt's Recommends, dnf/zypper's weak deps).
RECOMMENDS_BY_DEFAULT = frozenset({"apt", "dnf", "yum", "tdnf", "zypper"})
RECOMMENDS_FACTOR = 1.3
SMALL_STEP = 1 * MB  # a step that only adds users, links, folders or edits a few files: at most this

NAMED_SOURCE = f"Debian 12 installed sizes with dependencies, measured {MEASURED_ON}"
TYPICAL_SOURCE = f"count × typical installed size (dockeropt.knowledge.package_sizes, {MEASURED_ON})"

# name: (own, with dependencies, with dependencies and recommends), MB
DEBIAN: dict[str, tuple[float, float, float]] = {
    "curl": (0.49, 11.7, 15.4),
    "wget": (3.5, 3.6, 12.7),
    "git": (44.9, 58.7, 73.3),
    "ca-certificates": (0.39, 8.7, 8.7),
    "libpq-dev": (0.6, 22.5, 23.1),
    "libpq5": (0.91, 9.7, 10.3),
    "build-essential": (0.02, 267.8, 345.1),
    "gcc": (0.05, 176.0, 262.3),
    "g++": (0.01, 260.9, 317.9),
    "python3": (0.08, 32.7, 35.7),
    "python3-pip": (6.7, 46.8, 418.1),
    "python3-dev": (0.16, 92.2, 151.6),
    "nodejs": (191.8, 284.5, 302.4),
    "openssh-client": (5.8, 14.6, 18.6),
    "gnupg": (0.89, 19.1, 25.5),
    "unzip": (0.38, 0.4, 0.4),
    "jq": (0.11, 1.1, 1.1),
    "vim": (3.7, 40.8, 40.9),
    "nano": (2.8, 3.2, 3.3),
    "procps": (2.1, 2.7, 3.7),
    "tini": (0.73, 0.73, 0.73),
    "gosu": (2.2, 2.2, 2.2),
    "libgl1": (0.65, 211.0, 211.0),
    "libglib2.0-0": (4.1, 4.1, 57.0),
    "ffmpeg": (2.4, 470.1, 623.5),
    "imagemagick": (0.19, 94.2, 210.2),
    "postgresql-client": (0.02, 19.1, 19.7),
    "default-mysql-client": (0.01, 85.2, 87.8),
    "netcat-openbsd": (0.11, 0.3, 0.3),
    "iputils-ping": (0.12, 0.3, 0.3),
    "less": (0.31, 0.31, 0.31),
    "tzdata": (0.0, 2.6, 2.6),  # already in the minimal system (adds nothing there): own size as the high end
    "locales": (15.8, 20.2, 20.2),
    "sudo": (6.1, 6.1, 6.1),
    "xz-utils": (1.2, 1.2, 1.2),
    "zip": (0.62, 0.62, 1.0),
    "libssl-dev": (12.2, 18.2, 18.2),
    "libffi-dev": (0.32, 0.32, 0.32),
    "libjpeg-dev": (0.11, 31.2, 87.5),
    "zlib1g-dev": (1.3, 30.6, 87.6),
    "pkg-config": (0.03, 0.3, 0.3),
    "make": (1.6, 1.6, 1.6),
    "cmake": (28.9, 93.4, 352.5),
    "autoconf": (2.0, 2.7, 4.7),
    "automake": (1.8, 4.7, 4.7),
    "libtool": (1.2, 215.1, 278.0),
    "clang": (0.02, 401.6, 938.2),
    "llvm": (0.11, 243.2, 738.8),
    "golang-go": (0.07, 453.4, 771.6),
    "rustc": (7.8, 642.2, 1198.5),
    "cargo": (12.2, 660.1, 1198.5),
    "maven": (0.12, 236.6, 291.9),
    "openjdk-17-jre-headless": (188.9, 223.9, 279.2),
    "openjdk-17-jdk-headless": (77.2, 301.1, 356.4),
    "default-jdk": (0.01, 579.6, 649.6),
    "nginx": (1.3, 15.3, 15.8),
    "supervisor": (1.7, 35.5, 38.5),
    "cron": (0.22, 0.3, 19.6),
    "fonts-liberation": (2.1, 2.1, 2.1),
    "libxml2": (1.9, 38.0, 38.0),
    "gettext-base": (0.65, 0.65, 0.65),
    "dumb-init": (0.04, 0.04, 0.04),
}
# Names Debian does not use, approximate (not measured): DO603's earlier figures, with half as the low end.
ALPINE_AND_RPM_TOOLCHAINS: dict[str, float] = {
    "build-base": 200,
    "gcc-c++": 170,
    "go": 400,
    "clang-dev": 350,
    "llvm-dev": 300,
}
# (low, high) bytes per package, by family
TYPICAL: dict[str, tuple[int, int]] = {
    "deb": (700_000, 38 * MB),
    "pip": (270_000, 13 * MB),
    "npm": (1_400_000, 29 * MB),
}
_FAMILY = {"apt": "deb", "apk": "deb", "dnf": "deb", "yum": "deb", "microdnf": "deb", "tdnf": "deb", "zypper": "deb"}

# Build tools DO603 reports in a final image: compilers, headers, JDKs, Go and Rust toolchains.
TOOLCHAIN_NAMES = frozenset(
    {
        "build-essential", "build-base", "gcc", "g++", "gcc-c++", "clang", "clang-dev", "llvm", "llvm-dev",
        "cmake", "make", "golang", "golang-go", "go", "rustc", "cargo", "default-jdk", "maven",
        "autoconf", "automake", "libtool", "pkg-config", "pkgconf",
    }
)  # fmt: skip
_DEV = lazy_compile(r"^[a-z0-9.+-]+-(dev|devel)$")
_JDK = lazy_compile(r"^openjdk-\d+-jdk(-headless)?$|^java-\d+-openjdk-devel$|^openjdk\d+-jdk$")


def family(manager: str) -> str:
    """The family whose typical size stands for ``manager``'s packages (``deb`` for all OS managers)."""
    return _FAMILY.get(manager, manager)


def os_package(name: str, recommends: bool = False) -> tuple[int, int] | None:
    """(low, high) bytes installing ``name`` adds, when a table knows it; ``golang`` is
    ``golang-go``, a JDK is ``openjdk-17-jdk-headless``'s figure."""
    key = {"golang": "golang-go", "pkgconf": "pkg-config"}.get(name, name)
    facts = DEBIAN.get(key)
    if facts is None and _JDK.match(name):
        facts = DEBIAN["openjdk-17-jdk-headless"]
    if facts is not None:
        own, deps, with_recommends = facts
        return int(own * MB), int((with_recommends if recommends else deps) * MB)
    approximate = ALPINE_AND_RPM_TOOLCHAINS.get(name)
    if approximate is not None:
        return int(approximate * MB) // 2, int(approximate * MB)
    return None


def toolchain_packages(names: Sequence[str]) -> list[str]:
    """The build tools among ``names``: compilers, headers (``-dev``, ``-devel``), JDKs, toolchains."""
    return [n for n in names if n in TOOLCHAIN_NAMES or _DEV.match(n) or _JDK.match(n)]


def toolchain_size(names: Sequence[str]) -> tuple[int, int]:
    """(low, high) bytes the build tools ``names`` add together; a header package no table knows
    counts as a typical Debian package."""
    low = high = 0
    for name in names:
        size = os_package(name) or TYPICAL["deb"]
        low += size[0]
        high += size[1]
    return low, high


# -- heavy ML packages: installed sizes, CPU builds ---------------------------------------------------

CPU_INDEX_MARKERS = ("/whl/cpu",)


def is_cpu_index(index_urls: Sequence[str]) -> bool:
    """An index of CPU-only builds (PyTorch's ``https://download.pytorch.org/whl/cpu``)."""
    return any(marker in url for url in index_urls for marker in CPU_INDEX_MARKERS)


def heavy_installed(packages: Sequence[HeavyPackage], index_urls: Sequence[str] = ()) -> tuple[int, int]:
    """(low, high) bytes the heavy packages add once installed; from a CPU-only index, without the
    GPU wheels the table counts in their resolution (``gpu_stack_unpacked_mb``)."""
    from dockeropt.knowledge import heavy, ml_packages

    low, high = heavy.total(list(packages), "installed")
    if not is_cpu_index(index_urls):
        return low, high
    names = {p.name for p in packages}
    counted = [p for p in packages if p.largest_dependency == p.name or p.largest_dependency not in names]
    factor_low, factor_high = ml_packages.INSTALLED_OVER_UNPACKED
    for package in counted:
        facts = ml_packages.lookup(package.name)
        resolution = facts.get("with_deps") if facts is not None else None
        gpu = resolution.get("gpu_stack_unpacked_mb") if resolution is not None else None
        if gpu:
            low -= int(gpu * factor_low) * MB
            high -= int(gpu * factor_high) * MB
    return max(low, 0), max(high, 0)
