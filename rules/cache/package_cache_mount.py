"""DO306 package-cache-mount: package downloads that a cache mount would keep across builds (opt-in)."""

from __future__ import annotations

from dockeropt.analysis.caches import caches_of
from dockeropt.analysis.runs import has_cache_mount
from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.knowledge.packages import MANAGERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.runs import RunScript
    from dockeropt.shell.model import Command
    from dockeropt.syntax.nodes import Instruction

# the managers covered, with the variables that move their cache elsewhere or turn it off (a mount
# at the default folder would then catch nothing); the folders come from the package-manager table
_MOVED_BY = {
    "apt": (),
    "pip": ("HOME", "XDG_CACHE_HOME", "PIP_CACHE_DIR", "PIP_NO_CACHE_DIR"),
    "uv": ("HOME", "XDG_CACHE_HOME", "UV_CACHE_DIR", "UV_NO_CACHE"),
    "npm": ("HOME", "npm_config_cache", "NPM_CONFIG_CACHE"),
    "yarn": ("YARN_CACHE_FOLDER", "XDG_CACHE_HOME", "YARN_ENABLE_GLOBAL_CACHE"),
    "pnpm": ("HOME", "XDG_DATA_HOME", "PNPM_HOME", "npm_config_store_dir"),
}
# managers that expect their cache to themselves while they run (BuildKit then serializes the builds)
_LOCKED = frozenset({"apt", "yarn", "pnpm"})


# what turns off the Debian/Ubuntu images' docker-clean, which deletes the downloaded .debs after
# every install (a mount on /var/cache/apt/archives would stay empty otherwise)
_KEEPS_DEBS = ("Keep-Downloaded-Packages", "/etc/apt/apt.conf.d/docker-clean")


def _targets(manager: str, keeps_debs: bool = False) -> tuple[str, ...]:
    """The folders to mount for ``manager``: apt's lists (and its downloaded packages when the file
    keeps them), the others' main cache."""
    if manager == "apt":
        return tuple(c.root for c in caches_of("apt") if keeps_debs or c.written_by)
    caches = caches_of(manager, "install")
    return (caches[0].root,) if caches else ()


def _keeps_debs(ctx: CheckContext, inst: Instruction) -> bool:
    """Whether an earlier RUN of the file turns off docker-clean (Docker's documented set-up for
    apt cache mounts)."""
    first = ctx.memo(("DO306", "keeps-debs"), lambda: _first_keeping_debs(ctx))
    return first is not None and first < inst.span.start


def _first_keeping_debs(ctx: CheckContext) -> int | None:
    """Where the first RUN that turns off docker-clean starts (looked for once per check: a file
    of many apt RUNs asked it for each of them)."""
    text = ctx.dockerfile.text
    return min(
        (r.span.start for r in ctx.runs() if any(word in text[r.span.start : r.span.end] for word in _KEEPS_DEBS)),
        default=None,
    )


def _runs_as_root(user: str | None) -> bool:
    return user is None or user.partition(":")[0] in ("root", "0")


class PackageCacheMount(Rule):
    id = "DO306"
    name = "package-cache-mount"
    category = Category.CACHE
    severity = Severity.INFO
    summary = "Keep package downloads in a BuildKit cache mount, reused by every build and kept out of the image"
    aliases = ("prefer-package-cache-mounts",)
    opt_in = True
    fixable = True
    docs = """
`pip install`, `npm ci`, `apt-get install` and their kind download every package again whenever
the RUN is rebuilt: the usual advice (`--no-cache-dir`, `rm -rf /var/lib/apt/lists/*`,
`npm cache clean`) keeps the image small but throws the downloads away. A cache mount keeps them
outside the image, for the next build on the same builder:

```dockerfile
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\
    apt-get update && apt-get install -y --no-install-recommends curl
```

For apt the mount holds the package lists: the Debian and Ubuntu images delete every downloaded
`.deb` after the install (`/etc/apt/apt.conf.d/docker-clean`), so a mount on
`/var/cache/apt/archives` would stay empty. Files that turn that off in an earlier RUN, as Docker's
documentation shows (`rm -f /etc/apt/apt.conf.d/docker-clean` and
`Binary::apt::APT::Keep-Downloaded-Packages "true"`), get the archives mounted too.

Opt-in (tally's prefer-package-cache-mounts reports it by default): it pays off on builders that
keep their cache between builds (a developer machine, a CI runner with a persistent BuildKit),
and needs BuildKit. Covered: apt (when the RUN removes the lists it downloads), pip, uv, npm,
yarn and pnpm, in RUNs that run as root, with the folders of the package-manager table
(docs/knowledge.md).

**Fix** (safe): add the mounts, and drop what would empty them: `--no-cache-dir`/`--no-cache`,
`rm -rf /var/lib/apt/lists/*`, `npm cache clean --force`, `yarn cache clean`, `pnpm store prune`.
The image holds the same files (the caches were left out of it before, and still are). Not
offered when a variable moves the cache (`PIP_CACHE_DIR`, `HOME` …), when the clean-up is not a
plain `&&` link of the chain, or for a RUN with heredocs or comments inside.
"""
    bad_example = """\
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
"""
    good_example = """\
FROM python:3.12-slim
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
"""

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs():
            state = ctx.graph.state(inst)
            if not _runs_as_root(state.user):
                continue
            scripts = ctx.run_scripts(inst)
            if len(scripts) != 1 or scripts[0].kind != "shell":
                continue
            rs = scripts[0]
            managers, edits, ok = self._plan(ctx, inst, rs, state.env)
            if not managers:
                continue
            keeps_debs = "apt" in managers and _keeps_debs(ctx, inst)
            targets = [t for m in managers for t in _targets(m, keeps_debs) if not has_cache_mount(inst, t)]
            if not targets:
                continue
            flags = [
                f"--mount=type=cache,target={t}" + (",sharing=locked" if m in _LOCKED else "")
                for m in managers
                for t in _targets(m, keeps_debs)
                if t in targets
            ]
            mounts = " ".join(flags)
            fix = None
            if ok:
                at = inst.keyword_span.end
                if inst.start_line == inst.end_line:
                    inserted = f" {mounts}"
                else:  # a RUN over several lines: one mount a line, as the continuation lines are laid out
                    text = inst.tree.text
                    newline = text.find("\n", at)
                    eol = "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"
                    joint = f" {inst.tree.escape}{eol}    "
                    inserted = " " + joint.join(flags) + joint[:-1]  # the space after RUN completes the indent
                changes = tuple(f"{t}/*" for t in targets)
                fix = Fix([Edit(at, at, inserted), *edits], "mount the package caches", changes=changes)
            names = ", ".join(managers)
            ctx.report(
                self,
                inst.keyword_span,
                f"{names}: the downloads start from nothing on every rebuild of this RUN; a cache mount keeps "
                f"them for the next build, outside the image ({flags[0]}{' …' if len(flags) > 1 else ''})",
                fix,
            )

    def _plan(
        self, ctx: CheckContext, inst: Instruction, rs: RunScript, env: dict[str, str]
    ) -> tuple[list[str], list[Edit], bool]:
        """The managers to mount for, the edits that remove what would empty their caches, and whether
        the fix can be offered."""
        script = rs.script
        ok = not script.has_errors and "#" not in inst.rest and not inst.heredocs
        managers: list[str] = []
        edits: list[Edit] = []
        for op in script.packages:
            manager = "uv" if op.manager == "uv" and op.subcommand in ("install", "sync") else op.manager
            if manager not in _MOVED_BY or op.action != "install" or manager in managers or op.command.nested:
                continue
            if any(name in env or op.command.env(name) is not None for name in _MOVED_BY[manager]):
                continue  # the cache is somewhere else, or off by configuration
            if op.has("cache-dir", "cache", "cache-folder", "store-dir"):
                continue
            if manager == "apt":
                if not script.package_ops("apt", "update"):
                    continue  # nothing downloaded into the lists here
                if not rs.script.removes(caches_of("apt", "update")[0].root + "/*"):
                    continue  # lists left for later RUNs (or DO201's to report): not a cache to move
                removal = _apt_lists_removal(rs)
                if removal is None:
                    ok = False  # removed by a command the fix cannot drop alone (`; rm -rf … /tmp/*`)
                else:
                    edits.extend(removal)
            managers.append(manager)
            flags = MANAGERS[manager].no_cache_flags if manager in MANAGERS else ()
            for word in op.command.args:
                if word.text in flags:
                    start = rs.file_offset(word.start)
                    edits.append(Edit(start - 1, rs.file_offset(word.end - 1) + 1, ""))
            for clean in script.package_ops(op.manager, "cache-purge"):
                removal_edit = _remove_link(rs, clean.command)
                if removal_edit is None:
                    ok = False
                else:
                    edits.append(removal_edit)
        return managers, edits, ok


def _apt_lists_removal(rs: RunScript) -> list[Edit] | None:
    """The edit that drops the ``rm -rf`` of apt's lists (it would empty the mounted lists), or None
    when the command removes more than the lists or is not a plain ``&&`` link of the chain."""
    lists = caches_of("apt", "update")[0].root
    by_command: dict[int, list[str]] = {}
    commands: dict[int, Command] = {}
    for removal in rs.script.removals:
        by_command.setdefault(removal.command.index, []).extend(removal.paths() or [removal.path])
        commands[removal.command.index] = removal.command
    for index, paths in by_command.items():
        if paths and all(p.rstrip("/") in (lists, lists + "/*") for p in paths):
            edit = _remove_link(rs, commands[index])
            return [edit] if edit is not None else None
    return None


def _remove_link(rs: RunScript, cmd: Command) -> Edit | None:
    """Delete ``cmd`` and the ``&&`` that joins it to the previous command of a plain top-level chain."""
    commands = rs.script.commands
    if cmd.operator != "&&" or cmd.in_subshell or cmd.in_condition or cmd.in_pipeline or cmd.index == 0:
        return None
    if cmd.index + 1 < len(commands) and commands[cmd.index + 1].operator not in ("&&", ""):
        return None
    previous = commands[cmd.index - 1]
    start = rs.file_offset(previous.end - 1) + 1
    end = rs.file_offset(cmd.end - 1) + 1
    return Edit(start, end, "")
