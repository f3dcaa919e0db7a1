"""What earlier layers of a stage wrote, so rules can tell when a later step deletes or rewrites it."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_kept_out, caches_of
from dockeropt.graph.model import join_workdir
from dockeropt.shell.options import parse_args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from dockeropt.analysis.facts import Facts
    from dockeropt.analysis.runs import RunScript
    from dockeropt.shell.model import Command
    from dockeropt.syntax.nodes import Instruction

_GLOB = set("*?[")
# `git clone` options that take a value (`-b main`): the value is not the URL or the folder
_GIT_CLONE_VALUES = frozenset(
    {
        "--branch", "--origin", "--config", "--depth", "--reference", "--reference-if-able", "--upload-pack",
        "--template", "--separate-git-dir", "--jobs", "--filter", "--shallow-since", "--shallow-exclude",
        "--server-option", "--bundle-uri", "--revision",
    }
)  # fmt: skip


def normalize_path(path: str, workdir: str | None) -> str:
    """Absolute, without trailing ``/`` or ``/*``; ``~`` is root's home (RUN runs as root unless USER)."""
    p = path
    if p.startswith("~"):
        p = "/root" + p[1:]
    while p.endswith("/*") or (p.endswith("/") and len(p) > 1):
        p = p[:-2] if p.endswith("/*") else p[:-1]
    if not p.startswith("/"):
        p = join_workdir(workdir, p) if p not in ("", ".") else (workdir or "/")
    return p or "/"


def command_path(path: str, cmd: Command, workdir: str | None) -> str | None:
    """``path`` as the command ``cmd`` reads it: relative paths are taken from the directory the
    command runs in (after a ``cd`` of the script); ``None`` when that directory is unknown."""
    if path.startswith(("/", "~")):
        return normalize_path(path, workdir)
    cwd = cmd.cwd
    if cwd is None:
        return None
    start = normalize_path(cwd, workdir) if cwd else workdir
    return normalize_path(path, start)


def is_glob(path: str) -> bool:
    return not _GLOB.isdisjoint(path)


def under(path: str, parent: str) -> bool:
    """``path`` is ``parent`` or inside it (``parent`` may be a glob)."""
    if is_glob(parent):
        from fnmatch import fnmatchcase  # (globs are rare: most checks never load it)

        return fnmatchcase(path, parent) or fnmatchcase(path, parent + "/*")
    return path == parent or path.startswith(parent.rstrip("/") + "/")


class Write:
    __slots__ = ("directory", "glob", "inst", "line", "path", "prefix", "what")

    def __init__(self, path: str, what: str, inst: Instruction, directory: bool = True) -> None:
        self.path = path
        self.glob = is_glob(path)
        self.prefix = path.rstrip("/") + "/"  # what paths inside it start with
        self.what = what
        self.inst = inst
        self.line = inst.start_line
        self.directory = directory  # a folder (its contents were written), or a single file


def _parents(path: str) -> list[str]:
    """``/a/b/c`` -> ``/a/b``, ``/a``, ``/``."""
    out = []
    p = path.rstrip("/")
    while p:
        p = p.rpartition("/")[0].rstrip("/")
        out.append(p or "/")
    return out


class LayerWrites:
    """Paths written by the instructions recorded so far (in build order).

    The writes are indexed by path and by every folder above them, so a question about one path
    costs its depth, not the number of writes: checks stay linear in the file's size.
    """

    def __init__(self, ctx: Facts) -> None:
        self.ctx = ctx
        self.writes: list[Write] = []
        self._at: dict[str, list[int]] = {}  # path -> the writes of exactly that path
        self._inside: dict[str, list[int]] = {}  # folder -> the writes strictly inside it
        self._globs: list[int] = []  # writes whose path is a glob: compared one by one
        self._dirs: dict[tuple[str, bool], bool] = {}  # (source, from the build context) -> is a folder

    def record(self, inst: Instruction) -> None:
        # Several rules replay the same writes: work them out once per instruction and check.
        writes = self.ctx.memo(("layer-writes", inst.index), lambda: self._writes_of(inst))
        for write in writes:
            i = len(self.writes)
            self.writes.append(write)
            if write.glob:
                self._globs.append(i)
                continue
            self._at.setdefault(write.path, []).append(i)
            for parent in _parents(write.path):
                self._inside.setdefault(parent, []).append(i)

    def _writes_of(self, inst: Instruction) -> list[Write]:
        out: list[Write] = []
        state = self.ctx.graph.state(inst)
        workdir = state.workdir
        if inst.name in ("COPY", "ADD"):
            dirs = set(self.copied_dirs(inst))
            urls = [a.value for a in inst.args[:-1] if "://" in a.value]
            what = f"{inst.name} {urls[0] if len(urls) == 1 else inst.args[-1].value}"
            for path in self.copied_paths(inst):
                if path != "/":
                    out.append(Write(path, what, inst, path in dirs))
            return out
        if inst.name != "RUN":
            return out
        for rs in self.ctx.run_scripts(inst):
            for d in rs.script.downloads:
                if d.output and d.tool != "git":  # clones are recorded below, as `git clone`
                    out.append(
                        Write(normalize_path(d.output, workdir), f"the download of {d.url}", inst, directory=False)
                    )
            for e in rs.script.extractions:
                target = normalize_path(e.target or ".", workdir)
                if target != "/":
                    out.append(Write(target, f"extracting {e.archive}", inst))
            for op in rs.script.packages:
                # where the manager leaves its cache unless told not to (its main folder)
                caches = caches_of(op.manager, op.action)
                if caches and not cache_kept_out(self.ctx, rs, op, caches):
                    out.append(Write(caches[0].root, f"{op.command.name} {op.verb}", inst))
            for cmd in rs.script.find("git"):
                words = [w.text for w in parse_args(cmd.args, "bocuj", _GIT_CLONE_VALUES).operands]
                if len(words) >= 2 and words[0] == "clone":
                    target = (
                        words[2] if len(words) >= 3 else words[1].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
                    )
                    out.append(Write(normalize_path(target, workdir), f"git clone {words[1]}", inst))
        return out

    def copied_dirs(self, inst: Instruction) -> list[str]:
        """The destinations that received a folder's contents (the others received files)."""
        if len(inst.args) < 2:
            return []
        dest = normalize_path(inst.args[-1].value, self.ctx.graph.state(inst).workdir)
        sources = [a.value for a in inst.args[:-1]]
        return [dest] if any(not s.startswith("<<") and self._is_dir(s, inst) for s in sources) else []

    def copied_paths(self, inst: Instruction) -> list[str]:
        """Where COPY/ADD put things: a folder's *contents* go into the destination; a file goes to
        ``dest/name`` when the destination ends with ``/`` (or there are several sources)."""
        if len(inst.args) < 2:
            return []
        workdir = self.ctx.graph.state(inst).workdir
        raw_dest = inst.args[-1].value
        sources = [a.value for a in inst.args[:-1]]
        dest = normalize_path(raw_dest, workdir)
        into_dir = raw_dest.endswith("/") or len(sources) > 1
        out = []
        for src in sources:
            if src.startswith("<<") or "://" in src:
                out.append(dest if not into_dir else dest + "/" + src.rstrip("/").rsplit("/", 1)[-1])
                continue
            if self._is_dir(src, inst):
                out.append(dest)
            else:
                out.append(dest + "/" + src.rstrip("/").rsplit("/", 1)[-1] if into_dir else dest)
        return out

    def _is_dir(self, src: str, inst: Instruction) -> bool:
        key = (src, inst.flag("from") is None)
        known = self._dirs.get(key)
        if known is None:
            known = self._dirs[key] = self._looks_like_dir(src, key[1])
        return known

    def _looks_like_dir(self, src: str, in_context: bool) -> bool:
        if src in (".", "./", "/") or src.endswith("/") or is_glob(src):
            return True
        if in_context and self.ctx.context_dir:
            import os

            full = os.path.join(self.ctx.context_dir, src)
            if os.path.exists(full):
                return os.path.isdir(full)
        return "." not in src.rsplit("/", 1)[-1]

    def find_writer(self, path: str, current: Instruction) -> Write | None:
        """The earliest write, by another instruction, of ``path``, of a folder above it, or of
        something inside it."""
        if is_glob(path):
            found = (w for w in self.writes if w.inst is not current and (under(w.path, path) or under(path, w.path)))
            return next(found, None)
        groups = [self._at.get(path, ()), self._inside.get(path, ())]
        groups += [self._at.get(parent, ()) for parent in _parents(path)]
        globs = [i for i in self._globs if under(self.writes[i].path, path) or under(path, self.writes[i].path)]
        return self._earliest([*groups, globs], current)

    def find_container(self, path: str, current: Instruction) -> Write | None:
        """The earliest write, by another instruction, of ``path`` or of a folder above it."""
        groups = [self._at.get(path, ())] + [self._at.get(parent, ()) for parent in _parents(path)]
        globs = [i for i in self._globs if under(path, self.writes[i].path)]
        return self._earliest([*groups, globs], current)

    def inside(self, path: str) -> list[Write]:
        """The writes of ``path`` or of something inside it, in build order."""
        if is_glob(path):
            return [w for w in self.writes if under(w.path, path)]
        found = [*self._at.get(path, ()), *self._inside.get(path, ())]
        found += [i for i in self._globs if under(self.writes[i].path, path)]
        return [self.writes[i] for i in sorted(found)]

    def _earliest(self, groups: Iterable[Iterable[int]], current: Instruction) -> Write | None:
        best: int | None = None
        for group in groups:
            # each group is in build order: its first write by another instruction is its earliest
            i = next((i for i in group if self.writes[i].inst is not current), None)
            if i is not None and (best is None or i < best):
                best = i
        return None if best is None else self.writes[best]

    def extracted_archives(self, rs: RunScript) -> list[str]:
        """The archives the script unpacks, as absolute paths where the script tells its directory."""
        workdir = self.ctx.graph.state(rs.inst).workdir
        out = []
        for e in rs.script.extractions:
            if e.archive != "-":
                path = command_path(e.archive, e.command, workdir)
                if path is not None:
                    out.append(path)
        return out
