"""DO303 copy-all-before-install: the whole context is copied before the dependencies are installed."""

from __future__ import annotations

import os

from dockeropt.analysis.copy_sources import copies_whole_context
from dockeropt.analysis.layers import normalize_path
from dockeropt.api import Category, CheckContext, Edit, Fix, Impact, Rule, Severity
from dockeropt.api.edits import line_end
from dockeropt.api.finding import STRUCTURE
from dockeropt.files.read import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Instruction

# What each installer reads, in the order to copy them. The first name is required to exist.
MANIFESTS: dict[str, tuple[str, ...]] = {
    "npm": ("package.json", "package-lock.json", "npm-shrinkwrap.json", ".npmrc"),
    "yarn": ("package.json", "yarn.lock", ".yarnrc.yml", ".yarnrc", ".npmrc"),
    "pnpm": ("package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc"),
    "go": ("go.mod", "go.sum"),
    "bundle": ("Gemfile", "Gemfile.lock"),
    "composer": ("composer.json", "composer.lock"),
    "poetry": ("pyproject.toml", "poetry.lock"),
    "uv": ("pyproject.toml", "uv.lock"),
    "pipenv": ("Pipfile", "Pipfile.lock"),
    "cargo": ("Cargo.toml", "Cargo.lock"),
    "mvn": ("pom.xml",),
    "gradle": ("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "gradle.properties"),
}
# Installs that read only their manifests, so they can move above the COPY of the sources.
_MOVABLE = frozenset({"npm", "yarn", "pnpm", "go", "bundle", "pip"})


class InstallStep:
    """A RUN that installs dependencies, and the manifest files it reads (context-relative)."""

    __slots__ = ("inst", "manifests", "movable", "tool")

    def __init__(self, inst: Instruction, tool: str, manifests: list[str], movable: bool) -> None:
        self.inst = inst
        self.tool = tool
        self.manifests = manifests
        self.movable = movable


def _install_step(ctx: CheckContext, inst: Instruction) -> InstallStep | None:
    for rs in ctx.run_scripts(inst):
        # the manager's own cache clean-up (`npm cache clean --force`, DO206's fix) reads no sources:
        # an install followed by it still moves as one step
        cleanups = {id(op.command) for op in rs.script.packages if op.action in ("clean", "cache-purge")}
        working = [c for c in rs.script.commands if id(c) not in cleanups]
        for op in rs.script.packages:
            step = _step_for(inst, op, len(working))
            if step is not None:
                return step
        for cmd in rs.script.commands:
            words = [w.text for w in cmd.args]
            if cmd.name in ("mvn", "mvnw") or cmd.name.endswith("mvnw"):
                return InstallStep(inst, "mvn", list(MANIFESTS["mvn"]), False)
            if cmd.name in ("gradle", "gradlew") or cmd.name.endswith("gradlew"):
                return InstallStep(inst, "gradle", list(MANIFESTS["gradle"]), False)
            if cmd.name == "pipenv" and words[:1] == ["install"]:
                return InstallStep(inst, "pipenv", list(MANIFESTS["pipenv"]), False)
    return None


def _step_for(inst: Instruction, op: PackageOp, n_commands: int) -> InstallStep | None:
    manager = op.manager
    alone = n_commands == 1
    if manager == "pip" and op.action == "install":
        if op.files and not op.packages:
            return InstallStep(inst, "pip", list(op.files), alone)
        if any(p.spec in (".", "./") or p.spec.startswith("-e") for p in op.packages):
            return InstallStep(inst, "pip", ["pyproject.toml", "setup.py", "setup.cfg"], False)
        return None
    if manager in ("npm", "yarn", "pnpm") and op.action == "install" and not op.packages:
        return InstallStep(inst, manager, list(MANIFESTS[manager]), alone)
    if manager == "go" and op.subcommand == "mod":
        return InstallStep(inst, "go", list(MANIFESTS["go"]), alone)
    if manager == "go" and op.action == "build":
        return InstallStep(inst, "go", list(MANIFESTS["go"]), False)
    if manager in ("bundle", "composer", "poetry") and op.action == "install":
        return InstallStep(inst, manager, list(MANIFESTS[manager]), alone and manager == "bundle")
    if manager == "uv" and op.subcommand == "sync":
        return InstallStep(inst, "uv", list(MANIFESTS["uv"]), False)
    if manager == "cargo" and op.action in ("build", "install"):
        return InstallStep(inst, "cargo", list(MANIFESTS["cargo"]), False)
    return None


class CopyAllBeforeInstall(Rule):
    id = "DO303"
    name = "copy-all-before-install"
    category = Category.CACHE
    severity = Severity.WARNING
    summary = "The whole context is copied before the dependencies are installed: every code change reinstalls them"
    fixable = True
    docs = """
The build cache reuses a layer only while everything before it is unchanged. With
`COPY . .` before `RUN npm ci` (or `pip install -r requirements.txt`, `go mod download`,
`bundle install` …), editing any source file invalidates the COPY, and the dependency install
runs again on every build: minutes of CI time, network traffic, and for large Python stacks
gigabytes of downloads.

**Fix**: copy the dependency manifests first, install, then copy the rest:

```dockerfile
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
```

dockeropt rewrites it this way when the install directly follows the COPY and reads only its
manifests (pip with `-r`, npm/yarn/pnpm, `go mod download`, bundler) and the files exist in the
build context. The fix is unsafe: an install that runs lifecycle scripts reading other files, or a
context whose `node_modules` is not in `.dockerignore`, can behave differently; verify it with
`dockeropt fix --verify`.
"""
    bad_example = """\
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
CMD ["node", "server.js"]
"""
    good_example = """\
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["node", "server.js"]
"""

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            insts = stage.instructions
            for i, copy in enumerate(insts):
                if not copies_whole_context(copy):
                    continue
                for j in range(i + 1, len(insts)):
                    step = _install_step(ctx, insts[j]) if insts[j].name == "RUN" else None
                    if step is None:
                        continue
                    self._report(ctx, copy, step, direct=j == i + 1)
                    break

    def _report(self, ctx: CheckContext, copy: Instruction, step: InstallStep, direct: bool) -> None:
        existing = self._existing(ctx, step.manifests)
        shown = existing or step.manifests[:2]
        fix = self._fix(ctx, copy, step, existing) if direct and step.movable else None
        ctx.report(
            self,
            copy.span,
            f"{copy.cmd} {copy.args[0].value} copies the whole context before the dependency install at line "
            f"{step.inst.start_line} ({step.tool}): any source change re-runs it; copy {', '.join(shown)} first, "
            "install, then copy the rest",
            fix,
            Impact(rebuild=f"the {step.tool} install re-runs on every source change"),
        )

    @staticmethod
    def _existing(ctx: CheckContext, names: list[str]) -> list[str]:
        if not ctx.context_dir:
            return []
        return [n for n in names if os.path.isfile(os.path.join(ctx.context_dir, n))]

    def _fix(self, ctx: CheckContext, copy: Instruction, step: InstallStep, existing: list[str]) -> Fix | None:
        if not existing or (existing[0] != step.manifests[0] and step.tool != "pip"):
            return None
        if step.tool == "pip" and len(existing) != len(step.manifests):
            return None  # a requirements file is missing from the context: leave it to the user
        if step.tool in ("npm", "yarn", "pnpm") and not self._node_modules_ignored(ctx):
            return None
        workdir = ctx.graph.state(step.inst).workdir
        dest_raw = copy.args[-1].value
        dest = normalize_path(dest_raw, ctx.graph.state(copy).workdir)
        for name in existing:
            if normalize_path(name, workdir) != normalize_path(f"{dest}/{name}", None):
                return None  # the install does not read the files where the COPY puts them
        if any("/" in n or n.startswith("-") for n in existing):
            return None
        text = ctx.dockerfile.text
        target = dest_raw if dest_raw.endswith("/") else dest_raw + "/"
        flags = "".join(f" {f.raw}" for f in copy.flags if f.name in ("chown", "chmod", "link"))
        run_text = text[step.inst.start : step.inst.end]
        eol = line_end(text, copy.start)  # a CRLF file keeps CRLF on the lines added
        if not run_text.endswith("\n"):
            run_text += eol
        new_copy = f"{copy.cmd}{flags} {' '.join(existing)} {target}{eol}"
        line_start = copy.start
        return Fix(
            [Edit(line_start, line_start, new_copy + run_text), Edit(step.inst.start, step.inst.end, "")],
            f"copy {', '.join(existing)} and install before copying the rest",
            safe=False,
            kind=STRUCTURE,
        )

    @staticmethod
    def _node_modules_ignored(ctx: CheckContext) -> bool:
        if not ctx.context_dir:
            return False
        if not os.path.exists(os.path.join(ctx.context_dir, "node_modules")):
            return True
        path = os.path.join(ctx.context_dir, ".dockerignore")
        try:
            lines = [line.strip().strip("/") for line in read_text(path, errors="replace").splitlines()]
        except OSError:
            return False
        return any(line in ("node_modules", "**/node_modules", "node_modules/**") for line in lines)
