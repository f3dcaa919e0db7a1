"""Which RUN steps install heavy ML packages, read from the command line and from the
requirements files it names (when they are in the build context)."""

from __future__ import annotations

import os

from dockeropt.analysis.caches import cache_dirs, cache_turned_off
from dockeropt.analysis.runs import has_cache_mount
from dockeropt.knowledge.heavy import HeavyPackage, lookup, total
from dockeropt.knowledge.packages import normalize_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.facts import Facts
    from dockeropt.analysis.runs import RunScript
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Instruction


class HeavyInstall:
    __slots__ = ("cache_on", "from_files", "index_urls", "inst", "op", "packages", "rs")

    def __init__(self, inst: Instruction, rs: RunScript, op: PackageOp) -> None:
        self.inst = inst
        self.rs = rs
        self.op = op
        self.packages: list[HeavyPackage] = []
        self.from_files: list[str] = []  # requirements files the heavy packages were found in
        self.index_urls: list[str] = []
        self.cache_on = True

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.packages]

    @property
    def downloads_wheels(self) -> bool:
        """Whether the heavy packages come as wheels of a known size (DO501's sizes); packages only
        built from source have none, though pip still caches the sdist and the wheel it builds."""
        return total(self.packages, "download")[1] > 0


def pip_cache_disabled(ctx: Facts, inst: Instruction, op: PackageOp) -> bool:
    """pip (or uv) keeps no cache in the layer: turned off (see :func:`cache_turned_off`) or mounted."""
    return cache_turned_off(ctx, inst, op) or has_cache_mount(inst, *cache_dirs(op.manager))


def _context_file(ctx: Facts, path: str) -> str | None:
    if not ctx.context_dir:
        return None
    rel = path.lstrip("./") if not path.startswith("/") else path.rsplit("/", 1)[-1]
    for candidate in (rel, os.path.basename(path)):
        full = os.path.join(ctx.context_dir, candidate)
        if os.path.isfile(full):
            return full
    return None


def _is_local_project(spec: str) -> bool:
    return spec in (".", "./") or (spec.startswith(("./", "/")) and "://" not in spec and not spec.endswith(".whl"))


def _project(ctx: Facts, spec: str) -> tuple[list[str], list[str]]:
    """The dependencies of ``pip install .`` / ``pip install -e ./pkg``, when the project is in the
    context: names, and the files that declared some."""
    if not ctx.context_dir or spec.startswith("/"):
        return [], []  # a path in the image: what was copied there is not known here
    rel = spec[2:].strip("/") if spec.startswith("./") else ""
    folder = os.path.join(ctx.context_dir, rel) if rel else ctx.context_dir
    if not os.path.isdir(folder):
        return [], []  # not in the context (cloned or made during the build): not the context's project
    from dockeropt.context.deps import project_dependencies  # the readers load on use: off the check path

    # files they include from outside the build context are reported, not read
    runtime = project_dependencies(folder, context_dir=ctx.context_dir).runtime
    files = [os.path.basename(r.source_file) for r in runtime]
    return list(dict.fromkeys(r.name for r in runtime)), list(dict.fromkeys(files))


def _add_names(found: HeavyInstall, names: list[str], files: list[str]) -> None:
    for name in names:
        heavy = lookup(name)
        if heavy is not None and heavy not in found.packages:
            found.packages.append(heavy)
            found.from_files.extend(files)


def heavy_installs(ctx: Facts) -> list[HeavyInstall]:
    """The pip/uv/conda installs of the file that install heavy ML packages (cached for the check)."""
    return ctx.memo("heavy_installs", lambda: _heavy_installs(ctx))


def _heavy_installs(ctx: Facts) -> list[HeavyInstall]:
    out: list[HeavyInstall] = []
    for step in ctx.all_package_ops(("pip", "uv", "conda"), "install"):
        inst, rs, op = step.inst, step.rs, step.op
        found = HeavyInstall(inst, rs, op)
        for pkg in op.packages:
            heavy = lookup(normalize_name(pkg.name))
            if heavy is not None and heavy not in found.packages:
                found.packages.append(heavy)
        found.index_urls = list(op.index_urls)
        for pkg in op.packages:
            if _is_local_project(pkg.spec):
                _add_names(found, *_project(ctx, pkg.spec))
        for req_path in op.files:
            local = _context_file(ctx, req_path)
            if local is None:
                continue
            from dockeropt.context.deps import read_environment_yml, read_requirements_txt

            if local.endswith((".yml", ".yaml")):
                environment = read_environment_yml(local, context_dir=ctx.context_dir)
                names = [r.name for r in environment.runtime if r.name not in ("python", "pip")]
                _add_names(found, list(dict.fromkeys(names)), [os.path.basename(local)])
                continue
            reqs = read_requirements_txt(local, context_dir=ctx.context_dir)
            found.index_urls.extend(reqs.index_urls)
            for req in reqs.requirements:
                heavy = lookup(req.name)
                if heavy is not None and heavy not in found.packages:
                    found.packages.append(heavy)
                    found.from_files.append(os.path.relpath(req.file, ctx.context_dir or "."))
        if not found.packages:
            continue
        found.cache_on = op.manager != "conda" and not pip_cache_disabled(ctx, inst, op)
        out.append(found)
    return out
