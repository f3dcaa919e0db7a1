"""The size of the image a Dockerfile builds, layer by layer, as ranges with their reasons.

One estimate per instruction that adds a layer to the shipped image (RUN, COPY and ADD of the
target stage and of the stages it is built ``FROM``; the other instructions only change the
configuration):

- COPY/ADD from the build context: the bytes of the files it copies with the .dockerignore
  applied, read from the disk (exact when the walk completes); a heredoc: its text; ADD of a
  local tar archive: the sizes of the files it unpacks. From another stage, an image or a URL:
  not estimated.
- RUN: what its package installs add (the heavy-package table for ML packages, the named-package
  table of :mod:`dockeropt.knowledge.package_sizes`, else the count of packages times a typical
  size), plus what the check's findings say the step leaves behind in its layer (package lists,
  caches: :class:`Leftover`). Commands whose output cannot be known statically (``curl``,
  ``make``, a script) make the layer's size open-ended rather than guessed.
- The base image: unknown unless a table knows it (``scratch`` is empty); totals are the layers
  the Dockerfile adds.

Sizes are bytes, reported in MB of 10**6 bytes as package managers print them. These are
estimates for planning and comparing, not measurements of a built image.
"""

from __future__ import annotations

import io
import os
from bisect import bisect_right

from dockeropt.analysis.installs import heavy_installs
from dockeropt.analysis.stages import external_base
from dockeropt.knowledge import package_sizes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.analysis.facts import Facts
    from dockeropt.analysis.installs import HeavyInstall
    from dockeropt.analysis.runs import RunScript
    from dockeropt.context.dockerignore import DockerIgnore
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Instruction

LAYER_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
CONTENT, LEFT, UNKNOWN = "content", "left", "unknown"
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst")
_ARCHIVE_READ_LIMIT = 64 * 1024 * 1024  # larger archives are not read: their unpacked size stays open
_UNPACK_READ_LIMIT = 512 * 1024 * 1024  # nor are archives that unpack to more than this
# Commands that change a few files at most (users, links, permissions of single paths, text tools).
_SMALL_COMMANDS = frozenset(
    {
        "mkdir", "ln", "touch", "rm", "rmdir", "mv", "unlink", "echo", "printf", "true", "false", "test", "[",
        "cd", "export", "set", "unset", "umask", "exit", "env", "sleep", "id", "whoami", "which", "command",
        "useradd", "adduser", "groupadd", "addgroup", "usermod", "groupmod", "userdel", "deluser", "passwd",
        "chpasswd", "sed", "grep", "awk", "cut", "tr", "head", "tail", "sort", "uniq", "wc", "cat", "tee",
        "basename", "dirname", "date", "expr", "seq", "uname", "nproc", "ls", "stat", "readlink", "realpath",
        "sha256sum", "sha512sum", "md5sum", "update-ca-certificates", "ldconfig", "update-alternatives",
        "locale-gen", "ldd", "dpkg-reconfigure", "git", "npm", "yarn", "pnpm", "node", "python",
        "python3", "pip", "pip3",
    }
)  # fmt: skip
# git/npm/python/pip count as small only when they do not fetch or build: see _command_unknown.
_FETCHING = {
    "git": ("clone", "fetch", "pull", "submodule"),
    "npm": ("run", "exec", "rebuild", "pack"),
    "yarn": ("run", "build", "pack"),
    "pnpm": ("run", "build", "exec"),
    "node": None,
    "python": None,
    "python3": None,
    "pip": ("download", "wheel"),
    "pip3": ("download", "wheel"),
}
# Package-manager actions whose bytes are the lists and caches the findings account for (or none).
_PACKAGE_BOOKKEEPING = frozenset({"remove", "update", "upgrade", "clean", "cache-purge"})
_RECURSIVE = frozenset({"chown", "chmod", "chgrp"})  # with -R they rewrite whole trees into the layer


class Part:
    """One contribution to a layer: what it is, its bytes (``high`` None: not estimated), whether
    it is ``content`` the step is meant to add, ``left`` behind (bloat a fix removes) or
    ``unknown``, and where the figure comes from (a table, the disk, a finding)."""

    __slots__ = ("high", "kind", "label", "low", "rule", "source")

    def __init__(
        self, label: str, low: int, high: int | None, kind: str = CONTENT, source: str = "", rule: str = ""
    ) -> None:
        self.label = label
        self.low = low
        self.high = high
        self.kind = kind if high is not None else UNKNOWN
        self.source = source
        self.rule = rule

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"label": self.label, "kind": self.kind, "bytes_low": self.low}
        out["bytes_high"] = self.high
        if self.source:
            out["source"] = self.source
        if self.rule:
            out["rule"] = self.rule
        return out

    def __repr__(self) -> str:
        return f"Part({self.label!r}, {self.low}, {self.high}, {self.kind})"


class Layer:
    """The estimate for one layer-adding instruction of the shipped image."""

    __slots__ = ("end_line", "flags", "instruction", "line", "parts", "stage")

    def __init__(self, line: int, end_line: int, instruction: str, stage: str) -> None:
        self.line = line
        self.end_line = end_line
        self.instruction = instruction  # the instruction's first line, shortened
        self.stage = stage  # the stage's name or index
        self.parts: list[Part] = []
        self.flags: list[str] = []  # bloat findings here whose bytes are not estimated (files removed later …)

    @property
    def low(self) -> int:
        return sum(p.low for p in self.parts)

    @property
    def high(self) -> int:
        """The upper bound of what is estimated (parts not estimated count with their lower bound)."""
        return sum(p.high if p.high is not None else p.low for p in self.parts)

    @property
    def unknown(self) -> bool:
        """Whether some of the layer is not estimated (its true size may be above ``high``)."""
        return any(p.high is None for p in self.parts)

    @property
    def left_low(self) -> int:
        return sum(p.low for p in self.parts if p.kind == LEFT)

    @property
    def left_high(self) -> int:
        return sum(p.high or 0 for p in self.parts if p.kind == LEFT)

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "instruction": self.instruction,
            "stage": self.stage,
            "bytes_low": self.low,
            "bytes_high": self.high,
            "unknown": self.unknown,
            "left_low": self.left_low,
            "left_high": self.left_high,
            "parts": [p.as_dict() for p in self.parts],
            "bloat": list(self.flags),
        }

    def __repr__(self) -> str:
        return f"Layer({self.line} {self.instruction!r} {self.low}-{self.high}{'+?' if self.unknown else ''})"


class ImageSize:
    """The layers the Dockerfile adds to the shipped image, and its base image."""

    __slots__ = ("base", "base_note", "base_size", "layers")

    def __init__(self, base: str | None, base_size: int | None, base_note: str) -> None:
        self.base = base  # the image the shipped chain starts from (None: scratch or not resolved)
        self.base_size = base_size  # None: not known
        self.base_note = base_note
        self.layers: list[Layer] = []

    @property
    def low(self) -> int:
        return sum(layer.low for layer in self.layers)

    @property
    def high(self) -> int:
        return sum(layer.high for layer in self.layers)

    @property
    def unknown_layers(self) -> int:
        return sum(1 for layer in self.layers if layer.unknown)

    @property
    def left_low(self) -> int:
        return sum(layer.left_low for layer in self.layers)

    @property
    def left_high(self) -> int:
        return sum(layer.left_high for layer in self.layers)

    def as_dict(self) -> dict[str, object]:
        return {
            "base": {"image": self.base, "bytes": self.base_size, "note": self.base_note},
            "bytes_low": self.low,
            "bytes_high": self.high,
            "layers": len(self.layers),
            "unknown_layers": self.unknown_layers,
            "left_low": self.left_low,
            "left_high": self.left_high,
            "by_layer": [layer.as_dict() for layer in self.layers],
        }


class Saving:
    """What the fixes would remove: the estimate before minus the estimate after ``fix --unsafe``
    (bytes as a range: the same parts are uncertain before and after, so low is compared with low
    and high with high), the layers, and how many fixes that takes."""

    __slots__ = ("after", "before", "fixes", "unsafe")

    def __init__(self, before: ImageSize, after: ImageSize, fixes: int, unsafe: int) -> None:
        self.before = before
        self.after = after
        self.fixes = fixes  # fixes applied to get ``after``
        self.unsafe = unsafe  # of which unsafe (``fix --unsafe`` only)

    @property
    def bytes_low(self) -> int:
        return min(self.before.low - self.after.low, self.before.high - self.after.high)

    @property
    def bytes_high(self) -> int:
        return max(self.before.low - self.after.low, self.before.high - self.after.high)

    @property
    def layers(self) -> int:
        return len(self.before.layers) - len(self.after.layers)

    @property
    def uncertain(self) -> bool:
        """The fixed file has parts not estimated that the original does not have (e.g. a
        ``COPY --from`` of a new build stage): the saving leaves them out."""
        return self.after.unknown_layers > self.before.unknown_layers

    @property
    def any(self) -> bool:
        return self.bytes_high > 0 or self.layers > 0

    def as_dict(self) -> dict[str, object]:
        return {
            "bytes_low": self.bytes_low,
            "bytes_high": self.bytes_high,
            "layers": self.layers,
            "fixes": self.fixes,
            "unsafe_fixes": self.unsafe,
            "uncertain": self.uncertain,
        }


class Leftover:
    """Bytes a finding says a step leaves in its layer beyond what it is meant to add (package
    lists, caches): at file offset ``offset``, with the finding's rule and words. ``high`` 0: bloat
    the finding does not put a figure on (pip's cache of ordinary wheels, files a RUN wrote and a
    later layer removes): the layer is marked, its size unchanged. ``line``: the start line of the
    instruction whose layer holds the bytes when it is not the one at ``offset`` (files removed in
    a later layer stay in the layer that wrote them)."""

    __slots__ = ("high", "label", "line", "low", "offset", "rule")

    def __init__(self, offset: int, low: int, high: int, label: str, rule: str, line: int | None = None) -> None:
        self.offset = offset
        self.low = low
        self.high = high
        self.label = label
        self.rule = rule
        self.line = line


# -- the estimate ------------------------------------------------------------------------------------


def estimate_image(facts: Facts, leftovers: Sequence[Leftover] = ()) -> ImageSize:
    """The estimate of the image ``facts`` builds (its target stage), with ``leftovers`` placed in
    the layers of the instructions that hold them."""
    graph = facts.graph
    shipped = list(reversed(graph.shipped_stages()))  # build order: the root of the FROM chain first
    root = shipped[0] if shipped else None
    if root is None:
        image = ImageSize(None, None, "no stage")
    elif root.is_scratch:
        image = ImageSize("scratch", 0, "scratch is empty")
    else:
        base = external_base(root)
        shown = base or root.base_resolved or root.base
        image = ImageSize(shown, None, f"the size of {shown} is not in dockeropt's tables: not counted")
    by_index: dict[int, Layer] = {}
    heavy = {id(h.op): h for h in heavy_installs(facts)}
    for stage in shipped:
        for inst in stage.instructions:
            if inst.name not in LAYER_INSTRUCTIONS:
                continue
            layer = Layer(inst.start_line, inst.end_line, _short(inst), stage.label)
            if inst.name == "RUN":
                layer.parts = _run_parts(facts, inst, heavy)
            else:
                layer.parts = _copy_parts(facts, inst)
            image.layers.append(layer)
            by_index[inst.index] = layer
    if leftovers and by_index:
        instructions = facts.dockerfile.instructions  # in file order: found by bisection
        starts = [inst.start for inst in instructions]
        by_line = {layer.line: layer for layer in image.layers}
        for item in leftovers:
            if item.line is not None:
                found = by_line.get(item.line)
            else:
                i = bisect_right(starts, item.offset) - 1
                if i < 0 or item.offset >= instructions[i].end:
                    continue
                found = by_index.get(instructions[i].index)
            if found is None:
                continue
            if item.high > 0 and item.line is not None:
                _carve(found, item)
            elif item.high > 0:
                found.parts.append(Part(item.label, item.low, item.high, LEFT, "finding", item.rule))
            elif item.label not in found.flags:
                found.flags.append(item.label)
    return image


def _carve(layer: Layer, item: Leftover) -> None:
    """Bytes a layer's content already counts (files it wrote that a later layer removes) become
    its ``left`` part: the layer's size stays, what is left behind is shown as such."""
    want_low, want_high = item.low, item.high
    taken_low = taken_high = 0
    kept: list[Part] = []
    for part in layer.parts:
        if part.kind == CONTENT and part.high is not None and (want_low or want_high):
            low, high = min(part.low, want_low), min(part.high, want_high)
            part.low, part.high = part.low - low, max(part.high - high, part.low - low)
            want_low, want_high = want_low - low, want_high - high
            taken_low, taken_high = taken_low + low, taken_high + high
            if part.high == 0:
                continue  # all of it is left behind
        kept.append(part)
    if taken_high:
        kept.append(Part(item.label, min(taken_low, taken_high), taken_high, LEFT, "finding", item.rule))
        layer.parts = kept
    elif item.label not in layer.flags:
        layer.flags.append(item.label)


def _short(inst: Instruction, limit: int = 72) -> str:
    text = " ".join(inst.original.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- COPY and ADD ------------------------------------------------------------------------------------


def _copy_parts(facts: Facts, inst: Instruction) -> list[Part]:
    if len(inst.args) < 2:
        return [Part("no source", 0, 0)]
    source_flag = inst.flag("from")
    if source_flag is not None and source_flag.value:
        ref = source_flag.value
        stage = facts.graph.stage_by_name(ref)
        what = f"stage {stage.display}" if stage is not None else f"image {ref}"
        return [Part(f"copied from {what}: not estimated", 0, None)]
    variables = facts.graph.state(inst).variables()
    heredocs = {h.name: h for h in inst.heredocs}
    parts: list[Part] = []
    ignore: DockerIgnore | None = None
    ignore_loaded = False
    for arg in inst.args[:-1]:
        value = arg.value
        if value.startswith("<<"):
            doc = heredocs.get(value.lstrip("<-").strip("\"'"))
            size = len(doc.content.encode("utf-8", "surrogatepass")) if doc is not None else 0
            parts.append(Part("a heredoc", size, size, source="the Dockerfile"))
            continue
        source = facts.graph.expand(value, variables)[0] if "$" in value else value
        if "://" in source or source.startswith("git@"):
            parts.append(Part(f"{source}: a download, not estimated", 0, None))
            continue
        if not facts.context_dir:
            parts.append(Part(f"{source}: no build context to read", 0, None))
            continue
        if not ignore_loaded:
            from dockeropt.context.dockerignore import load_dockerignore

            ignore = load_dockerignore(facts.path or None, facts.context_dir)
            ignore_loaded = True
        parts.append(_context_part(facts.context_dir, ignore, source, inst.name == "ADD"))
    return parts


def _context_part(context_dir: str, ignore: DockerIgnore | None, source: str, add: bool) -> Part:
    from dockeropt.context.scan import source_size

    found = source_size(context_dir, ignore, source)
    if not found.found:
        return Part(f"{source}: not in the build context", 0, None)
    files = f"{found.files} file{'s' if found.files != 1 else ''}"
    if add and found.files == 1 and source.lower().endswith(_TAR_SUFFIXES):
        unpacked = _unpacked_size(os.path.join(context_dir, source.lstrip("/")))
        if unpacked is None:
            return Part(f"{source}: an archive ADD unpacks (unpacked size not read)", found.size, None)
        return Part(f"{source}: unpacked by ADD", unpacked, unpacked, source="the archive's file list")
    if not found.complete:
        return Part(f"{source}: {files} or more from the build context", found.size, None)
    return Part(f"{source}: {files} from the build context", found.size, found.size, source="the build context")


class _Capped:
    """A stream that stops (raises) once more than ``limit`` bytes were read from it: unpacking an
    archive to count its files stays bounded whatever the archive holds."""

    def __init__(self, stream: io.BufferedIOBase, limit: int) -> None:
        self.stream = stream
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.left -= len(data)
        if self.left < 0:
            raise OSError("the archive unpacks to more than dockeropt reads")
        return data


def _decompressed(name: str, data: bytes) -> io.BufferedIOBase | None:
    """The tar stream inside the archive's bytes (None: a compression Python does not read)."""
    import bz2
    import gzip
    import lzma

    raw = io.BytesIO(data)
    if name.endswith((".tar.gz", ".tgz")):
        return gzip.GzipFile(fileobj=raw)
    if name.endswith((".tar.bz2", ".tbz2")):
        return bz2.BZ2File(raw)
    if name.endswith((".tar.xz", ".txz")):
        return lzma.LZMAFile(raw)
    return raw if name.endswith(".tar") else None  # zstd is not in Python's standard library


def _unpacked_size(path: str) -> int | None:
    """The bytes of the files a tar archive holds (None: too big to read, or not readable)."""
    import lzma
    import tarfile

    from dockeropt.files.read import read_bytes

    try:
        stream = _decompressed(path.lower(), read_bytes(path, _ARCHIVE_READ_LIMIT))
    except OSError:
        return None
    if stream is None:
        return None
    total = 0
    try:
        with stream, tarfile.open(fileobj=_Capped(stream, _UNPACK_READ_LIMIT), mode="r|") as archive:  # type: ignore[call-overload]
            for member in archive:
                if member.isfile():
                    total += int(member.size)
    except (OSError, EOFError, ValueError, tarfile.TarError, lzma.LZMAError):
        return None
    return total


# -- RUN ---------------------------------------------------------------------------------------------


def _run_parts(facts: Facts, inst: Instruction, heavy: dict[int, HeavyInstall]) -> list[Part]:
    parts: list[Part] = []
    unknown: list[str] = []
    for rs in facts.run_scripts(inst):
        packaged: set[int] = set()
        for op in rs.script.packages:
            packaged.add(id(op.command))
            if op.action == "install":
                parts.extend(_install_parts(facts, rs, op, heavy.get(id(op))))
            elif op.action not in _PACKAGE_BOOKKEEPING and f"{op.command.name} {op.subcommand}" not in unknown:
                unknown.append(f"{op.command.name} {op.subcommand}")  # go build, npm run, pip download
        for cmd in rs.script.commands:
            if id(cmd) in packaged or cmd.in_substitution or not cmd.name:
                continue
            if _command_unknown(cmd.name, [w.text for w in cmd.args]) and cmd.name not in unknown:
                unknown.append(cmd.name)
    if not facts.run_scripts(inst):
        unknown.append("a command dockeropt does not read" if inst.json else "the script")
    if unknown:
        shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
        parts.append(Part(f"what {shown} write{'s' if len(unknown) == 1 else ''}: not estimated", 0, None))
    if not parts:
        parts.append(Part("small file-system changes", 0, package_sizes.SMALL_STEP, source="commands of the step"))
    return parts


def _command_unknown(name: str, words: list[str]) -> bool:
    if name in _RECURSIVE:
        return any(
            w in ("-R", "--recursive") or (w.startswith("-") and not w.startswith("--") and "R" in w) for w in words
        )
    if name not in _SMALL_COMMANDS:
        return True
    if name in _FETCHING:
        verbs = _FETCHING[name]
        if verbs is None:  # an interpreter: small only for one-liners that print (python -c, --version)
            return words[:1] not in (["-c"], ["--version"], ["-V"])
        return bool(words) and words[0] in verbs
    return False


def _install_parts(facts: Facts, rs: RunScript, op: PackageOp, heavy: HeavyInstall | None) -> list[Part]:
    manager = op.manager
    names = [p.name for p in op.packages if p.kind == "name"]
    local = [p.spec for p in op.packages if p.kind != "name"]
    parts: list[Part] = []
    if manager in package_sizes.OS_MANAGERS:
        return _os_install_parts(op, names, local)
    if manager in ("pip", "uv", "conda"):
        counted = {p.name for p in heavy.packages} if heavy is not None else set()
        if heavy is not None:
            parts.append(_heavy_part(heavy))
        others = [n for n in names if n not in counted]
        extra, unread = _manifest_names(facts, op, counted)
        others += extra
        if others and manager == "conda":
            parts.append(Part(f"{len(others)} conda package(s) ({', '.join(others[:4])}): not estimated", 0, None))
        elif others:
            parts.append(_typical_part(others, package_sizes.TYPICAL["pip"], manager))
        for item in unread + [s for s in local if not _is_project(s)]:
            parts.append(Part(f"{item}: not estimated", 0, None))
        return parts
    if manager in ("npm", "yarn", "pnpm"):
        if names:
            return [_typical_part(names, package_sizes.TYPICAL["npm"], manager)]
        deps = _package_json_names(facts, op)
        if deps is None:
            return [Part(f"{manager} {op.subcommand}: no package.json in the build context to count", 0, None)]
        if not deps:
            return [Part(f"{manager} {op.subcommand}: package.json lists no dependencies", 0, 0)]
        return [_typical_part(deps, package_sizes.TYPICAL["npm"], manager, "dependencies from package.json")]
    return [Part(f"{manager} {op.subcommand}: not estimated", 0, None)]


def _os_install_parts(op: PackageOp, names: list[str], local: list[str]) -> list[Part]:
    parts: list[Part] = []
    recommends = op.manager in package_sizes.RECOMMENDS_BY_DEFAULT and not op.no_install_recommends
    note = " with what they recommend" if recommends else ""
    known: list[tuple[str, tuple[int, int]]] = []
    typical: list[str] = []
    for name in names:
        size = package_sizes.os_package(name, recommends)
        if size is not None:
            known.append((name, size))
        else:
            typical.append(name)
    if known:
        shown = ", ".join(n for n, _ in known[:4]) + (" …" if len(known) > 4 else "")
        low = sum(s[0] for _, s in known)
        high = sum(s[1] for _, s in known)
        parts.append(Part(f"{shown}{note}", low, high, source=package_sizes.NAMED_SOURCE))
    if typical:
        low, high = package_sizes.TYPICAL[package_sizes.family(op.manager)]
        factor = package_sizes.RECOMMENDS_FACTOR if recommends else 1.0
        shown = ", ".join(typical[:4]) + (" …" if len(typical) > 4 else "")
        count = len(typical)
        parts.append(
            Part(
                f"{count} package{'s' if count != 1 else ''} ({shown}){note}",
                low * count,
                int(high * count * factor),
                source=package_sizes.TYPICAL_SOURCE,
            )
        )
    for item in local:
        parts.append(Part(f"{item}: not estimated", 0, None))
    return parts


def _typical_part(names: list[str], typical: tuple[int, int], manager: str, what: str = "") -> Part:
    count = len(names)
    shown = ", ".join(names[:4]) + (" …" if count > 4 else "")
    label = f"{count} {what or manager + ' package' + ('s' if count != 1 else '')} ({shown})"
    return Part(label, typical[0] * count, typical[1] * count, source=package_sizes.TYPICAL_SOURCE)


def _heavy_part(heavy: HeavyInstall) -> Part:
    from dockeropt.knowledge.heavy import table_source

    low, high = package_sizes.heavy_installed(heavy.packages, heavy.index_urls)
    cpu = package_sizes.is_cpu_index(heavy.index_urls)
    label = ", ".join(heavy.names) + (" (CPU builds)" if cpu else "")
    return Part(label, low, high, source=table_source())


def _is_project(spec: str) -> bool:
    return spec in (".", "./") or spec.startswith(("./", "/", "-e"))


def _manifest_names(facts: Facts, op: PackageOp, counted: set[str]) -> tuple[list[str], list[str]]:
    """The packages the op's requirement files and local projects name (heavy ones left out), and
    the files that could not be read."""
    from dockeropt.context.deps import project_dependencies, read_environment_yml, read_requirements_txt

    names: list[str] = []
    unread: list[str] = []
    context = facts.context_dir
    for path in op.files:
        local = _context_file(context, path)
        if local is None:
            unread.append(path)
            continue
        if local.endswith((".yml", ".yaml")):
            environment = read_environment_yml(local, context_dir=context)
            found = [r.name for r in environment.runtime if r.name not in ("python", "pip")]
        else:
            found = read_requirements_txt(local, context_dir=context).names
        names.extend(n for n in found if n not in counted and n not in names)
    for package in op.packages:
        if package.kind != "name" and _is_project(package.spec) and context:
            folder = os.path.join(context, package.spec.removeprefix("-e").strip().lstrip("./"))
            deps = project_dependencies(folder if os.path.isdir(folder) else context, context_dir=context).runtime
            names.extend(r.name for r in deps if r.name not in counted and r.name not in names)
    return names, unread


def _context_file(context: str | None, path: str) -> str | None:
    """A file a RUN names, found in the build context by its relative path or its name."""
    if not context:
        return None
    rel = path.lstrip("./") if not path.startswith("/") else path.rsplit("/", 1)[-1]
    for candidate in (rel, os.path.basename(path)):
        full = os.path.join(context, candidate)
        if os.path.isfile(full):
            return full
    return None


def _package_json_names(facts: Facts, op: PackageOp) -> list[str] | None:
    from dockeropt.context.envfiles import read_package_json
    from dockeropt.knowledge.packages import MANAGERS

    found = _context_file(facts.context_dir, MANAGERS["npm"].manifests[0])
    if found is None:
        return None
    deps = read_package_json(found)
    kept = {None, "optionalDependencies"} if op.production else {None, "optionalDependencies", "devDependencies"}
    wanted = [r for r in deps.requirements if r.group in kept]
    return list(dict.fromkeys(r.name for r in wanted if r.name))
