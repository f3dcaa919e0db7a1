"""DO401 context-copied-unfiltered: the whole context is copied and .dockerignore lets bulk or secrets in."""

from __future__ import annotations

import os

from dockeropt.analysis.copy_sources import copies_whole_context
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.finding import Impact, Severity
from dockeropt.context.dockerignore import load_dockerignore
from dockeropt.context.scan import CACHE, VIRTUALENV, cached_scan
from dockeropt.units import format_size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.context.scan import ContextScan, NotablePath
    from dockeropt.syntax.nodes import Instruction

# Sent paths smaller than this are not worth a finding on their own (secrets always are, and so
# are dependency folders the build makes again).
MIN_BULK = 1_000_000

# The commands that make each kind of dependency folder: program -> sub-commands (empty: any).
_MAKERS: dict[str, dict[str, frozenset[str]]] = {
    "node": {
        "npm": frozenset({"install", "i", "ci", "add"}),
        "yarn": frozenset({"", "install", "add"}),
        "pnpm": frozenset({"install", "i", "add"}),
        "bun": frozenset({"install", "i", "add"}),
    },
    "rust": {"cargo": frozenset({"build", "install", "test", "fetch", "chef"})},
    "maven": {"mvn": frozenset(), "mvnw": frozenset()},
    "gradle": {"gradle": frozenset(), "gradlew": frozenset()},
    "composer": {"composer": frozenset({"install", "update", "require"})},
}
_PYTHON = frozenset({"pip", "pip3", "python", "python3", "uv", "poetry", "pipenv", "conda", "mamba", "micromamba"})
# Folder name -> the ecosystems whose install or build makes it.
_MADE_BY = {
    "node_modules": ("node",),
    "bower_components": ("node",),
    ".next": ("node",),
    "vendor": ("composer",),
    "target": ("rust", "maven"),
    "build": ("gradle",),
}


def whole_context_copy(ctx: CheckContext) -> Instruction | None:
    return next((inst for inst in ctx.dockerfile.instructions if copies_whole_context(inst.effective)), None)


class ContextCopiedUnfiltered(Rule):
    id = "DO401"
    name = "context-copied-unfiltered"
    category = Category.CONTEXT
    severity = Severity.WARNING
    summary = "The whole build context is copied, and no .dockerignore keeps out .git, dependencies or secrets"
    docs = """
`COPY . .` sends the whole build context to the builder and copies it into the image. Without a
`.dockerignore` (or with one that misses them) that includes `.git` (often larger than the
sources), `node_modules` and virtualenvs built for another platform, `__pycache__`, build outputs,
and secrets: `.env` files, keys, `.npmrc` tokens, cloud credentials. They end up in every layer
pushed to the registry; the copy of volatile files like `.git` also busts the build cache on
every commit.

dockeropt scans the build context (`--context`, default the Dockerfile's folder) with Docker's own
`.dockerignore` semantics — `<Dockerfile>.dockerignore` beside the Dockerfile wins over the
context's `.dockerignore`; patterns are anchored at the context root, so `node_modules` does not
cover `web/node_modules`, `**/node_modules` does — and reports what would be sent, its size, and
the largest entries.

Bulky paths are reported from 1 MB on; secrets, `.git` and the folders the build makes again are
reported at any size: `node_modules` when the file runs `npm`/`yarn`/`pnpm install`, composer's
`vendor/` with `composer install`, `target/` with cargo or Maven, a virtualenv always (its paths
and binaries are the host's), `__pycache__` and other tool caches when Python runs in the build.
Copied before the install, they are sent and stored for nothing; copied after it, they overwrite
what the install made with the host's files. Without any `.dockerignore` and nothing heavy in the
context yet, the finding is info: it says what is sent, because whatever lands in the folder later
goes into the image too.

**Fix**: add the reported paths to `.dockerignore` (`dockeropt fix --dockerignore` writes one), or
copy only what the image needs (`COPY src/ ./src/`).
"""
    bad_example = """\
# .dockerignore is missing; the context holds .git (180 MB), node_modules (400 MB) and .env
FROM node:22-slim
WORKDIR /app
COPY . .
"""
    good_example = """\
# .dockerignore: .git  node_modules  .env  **/__pycache__  dist
FROM node:22-slim
WORKDIR /app
COPY . .
"""

    trigger_instructions = ("COPY", "ADD")

    def check(self, ctx: CheckContext) -> None:
        if not ctx.context_dir or not os.path.isdir(ctx.context_dir):
            return
        copy = whole_context_copy(ctx)
        if copy is None:
            return
        ignore = load_dockerignore(ctx.path or None, ctx.context_dir)
        scan = cached_scan(ctx.context_dir, ignore)
        makers = _folder_makers(ctx)
        sent: dict[str, tuple[str, int]] = {}
        remade: dict[str, str] = {}  # path -> what makes it again in the build
        for notable in scan.sent_notables():
            maker = _maker_of(notable, makers)
            if maker is not None:
                remade[notable.path] = maker
            if notable.kind == "secrets" or notable.size >= MIN_BULK or notable.path.endswith(".git") or maker:
                sent[notable.path] = (notable.kind, notable.size)
        if not sent:
            if ignore is None:
                self._report_missing(ctx, copy, scan)
            return
        ordered = sorted(sent.items(), key=lambda kv: (kv[1][0] != "secrets", -kv[1][1], kv[0]))
        listed = ", ".join(
            f"{path} ({'secrets' if kind == 'secrets' else format_size(size)}"
            f"{'; ' + remade[path] if path in remade else ''})"
            for path, (kind, size) in ordered[:6]
        )
        more = f" and {len(ordered) - 6} more" if len(ordered) > 6 else ""
        largest = ", ".join(f"{name} {format_size(size)}" for name, size in scan.largest(3))
        where = (
            f"{os.path.basename(ignore.path)} does not exclude"
            if ignore and ignore.path
            else "no .dockerignore (`dockeropt fix --dockerignore` writes one): it sends"
        )
        bulk = sum(size for _, (kind, size) in sent.items())
        secrets = any(kind == "secrets" for kind, _ in sent.values())
        ctx.report(
            self,
            copy.span,
            f"{copy.cmd} {copy.args[0].value} copies the whole context ({format_size(scan.size)}, {scan.files} files"
            f"{'' if scan.complete else ' or more'}; largest: {largest}) and {where} {listed}{more}",
            impact=Impact(bytes_low=bulk, bytes_high=bulk, source="build context scan"),
            severity=Severity.ERROR if secrets else None,
        )

    def _report_missing(self, ctx: CheckContext, copy: Instruction, scan: ContextScan) -> None:
        """No .dockerignore and nothing heavy yet: say what is sent, at info."""
        largest = ", ".join(name for name, _ in scan.largest(4))
        ctx.report(
            self,
            copy.span,
            f"{copy.cmd} {copy.args[0].value} copies the whole context and there is no .dockerignore: everything "
            f"in the folder is sent and copied ({format_size(scan.size)}, {scan.files} files"
            f"{'' if scan.complete else ' or more'}: {largest}); nothing heavy or secret is there now, but whatever "
            "lands there later (.git, node_modules, .env) goes into the image; `dockeropt fix --dockerignore` "
            "writes one",
            severity=Severity.INFO,
        )


def _folder_makers(ctx: CheckContext) -> dict[str, str]:
    """Ecosystem -> the first step of the file that installs or builds with it (```npm ci` at line 6``);
    ``python`` -> the first Python command, or a Python base image (they write ``__pycache__``)."""
    found: dict[str, str] = {}
    for rs in ctx.all_scripts():
        for cmd in rs.script.commands:
            name = cmd.name
            sub = next((w.text for w in cmd.args if not w.text.startswith("-")), "")
            where = f"`{name}{' ' + sub if sub else ''}` at line {rs.inst.start_line}"
            if "python" not in found and (name in _PYTHON or name.startswith("python3.")):
                found["python"] = where
            for eco, programs in _MAKERS.items():
                subs = programs.get(name)
                if eco not in found and subs is not None and (not subs or sub in subs):
                    found[eco] = where
    if "python" not in found:
        for stage in ctx.graph.stages:
            repo = (stage.base_resolved or "").rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0]
            if repo in ("python", "pypy"):
                found["python"] = f"the {repo} base image"
                break
    return found


def _maker_of(notable: NotablePath, makers: dict[str, str]) -> str | None:
    """What in the build makes this folder again, or None when nothing does."""
    name = notable.path.rsplit("/", 1)[-1]
    if notable.category == VIRTUALENV:
        return "a virtualenv made on the host: its paths and binaries do not work in the image"
    if notable.category == CACHE:
        maker = makers.get("python")
        return f"host caches; Python in the build ({maker}) makes its own" if maker else None
    for eco in _MADE_BY.get(name, ()) if notable.is_dir else ():
        maker = makers.get(eco)
        if maker is not None:
            return f"made again by {maker}"
    return None
