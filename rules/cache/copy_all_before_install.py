"""DO303 copy-all-before-install: the whole context is copied before the dependencies are installed."""

from __future__ import annotations

import os

from dockeropt.analysis.copy_sources import copies_whole_context
from dockeropt.analysis.layers import LayerWrites, normalize_path, under
from dockeropt.analysis.runs import has_cache_mount
from dockeropt.api import Category, CheckContext, Edit, Fix, Impact, Rule, Severity
from dockeropt.api.edits import line_end
from dockeropt.api.finding import STRUCTURE
from dockeropt.files.read import read_text
from dockeropt.knowledge.packages import MANAGERS, name_matches

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from dockeropt.graph.model import Stage
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Instruction


# Fetches the fix moves above the COPY: they read nothing but the root manifests the table lists
# (workspaces and multi-module builds aside, which is why the fix is unsafe).
_FIXABLE = frozenset({"npm", "yarn", "pnpm", "go", "bundle", "pip"})


class InstallStep:
    """A RUN that downloads dependencies after the whole context is copied: a fetch that could run
    from the manifests alone, or a build of the copied project that downloads what no earlier step
    fetched. ``manifests``: the context files to copy first; ``movable``: the fix can move the RUN."""

    __slots__ = ("inst", "manifests", "movable", "op", "tool", "what")

    def __init__(self, inst: Instruction, op: PackageOp, what: str, manifests: list[str], movable: bool) -> None:
        self.inst = inst
        self.op = op
        self.tool = op.command.name if op.manager in ("maven", "gradle") else op.manager
        self.what = what  # "fetch" or "build"
        self.manifests = manifests
        self.movable = movable


def _manifests(op: PackageOp) -> list[str]:
    """What ``op`` reads to know the dependencies, in the order to copy them; the first is required."""
    known = MANAGERS[op.manager]
    if op.files:  # pip install -r, conda env create -f: the files it names
        return list(op.files)
    if op.dependency_step is not None and op.dependency_step[1].operands == "local" and known.project_files:
        return list(known.project_files)  # pip install .: the project's own files
    return list(known.files)


def _dependency_ops(ctx: CheckContext, inst: Instruction) -> Iterator[tuple[PackageOp, int]]:
    """The package operations of a RUN that touch the project's dependencies, with the number of
    commands in their script."""
    for rs in ctx.run_scripts(inst):
        # the manager's own cache clean-up (`npm cache clean --force`, DO206's fix) reads no sources:
        # an install followed by it still moves as one step
        cleanups = {id(op.command) for op in rs.script.packages if op.action in ("clean", "cache-purge")}
        working = [c for c in rs.script.commands if id(c) not in cleanups]
        for op in rs.script.packages:
            if op.dependency_step is not None:
                yield op, len(working)


def _fetched(ctx: CheckContext, insts: list[Instruction]) -> set[str]:
    """The ecosystems whose dependencies these instructions download (a fetch, or a build that
    fetches: the placeholder-main `cargo build` before the sources are copied)."""
    out: set[str] = set()
    for inst in insts:
        if inst.name == "RUN":
            for op, _ in _dependency_ops(ctx, inst):
                step = op.dependency_step
                if step is not None and step[1].fetches:
                    out.add(MANAGERS[op.manager].ecosystem)
    return out


def _install_step(
    ctx: CheckContext, inst: Instruction, fetched: set[str], copy: Instruction, writes: LayerWrites
) -> InstallStep | None:
    for op, n_commands in _dependency_ops(ctx, inst):
        step = op.dependency_step
        if step is None:
            continue
        kind, found = step
        if kind == "fetch":
            movable = n_commands == 1 and op.manager in _FIXABLE
            return InstallStep(inst, op, "fetch", _manifests(op), movable)
        if not found.fetches or MANAGERS[op.manager].ecosystem in fetched:
            continue  # a build after its dependencies were fetched: the right order
        if has_cache_mount(inst, *(c.root for c in MANAGERS[op.manager].caches)):
            continue  # what it downloads comes from a cache mount: only the build itself re-runs
        if found.operands == "local" and not _installs_the_copy(ctx, op, inst, copy, writes):
            continue  # `pip install /opt/tool`, or a folder a later step cloned: not the copied project
        return InstallStep(inst, op, "build", _manifests(op), False)
    return None


def _installs_the_copy(
    ctx: CheckContext, op: PackageOp, inst: Instruction, copy: Instruction, writes: LayerWrites
) -> bool:
    """A path operand of ``op`` is inside what ``copy`` put in the image, and no step after it (whose
    writes are in ``writes``) wrote that path: a `git clone` into the same folder."""
    dest = normalize_path(copy.args[-1].value, ctx.graph.state(copy).workdir)
    workdir = ctx.graph.state(inst).workdir
    for package in op.packages:
        if package.kind != "path" or not package.is_literal:
            continue
        path = normalize_path(package.spec, workdir)
        if not under(path, dest):
            continue
        if writes.find_container(path, inst) is None and writes.find_writer(path, inst) is None:
            return True
    return False


def _earlier(stage: Stage) -> list[Instruction]:
    """The instructions of the stages this one is built FROM, oldest first."""
    chain: list[Instruction] = []
    base = stage.base_stage
    seen: set[int] = set()
    while base is not None and base.index not in seen:
        seen.add(base.index)
        chain[:0] = base.instructions
        base = base.base_stage
    return chain


def _fetch_command(op: PackageOp) -> str:
    """How to fetch ``op``'s dependencies from the manifests alone: ``go mod download``."""
    known = MANAGERS[op.manager]
    step = next((s for s in known.fetch if s.words and "*" not in " ".join(s.words)), None)
    if step is None:
        return ""
    needs = f" {step.needs[0]} …" if step.needs else ""
    return f"{known.programs[0]} {' '.join(step.words)}{needs}"


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

What counts is a step that downloads dependencies after the copy (the package-manager table in
docs/knowledge.md lists them per tool):

- a fetch that could have run from the manifests alone: `npm ci`, `yarn install`, `pnpm install`,
  `pip install -r`, `go mod download`, `cargo fetch`, `bundle install`, `composer install`,
  `mvn dependency:go-offline`, `gradle dependencies`, `dotnet restore`, `poetry install --no-root`,
  `uv sync --no-install-project`, `conda env create -f`;
- a build or install of the copied project that downloads what no earlier step fetched: `go build`
  with no `go mod download` above the copy, `mvn package`, `cargo build`, `pip install .`,
  `dotnet publish`.

Building the copied project after its dependencies were fetched from the manifests is the right
order and is not reported: `go mod download` then `COPY . .` and `go build`; a placeholder-main
`cargo build` then `cargo build --release`; `mvn dependency:go-offline` then `mvn package`;
`pip install -r requirements.txt` then `pip install --no-deps .`; `npm ci` then `npm run build`.
Fetches in the stage this one is built `FROM` count too.

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

    trigger_instructions = ("COPY", "ADD")

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            insts = stage.instructions
            for i, copy in enumerate(insts):
                if not copies_whole_context(copy):
                    continue
                fetched = _fetched(ctx, _earlier(stage) + insts[:i])
                writes = LayerWrites(ctx)  # what the steps after the copy write
                for j in range(i + 1, len(insts)):
                    step = _install_step(ctx, insts[j], fetched, copy, writes) if insts[j].name == "RUN" else None
                    writes.record(insts[j])
                    if step is None:
                        continue
                    self._report(ctx, copy, step, direct=j == i + 1)
                    break

    def _report(self, ctx: CheckContext, copy: Instruction, step: InstallStep, direct: bool) -> None:
        existing = self._existing(ctx, step.manifests)
        shown = ", ".join(existing or step.manifests[:2])
        fix = self._fix(ctx, copy, step, existing) if direct and step.movable else None
        where = f"{copy.cmd} {copy.args[0].value} copies the whole context before"
        line = step.inst.start_line
        if step.what == "fetch":
            message = (
                f"{where} the dependency install at line {line} ({step.tool}): any source change re-runs it; "
                f"copy {shown} first, install, then copy the rest"
            )
        else:
            fetch = _fetch_command(step.op)
            message = (
                f"{where} the {step.tool} {step.op.verb} at line {line}, which downloads the dependencies: any "
                f"source change downloads them again; copy {shown} first and fetch them"
                f"{f' (`{fetch}`)' if fetch else ''}, then copy the rest and build"
            )
        rebuild = "install re-runs" if step.what == "fetch" else "build downloads the dependencies again"
        ctx.report(self, copy.span, message, fix, Impact(rebuild=f"the {step.tool} {rebuild} on every source change"))

    @staticmethod
    def _existing(ctx: CheckContext, names: list[str]) -> list[str]:
        """The files of ``names`` at the context's root (``*.csproj``: the matching files, sorted)."""
        if not ctx.context_dir:
            return []
        found: list[str] = []
        for name in names:
            if "*" not in name:
                if os.path.isfile(os.path.join(ctx.context_dir, name)):
                    found.append(name)
                continue
            try:
                entries = sorted(os.listdir(ctx.context_dir))
            except OSError:
                continue
            found += [e for e in entries if name_matches(e, name) and os.path.isfile(os.path.join(ctx.context_dir, e))]
        return found

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
