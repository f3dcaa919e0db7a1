"""What a build command writes, read from its command line and the project's own files.

For the multi-stage conversion (DO604) a build is only worth converting when its output is known
exactly: ``go build -o PATH``, a compiler's ``-o``, ``make install`` with a Makefile whose install
rule is plain, ``cargo build --release`` with the binary names of Cargo.toml, a front-end build
whose output folder package.json's build script tells, the jar pom.xml or build.gradle names,
``dotnet publish -o``, ``pip wheel -w``. :func:`find_build` returns a :class:`Build` or the reason it
cannot tell (a :class:`Refusal`): a user reads that reason in DO604's message.

Project files are read from the build context through the stage's COPY instructions (a
:class:`~dockeropt.analysis.copy_map.CopyMap`), as the build would see them.
"""

from __future__ import annotations

import json
import os
import posixpath
import re

from dockeropt.knowledge.runtimes import C_COMPILERS
from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.copy_map import CopyMap
    from dockeropt.analysis.facts import Facts
    from dockeropt.shell.model import Command
    from dockeropt.shell.words import Word
    from dockeropt.syntax.nodes import Instruction

# libraries every glibc system has: linking them needs no runtime package
LIBC_LIBRARIES = frozenset({"c", "m", "pthread", "dl", "rt", "util", "resolv", "crypt", "anl", "gcc_s", "stdc++"})
# libraries of Debian's essential packages (in every Debian and Ubuntu image)
DEBIAN_BASE_LIBRARIES = LIBC_LIBRARIES | {"z"}
_FETCH = {
    "go": {"mod", "get", "generate", "vet", "test", "env", "version"},
    "cargo": {"fetch", "test", "check", "clippy", "fmt", "version"},
    "npm": {"ci", "install", "i", "run", "run-script", "test", "prune", "config", "cache"},
    "yarn": {"install", "run", "build", "test", "config", "cache", "--frozen-lockfile", "--immutable"},
    "pnpm": {"install", "i", "run", "build", "test", "config", "fetch", "prune"},
}
NEUTRAL_COMMANDS = frozenset({"cd", "export", "set", "true", ":", "echo", "printf", "ls", "pwd", "mkdir", "rm", "test"})


class Refusal(Exception):
    """Why a build's output or runtime needs cannot be known: the message says what is missing."""


class Build:
    """A build command and what it writes.

    ``family``: ``go``, ``c``, ``rust``, ``node``, ``java``, ``dotnet`` or ``wheels``; ``label`` as a
    user would say it (``go build``, ``make install``); ``artifacts``: absolute paths in the image
    (files or folders) the runtime stage must copy; ``static``: the program needs no C library at
    run time (None: not known); ``links``: libraries it links beyond the C library; ``cplusplus``:
    it needs libstdc++; ``output_dirs``: folders the build writes its results to (a ``cp`` out of
    one is the artifact's move); ``commands``: the program names the build RUN may run.
    """

    __slots__ = (
        "artifacts",
        "commands",
        "cplusplus",
        "dotnet_kind",
        "family",
        "java_version",
        "label",
        "links",
        "output_dirs",
        "static",
        "static_reason",
    )

    def __init__(self, family: str, label: str, artifacts: list[str]) -> None:
        self.family = family
        self.label = label
        self.artifacts = artifacts
        self.static: bool | None = None
        self.static_reason = ""  # what shows it is static
        self.links: list[str] = []
        self.cplusplus = False
        self.output_dirs: list[str] = []
        self.commands: set[str] = set()
        self.java_version: int | None = None
        self.dotnet_kind: str | None = None

    def __repr__(self) -> str:
        return f"Build({self.family} {self.label!r} {self.artifacts})"


def build_kind(cmd: Command) -> str | None:
    """The family of the build ``cmd`` runs, if it is a build."""
    name = cmd.name
    words = cmd.words()
    first = next((w for w in words if not w.startswith("-")), "")
    if name == "go" and first == "build":
        return "go"
    if name == "cargo" and first in ("build", "install"):
        return "rust"
    if C_COMPILERS.match(name) or name in ("make", "gmake"):
        return "c"
    if name in ("npm", "pnpm") and first in ("run", "run-script") and "build" in words:
        return "node"
    if name == "yarn" and "build" in words[:2]:
        return "node"
    if name in ("mvn", "mvnw") or name.endswith("mvnw") or name in ("gradle", "gradlew") or name.endswith("gradlew"):
        return "java"
    if name == "dotnet" and first == "publish":
        return "dotnet"
    if name in ("pip", "pip3") and first == "wheel":
        return "wheels"
    if pip_install_words(cmd) is not None:
        return "python"
    return None


_PIP = lazy_compile(r"^pip(3(\.\d+)?)?$")
_PYTHON = lazy_compile(r"^python(3(\.\d+)?)?$")


def pip_install_words(cmd: Command) -> list[str] | None:
    """The words after ``install`` of ``pip install …`` or ``python -m pip install …``, else None."""
    words = cmd.words()
    if _PIP.match(cmd.name):
        rest = words
    elif _PYTHON.match(cmd.name) and words[:2] == ["-m", "pip"]:
        rest = words[2:]
    else:
        return None
    first = next((i for i, w in enumerate(rest) if not w.startswith("-")), None)
    if first is None or rest[first] != "install":
        return None
    return rest[first + 1 :]


def find_build(ctx: Facts, run: Instruction, cmd: Command, copies: CopyMap) -> Build:
    """What ``cmd`` (a build command of the RUN ``run``) writes, or raise :class:`Refusal`."""
    family = build_kind(cmd)
    if family is None:
        raise Refusal(f"`{cmd.name}` is not a build dockeropt knows")
    if cmd.cwd is None:
        fetch = _fetch_before(copies, run)
        if fetch is not None:
            raise Refusal(
                f"`{cmd.name}` runs in a folder the script does not name, in sources line {fetch[0]} fetches with "
                f"{fetch[1]}: what the build writes is not known"
            )
        raise Refusal(f"`{cmd.name}` runs in a folder the script does not name")
    state = ctx.graph.state(run)
    cwd = posixpath.normpath(posixpath.join(state.workdir or "/", cmd.cwd or "."))
    project = _Project(copies, run, cwd)
    if family == "go":
        build = _go(ctx, run, cmd, cwd, project)
    elif family == "c":
        build = _c(ctx, run, cmd, cwd, project)
    elif family == "rust":
        build = _rust(ctx, run, cmd, cwd, project)
    elif family == "node":
        build = _node(ctx, run, cmd, cwd, project)
    elif family == "java":
        build = _java(ctx, run, cmd, cwd, project)
    elif family == "dotnet":
        build = _dotnet(cmd, cwd, project)
    elif family == "python":
        build = _pip(ctx, run, cmd, cwd, project)
    else:
        build = _wheels(cmd, cwd)
    _follow_moves(ctx, run, build)
    return build


class _Project:
    """The project's files as the build RUN sees them."""

    def __init__(self, copies: CopyMap, run: Instruction, cwd: str) -> None:
        self.copies = copies
        self.run = run
        self.cwd = cwd

    def path(self, name: str, folder: str | None = None) -> str:
        return posixpath.normpath(posixpath.join(folder or self.cwd, name))

    def read(self, name: str, folder: str | None = None) -> str | None:
        return self.copies.read(self.path(name, folder), self.run)

    def missing(self, name: str, where: str, folder: str | None = None) -> Refusal:
        """Why ``name`` cannot be read: not in the build context, or (nothing copied it there) from
        what a step fetches from the network (``git clone``, ``curl``, ``ADD <url>``)."""
        if self.copies.writer(self.path(name, folder), self.run) is None:
            fetch = _fetch_before(self.copies, self.run)
            if fetch is not None:
                return Refusal(
                    f"{name} is not copied from the build context (line {fetch[0]} fetches sources with "
                    f"{fetch[1]}): what the build writes is not known"
                )
        return Refusal(f"{name} is not in the build context{where}")

    def listing(self, name: str) -> list[str] | None:
        """The names in a folder of the project (from the context), None when not known."""
        path = self.path(name)
        probe = self.copies.context_file(posixpath.join(path, "."), self.run)
        if probe is None:
            writer = self.copies.writer(path, self.run)
            if writer is None or writer.rel is None or self.copies.context_dir is None:
                return None
            probe = os.path.join(self.copies.context_dir, writer.rel)
        try:
            return sorted(os.listdir(probe))
        except OSError:
            return None


_FETCHERS = frozenset({"curl", "wget", "svn", "hg"})


def _fetch_before(copies: CopyMap, run: Instruction) -> tuple[int, str] | None:
    """The last step of the stage, up to ``run``, that fetches files from the network: (line, what)."""
    found: tuple[int, str] | None = None
    for inst in copies.stage.instructions:
        if inst.index > run.index:
            break
        if inst.name == "ADD" and any("://" in a.value or a.value.startswith("git@") for a in inst.args[:-1]):
            found = (inst.start_line, "ADD <url>")
        elif inst.name == "RUN":
            for rs in copies.ctx.run_scripts(inst):
                for c in rs.script.commands:
                    words = [w.text for w in c.args]
                    if c.name in _FETCHERS or (c.name == "git" and "clone" in words):
                        found = (inst.start_line, "git clone" if c.name == "git" else c.name)
    return found


def _literal(words: list[Word], names: tuple[str, ...], what: str) -> str | None:
    """The value of the last of the options ``names`` (``-o PATH``, ``--output=PATH``), literal."""
    found: str | None = None
    for i, w in enumerate(words):
        for name in names:
            if w.text == name and i + 1 < len(words):
                value = words[i + 1]
                if not value.literal or "$" in value.text:
                    raise Refusal(f"{what} ({name} {value.text}) is not a literal path")
                found = value.text
            elif w.text.startswith(name + "=") and name.startswith("--"):
                if not w.literal or "$" in w.text:
                    raise Refusal(f"{what} ({w.text}) is not a literal path")
                found = w.text[len(name) + 1 :]
    if found is not None and any(c in found for c in "*?["):
        raise Refusal(f"{what} ({found}) is a pattern")
    return found


def _abs(cwd: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, path))


# -- Go --------------------------------------------------------------------------------------------------
_GO_VALUE_FLAGS = frozenset(
    {"-o", "-p", "-ldflags", "-gcflags", "-asmflags", "-tags", "-mod", "-modfile", "-buildmode", "-pkgdir"}
    | {"-installsuffix", "-overlay", "-pgo", "-C", "-compiler", "-gccgoflags", "-toolexec", "-buildvcs"}
)


def _go(ctx: Facts, run: Instruction, cmd: Command, cwd: str, project: _Project) -> Build:
    words = cmd.args[1:]
    output = _literal(words, ("-o",), "the output of go build")
    env = ctx.graph.state(run).env
    goos = cmd.env("GOOS") or env.get("GOOS")
    if goos not in (None, "linux"):
        raise Refusal(f"go build makes a {goos} program (GOOS={goos})")
    packages: list[str] = []
    skip = False
    for w in words:
        if skip:
            skip = False
            continue
        if w.text.startswith("-"):
            skip = w.text in _GO_VALUE_FLAGS or w.text.lstrip("-") in {f.lstrip("-") for f in _GO_VALUE_FLAGS}
            skip = skip and "=" not in w.text
            continue
        packages.append(w.text)
    if output is None or output.endswith("/"):
        if len(packages) > 1 or any("..." in p or not p.startswith((".", "/")) for p in packages):
            raise Refusal("go build without -o of more than one package: the output's name is not known")
        name = _go_exec_name(packages[0] if packages else ".", cwd, project)
        output = posixpath.join(output or ".", name)
    build = Build("go", "go build", [_abs(cwd, output)])
    build.commands = {"go", "git"}
    cgo = cmd.env("CGO_ENABLED")
    if cgo is None:
        cgo = env.get("CGO_ENABLED")
    ldflags = _literal(words, ("-ldflags", "--ldflags"), "go build's -ldflags") or ""
    if cgo == "0":
        build.static, build.static_reason = True, "CGO_ENABLED=0 makes a static binary"
    elif "-extldflags" in ldflags and "-static" in ldflags:
        build.static, build.static_reason = True, "-extldflags -static links it statically"
    elif cgo is None and _go_without_c_compiler(ctx, run):
        build.static = True
        build.static_reason = "the golang Alpine image has no C compiler, so cgo is off from Go 1.20"
    return build


def _go_without_c_compiler(ctx: Facts, run: Instruction) -> bool:
    """golang:*-alpine (Go 1.20+) with no C compiler installed in the stage: cgo is off by default."""
    from dockeropt.analysis.image_ref import try_parse_image_ref

    stage = ctx.graph.stage(run)
    ref = try_parse_image_ref(stage.base_resolved) if stage is not None and not stage.unresolved else None
    if ref is None or ref.path != "library/golang" or "alpine" not in (ref.tag or ""):
        return False
    found = re.match(r"^1\.(\d+)", ref.tag or "")
    if found is None or int(found.group(1)) < 20:
        return False
    for inst in stage.instructions if stage is not None else []:
        for rs in ctx.run_scripts(inst) if inst.name == "RUN" else []:
            for op in rs.script.packages:
                if op.action == "install" and any(
                    C_COMPILERS.match(p.name) or p.name == "build-base" for p in op.packages
                ):
                    return False
    return True


def _go_exec_name(package: str, cwd: str, project: _Project) -> str:
    """cmd/go's DefaultExecName: the last element of the package's path (a major version suffix skipped)."""
    folder = _abs(cwd, package)
    if folder != cwd:
        return posixpath.basename(folder)
    gomod = project.read("go.mod")
    found = re.search(r"^module\s+(\S+)", gomod or "", re.MULTILINE)
    if found is None:
        raise Refusal("go build without -o, and no go.mod in the context to name the output")
    parts = found.group(1).strip("\"'").split("/")
    if len(parts) > 1 and re.fullmatch(r"v[2-9]\d*|v1\d+", parts[-1]):
        return parts[-2]
    return parts[-1]


# -- C and C++ -------------------------------------------------------------------------------------------
def _c(ctx: Facts, run: Instruction, cmd: Command, cwd: str, project: _Project) -> Build:
    scripts = ctx.run_scripts(run)
    commands = [c for rs in scripts for c in rs.script.commands]
    if cmd.name in ("make", "gmake"):
        return _make(commands, cwd, project)
    artifacts: list[str] = []
    build = Build("c", cmd.name, artifacts)
    for c in commands:
        if not C_COMPILERS.match(c.name):
            continue
        words = c.args
        texts = [w.text for w in words]
        if any(t in ("-c", "-S", "-E") for t in texts):
            continue  # objects only: linked by a later command
        output = _literal(words, ("-o",), f"the output of {c.name}")
        if output is None:
            raise Refusal(f"{c.name} without -o writes a.out: give the program a path (-o /usr/local/bin/app)")
        artifacts.append(_abs(cwd if c is cmd else _cwd_of(ctx, run, c), output))
        build.label = c.name
        build.links.extend(t[2:] for t in texts if t.startswith("-l") and len(t) > 2)
        build.cplusplus = build.cplusplus or "++" in c.name or any(t.endswith((".cpp", ".cc", ".cxx")) for t in texts)
        if "-static" in texts:
            build.static, build.static_reason = True, f"{c.name} -static links it statically"
        elif "-static-libstdc++" in texts:
            build.cplusplus = False
    if not artifacts:
        raise Refusal("the compiler only makes object files here (-c): the program is linked elsewhere")
    build.commands = {c.name for c in commands if C_COMPILERS.match(c.name)} | {"ar", "ld", "strip", "install", "cp"}
    return build


def _cwd_of(ctx: Facts, run: Instruction, cmd: Command) -> str:
    if cmd.cwd is None:
        raise Refusal(f"`{cmd.name}` runs in a folder the script does not name")
    return posixpath.normpath(posixpath.join(ctx.graph.state(run).workdir or "/", cmd.cwd or "."))


class _Makefile:
    """A plain Makefile: variables, rules with their recipes. Anything beyond (includes,
    conditionals, functions) is refused: what it does cannot be known without make."""

    def __init__(self, text: str) -> None:
        self.variables: dict[str, str] = {}
        self.rules: dict[str, tuple[list[str], list[str]]] = {}
        self.first: str | None = None
        current: list[str] | None = None
        lines = text.replace("\\\n", " ").splitlines()
        for raw in lines:
            if raw.startswith("\t"):
                if current is None:
                    raise Refusal("the Makefile has a recipe line outside a rule")
                current.append(raw[1:].strip())
                continue
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            word = line.split()[0]
            if word in ("include", "-include", "sinclude", "ifeq", "ifneq", "ifdef", "ifndef", "define", "vpath"):
                raise Refusal(f"the Makefile uses `{word}`")
            assign = re.match(r"^(?:override\s+|export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*([:+?!]?=)\s*(.*)$", line)
            if assign:
                name, op, value = assign.groups()
                if op == "?=" and name in self.variables:
                    continue
                if op == "+=":
                    value = (self.variables.get(name, "") + " " + value).strip()
                self.variables[name] = value
                current = None
                continue
            rule = re.match(r"^([^:=]+?)\s*::?\s*([^=]*)$", line)
            if rule is None:
                raise Refusal(f"the Makefile has a line dockeropt does not read: {line.strip()[:40]}")
            targets = rule.group(1).split()
            current = []
            for target in targets:
                if target.startswith(".") and target[1:].isupper():
                    continue  # .PHONY, .SUFFIXES …
                self.rules[target] = (rule.group(2).split(), current)
                if self.first is None and not target.startswith("."):
                    self.first = target

    def expand(self, text: str, overrides: dict[str, str], automatic: dict[str, str], depth: int = 0) -> str:
        if depth > 10:
            raise Refusal("the Makefile's variables refer to each other too deeply")

        def value(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2) or match.group(3)
            if name in automatic:
                return automatic[name]
            if " " in name or "," in name:
                raise Refusal(f"the Makefile calls a function ($({name.split()[0]} …))")
            if name in overrides:
                return overrides[name]
            if name in self.variables:
                return self.expand(self.variables[name], overrides, automatic, depth + 1)
            return ""  # an unset variable is empty

        return re.sub(r"\$\(([^()]*)\)|\$\{([^{}]*)\}|\$([@<^*?])", value, text.replace("$$", "\0")).replace("\0", "$")


_KNOWN_DIRS = frozenset(
    {"/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/lib", "/usr/lib"}
)


def _make(commands: list[Command], cwd: str, project: _Project) -> Build:
    makes = [c for c in commands if c.name in ("make", "gmake")]
    text = None
    for name in ("GNUmakefile", "makefile", "Makefile"):
        text = project.read(name)
        if text is not None:
            break
    if text is None:
        raise project.missing("the Makefile", "")
    makefile = _Makefile(text)
    overrides: dict[str, str] = {"DESTDIR": ""}
    goals: list[str] = []
    for m in makes:
        for w in m.words():
            if "=" in w and not w.startswith("-"):
                name, _, val = w.partition("=")
                overrides[name] = val
            elif w in ("-C", "-f", "--directory", "--file") or (w.startswith(("-C", "-f")) and len(w) > 2):
                raise Refusal(f"make {w}: dockeropt reads only the Makefile of the folder it runs in")
            elif not w.startswith("-"):
                goals.append(w)
    build = Build("c", "make", [])
    build.commands = {"make", "gmake", "install", "cp", "strip"}
    if "install" in goals:
        build.label = "make install"
        build.artifacts = _install_destinations(makefile, overrides, cwd)
    else:
        goal = goals[-1] if goals else makefile.first
        if goal is None or goal not in makefile.rules:
            raise Refusal("the Makefile's default target is not known")
        target = makefile.expand(goal, overrides, {})
        if target in ("all",) or target.startswith("."):
            prereqs = makefile.rules[goal][0]
            outputs = [makefile.expand(p, overrides, {}) for p in prereqs]
        else:
            outputs = [target]
        if not outputs or any(any(c in o for c in "$%*") or o.endswith((".o", ".a")) for o in outputs):
            raise Refusal("the program make builds is not named plainly in the Makefile")
        build.artifacts = [_abs(cwd, o) for o in outputs]
    flags = " ".join(
        makefile.expand(makefile.variables.get(v, ""), overrides, {}) for v in ("LDLIBS", "LDFLAGS", "LIBS")
    )
    recipes = " ".join(" ".join(r[1]) for r in makefile.rules.values())
    every = flags + " " + recipes
    build.links = sorted({m for m in re.findall(r"(?:^|\s)-l([A-Za-z0-9_+.-]+)", every)})
    build.cplusplus = "$(CXX)" in recipes or "g++" in recipes or "CXX" in makefile.variables
    if re.search(r"(?:^|\s)-static(?:\s|$)", every):
        build.static, build.static_reason = True, "the Makefile links with -static"
    return build


def _install_destinations(makefile: _Makefile, overrides: dict[str, str], cwd: str) -> list[str]:
    from dockeropt.shell import analyze

    if "install" not in makefile.rules:
        raise Refusal("`make install` but the Makefile has no install rule")
    created: set[str] = set()
    out: list[str] = []
    for raw in makefile.rules["install"][1]:
        line = makefile.expand(raw.lstrip("@-+"), overrides, {"@": "install"})
        for c in analyze(line).commands:
            words = [w.text for w in c.args]
            if c.name == "mkdir" or (c.name == "install" and "-d" in words):
                created.update(_abs(cwd, w) for w in words if not w.startswith("-"))
                continue
            if c.name not in ("install", "cp"):
                raise Refusal(f"the Makefile's install rule runs `{c.name}`")
            operands = [w for i, w in enumerate(words) if not w.startswith("-") and not _is_option_value(words, i)]
            if len(operands) < 2 or any(any(ch in w for ch in "*?[$`") for w in operands):
                raise Refusal(f"the Makefile's install rule copies what it names with a pattern: {line[:50]}")
            *sources, dest = operands
            dest = _abs(cwd, dest)
            into = len(sources) > 1 or dest in created or dest in _KNOWN_DIRS or operands[-1].endswith("/")
            for source in sources:
                out.append(posixpath.join(dest, posixpath.basename(source)) if into else dest)
    if not out:
        raise Refusal("the Makefile's install rule installs nothing dockeropt can see")
    return out


def _is_option_value(words: list[str], i: int) -> bool:
    return i > 0 and words[i - 1] in ("-m", "--mode", "-o", "--owner", "-g", "--group", "-t", "--target-directory")


# -- Rust ------------------------------------------------------------------------------------------------
_PURE_SYS = frozenset({"windows-sys", "linux-raw-sys", "js-sys", "web-sys", "core-foundation-sys", "wasi"})


def _rust(ctx: Facts, run: Instruction, cmd: Command, cwd: str, project: _Project) -> Build:
    import tomllib

    words = cmd.args
    texts = [w.text for w in words]
    install = texts[:1] == ["install"] or "install" in texts[:2]
    manifest_path = _literal(words, ("--manifest-path",), "cargo's --manifest-path")
    folder = posixpath.dirname(_abs(cwd, manifest_path)) if manifest_path else cwd
    text = project.read("Cargo.toml", folder)
    if text is None:
        raise project.missing("Cargo.toml", " where cargo runs", folder)
    try:
        manifest = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise Refusal("Cargo.toml does not parse") from None
    package = manifest.get("package")
    if not isinstance(package, dict) or not isinstance(package.get("name"), str):
        raise Refusal("Cargo.toml is a workspace: which member's binary is built is not known")
    names = _rust_binaries(manifest, package["name"], project, folder)
    wanted = [texts[i + 1] for i, t in enumerate(texts[:-1]) if t == "--bin"]
    if wanted:
        names = wanted
    if not names:
        raise Refusal("Cargo.toml builds no binary")
    target = _literal(words, ("--target",), "cargo's --target")
    if install:
        root = _literal(words, ("--root",), "cargo install's --root")
        if root is None:
            root = cmd.env("CARGO_INSTALL_ROOT") or ctx.graph.state(run).env.get("CARGO_INSTALL_ROOT")
        if root is None:
            raise Refusal("cargo install without --root: where it installs depends on the image's CARGO_HOME")
        artifacts = [_abs(cwd, posixpath.join(root, "bin", n)) for n in names]
        build = Build("rust", "cargo install", artifacts)
    else:
        target_dir = _literal(words, ("--target-dir",), "cargo's --target-dir")
        target_dir = target_dir or cmd.env("CARGO_TARGET_DIR") or ctx.graph.state(run).env.get("CARGO_TARGET_DIR")
        profile = _literal(words, ("--profile",), "cargo's --profile")
        if profile is None:
            profile = "release" if ("--release" in texts or "-r" in texts) else "debug"
        elif profile in ("dev", "test"):
            profile = "debug"
        base = posixpath.join(_abs(folder, target_dir or "target"), target or "", profile)
        build = Build("rust", "cargo build" + (" --release" if profile == "release" else ""), [])
        build.artifacts = [posixpath.normpath(posixpath.join(base, n)) for n in names]
    build.commands = {"cargo", "rustc", "rustup", "strip", "cp"}
    if target and target.endswith("-musl"):
        build.static, build.static_reason = True, f"the {target} target links statically"
    lock = project.read("Cargo.lock", folder)
    deps = manifest.get("dependencies")
    if lock is None and deps:
        raise Refusal("Cargo.lock is not in the build context: which native libraries the program links is not known")
    if lock is not None:
        native = sorted({n for n in re.findall(r'^name = "([^"]+-sys)"', lock, re.MULTILINE) if n not in _PURE_SYS})
        if native and not build.static:
            raise Refusal(
                f"the program links native libraries through {', '.join(native)}: install their runtime packages "
                "in the runtime stage yourself"
            )
    return build


def _rust_binaries(manifest: dict[str, object], package: str, project: _Project, folder: str) -> list[str]:
    bins = manifest.get("bin")
    names: list[str] = []
    if isinstance(bins, list):
        names = [b["name"] for b in bins if isinstance(b, dict) and isinstance(b.get("name"), str)]
    pkg = manifest.get("package")
    autobins = not (isinstance(pkg, dict) and pkg.get("autobins") is False)
    if autobins:
        src = project.listing(posixpath.relpath(posixpath.join(folder, "src"), project.cwd))
        if src is not None and "main.rs" in src and package not in names:
            names.insert(0, package)
        if src is not None and "bin" in src:
            extra = project.listing(posixpath.relpath(posixpath.join(folder, "src", "bin"), project.cwd)) or []
            names.extend(n[:-3] for n in extra if n.endswith(".rs") and n[:-3] not in names)
        if src is None and not names:
            names = [package]  # src/ not readable: the default binary
    return names


# -- front ends ------------------------------------------------------------------------------------------
_FRONTEND_OUTPUT = {"vite": "dist", "react-scripts": "build", "vue-cli-service": "dist", "parcel": "dist"}
_SCRIPT_RUNNERS = frozenset({"npm", "pnpm", "yarn"})
_OUTPUT_FLAGS = {
    "vite": ("--outDir",),
    "vue-cli-service": ("--dest",),
    "parcel": ("--dist-dir",),
    "next": ("-o", "--outdir"),
}


def _node(ctx: Facts, run: Instruction, cmd: Command, cwd: str, project: _Project) -> Build:

    text = project.read("package.json")
    if text is None:
        raise project.missing("package.json", " where the build runs")
    try:
        manifest = json.loads(text)
    except ValueError:
        raise Refusal("package.json does not parse") from None
    scripts = manifest.get("scripts") if isinstance(manifest, dict) else None
    if not isinstance(scripts, dict):
        scripts = {}
    script = scripts.get("build")
    if not isinstance(script, str):
        raise Refusal("package.json has no build script")
    words = cmd.words()
    extra = words[words.index("--") + 1 :] if "--" in words else []
    if cmd.name == "yarn":
        extra = words[words.index("build") + 1 :]
    tools = _script_commands(script, scripts, extra)
    output: str | None = None
    tool = ""
    for name, args in tools:
        if name in _FRONTEND_OUTPUT and args[:1] == ["build"]:
            tool = name
            output = _FRONTEND_OUTPUT[name]
            if name == "vite":
                output = _vite_out_dir(project) or output
            if name == "react-scripts" and (
                ctx.graph.state(run).env.get("BUILD_PATH") or "BUILD_PATH" in (project.read(".env") or "")
            ):
                raise Refusal("BUILD_PATH moves react-scripts' output")
        elif name == "next" and args[:1] == ["export"]:
            tool, output = "next export", "out"
        elif name == "next" and args[:1] == ["build"]:
            config = next((project.read(n) for n in ("next.config.js", "next.config.mjs", "next.config.ts")), None)
            if config is not None and re.search(r"output\s*:\s*['\"]export['\"]", config):
                tool, output = "next build (output: export)", "out"
        else:
            continue
        for flag in _OUTPUT_FLAGS.get(name, ()):
            for j, a in enumerate(args):
                if a == flag and j + 1 < len(args):
                    output = args[j + 1]
                elif a.startswith(flag + "="):
                    output = a[len(flag) + 1 :]
    if output is None:
        raise Refusal(
            f"the build script ({script[:60]}) is not a static front-end build whose output folder dockeropt knows "
            "(vite, react-scripts, vue-cli-service, parcel, next export)"
        )
    if "$" in output or any(c in output for c in "*?["):
        raise Refusal(f"the build's output folder ({output}) is not a literal path")
    build = Build("node", f"{cmd.name} run build ({tool})", [_abs(cwd, output)])
    build.output_dirs = list(build.artifacts)
    build.commands = {"npm", "yarn", "pnpm", "npx", "node", "corepack", "cp", "mv"}
    return build


def _script_commands(
    script: str, scripts: dict[str, object], extra: list[str], depth: int = 0
) -> list[tuple[str, list[str]]]:
    """The commands a package.json script runs, ``npm run X`` followed into script X; ``extra`` (the
    arguments after ``--``) go to the last one, as npm passes them."""
    from dockeropt.shell import analyze

    out: list[tuple[str, list[str]]] = []
    commands = analyze(script).commands
    for i, c in enumerate(commands):
        args = c.words() + (extra if i == len(commands) - 1 else [])
        name = c.name
        if name in ("npx", "pnpx") and args:
            name, args = args[0], args[1:]
        nested = None
        if name in _SCRIPT_RUNNERS and depth < 3:
            rest = args[1:] if args[:1] in (["run"], ["run-script"]) else args if name != "npm" else []
            if rest and isinstance(scripts.get(rest[0]), str):
                nested = rest[0]
                args = rest[1:]
                if "--" in args:
                    args = args[args.index("--") + 1 :]
        if nested is not None:
            target = scripts[nested]
            assert isinstance(target, str)
            out.extend(_script_commands(target, scripts, args, depth + 1))
        else:
            out.append((name, args))
    return out


def _vite_out_dir(project: _Project) -> str | None:
    for name in ("vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts"):
        text = project.read(name)
        if text is None:
            continue
        if "outDir" not in text:
            return None
        found = re.search(r"outDir\s*:\s*['\"]([^'\"$`]+)['\"]", text)
        if found is None:
            raise Refusal(f"{name} sets outDir to something dockeropt cannot read")
        return found.group(1)
    return None


# -- Java ------------------------------------------------------------------------------------------------
def _java(ctx: Facts, run: Instruction, cmd: Command, cwd: str, project: _Project) -> Build:
    name = cmd.name
    words = cmd.words()
    if "mvn" in name:
        if not any(w in ("package", "install", "verify") for w in words):
            raise Refusal("mvn without package/install: no jar is built")
        if any(w in ("-f", "--file", "-pl", "--projects") for w in words):
            raise Refusal("mvn -f/-pl: dockeropt reads only the pom.xml of the folder it runs in")
        jar = _maven_jar(project)
        build = Build("java", "mvn package", [_abs(cwd, f"target/{jar}")])
        build.output_dirs = [_abs(cwd, "target")]
        build.java_version = _maven_java_version(project.read("pom.xml") or "")
        build.commands = {name, "mvn", "java", "cp", "mv"}
        return build
    if not any(w in ("build", "assemble", "bootJar", "jar") for w in words):
        raise Refusal("gradle without build/assemble/bootJar/jar: no jar is built")
    jar = _gradle_jar(project)
    build = Build("java", f"{name} build", [_abs(cwd, f"build/libs/{jar}")])
    build.output_dirs = [_abs(cwd, "build/libs")]
    text = (project.read("build.gradle") or "") + (project.read("build.gradle.kts") or "")
    found = re.search(
        r"(?:languageVersion\.set\(JavaLanguageVersion\.of\(|JavaVersion\.VERSION_|sourceCompatibility\s*=\s*['\"]?)(\d+)",
        text,
    )
    build.java_version = int(found.group(1)) if found else None
    build.commands = {name, "gradle", "java", "cp", "mv"}
    return build


def _xml_text(text: str, path: str) -> str | None:
    """The text of the first element at ``path`` (``project/build/finalName``) of a pom, namespaces ignored."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise Refusal("pom.xml does not parse") from None
    node: ET.Element | None = root
    for part in path.split("/")[1:]:
        if node is None:
            return None
        node = next((c for c in node if c.tag.rsplit("}", 1)[-1] == part), None)
    return node.text.strip() if node is not None and node.text else None


def _maven_jar(project: _Project) -> str:
    pom = project.read("pom.xml")
    if pom is None:
        raise project.missing("pom.xml", " where mvn runs")
    packaging = _xml_text(pom, "project/packaging") or "jar"
    if packaging != "jar":
        raise Refusal(f"pom.xml packages a {packaging}, not a jar")
    if _xml_text(pom, "project/modules") is not None or "<modules>" in pom:
        raise Refusal("pom.xml has modules: which one's jar runs is not known")
    artifact = _xml_text(pom, "project/artifactId")
    version = _xml_text(pom, "project/version") or _xml_text(pom, "project/parent/version")
    values = {"project.artifactId": artifact, "artifactId": artifact, "project.version": version, "version": version}
    import xml.etree.ElementTree as ET

    for prop in ET.fromstring(pom).iter():
        if prop.tag.rsplit("}", 1)[-1] == "properties":
            for child in prop:
                values[child.tag.rsplit("}", 1)[-1]] = (child.text or "").strip()
    name = _xml_text(pom, "project/build/finalName") or "${project.artifactId}-${project.version}"
    for _ in range(5):
        name = re.sub(r"\$\{([^}]+)\}", lambda m: values.get(m.group(1)) or m.group(0), name)
    if "${" in name or not artifact:
        raise Refusal(f"the jar's name ({name}) uses a value pom.xml does not give")
    return name + ".jar"


def _maven_java_version(pom: str) -> int | None:
    for tag in ("maven.compiler.release", "maven.compiler.target", "java.version", "release"):
        found = re.search(rf"<{re.escape(tag)}>\s*(?:1\.)?(\d+)\s*</", pom)
        if found:
            return int(found.group(1))
    return None


def _gradle_jar(project: _Project) -> str:
    text = project.read("build.gradle") or project.read("build.gradle.kts")
    if text is None:
        raise project.missing("build.gradle", " where gradle runs")
    settings = project.read("settings.gradle") or project.read("settings.gradle.kts") or ""
    properties = project.read("gradle.properties") or ""
    if re.search(r"archiveFileName|archiveBaseName|archivesBaseName|archiveVersion|archiveClassifier", text):
        raise Refusal("build.gradle renames the jar")
    found = re.search(r"rootProject\.name\s*=\s*['\"]([^'\"$]+)['\"]", settings)
    name = found.group(1) if found else posixpath.basename(project.cwd)
    found = re.search(r"^\s*version\s*=?\s*['\"]([^'\"$]+)['\"]", text, re.MULTILINE)
    version = found.group(1) if found else None
    if version is None:
        found = re.search(r"^version\s*=\s*(\S+)", properties, re.MULTILINE)
        version = found.group(1) if found else None
    return f"{name}-{version}.jar" if version and version != "unspecified" else f"{name}.jar"


# -- .NET and wheels -------------------------------------------------------------------------------------
def _dotnet(cmd: Command, cwd: str, project: _Project) -> Build:
    output = _literal(cmd.args, ("-o", "--output"), "dotnet publish's output")
    if output is None:
        raise Refusal("dotnet publish without -o: the output folder depends on the project")
    build = Build("dotnet", "dotnet publish", [_abs(cwd, output.rstrip("/"))])
    build.commands = {"dotnet"}
    sdk = None
    for name in project.listing(".") or []:
        if name.endswith((".csproj", ".fsproj", ".vbproj")):
            text = project.read(name) or ""
            found = re.search(r'<Project\s+Sdk="([^"]+)"', text)
            sdk = found.group(1) if found else sdk
    if sdk is not None:
        build.dotnet_kind = "web" if sdk.startswith("Microsoft.NET.Sdk.Web") else "console"
    return build


def _wheels(cmd: Command, cwd: str) -> Build:
    output = _literal(cmd.args, ("-w", "--wheel-dir"), "pip wheel's output folder")
    if output is None:
        raise Refusal("pip wheel without -w: the wheels land in the working directory among the sources")
    build = Build("wheels", "pip wheel", [_abs(cwd, output.rstrip("/"))])
    build.commands = {"pip", "pip3", "python", "python3"}
    return build


# -- Python packages compiled by pip -------------------------------------------------------------------
_PIP_VALUE_OPTIONS = frozenset(
    {"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links"}
    | {"--trusted-host", "--platform", "--python-version", "--implementation", "--abi", "--no-binary"}
    | {"--only-binary", "--progress-bar", "--cache-dir", "--log", "--timeout", "--retries", "--proxy", "--src"}
    | {"--upgrade-strategy", "--config-settings", "-C", "--global-option", "--root-user-action", "--report"}
)


def _pip(ctx: Facts, run: Instruction, cmd: Command, cwd: str, project: _Project) -> Build:
    """``pip install`` with a C compiler in the stage: what it installs, where, from requirements only."""
    words = pip_install_words(cmd) or []
    for refused in ("-e", "--editable", "--user", "--root", "--prefix", "-t", "--target"):
        if not any(w == refused or w.startswith(refused + "=") for w in words):
            continue
        if refused in ("-e", "--editable"):
            raise Refusal(f"pip install {refused} leaves the package in the sources, with what its build writes there")
        raise Refusal(
            f"pip install {refused}: only installs into the interpreter's own folders or a virtual environment "
            "are converted"
        )
    requirements: list[str] = []
    skip = None
    for w in words:
        if skip is not None:
            if skip in ("-r", "--requirement", "-c", "--constraint"):
                requirements.append(w)
            skip = None
            continue
        if w.startswith("-"):
            name = w.split("=", 1)[0]
            if name in _PIP_VALUE_OPTIONS and "=" not in w:
                skip = name
            elif name in ("--requirement", "--constraint"):
                requirements.append(w.split("=", 1)[1])
            continue
        if _local_requirement(w):
            raise Refusal(f"pip install {w} installs from the sources: they may be left in place by the build")
    for name in requirements:
        _check_requirements(project, name, set())
    artifacts = _pip_prefix(ctx, run, cmd)
    build = Build("python", "pip install", artifacts)
    build.commands = set()  # the build RUN may only install with pip and make virtual environments
    return build


def _local_requirement(spec: str) -> bool:
    """A requirement that names a local folder or archive (``.``, ``./libs/core``, ``dist/x.whl``),
    not a package (``torch==${VERSION}``, ``pkg @ https://…``, ``git+https://…``)."""
    spec = spec.split(";", 1)[0].strip()
    if spec.startswith((".", "/", "~", "$", "file:")) or spec.endswith((".whl", ".tar.gz", ".zip", ".tgz")):
        return True
    return "/" in spec and "://" not in spec and "@" not in spec


def _check_requirements(project: _Project, name: str, seen: set[str]) -> None:
    """A requirements file installs nothing from the sources (``-e``, a local path) — or refuse."""
    path = project.path(name)
    if path in seen:
        return
    seen.add(path)
    if "$" in name:
        raise Refusal(f"the requirements file {name} is not a literal path")
    text = project.read(name)
    if text is None:
        raise project.missing(name, ": whether it installs from the sources (-e, a path) is not known")
    folder = posixpath.dirname(path)
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        option, _, value = line.replace("=", " ", 1).partition(" ") if line.startswith("-") else (line, "", "")
        if option in ("-r", "--requirement", "-c", "--constraint"):
            _check_requirements(project, posixpath.relpath(_abs(folder, value.strip()), project.cwd), seen)
        elif option in ("-e", "--editable") or (not line.startswith("-") and _local_requirement(line)):
            raise Refusal(f"{name} installs {line} from the sources: the build may leave files in them")


def _pip_prefix(ctx: Facts, run: Instruction, cmd: Command) -> list[str]:
    """Where this pip installs: a virtual environment the stage made (PATH, or pip named by its
    path), the python image's /usr/local, or Debian's and Ubuntu's /usr/local dist-packages."""
    from dockeropt.analysis.image_ref import try_parse_image_ref
    from dockeropt.knowledge.runtimes import PYTHON_OF_RELEASE

    state = ctx.graph.state(run)
    program = cmd.argv[0].text
    venvs = _venvs(ctx, run)
    if "/" in program:
        folder = posixpath.dirname(posixpath.dirname(_abs(state.workdir or "/", program)))
        if folder in venvs:
            return [folder]
        raise Refusal(f"{program} is not the pip of a virtual environment this stage makes")
    for entry in (state.env.get("PATH") or "").split(":"):
        if entry.endswith("/bin") and posixpath.dirname(entry) in venvs:
            return [posixpath.dirname(entry)]
        if entry in ("/usr/local/bin", "/usr/bin", "/bin"):
            break
    if venvs:
        raise Refusal(f"a virtual environment ({venvs[0]}) is made but PATH does not lead pip to it")
    base = ctx.graph.stages[0].base_resolved if ctx.graph.stages else None
    ref = try_parse_image_ref(base) if base else None
    if ref is None:
        raise Refusal("the base image is not known: where pip installs is not known")
    repository = ref.path.removeprefix("library/") if ref.domain == "docker.io" else f"{ref.domain}/{ref.path}"
    tag = ref.tag or "latest"
    if repository == "python":
        found = re.match(r"^(\d+)\.(\d+)", tag)
        if found is None or found.group(1) != "3":
            raise Refusal(f"the Python version of python:{tag} is not known: name it in the tag (python:3.12-slim)")
        return [f"/usr/local/lib/python{found.group(1)}.{found.group(2)}/site-packages", "/usr/local/bin"]
    if repository in ("debian", "ubuntu", "nvidia/cuda"):
        # nvidia/cuda:12.4.1-runtime-ubuntu22.04 names its Ubuntu release in the tag
        parts = [p.removeprefix("ubuntu") for p in tag.split("-")]
        release = next((p for p in parts if p in PYTHON_OF_RELEASE), None)
        if release is None:
            raise Refusal(f"the Python of {repository}:{tag} is not known: name the release in the tag")
        return [f"/usr/local/lib/python{PYTHON_OF_RELEASE[release]}/dist-packages", "/usr/local/bin"]
    raise Refusal(f"where pip installs on {base} is not known (a virtual environment, or the python image, is)")


def _venvs(ctx: Facts, upto: Instruction) -> list[str]:
    """Virtual environments the stage makes before ``upto`` (``python -m venv /opt/venv``, ``virtualenv``)."""
    stage = ctx.graph.stage(upto)
    found: list[str] = []
    for inst in stage.instructions if stage is not None else []:
        if inst.index >= upto.index:
            break
        if inst.name != "RUN":
            continue
        workdir = ctx.graph.state(inst).workdir or "/"
        for rs in ctx.run_scripts(inst):
            for c in rs.script.commands:
                words = c.words()
                if _PYTHON.match(c.name) and words[:2] == ["-m", "venv"]:
                    operands = [w for w in words[2:] if not w.startswith("-")]
                elif c.name == "virtualenv":
                    operands = [w for w in words if not w.startswith("-")]
                else:
                    continue
                if len(operands) == 1 and "$" not in operands[0] and c.cwd is not None:
                    found.append(_abs(_abs(workdir, c.cwd), operands[0]))
    return found


# -- moves of the output ---------------------------------------------------------------------------------
def _follow_moves(ctx: Facts, run: Instruction, build: Build) -> None:
    """A ``cp``/``mv``/``install`` of the build's output later in the RUN makes its destination the artifact."""
    outputs = list(build.artifacts) + build.output_dirs
    for rs in ctx.run_scripts(run):
        for c in rs.script.commands:
            if c.name not in ("cp", "mv", "install") or c.cwd is None:
                continue
            words = [w.text for w in c.args]
            operands = [w for i, w in enumerate(words) if not w.startswith("-") and not _is_option_value(words, i)]
            if len(operands) < 2 or "$" in operands[-1] or any(ch in operands[-1] for ch in "*?["):
                continue
            cwd = _cwd_of(ctx, run, c)
            *sources, dest = operands
            for source in sources:
                full = _abs(cwd, source.rstrip("*").rstrip("/") or ".")
                if source.endswith(("/*", "/.")):
                    full = _abs(cwd, source[:-2])
                origin = next((o for o in outputs if full == o or full.startswith(o.rstrip("/") + "/")), None)
                if origin is None:
                    continue
                target = _abs(cwd, dest)
                whole_dir = source.endswith(("/*", "/.")) or (origin == full and origin in build.output_dirs)
                if not whole_dir and (dest.endswith("/") or len(sources) > 1):
                    target = posixpath.join(target, posixpath.basename(full))
                if origin in build.artifacts:
                    build.artifacts[build.artifacts.index(origin)] = target
                elif full in build.artifacts:
                    build.artifacts[build.artifacts.index(full)] = target
                elif any(ch in source for ch in "*?["):
                    build.artifacts = [target]  # cp target/*.jar app.jar: the copy is the artifact
                else:
                    build.artifacts.append(target)
