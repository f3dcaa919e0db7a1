"""The instruction graph: stages, their edges, and the build state in force at each instruction.

BuildKit semantics kept here:
- global ARGs (before the first FROM) are the only variables FROM sees; ``--build-arg`` values
  override their defaults; BuildKit's automatic platform ARGs are known too;
- inside a stage an ARG must be declared (re-declared, for a global one) to be visible;
  ENV of the same name wins over ARG;
- a stage built ``FROM`` an earlier stage inherits its ENV, WORKDIR, USER and SHELL, not its ARGs;
- stage names compare case-insensitively (BuildKit lower-cases them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dockeropt.lazyre import lazy_compile
from dockeropt.syntax.nodes import Dockerfile, Instruction, ParseError
from dockeropt.syntax.shlex import Lexer, ShellLexError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

DEFAULT_SHELL = ("/bin/sh", "-c")
# Docker's default shell on Windows images (RUN lines are cmd.exe commands there)
WINDOWS_SHELL = ("cmd", "/S", "/C")
# how Windows base images are named: Microsoft's repositories and the official images' Windows tags
_WINDOWS_IMAGE_MARKS = ("windows/servercore", "windows/nanoserver", "windows/server", "mcr.microsoft.com/windows")
_WINDOWS_TAG_MARKS = ("nanoserver", "servercore", "windows")
SHARE_LIMIT = 1000
# hadolint's (and tally's) shell pragma, ``# hadolint shell=powershell``: the shell the RUNs after it
# run in, for files whose SHELL the linter cannot see (a Windows base image's, say)
_SHELL_PRAGMA = lazy_compile(
    r"(?:hadolint|tally|dockeropt:?)[ \t]+shell[ \t]*=[ \t]*(\S+)[ \t]*(?:#.*)?", re.IGNORECASE
)


def pragma_shell(name: str) -> tuple[str, ...]:
    """The SHELL a shell pragma's name stands for: ``powershell`` → ``powershell -Command``,
    ``cmd.exe`` → ``cmd /S /C``, anything else (``bash``, ``/bin/ash``) → ``NAME -c``."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower().removesuffix(".exe")
    if base in ("powershell", "pwsh"):
        return (name, "-Command")
    if base == "cmd":
        return (name, "/S", "/C")
    return (name, "-c")


def is_windows_image(reference: str) -> bool:
    """Whether an image reference names a Windows image (``mcr.microsoft.com/windows/nanoserver:ltsc2022``,
    ``python:3.12-windowsservercore-ltsc2022``, ``…:9.0-nanoserver-1809``): its RUNs go to cmd.exe."""
    ref = reference.lower()
    if any(mark in ref for mark in _WINDOWS_IMAGE_MARKS):
        return True
    tag = ref.rsplit("/", 1)[-1].partition("@")[0].partition(":")[2]
    return any(mark in tag for mark in _WINDOWS_TAG_MARKS)


class State:
    """The build state in force when an instruction runs (after the ones before it in its stage)."""

    __slots__ = ("args", "env", "env_known", "shell", "user", "workdir")

    def __init__(
        self,
        env: dict[str, str],
        args: dict[str, str | None],
        workdir: str | None,
        user: str | None,
        shell: tuple[str, ...],
        env_known: bool,
    ) -> None:
        self.env = env  # ENV set in this stage or its stage ancestors (expanded values)
        self.args = args  # ARGs declared in the stage: name -> value (None: declared, no value)
        self.workdir = workdir  # None: whatever the base image sets (unknown)
        self.user = user  # None: whatever the base image sets (root unless the image says)
        self.shell = shell
        self.env_known = env_known  # False when the stage starts from an external image (its ENV unknown)

    def variables(self) -> Mapping[str, str]:
        """What ``$NAME`` expands to in instructions that expand variables (ENV wins over ARG)."""
        return _Variables(self.env, self.args)


class _Variables(Mapping[str, str]):
    """A read-only view of ENV over ARG, built in O(1) (states are asked for it often)."""

    __slots__ = ("_args", "_env")

    def __init__(self, env: dict[str, str], args: dict[str, str | None]) -> None:
        self._env = env
        self._args = args

    def __getitem__(self, key: str) -> str:
        if key in self._env:
            return self._env[key]
        value = self._args[key]
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._env or (key in self._args and self._args[key] is not None)

    def __iter__(self) -> Iterator[str]:
        yield from self._env
        for k, v in self._args.items():
            if v is not None and k not in self._env:
                yield k

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Stage:
    __slots__ = (
        "base",
        "base_resolved",
        "base_stage",
        "from_inst",
        "index",
        "instructions",
        "name",
        "parents",
        "platform",
        "unresolved",
    )

    def __init__(self, index: int, from_inst: Instruction) -> None:
        self.index = index
        self.from_inst = from_inst
        args = from_inst.args
        self.base = args[0].value if args else ""
        self.name: str | None = args[2].value.lower() if len(args) >= 3 and args[1].value.lower() == "as" else None
        self.base_resolved = self.base
        self.base_stage: Stage | None = None
        flag = from_inst.flag("platform")
        self.platform = flag.value if flag else None
        self.instructions: list[Instruction] = []  # after FROM, in order
        self.parents: list[Edge] = []
        self.unresolved: set[str] = set()  # variables in FROM that had no value

    @property
    def label(self) -> str:
        """The stage's name, or its index (what ``COPY --from`` and ``--target`` accept)."""
        return self.name if self.name is not None else str(self.index)

    @property
    def display(self) -> str:
        """How messages name the stage: ``'builder'``, or ``#2`` for an unnamed one."""
        return repr(self.name) if self.name is not None else f"#{self.index}"

    @property
    def is_scratch(self) -> bool:
        return self.base_resolved.lower() == "scratch"

    @property
    def all_instructions(self) -> list[Instruction]:
        return [self.from_inst, *self.instructions]

    def __repr__(self) -> str:
        return f"Stage({self.index}, {self.name!r}, base={self.base_resolved!r})"


class Edge:
    """A dependency of ``stage`` on an earlier stage or an external image."""

    __slots__ = ("instruction", "kind", "source_image", "source_stage", "stage")

    FROM = "from"
    COPY = "copy"
    MOUNT = "mount"

    def __init__(
        self,
        kind: str,
        stage: Stage,
        instruction: Instruction,
        source_stage: Stage | None = None,
        source_image: str | None = None,
    ) -> None:
        self.kind = kind
        self.stage = stage
        self.instruction = instruction
        self.source_stage = source_stage
        self.source_image = source_image

    def __repr__(self) -> str:
        src = self.source_stage.label if self.source_stage else self.source_image
        return f"Edge({self.kind}: {src} -> {self.stage.label})"


class Graph:
    """Stages, edges and per-instruction state of one parsed Dockerfile."""

    def __init__(self, tree: Dockerfile, build_args: Mapping[str, str] | None = None, target: str | None = None):
        self.tree = tree
        self.build_args = dict(build_args or {})
        self.global_args: dict[str, str | None] = {}
        self.global_arg_insts: list[Instruction] = []
        self.stages: list[Stage] = []
        self.edges: list[Edge] = []
        self.states: dict[int, State] = {}  # instruction index -> state before it runs
        self.stage_of: dict[int, Stage] = {}  # instruction index -> stage
        self.errors: list[ParseError] = []
        self.target_name = target
        self._end_states: dict[int, State] = {}  # stage index -> state after its last instruction
        self._shipped: frozenset[int] | None = None  # indexes of the shipped stages, once asked
        self._lexer = Lexer(tree.escape)
        self._build()

    # -- variable expansion ------------------------------------------------------------------
    def expand(self, word: str, variables: Mapping[str, str]) -> tuple[str, set[str]]:
        """Expand ``word`` as BuildKit does; return the result and the names that had no value."""
        try:
            result = self._lexer.process_word(word, variables)
        except ShellLexError:
            return word, set()
        return result, set(self._lexer.unmatched)

    # -- construction --------------------------------------------------------------------------
    def _global_values(self) -> dict[str, str]:
        return {k: v for k, v in self.global_args.items() if v is not None}

    def _shell_pragmas(self) -> list[tuple[int, tuple[str, ...]]]:
        """``(offset, shell)`` of each shell pragma comment, in file order."""
        out = []
        for comment in self.tree.comments():
            m = _SHELL_PRAGMA.fullmatch(comment.content)
            if m is not None:
                out.append((comment.start, pragma_shell(m.group(1))))
        return out

    def _build(self) -> None:
        stage: Stage | None = None
        state: State | None = None
        by_name: dict[str, Stage] = {}
        pragmas = self._shell_pragmas()
        pragma: tuple[str, ...] | None = None  # the shell the last pragma named: the default from there on
        for inst in self.tree.instructions:
            name = inst.name
            while pragmas and pragmas[0][0] < inst.start:
                pragma = pragmas.pop(0)[1]
                if state is not None:
                    state = State(state.env, state.args, state.workdir, state.user, pragma, state.env_known)
            if name == "FROM":
                stage = Stage(len(self.stages), inst)
                resolved, unmatched = self.expand(stage.base, self._global_values())
                stage.base_resolved = resolved
                stage.unresolved = unmatched
                parent = by_name.get(resolved.lower())
                self.stages.append(stage)
                if stage.name is not None:
                    by_name.setdefault(stage.name, stage)
                if parent is not None and parent is not stage:
                    stage.base_stage = parent
                    self._edge(Edge(Edge.FROM, stage, inst, source_stage=parent))
                    pstate = self._end_state(parent)
                    state = State(dict(pstate.env), {}, pstate.workdir, pstate.user, pstate.shell, pstate.env_known)
                else:
                    self._edge(Edge(Edge.FROM, stage, inst, source_image=resolved))
                    shell = WINDOWS_SHELL if is_windows_image(resolved) else DEFAULT_SHELL
                    state = State({}, {}, None, None, pragma or shell, stage.is_scratch)
                self.states[inst.index] = state
                self.stage_of[inst.index] = stage
                continue
            if stage is None or state is None:
                if name == "ARG":
                    self._global_arg(inst)
                self.states[inst.index] = State({}, dict(self.global_args), None, None, DEFAULT_SHELL, False)
                continue
            stage.instructions.append(inst)
            self.stage_of[inst.index] = stage
            self.states[inst.index] = state
            state = self._apply(inst, state, by_name, stage)
            self._end_states[stage.index] = state

    def _end_state(self, stage: Stage) -> State:
        found = self._end_states.get(stage.index)
        if found is not None:
            return found
        return self.states[stage.from_inst.index]

    def _global_arg(self, inst: Instruction) -> None:
        self.global_arg_insts.append(inst)
        for kv in inst.pairs:
            if kv.key in self.build_args:
                self.global_args[kv.key] = self.build_args[kv.key]
            elif kv.value is not None:
                self.global_args[kv.key] = self.expand(kv.value, self._global_values())[0]
            else:
                self.global_args.setdefault(kv.key, None)

    def _edge(self, edge: Edge) -> None:
        self.edges.append(edge)
        edge.stage.parents.append(edge)

    def _apply(self, inst: Instruction, state: State, by_name: dict[str, Stage], stage: Stage) -> State:
        name = inst.name
        if name in ("ENV", "ARG"):
            # BuildKit expands all of one instruction's words against the state *before* it:
            # in `ENV A=1 B=$A`, B gets the old A.
            variables = state.variables()
            # Copying keeps every instruction's state exact; past SHARE_LIMIT keys (no real file
            # comes close) the stage shares one dict so that time stays linear in the input.
            env = state.env if len(state.env) > SHARE_LIMIT else dict(state.env)
            args = state.args if len(state.args) > SHARE_LIMIT else dict(state.args)
            for kv in inst.pairs:
                if name == "ENV":
                    env[kv.key] = self.expand(kv.value or "", variables)[0]
                elif kv.key in self.build_args:
                    args[kv.key] = self.build_args[kv.key]
                elif kv.value is not None:
                    args[kv.key] = self.expand(kv.value, variables)[0]
                elif kv.key in self.global_args:
                    args[kv.key] = self.global_args[kv.key]
                else:
                    args.setdefault(kv.key, None)
            return State(env, args, state.workdir, state.user, state.shell, state.env_known)
        if name == "WORKDIR" and inst.args:
            path = self.expand(inst.args[0].value, state.variables())[0]
            return State(
                state.env, state.args, join_workdir(state.workdir, path), state.user, state.shell, state.env_known
            )
        if name == "USER" and inst.args:
            user = self.expand(inst.args[0].value, state.variables())[0]
            return State(state.env, state.args, state.workdir, user, state.shell, state.env_known)
        if name == "SHELL" and inst.json and inst.args:
            shell = tuple(a.value for a in inst.args)
            return State(state.env, state.args, state.workdir, state.user, shell, state.env_known)
        if name in ("COPY", "ADD"):
            src = inst.flag("from")
            if src is not None and src.value is not None:
                self._copy_edge(inst, src.value, state, by_name, stage)
        if name == "RUN":
            for spec in inst.flag_values("mount"):
                opts = parse_mount(spec)
                if "from" in opts:
                    self._copy_edge(inst, opts["from"], state, by_name, stage, Edge.MOUNT)
        return state

    def _copy_edge(
        self,
        inst: Instruction,
        ref: str,
        state: State,
        by_name: dict[str, Stage],
        stage: Stage,
        kind: str = Edge.COPY,
    ) -> None:
        resolved = self.expand(ref, state.variables())[0]
        source: Stage | None = by_name.get(resolved.lower())
        if source is None and resolved.isdigit():
            idx = int(resolved)
            if idx < stage.index:
                source = self.stages[idx]
        if source is not None and source is not stage:
            self._edge(Edge(kind, stage, inst, source_stage=source))
        elif source is None:
            self._edge(Edge(kind, stage, inst, source_image=resolved))

    # -- queries ---------------------------------------------------------------------------------
    def state(self, inst: Instruction) -> State:
        return self.states[inst.index]

    def stage(self, inst: Instruction) -> Stage | None:
        return self.stage_of.get(inst.index)

    def stage_by_name(self, name: str) -> Stage | None:
        low = name.lower()
        for stage in self.stages:
            if stage.name == low:
                return stage
        if name.isdigit() and int(name) < len(self.stages):
            return self.stages[int(name)]
        return None

    @property
    def target(self) -> Stage | None:
        if self.target_name:
            return self.stage_by_name(self.target_name)
        return self.stages[-1] if self.stages else None

    def needed_stages(self, target: Stage | None = None) -> list[Stage]:
        """The stages the target needs (itself included), in build order."""
        root = target or self.target
        if root is None:
            return []
        seen: set[int] = set()
        todo = [root]
        while todo:
            s = todo.pop()
            if s.index in seen:
                continue
            seen.add(s.index)
            todo.extend(e.source_stage for e in s.parents if e.source_stage is not None)
        return [s for s in self.stages if s.index in seen]

    def shipped_stages(self, target: Stage | None = None) -> list[Stage]:
        """The stages whose layers end up in the target image: the target and its FROM ancestors."""
        stage = target or self.target
        out: list[Stage] = []
        while stage is not None and stage not in out:
            out.append(stage)
            stage = stage.base_stage
        return out

    def ships(self, inst: Instruction) -> bool:
        """Whether ``inst``'s layer ends up in the target image."""
        stage = self.stage(inst)
        if stage is None:
            return False
        if self._shipped is None:
            self._shipped = frozenset(s.index for s in self.shipped_stages())
        return stage.index in self._shipped

    def unused_stages(self) -> list[Stage]:
        needed = {s.index for s in self.needed_stages()}
        return [s for s in self.stages if s.index not in needed]

    def is_final(self, stage: Stage) -> bool:
        target = self.target
        return target is not None and stage.index == target.index


def join_workdir(current: str | None, path: str) -> str:
    """WORKDIR semantics: relative paths join onto the current directory (``/`` when unknown)."""
    if path.startswith("/"):
        base = ""
    else:
        base = current if current is not None else "/"
    joined = (base.rstrip("/") + "/" + path) if base else path
    parts: list[str] = []
    for part in joined.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/" + "/".join(parts)


def parse_mount(spec: str) -> dict[str, str]:
    """``type=cache,target=/root/.cache,from=builder`` -> dict (CSV fields, first ``=`` splits)."""
    out: dict[str, str] = {}
    for field in _split_csv(spec):
        key, eq, value = field.partition("=")
        key = key.strip().lower()
        if key in ("dst", "destination"):
            key = "target"
        if key in ("src",):
            key = "source"
        out[key] = value if eq else "true"
    if "type" not in out:
        out["type"] = "bind"
    return out


def _split_csv(text: str) -> list[str]:
    fields: list[str] = []
    buf: list[str] = []
    quote = False
    for ch in text:
        if ch == '"':
            quote = not quote
            continue
        if ch == "," and not quote:
            fields.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    fields.append("".join(buf))
    return [f for f in fields if f]
