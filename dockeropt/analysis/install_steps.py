"""What a RUN installs, what it reads and where it writes: can it run before the sources are copied?

A RUN can move above a ``COPY . .`` (into a base image) when nothing it does depends on what that
COPY brings: system packages named on the command line (apt, apk, dnf …), dependency installs
that read only their manifests (``pip install -r requirements.txt``, ``npm ci``, ``go mod
download`` …), users and folders made with absolute paths. :func:`classify_run` says which of
these a RUN is, the manifest files (image paths) it reads, the folders of the project it fills
(``node_modules``), or why it cannot move.

Manifest contents matter: an ``npm ci`` whose package.json has a ``postinstall`` script, a
requirements file that installs ``-e .``, a go.mod with a ``replace => ./lib`` read the sources.
The caller passes ``read(image_path)``, which returns a manifest's text as the install would see
it (or None when the file would not be there).
"""

from __future__ import annotations

import json
import posixpath
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from dockeropt.analysis.facts import Facts
    from dockeropt.shell.model import Command
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Instruction

SYSTEM_MANAGERS = frozenset({"apt", "apk", "dnf", "yum", "microdnf", "tdnf", "zypper"})
# commands that write nothing a later step or the sources could depend on
_NEUTRAL = frozenset({"cd", "export", "set", "true", ":", "echo", "printf", "umask"})
_USER_SETUP = frozenset({"useradd", "groupadd", "adduser", "addgroup", "usermod"})
_MKDIR = frozenset({"mkdir"})
# folders anyone may empty besides the managers' caches (the table's): a clean-up, not a change
_TEMPORARY_FOLDERS = ("/tmp", "/var/tmp", "/var/cache", "/root/.cache")
# npm runs these scripts of the project's own package.json on `npm ci` / `npm install`
_LIFECYCLE = ("preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare")
_GO_LOCAL_REPLACE = re.compile(r"=>\s*\.{1,2}/", re.MULTILINE)
_GEMFILE_LOCAL = re.compile(r"^\s*gemspec\b|\bpath\s*(?::|=>)|\bpath\s*\(", re.MULTILINE)
_YARN_PATH = re.compile(r"^yarnPath:\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", re.MULTILINE)


def install_manifests(tool: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) manifest names an install of ``tool`` reads in its project folder, from
    the package-manager table (patterns such as ``*.gemspec`` left out: a COPY needs names)."""
    from dockeropt.knowledge.packages import MANAGERS

    manager = MANAGERS.get(tool)
    if manager is None:
        return (), ()
    names = [n for n in manager.files if "*" not in n]
    return tuple(names[:1]), tuple(names[1:])


def _cache_folders() -> tuple[str, ...]:
    from dockeropt.knowledge.packages import MANAGERS

    return (*_TEMPORARY_FOLDERS, *sorted({c.root for m in MANAGERS.values() for c in m.caches}))


# folders of the project an install fills: a source COPY that brings its own would change them
_PROJECT_OUTPUTS: dict[str, tuple[str, ...]] = {
    "npm": ("node_modules",),
    "yarn": ("node_modules", ".yarn", ".pnp.cjs", ".pnp.loader.mjs"),
    "pnpm": ("node_modules",),
    "composer": ("vendor",),
    "bundle": ("vendor", ".bundle"),
    "uv": (".venv",),
    "poetry": (".venv",),
    "pipenv": (".venv",),
}


class InstallStep:
    """One install of a RUN: ``kind`` is ``system`` (OS packages), ``dependencies`` (from manifests),
    ``packages`` (a language manager's packages named on the command line) or ``setup`` (users,
    folders). ``reads``: manifest paths in the image that must be there; ``optional``: read when
    present; ``writes``: folders of the project it fills."""

    __slots__ = ("kind", "label", "optional", "reads", "tool", "writes")

    def __init__(self, kind: str, tool: str, label: str) -> None:
        self.kind = kind
        self.tool = tool
        self.label = label
        self.reads: list[str] = []
        self.optional: list[str] = []
        self.writes: list[str] = []

    def __repr__(self) -> str:
        return f"InstallStep({self.kind} {self.label!r} reads={self.reads})"


class RunClass:
    """What a RUN is for moving it: its ``steps``; ``reason`` says why it cannot move (None: it can)."""

    __slots__ = ("package_commands", "reason", "steps")

    def __init__(self, steps: list[InstallStep], reason: str | None, package_commands: list[str] | None = None) -> None:
        self.steps = steps
        self.reason = reason
        self.package_commands = package_commands or []  # every package manager command of the RUN, as labels

    @property
    def installs(self) -> bool:
        """Whether the RUN installs packages (whether or not it can move)."""
        return bool(self.package_commands)


def classify_run(ctx: Facts, inst: Instruction, read: Callable[[str], str | None]) -> RunClass:
    """Whether ``inst`` (a RUN) reads nothing of the sources but the manifests, and what it installs."""
    if inst.name != "RUN":
        return RunClass([], "not a RUN")
    if inst.heredocs:
        return RunClass([], "it runs a heredoc script", ["a heredoc script"])
    for spec in inst.flag_values("mount"):
        from dockeropt.graph.model import parse_mount

        opts = parse_mount(spec)
        if opts.get("type", "bind") == "bind" and "from" not in opts:
            return RunClass([], "it mounts the build context")
    scripts = ctx.run_scripts(inst)
    if not scripts or not scripts[0].script.supported or scripts[0].script.has_errors:
        return RunClass([], "its script is not one dockeropt can read")
    script = scripts[0].script
    state = ctx.graph.state(inst)
    workdir = state.workdir or "/"
    ops = {id(op.command): op for op in script.packages}
    labels = [_op_label(op) for op in script.packages if op.action in ("install", "download")]
    steps: list[InstallStep] = []
    for cmd in script.commands:
        if cmd.cwd is None:
            return RunClass(steps, f"`{cmd.name}` runs in a folder the script does not name")
        if any(r.writes_file and (r.target is None or r.target.text != "/dev/null") for r in cmd.redirects):
            return RunClass(steps, f"`{cmd.name}` writes a file")
        cwd = posixpath.normpath(posixpath.join(workdir, cmd.cwd)) if cmd.cwd else workdir
        op = ops.get(id(cmd))
        if op is not None:
            step, reason = _package_step(op, cwd, read)
            if reason is not None:
                return RunClass(steps, reason, labels)
            if step is not None:
                steps.append(step)
            continue
        if cmd.name == "pipenv" and cmd.words()[:1] == ["install"] and len(cmd.operands()) == 1:
            step = InstallStep("dependencies", "pipenv", " ".join(["pipenv", *cmd.words()]))
            required, optional = install_manifests("pipenv")
            step.reads = [posixpath.join(cwd, n) for n in required]
            step.optional = [posixpath.join(cwd, n) for n in optional]
            step.writes = [posixpath.join(cwd, n) for n in _PROJECT_OUTPUTS["pipenv"]]
            steps.append(step)
            continue
        reason = _other_command(cmd, steps)
        if reason is not None:
            return RunClass(steps, reason, labels)
    return RunClass(steps, None, labels)


def _op_label(op: PackageOp) -> str:
    return " ".join([op.command.name, *op.command.words()])[:60]


def _other_command(cmd: Command, steps: list[InstallStep]) -> str | None:
    """None when ``cmd`` (not a package manager's) is harmless before the sources are there."""
    name = cmd.name
    words = cmd.words()
    if cmd.in_substitution:
        return f"`{name}` runs in a command substitution"
    if name in _NEUTRAL:
        return None
    if name in _USER_SETUP:
        if any("$" in w for w in words):
            return f"`{name}` uses a variable"
        steps.append(InstallStep("setup", name, f"{name} {' '.join(words)}".strip()))
        return None
    operands = [w for w in cmd.args if not w.text.startswith("-")]
    if name in _MKDIR:
        if all(w.is_literal and w.text.startswith("/") for w in operands):
            steps.append(InstallStep("setup", name, "mkdir"))
            return None
        return "`mkdir` makes a folder relative to the working directory"
    if name == "rm":
        for w in operands:
            path = w.text.rstrip("*").rstrip("/")
            if not (w.is_literal or w.text.startswith("/")) or not any(
                path == f or path.startswith(f + "/") for f in _cache_folders()
            ):
                return f"`rm` removes {w.text}, not a cache"
        return None
    if name in ("npm", "yarn", "pnpm") and words[:2] in (["config", "set"], ["cache", "clean"]):
        return None
    if name == "corepack":
        return None
    return f"it runs `{name}`"


def _package_step(op: PackageOp, cwd: str, read: Callable[[str], str | None]) -> tuple[InstallStep | None, str | None]:
    manager = op.manager
    label = _op_label(op)
    if op.action in ("clean", "cache-purge"):
        return None, None
    if manager in SYSTEM_MANAGERS:
        if op.action not in ("install", "update", "upgrade", "remove"):
            return None, f"`{label}` is not an install"
        for pkg in op.packages:
            if pkg.kind != "name" or not pkg.is_literal:
                return None, f"{manager} installs {pkg.spec}, not a package name"
        return InstallStep("system", manager, label), None
    if op.action != "install":
        if manager == "go" and op.action == "download":
            return _go_download(op, cwd, label, read)
        return None, f"`{label}` is not an install"
    if manager in ("pip", "uv") and not (manager == "uv" and op.subcommand == "sync"):
        return _pip_install(op, cwd, label, read)
    if manager in ("npm", "yarn", "pnpm"):
        return _js_install(op, cwd, label, read)
    if manager == "uv":  # uv sync
        if not op.has("no-install-project", "no-install-workspace", "only-dev"):
            return None, f"`{label}` installs the project itself (its sources): add --no-install-project"
        return _project_step("uv", op, cwd, label, read)
    if manager == "poetry":
        if not op.has("no-root") and not op.has("only-root"):
            return None, f"`{label}` installs the project itself (its sources): add --no-root"
        return _project_step("poetry", op, cwd, label, read)
    if manager == "bundle":
        return _project_step("bundle", op, cwd, label, read)
    if manager == "composer":
        if not (op.has("no-scripts") and op.has("no-autoloader")):
            return None, f"`{label}` runs the project's scripts and autoloader over the sources"
        return _project_step("composer", op, cwd, label, read)
    if manager == "conda":
        return _conda_install(op, cwd, label, read)
    if op.packages and all(p.kind == "name" and p.is_literal for p in op.packages):
        return InstallStep("packages", manager, label), None
    return None, f"`{label}`: dockeropt does not know what it reads"


def _project_step(
    tool: str, op: PackageOp, cwd: str, label: str, read: Callable[[str], str | None]
) -> tuple[InstallStep | None, str | None]:
    step = InstallStep("dependencies", tool, label)
    required, optional = install_manifests(tool)
    step.reads = [posixpath.join(cwd, n) for n in required]
    step.optional = [posixpath.join(cwd, n) for n in optional]
    step.writes = [posixpath.join(cwd, n) for n in _PROJECT_OUTPUTS.get(tool, ())]
    if tool == "bundle":
        gemfile = read(step.reads[0])
        if gemfile is not None and _GEMFILE_LOCAL.search(gemfile):
            return None, "the Gemfile installs a gem from the sources (gemspec or path:)"
    return step, None


def _go_download(
    op: PackageOp, cwd: str, label: str, read: Callable[[str], str | None]
) -> tuple[InstallStep | None, str | None]:
    if op.subcommand != "mod":
        return None, f"`{label}` is not `go mod download`"
    step = InstallStep("dependencies", "go", label)
    required, optional = install_manifests("go")
    step.reads = [posixpath.join(cwd, n) for n in required]
    step.optional = [posixpath.join(cwd, n) for n in optional]
    gomod = read(step.reads[0])
    if gomod is not None and _GO_LOCAL_REPLACE.search(gomod):
        return None, "go.mod replaces a module with a folder of the sources"
    if read(posixpath.join(cwd, "go.work")) is not None:
        return None, "a go.work file makes it read the modules of the workspace"
    return step, None


def _js_install(
    op: PackageOp, cwd: str, label: str, read: Callable[[str], str | None]
) -> tuple[InstallStep | None, str | None]:
    tool = op.manager
    if op.packages:
        global_install = op.has("g", "global") or (tool == "yarn" and op.subcommand == "global")
        if global_install and all(p.kind == "name" and p.is_literal for p in op.packages):
            step = InstallStep("packages", tool, label)
            step.optional = [posixpath.join(cwd, n) for n in install_manifests(tool)[1] if n.startswith(".")]
            return step, None
        return None, f"`{label}` adds packages to package.json"
    step = InstallStep("dependencies", tool, label)
    required, optional = install_manifests(tool)
    step.reads = [posixpath.join(cwd, n) for n in required]
    step.optional = [posixpath.join(cwd, n) for n in optional]
    step.writes = [posixpath.join(cwd, n) for n in _PROJECT_OUTPUTS[tool]]
    text = read(step.reads[0])
    if text is not None:
        try:
            manifest = json.loads(text)
        except ValueError:
            return None, "package.json does not parse"
        if isinstance(manifest, dict):
            if manifest.get("workspaces"):
                return None, "package.json declares workspaces (their package.json files are in the sources)"
            scripts = manifest.get("scripts")
            ignored = op.has("ignore-scripts")
            if isinstance(scripts, dict) and not ignored:
                ran = [s for s in _LIFECYCLE if s in scripts]
                if ran:
                    return None, f"package.json has a `{ran[0]}` script, which may read the sources"
    if tool == "pnpm" and read(posixpath.join(cwd, "pnpm-workspace.yaml")) is not None:
        return None, "pnpm-workspace.yaml makes it read the packages of the workspace"
    if tool == "yarn":
        rc = read(posixpath.join(cwd, ".yarnrc.yml"))
        found = _YARN_PATH.search(rc) if rc is not None else None
        if found is not None:
            path = found.group(1).strip()
            if path.startswith("/") or ".." in path.split("/"):
                return None, ".yarnrc.yml runs a yarn from outside the project"
            step.reads.append(posixpath.normpath(posixpath.join(cwd, path)))
    return step, None


def _pip_install(
    op: PackageOp, cwd: str, label: str, read: Callable[[str], str | None]
) -> tuple[InstallStep | None, str | None]:
    from dockeropt.context.requirements_txt import logical_lines, parse_options, split_options

    for pkg in op.packages:
        if pkg.kind not in ("name", "url") or not pkg.is_literal or pkg.editable:
            return None, f"`{label}` installs {pkg.spec} from the sources"
    for value in op.args.values("-f", "--find-links", "-e", "--editable"):
        if "://" not in value:
            return None, f"`{label}` reads {value} from the sources"
    for name in ("--target", "-t", "--prefix", "--root"):
        if op.value(name) is not None:
            return None, f"`{label}` installs into {op.value(name)}"
    files = [*op.files, *op.constraints]
    if not files:
        return InstallStep("packages", op.manager, label), None
    step = InstallStep("dependencies", "pip", label)
    todo = [posixpath.normpath(posixpath.join(cwd, f)) for f in files]
    for f in todo:
        if "$" in f:
            return None, f"`{label}` reads a requirements file named by a variable"
    seen: set[str] = set()
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if len(seen) > 50:
            return None, "the requirements files include more than 50 others"
        step.reads.append(path)
        text = read(path)
        if text is None:
            continue  # the caller says the file is missing
        folder = posixpath.dirname(path)
        for _, line in logical_lines(text):
            args, options = split_options(line)
            if args:
                requirement = args.split(";", 1)[0].strip()
                if "://" not in requirement and (
                    requirement.startswith((".", "/")) or requirement.endswith((".whl", ".tar.gz", ".zip"))
                ):
                    return None, f"{posixpath.basename(path)} installs {requirement} from the sources"
                continue
            for kind, value in parse_options(options):
                if kind in ("requirement", "constraint"):
                    if "://" in value:
                        continue
                    todo.append(posixpath.normpath(posixpath.join(folder, value)))
                elif kind == "editable" or (kind == "find-links" and "://" not in value):
                    return None, f"{posixpath.basename(path)} reads {value} from the sources"
    return step, None


def _conda_install(
    op: PackageOp, cwd: str, label: str, read: Callable[[str], str | None]
) -> tuple[InstallStep | None, str | None]:
    if not op.files:
        if op.packages and all(p.kind == "name" and p.is_literal for p in op.packages):
            return InstallStep("packages", "conda", label), None
        return None, f"`{label}`: dockeropt does not know what it reads"
    step = InstallStep("dependencies", "conda", label)
    step.reads = [posixpath.normpath(posixpath.join(cwd, f)) for f in op.files]
    for path in step.reads:
        text = read(path)
        if text is not None and re.search(r"^\s*-\s*-[re]\s|\bfile:", text, re.MULTILINE):
            return None, f"{posixpath.basename(path)} has a pip section that reads other files"
    return step, None
