"""``dockeropt split``: a stable base image and a thin target, built one on the other.

The final stage is cut in two. Its *base* part holds what does not depend on the application's
sources: the instructions from its FROM up to the first one that reads the sources (system
packages, ENV, WORKDIR, users, manifest copies and the installs that read them), then the
installs that come after the sources are copied but read nothing of them, moved up:

- system packages named on the command line (``apt-get install -y libpq5``);
- dependency installs that read only their manifests (``pip install -r requirements.txt``,
  ``npm ci``, ``go mod download`` …): the base copies just those files (``COPY requirements.txt
  ./``), from where the sources' COPY would have put them;
- users and absolute folders (``useradd``, ``mkdir -p /data``);

together with the ENV, ARG, WORKDIR, USER and SHELL before them. An install moves only when the
instructions it jumps over stay equivalent: a COPY whose destination is relative to a moved
WORKDIR, or names a moved variable, or writes where the install reads or writes (``/etc``, a
``node_modules`` the context brings along) keeps it in place; a RUN that stays (it may read the
sources) keeps every later install below it, and so does a VOLUME. Each install that stays is
reported with the instruction that blocks it and why. Instructions that touch neither (``ADD
<url>``, a ``COPY --from``, LABEL) stay in the target without ending the base.

The *target* part starts ``FROM ${BASE_IMAGE}`` and holds the rest, in order, re-declaring the
ARGs it still uses (ARG scope ends with the stage). Other stages are kept as they are, in the file
that needs them. The base tag is a hash of ``base.Dockerfile`` and of every context file it
copies, so CI rebuilds the base only when the dependencies change.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath

from dockeropt.analysis.copy_map import CopyMap, under
from dockeropt.analysis.facts import Facts
from dockeropt.analysis.install_steps import classify_run
from dockeropt.files.read import digest_file
from dockeropt.graph.model import Graph
from dockeropt.knowledge.packages import manifest_role
from dockeropt.syntax.parser import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from dockeropt.analysis.copy_map import Writer
    from dockeropt.analysis.install_steps import InstallStep, RunClass
    from dockeropt.context.dockerignore import DockerIgnore
    from dockeropt.graph.model import Stage
    from dockeropt.syntax.nodes import Dockerfile, Instruction

_STOP = frozenset({"ONBUILD", "VOLUME", "CMD", "ENTRYPOINT", "HEALTHCHECK", "STOPSIGNAL"})
_PREFIX_CONFIG = frozenset({"ENV", "ARG", "WORKDIR", "USER", "SHELL", "LABEL", "EXPOSE", "MAINTAINER"})
# configuration an install depends on: moved up with it
_STATE = frozenset({"ENV", "ARG", "WORKDIR", "USER", "SHELL"})
# where package managers keep their state, configuration and installed files: a COPY into these
# may change what an install does or be changed by it
_SYSTEM_PATHS = (
    "/etc",
    "/var/lib",
    "/var/cache",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/usr/lib32",
    "/usr/lib64",
    "/usr/libexec",
    "/usr/share",
    "/usr/include",
    "/usr/local/bin",
    "/usr/local/lib",
    "/usr/local/share",
    "/usr/local/etc",
    "/usr/local/include",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/root",
    "/boot",
)
_SAFE_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/@+=,")


class SplitError(Exception):
    pass


class SplitResult:
    __slots__ = ("base_files", "base_instructions", "base_tag", "base_text", "moved", "notes", "target_text")

    def __init__(
        self,
        base_text: str,
        target_text: str,
        base_tag: str,
        base_files: list[str],
        moved: int,
        hoisted: list[str] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.base_text = base_text
        self.target_text = target_text
        self.base_tag = base_tag  # the hash part of the tag
        self.base_files = base_files  # context files the base copies (hashed into the tag)
        self.base_instructions = moved  # instructions of the final stage in the base
        self.moved = hoisted or []  # installs moved above the sources' COPY: "line N: label"
        self.notes = notes or []  # installs left in the target, with the instruction that blocks them


def is_manifest(path: str) -> bool:
    """A file a dependency install reads (the package-manager table's manifests, locks, settings)."""
    return manifest_role(path.rstrip("/").rsplit("/", 1)[-1]) is not None


def _copies_only_manifests(inst: Instruction) -> bool:
    if inst.name not in ("COPY", "ADD") or inst.flag("from") is not None or inst.heredocs or len(inst.args) < 2:
        return False
    return all(is_manifest(a.value) and "*" not in a.value for a in inst.args[:-1])


def _reads_context(inst: Instruction) -> bool:
    if inst.name in ("COPY", "ADD") and inst.flag("from") is None:
        return True
    if inst.name == "RUN":
        from dockeropt.graph.model import parse_mount

        for spec in inst.flag_values("mount"):
            opts = parse_mount(spec)
            if opts.get("type") == "bind" and "from" not in opts:
                return True
    return False


def _in_prefix(inst: Instruction) -> bool:
    """Whether ``inst`` can stay in the base where it is, nothing before it having stayed behind."""
    if inst.name in _STOP:
        return False
    if _reads_context(inst) and not _copies_only_manifests(inst):
        return False
    return inst.name in ("RUN", "COPY") or inst.name in _PREFIX_CONFIG


class _Planner:
    """Decides which instructions of the final stage go into the base, in which order."""

    def __init__(self, ctx: Facts, final: Stage, context_dir: str | None, ignore: DockerIgnore | None) -> None:
        self.ctx = ctx
        self.graph = ctx.graph
        self.final = final
        self.context_dir = context_dir
        self.copies = CopyMap(ctx, final, context_dir, ignore)
        self.base: list[Instruction | str] = []
        self.rest: list[Instruction] = []  # not in the base, in order (pending ones included)
        self.pending: list[Instruction] = []  # ENV/ARG/WORKDIR/USER/SHELL that may move up with an install
        self.in_base: set[int] = set()  # indexes of the instructions in the base
        self.base_copies: dict[str, tuple[str, str]] = {}  # image path -> (context file, flags) copied in the base
        self.files: list[str] = []  # context files the base copies
        self.hoisted: list[str] = []
        self.notes: list[str] = []
        self.blocked_by: str | None = None
        self.classes: dict[int, RunClass] = {}

    # -- the plan -------------------------------------------------------------------------------------
    def plan(self) -> None:
        prefix = True
        for inst in self.final.instructions:
            if prefix and _in_prefix(inst):
                self._to_base(inst)
                continue
            if prefix:
                prefix = False
                self._return_trailing_copies()
            if inst.name in _STATE:
                self.rest.append(inst)
                self.pending.append(inst)
                continue
            if inst.name == "RUN":
                self._consider(inst)
                continue
            if inst.name == "VOLUME" and self.blocked_by is None:
                self.blocked_by = (
                    f"it would have to move above the VOLUME at line {inst.start_line} (the classic builder drops what "
                    "later steps write under a volume)"
                )
            self.rest.append(inst)
        if prefix:
            self._return_trailing_copies()

    def _to_base(self, inst: Instruction) -> None:
        self.base.append(inst)
        self.in_base.add(inst.index)
        if _copies_only_manifests(inst):
            for path, writer in self.copies.targets(inst):
                if writer.rel is not None:
                    self.base_copies[path] = (writer.rel, writer.flags)
                    if writer.rel not in self.files:
                        self.files.append(writer.rel)

    def _return_trailing_copies(self) -> None:
        """Manifest copies at the end of the base part, with no install after them, stay in the target."""
        while self.base:
            inst = self.base[-1]
            if isinstance(inst, str) or inst.name != "COPY":
                break
            self.base.pop()
            self.in_base.discard(inst.index)
            self.rest.insert(0, inst)
            for path, writer in self.copies.targets(inst):
                if self.base_copies.get(path) == (writer.rel, writer.flags):
                    del self.base_copies[path]
                if writer.rel in self.files and not any(rel == writer.rel for rel, _ in self.base_copies.values()):
                    self.files.remove(writer.rel)

    def _consider(self, inst: Instruction) -> None:
        """Move the RUN ``inst`` into the base with the state it needs, or leave it and say why."""
        cls = self._classify(inst)
        label = f"line {inst.start_line}"
        if self.blocked_by is not None:
            if cls.installs:
                self.notes.append(f"{label} ({_label(cls)}) stays in the target: {self.blocked_by}")
            self.rest.append(inst)
            return
        reason = cls.reason
        copies: list[str] = []
        if reason is None:
            reason = self._jumps(inst, cls)
        if reason is None:
            reason, copies = self._manifest_copies(inst, cls)
        if reason is not None:
            if cls.installs or cls.steps:
                self.notes.append(f"{label} ({_label(cls) or _first_line(inst)}) stays in the target: {reason}")
            self.blocked_by = f"it would have to move above the RUN at line {inst.start_line}, which stays ({reason})"
            self.rest.append(inst)
            return
        staying_before = [s for s in self.rest if s not in self.pending]
        if staying_before:
            # name the instruction it moves above that matters: the first copy of the sources
            first = next((s for s in staying_before if s.name in ("COPY", "ADD")), staying_before[0])
            what = "only the manifests copied here" if copies else "none of the sources"
            self.base.append(
                f"# line {inst.start_line} of the original, moved above line {first.start_line}: it reads {what}\n"
            )
            self.hoisted.append(
                f"line {inst.start_line} ({_label(cls) or _first_line(inst)}) above line {first.start_line}"
                f" ({first.cmd} {' '.join(a.value for a in first.args)[:40]})"
            )
        for config in self.pending:
            self.rest.remove(config)
            self.base.append(config)
            self.in_base.add(config.index)
        self.pending = []
        self.base.extend(copies)
        self.base.append(inst)
        self.in_base.add(inst.index)

    def _classify(self, inst: Instruction) -> RunClass:
        found = self.classes.get(inst.index)
        if found is None:
            found = self.classes[inst.index] = classify_run(self.ctx, inst, self._reader(inst))
        return found

    # -- may the install and the state it needs jump over what stays? ---------------------------------
    def _jumps(self, inst: Instruction, cls: RunClass) -> str | None:
        staying = [s for s in self.rest if s not in self.pending]
        if not staying:
            return None
        for config in self.pending:
            for s in staying:
                if s.index < config.index:
                    reason = self._config_conflict(config, s)
                    if reason is not None:
                        return reason
        for s in staying:
            for step in cls.steps:
                reason = self._install_conflict(step, s)
                if reason is not None:
                    return reason
        return None

    def _config_conflict(self, config: Instruction, s: Instruction) -> str | None:
        at = f"{config.cmd} at line {config.start_line} would have to move above {s.cmd} at line {s.start_line}"
        if config.name in ("ENV", "ARG"):
            for kv in config.pairs:
                if f"${kv.key}" in s.original or f"${{{kv.key}" in s.original:
                    return f"{at}, which uses ${kv.key}"
        if config.name == "WORKDIR" and s.name in ("COPY", "ADD") and len(s.args) >= 2:
            raw = s.args[-1].value
            # `ENV DIR=/opt/app` then `COPY . ${DIR}`: the value the COPY sees decides (a moved ENV
            # or ARG that it uses is refused above, so that value does not change)
            dest, missing = self.graph.expand(raw, self.graph.state(s).variables())
            if missing or not dest.startswith("/"):
                return f"{at}, whose destination {raw} is relative to the working directory"
            from dockeropt.graph.model import join_workdir

            state = self.graph.state(config)
            path, _ = self.graph.expand(config.args[0].value, state.variables()) if config.args else ("", set())
            workdir = join_workdir(state.workdir, path) if path else None
            owned = any(f.name in ("chown", "chmod") for f in s.flags)
            target = posixpath.normpath(dest)
            if owned and workdir and (under(workdir, target) or under(target, workdir)):
                return f"{at}, which would then find {workdir} made by WORKDIR instead of making it with its owner"
        if config.name == "SHELL" and s.name in ("CMD", "ENTRYPOINT", "HEALTHCHECK") and not s.json:
            return f"{at}, a shell form that the SHELL changes"
        return None

    def _install_conflict(self, step: InstallStep, s: Instruction) -> str | None:
        if s.name not in ("COPY", "ADD") or len(s.args) < 2:
            return None
        at = f"{s.cmd} at line {s.start_line}"
        targets = self.copies.destinations(s)
        if targets is None:
            return f"{at} copies to a destination dockeropt cannot resolve"
        for dest, source_dir, is_dir in targets:
            for system in _SYSTEM_PATHS:
                if under(dest, system):
                    return f"{at} writes into {dest}, where {step.tool} reads or writes"
                if is_dir and under(system, dest):
                    # a folder copied to / (or /usr …): only what it holds under the system paths matters
                    top = posixpath.relpath(system, dest).split("/")[0]
                    if source_dir is None or self.copies.sends(posixpath.normpath(posixpath.join(source_dir, top))):
                        return f"{at} writes into {system}, where {step.tool} reads or writes"
            for out in step.writes:
                if under(dest, out):
                    return f"{at} writes into {out}, which {step.tool} fills"
                if is_dir and under(out, dest):
                    if source_dir is None:
                        return f"{at} may bring its own {posixpath.basename(out)} over what {step.tool} installs"
                    rel = posixpath.normpath(posixpath.join(source_dir, posixpath.relpath(out, dest)))
                    if self.copies.sends(rel):
                        return (
                            f"the context's {rel} (not left out by .dockerignore) would be copied by {at} "
                            f"over what {step.tool} installs"
                        )
        return None

    # -- manifests ------------------------------------------------------------------------------------
    def _manifest_copies(self, inst: Instruction, cls: RunClass) -> tuple[str | None, list[str]]:
        """The COPY lines the base needs before ``inst`` so that it reads the same manifests."""
        wanted: list[tuple[str, Writer]] = []
        for step in cls.steps:
            for path, required in [(p, True) for p in step.reads] + [(p, False) for p in step.optional]:
                writer = self._writer(path, inst)
                if writer is None:
                    if required and self.context_dir is None:
                        return f"no build context to find {posixpath.basename(path)} in", []
                    if required:
                        return f"{posixpath.basename(path)} is not copied from the build context before it", []
                    continue
                if writer.rel is None:
                    return f"{writer.inst.cmd} at line {writer.inst.start_line} puts {path} there from elsewhere", []
                if writer.inst.index in self.in_base or self.base_copies.get(path) == (writer.rel, writer.flags):
                    continue
                wanted.append((path, writer))
        if wanted and self.context_dir is None:
            return "no build context to read the manifests from", []
        workdir = self.graph.state(inst).workdir or "/"
        groups: dict[tuple[str, str], list[str]] = {}
        for path, writer in wanted:
            if any(c in (writer.rel or "") for c in "$\\`"):
                return f"the path {json.dumps(writer.rel)} has characters dockeropt does not write into a COPY", []
            folder = posixpath.dirname(path)
            renamed = posixpath.basename(path) != posixpath.basename(writer.rel or "")
            if renamed:
                folder = path
            if folder == workdir:
                dest = "./"
            elif under(folder, workdir) and workdir != "/":
                dest = "./" + posixpath.relpath(folder, workdir) + "/"
            else:
                dest = folder.rstrip("/") + "/"
            if renamed:
                dest = dest.rstrip("/")  # a file of another name: COPY it to its full path
            sources = groups.setdefault((writer.flags, dest), [])
            if writer.rel not in sources:
                sources.append(writer.rel or "")
            self.base_copies[path] = (writer.rel or "", writer.flags)
        lines = []
        for (flags, dest), sources in groups.items():
            for rel in sources:
                if rel not in self.files:
                    self.files.append(rel)
            lines.append(_copy_line(flags, sources, dest))
        return None, lines

    def _writer(self, path: str, before: Instruction) -> Writer | None:
        return self.copies.writer(path, before)

    def _reader(self, before: Instruction) -> Callable[[str], str | None]:
        return lambda path: self.copies.read(path, before)


def _label(cls: RunClass) -> str:
    if cls.package_commands:
        return ", ".join(cls.package_commands)
    return ", ".join(s.label for s in cls.steps)


def _first_line(inst: Instruction) -> str:
    text = " ".join(inst.original.split())
    return text[:60]


def _copy_line(flags: str, sources: list[str], dest: str) -> str:
    """A COPY instruction; JSON form when a path has characters the shell form would split or expand."""
    words = [*sources, dest]
    prefix = f"COPY {flags} " if flags else "COPY "
    if all(set(w) <= _SAFE_PATH_CHARS for w in words):
        return prefix + " ".join(words) + "\n"
    return prefix + "[" + ", ".join(json.dumps(w, ensure_ascii=False) for w in words) + "]\n"


def _needed_before(graph: Graph, final: Stage, base: set[int]) -> list[Stage]:
    """Stages the base part of ``final`` needs (FROM chain and COPY --from)."""
    wanted: set[int] = set()
    todo: list[Stage] = []
    if final.base_stage is not None:
        todo.append(final.base_stage)
    for edge in final.parents:
        if edge.source_stage is not None and edge.kind != "from" and edge.instruction.index in base:
            todo.append(edge.source_stage)
    while todo:
        s = todo.pop()
        if s.index in wanted:
            continue
        wanted.add(s.index)
        todo.extend(e.source_stage for e in s.parents if e.source_stage is not None)
    return [s for s in graph.stages if s.index in wanted]


def _used_args(insts: list[Instruction], declared: Mapping[str, str | None]) -> list[str]:
    """ARGs of the base part that the target part still refers to."""
    names = []
    for name in declared:
        token_a, token_b = f"${name}", f"${{{name}"
        if any(token_a in i.original or token_b in i.original for i in insts):
            names.append(name)
    return names


def split(
    text: str,
    context_dir: str | None,
    build_args: Mapping[str, str] | None = None,
    dockerfile_path: str | None = None,
) -> SplitResult:
    tree = parse(text)
    graph = Graph(tree, build_args)
    final = graph.target
    if final is None:
        raise SplitError("no stage to split")
    ignore = None
    if context_dir is not None:
        from dockeropt.context.dockerignore import load_dockerignore

        ignore = load_dockerignore(dockerfile_path, context_dir)
    ctx = Facts(tree, graph, dockerfile_path or "", context_dir)
    planner = _Planner(ctx, final, context_dir, ignore)
    planner.plan()
    base_insts = [i for i in planner.base if not isinstance(i, str)]
    if not any(i.name == "RUN" for i in base_insts):
        why = (
            "; ".join(planner.notes)
            if planner.notes
            else (
                f"the final stage (line {final.from_inst.start_line}) has no setup step that does not read its sources"
            )
        )
        raise SplitError(f"nothing to move into a base image: {why}")
    target_insts = planner.rest
    base_stages = _needed_before(graph, final, planner.in_base)
    directives, head = _head(tree)
    base_text = _render(
        "base.Dockerfile.j2",
        directives=directives,
        head=head,
        stages=[_stage_text(tree, s) for s in base_stages],
        from_line=_text(tree, final.from_inst),
        instructions=[i if isinstance(i, str) else _text(tree, i) for i in planner.base],
    )

    needed_target = {s.index for s in graph.needed_stages()} - {final.index} - {s.index for s in base_stages}
    for s in graph.stages:
        if s.index in needed_target and s.index > final.index:
            needed_target.discard(s.index)
    # re-declare the ARGs of the base the target still uses, as they were written (defaults unexpanded)
    declared: dict[str, str | None] = {}
    for inst in base_insts:
        if inst.name == "ARG":
            for kv in inst.pairs:
                declared[kv.key] = kv.value
    carried = _used_args(target_insts, declared)
    arg_lines = [f"ARG {n}={declared[n]}\n" if declared.get(n) is not None else f"ARG {n}\n" for n in carried]
    target_text = _render(
        "target.Dockerfile.j2",
        directives=directives,
        head=head,
        stages=[_stage_text(tree, s) for s in graph.stages if s.index in needed_target],
        stage_name=final.name,
        args=arg_lines,
        instructions=[_text(tree, i) for i in target_insts],
    )

    files = planner.files
    digest = hashlib.sha256(base_text.encode("utf-8"))
    for rel in files:
        digest.update(b"\0" + rel.encode("utf-8") + b"\0")
        if context_dir:
            try:
                digest_file(os.path.join(context_dir, rel), digest.update)
            except OSError:
                digest.update(b"<missing>")
    return SplitResult(
        base_text, target_text, digest.hexdigest()[:12], files, len(base_insts), planner.hoisted, planner.notes
    )


def _head(tree: Dockerfile) -> tuple[str, str]:
    """The parser directives, then the comments before the first instruction and the global ARGs."""
    cut = tree.directives[-1].end if tree.directives else 0
    first = tree.instructions[0]
    parts = [tree.text[cut : first.start]]
    for inst in tree.instructions:
        if inst.name == "FROM":
            break
        parts.append(_text(tree, inst))
    return tree.text[:cut], "".join(parts)


_ENV: object | None = None


def _render(template: str, **values: object) -> str:
    """Render one of the package's jinja2 templates (jinja2 is imported only by ``split``)."""
    global _ENV
    import jinja2

    if _ENV is None:
        _ENV = jinja2.Environment(
            loader=jinja2.PackageLoader("dockeropt.fix", "templates"),
            keep_trailing_newline=True,
            trim_blocks=True,
            autoescape=False,
        )
    assert isinstance(_ENV, jinja2.Environment)
    return _ensure_newline(_ENV.get_template(template).render(**values))


def _text(tree: Dockerfile, inst: Instruction) -> str:
    return _ensure_newline(tree.text[inst.start : inst.end])


def _stage_text(tree: Dockerfile, stage: Stage) -> str:
    return "".join(_text(tree, i) for i in stage.all_instructions) + "\n"


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def render_build_script(
    result: SplitResult, script_dir: str, context_dir: str, base_name: str, image: str, registry: str = ""
) -> str:
    """The script that builds both images. It takes no value from the Dockerfile: only the base tag (a
    hex hash), the names given on the command line and the context's path relative to the script's
    folder, each quoted for the shell (a folder may be called ``app$(touch x)``)."""
    import shlex

    context = os.path.relpath(os.path.abspath(context_dir), os.path.abspath(script_dir))
    return _render(
        "build.sh.j2",
        context=shlex.quote(context.replace(os.sep, "/")),
        base_name=shlex.quote(base_name),
        base_tag=shlex.quote(result.base_tag),
        image=shlex.quote(image),
        registry=shlex.quote(registry) if registry else "",
        remote="1" if has_registry(base_name) else "0",
    )


def has_registry(name: str) -> bool:
    """Whether an image name starts with a registry host (``registry.example.com/base``, ``localhost:5000/x``)."""
    first, slash, _ = name.partition("/")
    return bool(slash) and ("." in first or ":" in first or first == "localhost")


def image_name(text: str) -> str:
    """``text`` made into a valid repository name (a folder name can hold anything: ``app$(touch x)``
    becomes ``app-touch-x``): lower case, runs of other characters become one ``-``."""
    import re

    parts = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in text.split("/")]
    return "/".join(p for p in parts if p) or "app"
