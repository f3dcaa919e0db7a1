"""Toolchain images, their OS bases, runtime images and the packages that only build.

What a multi-stage conversion needs to pick a runtime base by evidence:

- which official images are toolchains (``golang``, ``rust``, ``gcc``, ``maven`` …) and which Debian
  release (or Alpine) each tag is built on: an explicit suffix (``-bookworm``, ``-alpine3.20``) says
  it; a tag without one follows the image's default, which moved with each Debian release.
  Defaults are by version: the release a version's images were built on while that version was
  maintained. Where a version was maintained across a Debian release (golang 1.23 across trixie's
  release in August 2025) the newer release is taken: a program built against an older C library
  runs on a newer one, not the other way round;
- the runtime images: distroless for static binaries, ``nginx`` for static sites, Eclipse Temurin
  JREs, .NET runtimes;
- the OS packages that only build (compilers, headers, build tools, JDKs, the Go, Rust and Node
  toolchains) and their sizes, and a JDK's JRE.

Sources: the docker-library ``library/*`` manifests of each image (tags and directories per
release), Debian and Alpine package lists; sizes are Debian 12 / Alpine 3.20 installed sizes with
``--no-install-recommends``.
"""

from __future__ import annotations

import re

from dockeropt.lazyre import lazy_compile

DEBIAN_RELEASES = ("stretch", "buster", "bullseye", "bookworm", "trixie")  # 9 .. 13
# the Debian release each image's tags without a suffix were built on, by the first version
# built on it (versions before the first entry: unknown)
DEFAULT_RELEASE: dict[str, tuple[tuple[tuple[int, ...], str], ...]] = {
    "golang": (
        ((1, 11), "stretch"), ((1, 12), "buster"), ((1, 15), "bullseye"), ((1, 19), "bookworm"), ((1, 23), "trixie"),
    ),
    "rust": (
        ((1, 31), "stretch"), ((1, 38), "buster"), ((1, 54), "bullseye"), ((1, 70), "bookworm"), ((1, 89), "trixie"),
    ),
    "gcc": (((6,), "stretch"), ((8,), "buster"), ((9,), "bullseye"), ((10,), "bookworm"), ((12,), "trixie")),
    "buildpack-deps": (),
}  # fmt: skip
LATEST_RELEASE = "trixie"
# images that hold a toolchain, and the kind of program they build
TOOLCHAIN_IMAGES: dict[str, str] = {
    "golang": "go",
    "rust": "rust",
    "gcc": "c",
    "buildpack-deps": "c",
    "maven": "java",
    "gradle": "java",
    "eclipse-temurin": "java",
    "openjdk": "java",
    "amazoncorretto": "java",
    "sapmachine": "java",
    "node": "node",
    "mcr.microsoft.com/dotnet/sdk": "dotnet",
}
DISTROLESS_STATIC = "gcr.io/distroless/static-debian12"
NGINX_IMAGE = "nginx:stable-alpine"
NGINX_ROOT = "/usr/share/nginx/html"  # the nginx image's default server root
# folders a front end's output is copied to for a web server to serve (nginx, Debian's nginx and Apache, Caddy)
STATIC_SITE_FOLDERS = frozenset(
    {NGINX_ROOT, "/var/www/html", "/usr/local/apache2/htdocs", "/srv/www", "/usr/share/caddy"}
)
TEMURIN_JRE = "eclipse-temurin:{version}-jre"
DOTNET_RUNTIMES = {"web": "mcr.microsoft.com/dotnet/aspnet", "console": "mcr.microsoft.com/dotnet/runtime"}
# users each runtime image has (a USER naming another one fails at run time)
DEBIAN_USERS = frozenset(
    {"root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data"}
    | {"backup", "list", "irc", "_apt", "nobody"}
)
ALPINE_USERS = frozenset(
    {"root", "bin", "daemon", "adm", "lp", "sync", "shutdown", "halt", "mail", "news", "uucp", "operator"}
    | {"man", "postmaster", "cron", "ftp", "sshd", "at", "squid", "xfs", "games", "cyrus", "vpopmail", "ntp"}
    | {"smmsp", "guest", "nobody"}
)
DISTROLESS_USERS = frozenset({"root", "nobody", "nonroot"})
NGINX_USERS = frozenset({"root", "nginx", "nobody"})
# the CA bundle Go, OpenSSL and rustls read: toolchain images have it, slim images do not
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"

# the packages that install each kind of build's own toolchain
_TOOLCHAIN_OF: dict[str, str] = {
    "go": r"^(golang(-[\d.]+)?(-go)?|go)$",
    "c": r"^(gcc|g\+\+|clang|build-essential|build-base|gcc-c\+\+|cc|make)(-[\d.]+)?$",
    "rust": r"^(rustc|cargo|rust)$",
    "node": r"^(nodejs|npm|yarn|yarnpkg)$",
    "java": (
        r"^(default-jdk(-headless)?|openjdk-?\d+(-jdk(-headless)?)?|java-[\d.]+-openjdk-devel|maven|gradle)$"
    ),
    "dotnet": r"^dotnet-sdk-[\d.]+$",
}  # fmt: skip
_TOOLCHAIN_OF["python"] = _TOOLCHAIN_OF["c"]  # pip compiles C extensions with the C toolchain
# the Python 3 of each Debian and Ubuntu release (python3 from apt): `pip install` as root writes
# /usr/local/lib/python3.N/dist-packages there
PYTHON_OF_RELEASE = {
    "buster": "3.7", "bullseye": "3.9", "bookworm": "3.11", "trixie": "3.13",
    "focal": "3.8", "20.04": "3.8", "jammy": "3.10", "22.04": "3.10", "noble": "3.12", "24.04": "3.12",
}  # fmt: skip
# headers of the Python interpreter itself: a module built against them needs no library package
PYTHON_HEADERS = lazy_compile(r"^(lib)?python3?(\.\d+)?-(dev|devel)$")
# libraries the official python images keep for the interpreter (its modules link them): an
# extension built against their headers finds them there
PYTHON_IMAGE_LIBRARIES = frozenset(
    {"ssl", "crypto", "ffi", "z", "sqlite3", "bz2", "lzma", "readline", "ncursesw", "ncurses", "uuid", "expat"}
    | {"gdbm", "db", "nsl", "tirpc", "tinfo"}
)
# programs of the toolchains: a CMD that runs one needs the toolchain
TOOLCHAIN_PROGRAMS = frozenset(
    {"go", "gcc", "cc", "g++", "c++", "clang", "make", "cargo", "rustc", "npm", "npx", "yarn", "pnpm", "mvn", "gradle"}
    | {"javac", "node"}
)


def toolchain_of(family: str, package: str) -> bool:
    """Whether OS package ``package`` installs the toolchain of a ``family`` build (``go``: golang-go …)."""
    pattern = _TOOLCHAIN_OF.get(family)
    return pattern is not None and re.match(pattern, package) is not None  # re caches the compiled pattern


# Installed sizes (bytes, approximate) of packages that only build; DO603 reports them.
TOOLCHAIN_SIZES: dict[str, int] = {
    "build-essential": 240_000_000,
    "build-base": 200_000_000,
    "gcc": 150_000_000,
    "g++": 170_000_000,
    "gcc-c++": 170_000_000,
    "clang": 350_000_000,
    "llvm": 300_000_000,
    "cmake": 50_000_000,
    "make": 2_000_000,
    "golang": 400_000_000,
    "golang-go": 400_000_000,
    "go": 400_000_000,
    "rustc": 300_000_000,
    "cargo": 300_000_000,
    "rust": 300_000_000,
    "default-jdk": 300_000_000,
    "default-jdk-headless": 250_000_000,
    "maven": 60_000_000,
    "gradle": 150_000_000,
    "autoconf": 5_000_000,
    "automake": 5_000_000,
    "libtool": 5_000_000,
    "pkg-config": 1_000_000,
    "pkgconf": 1_000_000,
}
# more packages that only build (no size in the table: small or varied)
_BUILD_ONLY = frozenset(
    {
        "binutils",
        "cpp",
        "clang++",
        "musl-dev",
        "libc6-dev",
        "libc-dev",
        "linux-headers",
        "linux-libc-dev",
        "ninja-build",
        "ninja",
        "meson",
        "bison",
        "flex",
        "nodejs",
        "npm",
        "yarn",
        "yarnpkg",
        "ant",
        "scons",
        "patch",
        "dpkg-dev",
    }
)
# C and C++ compiler commands (gcc-12, clang++ …)
C_COMPILERS = lazy_compile(r"^(gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(-\d+(\.\d+)*)?$")
_DEV = lazy_compile(r"^[a-z0-9.+-]+-(dev|devel)$")
_JDK = lazy_compile(r"^openjdk-\d+-jdk(-headless)?$|^java-[\d.]+-openjdk-devel$|^openjdk\d+(-jdk)?$")
JDK_PACKAGE = _JDK
_VERSIONED_COMPILER = lazy_compile(r"^(gcc|g\+\+|cpp|clang|llvm|golang|rustc|cargo)-[\d.]+(-go)?$")
# the JRE of a JDK package, per package manager's naming
_JRE_OF: dict[str, str] = {"default-jdk": "default-jre-headless", "default-jdk-headless": "default-jre-headless"}


def is_toolchain_package(name: str) -> bool:
    """Whether an OS package only builds: a compiler, headers (``*-dev``), a build tool, a JDK."""
    return (
        name in TOOLCHAIN_SIZES
        or name in _BUILD_ONLY
        or bool(_DEV.match(name) or _JDK.match(name) or _VERSIONED_COMPILER.match(name))
    )


def is_header_package(name: str) -> bool:
    """``libpq-dev``, ``openssl-devel``: headers of a library the program may link."""
    return bool(_DEV.match(name)) and name not in (
        *("libc6-dev", "libc-dev", "musl-dev", "linux-libc-dev"),
        *("autotools-dev", "dpkg-dev"),  # build scripts (config.guess), no library
    )


def toolchain_packages(names: list[str]) -> list[str]:
    return [n for n in names if n in TOOLCHAIN_SIZES or _DEV.match(n) or _JDK.match(n)]


def jre_of(jdk: str) -> str | None:
    """The JRE package of a JDK package: ``openjdk-17-jdk`` -> ``openjdk-17-jre-headless``."""
    if jdk in _JRE_OF:
        return _JRE_OF[jdk]
    found = re.match(r"^openjdk-(\d+)-jdk(-headless)?$", jdk)
    if found:
        return f"openjdk-{found.group(1)}-jre-headless"
    found = re.match(r"^openjdk(\d+)(-jdk)?$", jdk)  # Alpine
    if found:
        return f"openjdk{found.group(1)}-jre-headless"
    found = re.match(r"^java-([\d.]+)-openjdk-devel$", jdk)  # Fedora, RHEL
    if found:
        return f"java-{found.group(1)}-openjdk-headless"
    return None


def _version(text: str) -> tuple[int, ...] | None:
    found = re.match(r"^(\d+)(?:\.(\d+))?", text)
    if not found:
        return None
    return tuple(int(g) for g in found.groups() if g is not None)


class OsBase:
    """The OS an image is built on: ``family`` (``debian``, ``alpine``), ``release`` (``bookworm``,
    ``3.20``; ``""`` when Alpine's minor is not in the tag) and how that is known."""

    __slots__ = ("family", "how", "release")

    def __init__(self, family: str, release: str, how: str) -> None:
        self.family = family
        self.release = release
        self.how = how

    @property
    def slim_image(self) -> str:
        """The smallest image of that OS with a shell and its package manager."""
        if self.family == "debian":
            return f"debian:{self.release}-slim"
        return f"alpine:{self.release or '3'}"

    def __repr__(self) -> str:
        return f"OsBase({self.family} {self.release})"


def os_base(repository: str, tag: str | None) -> OsBase | None:
    """The OS an official toolchain image's tag is built on (``golang``, ``1.22`` -> Debian bookworm)."""
    tag = tag or "latest"
    for part in tag.split("-"):
        if part in DEBIAN_RELEASES:
            return OsBase("debian", part, f"{repository}:{tag} names Debian {part}")
        if part.startswith("alpine"):
            minor = part[len("alpine") :]
            return OsBase("alpine", minor, f"{repository}:{tag} is built on Alpine {minor or 'Linux'}")
    if repository == "buildpack-deps" and tag in ("latest", "scm", "curl"):
        return OsBase("debian", LATEST_RELEASE, f"buildpack-deps:{tag} follows Debian's current release")
    table = DEFAULT_RELEASE.get(repository)
    if table is None:
        return None
    if tag in ("latest", "slim") or tag.split("-")[0] in ("1", "latest"):
        return OsBase("debian", LATEST_RELEASE, f"{repository}:{tag} follows the current Debian release")
    version = _version(tag)
    if version is None:
        return None
    release = None
    for first, name in table:
        if version >= first:
            release = name
    if release is None:
        return None
    return OsBase("debian", release, f"{repository}:{tag} is built on Debian {release} (that version's default)")


def java_version_of_image(repository: str, tag: str | None) -> int | None:
    """The Java version a JDK image's tag names: ``maven:3.9-eclipse-temurin-17`` -> 17."""
    tag = tag or ""
    if repository in ("eclipse-temurin", "openjdk", "amazoncorretto", "sapmachine"):
        found = re.match(r"^(\d+)", tag)
        return int(found.group(1)) if found else None
    found = re.search(r"(?:temurin|openjdk|jdk|corretto|sapmachine|graalvm|zulu|liberica)-?(\d+)", tag)
    return int(found.group(1)) if found else None
