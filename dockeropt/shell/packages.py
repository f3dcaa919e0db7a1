"""Package managers, downloads and archives: what each command installs, removes or fetches.

Each manager's model knows its sub-commands and which options take a value, so that operands
are read the way the tool reads them (``pip install -r req.txt flask``: ``flask`` is a package,
``req.txt`` a requirements file).
"""

from __future__ import annotations

import re

from dockeropt.shell.model import Command, Word

# manager -> (aliases, sub-command -> action, options that take a value)
APT_ACTIONS = {
    "install": "install",
    "reinstall": "install",
    "remove": "remove",
    "purge": "remove",
    "autoremove": "remove",
    "update": "update",
    "upgrade": "upgrade",
    "dist-upgrade": "upgrade",
    "full-upgrade": "upgrade",
    "clean": "clean",
    "autoclean": "clean",
}
APK_ACTIONS = {"add": "install", "del": "remove", "update": "update", "upgrade": "upgrade", "cache": "clean"}
RPM_ACTIONS = {
    "install": "install",
    "reinstall": "install",
    "localinstall": "install",
    "groupinstall": "install",
    "remove": "remove",
    "erase": "remove",
    "autoremove": "remove",
    "update": "upgrade",
    "upgrade": "upgrade",
    "distro-sync": "upgrade",
    "makecache": "update",
    "clean": "clean",
}
ZYPPER_ACTIONS = {
    "install": "install",
    "in": "install",
    "remove": "remove",
    "rm": "remove",
    "update": "upgrade",
    "up": "upgrade",
    "dist-upgrade": "upgrade",
    "dup": "upgrade",
    "refresh": "update",
    "ref": "update",
    "clean": "clean",
    "cc": "clean",
}
PIP_ACTIONS = {"install": "install", "uninstall": "remove", "download": "download", "wheel": "build"}
CONDA_ACTIONS = {"install": "install", "create": "install", "update": "upgrade", "remove": "remove", "clean": "clean"}
NPM_ACTIONS = {
    "install": "install",
    "i": "install",
    "ci": "install",
    "add": "install",
    "isntall": "install",
    "uninstall": "remove",
    "remove": "remove",
    "rm": "remove",
    "update": "upgrade",
    "cache": "clean",
    "run": "run",
    "run-script": "run",
}
YARN_ACTIONS = {"install": "install", "add": "install", "remove": "remove", "upgrade": "upgrade", "cache": "clean"}
PNPM_ACTIONS = {"install": "install", "i": "install", "add": "install", "remove": "remove", "store": "clean"}

VALUE_OPTIONS = {
    "apt": {"-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a"},
    "apk": {"-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir"},
    "rpm": {
        "--setopt",
        "--enablerepo",
        "--disablerepo",
        "--installroot",
        "--releasever",
        "-x",
        "--exclude",
        "--repo",
        "--repofrompath",
        "-c",
        "--config",
        "--nodocs-dummy",
    },
    "zypper": {"-r", "--repo", "--from", "-t", "--type", "--root", "-R"},
    "pip": {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--python-version",
        "--platform",
        "--implementation",
        "--abi",
        "--only-binary",
        "--no-binary",
        "--progress-bar",
        "--cache-dir",
        "--trusted-host",
        "--src",
        "--upgrade-strategy",
        "-C",
        "--config-settings",
        "--global-option",
        "--log",
        "--python",
        "-w",
        "--wheel-dir",
        "-d",
        "--dest",
        "--index-strategy",
        "--extra-index",
        "-p",
    },
    "conda": {"-c", "--channel", "-n", "--name", "-p", "--prefix", "-f", "--file", "--override-channels-dummy"},
    "npm": {"--prefix", "--registry", "--cache", "-w", "--workspace", "--omit", "--include", "--loglevel"},
    "gem": {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source", "-s"},
}

_PIP_NAMES = re.compile(r"^pip(\d+(\.\d+)?)?$")
_PYTHON_NAMES = re.compile(r"^python(\d+(\.\d+)?)?$")
_SPEC = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._\-]*)(?P<extras>\[[^\]]*\])?(?P<rest>.*)$")


class Package:
    """One package operand: ``torch==2.3.1`` -> name ``torch``, version ``2.3.1``."""

    __slots__ = ("name", "spec", "version", "word")

    def __init__(self, name: str, version: str | None, spec: str, word: Word) -> None:
        self.name = name
        self.version = version  # None when unpinned (or not a literal)
        self.spec = spec  # as written
        self.word = word

    def __repr__(self) -> str:
        return f"Package({self.spec!r})"


class PackageOp:
    """What one command does with a package manager."""

    __slots__ = ("action", "command", "files", "manager", "options", "packages", "subcommand")

    def __init__(self, manager: str, action: str, command: Command, subcommand: str = "") -> None:
        self.manager = manager  # apt, apk, dnf, yum, microdnf, zypper, pip, uv, conda, npm, yarn, pnpm, gem, go, cargo
        self.action = action  # install | remove | update | upgrade | clean | download | build | run
        self.command = command
        self.subcommand = subcommand
        self.packages: list[Package] = []
        self.files: list[str] = []  # requirement / environment files (-r, -f, --file)
        self.options: set[str] = set()

    def has(self, *flags: str) -> bool:
        return any(f.lstrip("-") in self.options for f in flags)

    def __repr__(self) -> str:
        return f"PackageOp({self.manager} {self.action} {[p.spec for p in self.packages]})"


def _operands(cmd: Command, start: int, value_opts: set[str]) -> tuple[list[Word], set[str], dict[str, list[str]]]:
    """Operands after ``argv[start]``, the option names seen, and the values of value options."""
    operands: list[Word] = []
    options: set[str] = set()
    values: dict[str, list[str]] = {}
    args = cmd.argv
    i = start
    end_of_options = False
    while i < len(args):
        w = args[i]
        t = w.text
        if not end_of_options and t == "--":
            end_of_options = True
        elif not end_of_options and t.startswith("--"):
            name, eq, value = t.partition("=")
            options.add(name[2:])
            if not eq and name in value_opts and i + 1 < len(args):
                values.setdefault(name, []).append(args[i + 1].text)
                i += 1
            elif eq:
                values.setdefault(name, []).append(value)
        elif not end_of_options and t.startswith("-") and len(t) > 1:
            letters = t[1:]
            for k, letter in enumerate(letters):
                options.add(letter)
                if f"-{letter}" in value_opts:
                    rest = letters[k + 1 :]
                    if rest:
                        values.setdefault(f"-{letter}", []).append(rest)
                    elif i + 1 < len(args):
                        values.setdefault(f"-{letter}", []).append(args[i + 1].text)
                        i += 1
                    break
        else:
            operands.append(w)
        i += 1
    return operands, options, values


def _subcommand(cmd: Command, value_opts: set[str], first: int = 1) -> tuple[str, int]:
    """The first operand (the sub-command) and its index in argv."""
    args = cmd.argv
    i = first
    while i < len(args):
        t = args[i].text
        if t.startswith("-"):
            if t in value_opts and "=" not in t:
                i += 1
            i += 1
            continue
        return t, i
    return "", len(args)


def _split_spec(word: Word, manager: str) -> Package:
    text = word.text
    pinned: str | None = None
    name = text
    if manager == "apt":
        name, _, pinned = text.partition("=")  # apt-get install pkg=1.2-3 (pkg/release is not a pin)
    elif manager in ("apk", "zypper"):
        name, sep, pinned = _partition_any(text)
        if sep not in ("=", "~"):
            pinned = None  # >= / < are ranges, not pins
    elif manager in ("dnf", "yum", "microdnf", "tdnf"):
        m = re.match(r"^(.+?)-(\d[\w.+~^-]*)$", text)
        if m and not text.endswith(".rpm"):
            name, pinned = m.group(1), m.group(2)
    elif manager in ("npm", "yarn", "pnpm"):
        at = text.rfind("@")
        if at > 0:
            name, pinned = text[:at], text[at + 1 :]
    elif manager == "gem":
        name, _, pinned = text.partition(":")
    elif manager in ("go", "cargo"):
        name, _, pinned = text.partition("@")
    else:  # pip, uv, conda: PEP 508-ish requirement specifiers
        m = _SPEC.match(text)
        if not m:
            return Package(text, None, text, word)
        rest = m.group("rest").strip()
        if rest.startswith("==") and not any(c in rest[2:] for c in ",*<>!~;"):
            pinned = rest[2:].strip()
        elif manager == "conda" and rest.startswith("=") and not rest.startswith("=="):
            pinned = rest[1:].split("=")[0]
        name = m.group("name").lower().replace("_", "-")
    if not word.literal and "$" in text:
        pinned = None  # the version comes from a variable: not a literal pin
    return Package(name, pinned or None, text, word)


def _partition_any(text: str) -> tuple[str, str, str]:
    for sep in (">=", "<=", "=", "~", "<", ">"):
        if sep in text:
            return text.partition(sep)
    return text, "", ""


def _manager_of(cmd: Command) -> tuple[str, int] | None:
    """Which manager a command drives, and where its sub-command search starts."""
    name = cmd.name
    words = [w.text for w in cmd.argv]
    if name in ("apt-get", "apt", "aptitude"):
        return "apt", 1
    if name == "apk":
        return "apk", 1
    if name in ("dnf", "yum", "microdnf", "tdnf"):
        return name, 1
    if name == "zypper":
        return "zypper", 1
    if _PIP_NAMES.match(name):
        return "pip", 1
    if _PYTHON_NAMES.match(name) and len(words) >= 3 and words[1] == "-m" and _PIP_NAMES.match(words[2]):
        return "pip", 3
    if name == "uv" and len(words) >= 2 and words[1] == "pip":
        return "uv", 2
    if name == "uv":
        return "uv", 1
    if name in ("conda", "mamba", "micromamba"):
        return "conda", 1
    if name in ("npm", "yarn", "pnpm", "gem", "go", "cargo", "pipx", "poetry", "bundle", "composer"):
        return name, 1
    return None


def package_ops(commands: list[Command]) -> list[PackageOp]:
    ops: list[PackageOp] = []
    for cmd in commands:
        found = _manager_of(cmd)
        if found is None:
            continue
        manager, first = found
        op = _op_for(cmd, manager, first)
        if op is not None:
            ops.append(op)
    return ops


def _op_for(cmd: Command, manager: str, first: int) -> PackageOp | None:
    family = {"dnf": "rpm", "yum": "rpm", "microdnf": "rpm", "tdnf": "rpm", "uv": "pip", "pipx": "pip"}.get(
        manager, manager
    )
    value_opts = VALUE_OPTIONS.get(family, set())
    sub, index = _subcommand(cmd, value_opts, first)
    table = {
        "apt": APT_ACTIONS,
        "apk": APK_ACTIONS,
        "rpm": RPM_ACTIONS,
        "zypper": ZYPPER_ACTIONS,
        "pip": PIP_ACTIONS,
        "conda": CONDA_ACTIONS,
        "npm": NPM_ACTIONS,
        "yarn": YARN_ACTIONS,
        "pnpm": PNPM_ACTIONS,
    }.get(family)
    if manager == "yarn" and not sub:
        sub = "install"  # plain `yarn` installs
    if manager == "uv" and sub in ("sync", "add"):
        action = "install"
    elif manager == "conda" and sub == "env" and index + 1 < len(cmd.argv):
        sub2 = cmd.argv[index + 1].text
        action = {"create": "install", "update": "upgrade", "remove": "remove"}.get(sub2, "")
        index += 1
    elif table is not None:
        action = table.get(sub, "")
    elif manager in ("gem", "pipx", "poetry", "bundle", "composer"):
        action = "install" if sub in ("install", "add", "update") else ""
    elif manager == "go":
        action = {"install": "install", "get": "install", "build": "build", "mod": "download"}.get(sub, "")
    elif manager == "cargo":
        action = {"install": "install", "build": "build"}.get(sub, "")
    else:
        action = ""
    if not action:
        return None
    op = PackageOp(manager, action, cmd, sub)
    operands, options, values = _operands(cmd, index + 1, value_opts)
    op.options = options
    for key in ("-r", "--requirement", "-c", "--constraint", "-f", "--file"):
        op.files.extend(values.get(key, []))
    if family == "npm" and sub in ("cache", "run", "run-script"):
        op.packages = []
        op.files = [w.text for w in operands]
        return op
    if family in ("yarn", "pnpm") and sub in ("cache", "store"):
        return op
    if manager == "conda" and sub == "clean":
        return op
    for w in operands:
        if not w.text or (w.text in (".",) and family not in ("pip",)):
            continue
        op.packages.append(_split_spec(w, family if family != "rpm" else manager))
    return op


# -- downloads, archives, removals ---------------------------------------------------------------


class Download:
    __slots__ = ("command", "output", "piped_to", "url")

    def __init__(self, command: Command, url: str, output: str | None, piped_to: str | None) -> None:
        self.command = command
        self.url = url
        self.output = output  # file written (None: stdout)
        self.piped_to = piped_to  # the next command in the pipe (sh, tar …)


class Extraction:
    __slots__ = ("archive", "command", "target")

    def __init__(self, command: Command, archive: str, target: str | None) -> None:
        self.command = command
        self.archive = archive
        self.target = target


def downloads(commands: list[Command]) -> list[Download]:
    out: list[Download] = []
    for i, cmd in enumerate(commands):
        if cmd.name not in ("curl", "wget"):
            continue
        urls = [w.text for w in cmd.args if "://" in w.text]
        if not urls:
            continue
        output: str | None = None
        if cmd.name == "curl":
            output = cmd.option_value("-o", "--output")
            if output is None and cmd.has_flag("O", "remote-name"):
                output = urls[0].rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        else:
            output = cmd.option_value("-O", "--output-document")
            if output is None:
                prefix = cmd.option_value("-P", "--directory-prefix")
                name = urls[0].rstrip("/").rsplit("/", 1)[-1].split("?")[0]
                output = f"{prefix.rstrip('/')}/{name}" if prefix else name
        if output == "-":
            output = None
        for op, target in cmd.redirects:
            if op in (">", ">>"):
                output = target
        piped = None
        if cmd.in_pipeline and not cmd.pipeline_last and i + 1 < len(commands):
            piped = commands[i + 1].name
        out.append(Download(cmd, urls[0], output, piped))
    return out


ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".zip", ".gz", ".7z")


def extractions(commands: list[Command]) -> list[Extraction]:
    out: list[Extraction] = []
    for cmd in commands:
        name = cmd.name
        if name == "tar":
            first = cmd.argv[1].text if len(cmd.argv) > 1 else ""
            cluster = first.lstrip("-") if not first.startswith("--") else ""
            extracting = "x" in cluster or cmd.has_flag("extract", "get") or "x" in cmd.flags()
            if not extracting:
                continue
            archive = cmd.option_value("-f", "--file")
            if archive is None and "f" in cluster and len(cmd.argv) > 2:
                archive = cmd.argv[2].text
            if archive:
                out.append(Extraction(cmd, archive, cmd.option_value("-C", "--directory")))
        elif name == "unzip":
            operands = [w.text for w in cmd.args if not w.text.startswith("-")]
            if operands:
                out.append(Extraction(cmd, operands[0], cmd.option_value("-d")))
        elif name in ("gunzip", "bunzip2", "unxz") or (name in ("gzip", "xz", "bzip2") and cmd.has_flag("d")):
            for w in cmd.args:
                if not w.text.startswith("-"):
                    out.append(Extraction(cmd, w.text, None))
    return out


def removed_paths(commands: list[Command]) -> list[tuple[Command, str]]:
    out = []
    for cmd in commands:
        if cmd.name != "rm":
            continue
        for w in cmd.args:
            if not w.text.startswith("-"):
                out.append((cmd, w.text))
    return out
