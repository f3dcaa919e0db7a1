"""Facts about stages and paths that several rules (and the reports) need."""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.graph.model import Graph, Stage
    from dockeropt.syntax.nodes import Instruction
    from dockeropt.syntax.span import Span


# added to the message of a bloat finding in a stage the built image does not contain
UNSHIPPED_NOTE = " (in a stage the final image does not ship: it costs build time and cache space, not image size)"


def is_absolute(path: str) -> bool:
    """POSIX ``/x`` or Windows ``C:\\x``, ``C:/x``, ``\\x`` (Windows images)."""
    if path.startswith(("/", "\\")):
        return True
    return len(path) >= 2 and path[0].isascii() and path[0].isalpha() and path[1] == ":"


def scratch_rooted(stage: Stage) -> bool:
    """Whether the stage's FROM chain starts at ``scratch`` (whose WORKDIR and ENV are known: none)."""
    seen: set[int] = set()
    current: Stage | None = stage
    while current is not None and current.index not in seen:
        seen.add(current.index)
        if current.base_stage is None:
            return current.is_scratch
        current = current.base_stage
    return False


def external_base(stage: Stage) -> str | None:
    """The image a stage starts from, ARGs resolved; None for scratch, local stages and unknown values."""
    if stage.base_stage is not None or stage.unresolved or not stage.base_resolved:
        return None
    if stage.is_scratch:
        return None
    return stage.base_resolved


def resolved_note(stage: Stage) -> str:
    """`` (FROM ${IMAGE} gives 'python')`` when build arguments decided the image."""
    if "$" not in stage.base:
        return ""
    return f" (FROM {stage.base} gives '{stage.base_resolved}' with the ARG defaults)"


# Words that make a RUN an install step worth sharing (package managers and their verbs).
_MANAGERS = frozenset(
    {"apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "pip", "pip3", "conda", "mamba", "micromamba"}
    | {"npm", "yarn", "pnpm", "gem", "cargo", "go", "uv", "poetry", "bundle", "composer"}
)
_VERBS = frozenset({"install", "add", "ci", "create", "sync", "update", "upgrade"})
# Instructions that can belong to a shared base image (they do not read the app's sources).
_SETUP = frozenset({"RUN", "ENV", "ARG", "WORKDIR", "USER", "SHELL", "LABEL"})


class StageSetup:
    """What one stage does before it first touches the build context (picklable)."""

    __slots__ = ("base", "heavy_at", "label", "span", "steps")

    def __init__(self, base: str, steps: tuple[str, ...], heavy_at: int, label: str, span: Span) -> None:
        self.base = base
        self.steps = steps
        self.heavy_at = heavy_at  # index of the first install step in ``steps``
        self.label = label
        self.span = span


def _normalized(inst: Instruction) -> str:
    flags = " ".join(f.raw for f in inst.flags)
    body = " ".join(inst.original.split()[1:])
    heredocs = "".join(h.content for h in inst.heredocs)
    return f"{inst.name} {flags} {body} {heredocs}".strip()


def _is_install(inst: Instruction) -> bool:
    if inst.name != "RUN":
        return False
    words = set(inst.rest.replace("&&", " ").replace(";", " ").split())
    for h in inst.heredocs:
        words.update(h.content.split())
    return bool(words & _MANAGERS) and bool(words & _VERBS)


def stage_setup(stage: Stage) -> StageSetup | None:
    """The setup steps a stage runs before it first reads the build context, when one of them is
    an install: what a shared base image could hold (DO602, the report's shared bases)."""
    steps: list[str] = []
    heavy_at = -1
    for inst in stage.instructions:
        if inst.name not in _SETUP:
            break
        if heavy_at < 0 and _is_install(inst):
            heavy_at = len(steps)
        steps.append(_normalized(inst))
    if heavy_at < 0:
        return None
    return StageSetup(stage.base_resolved, tuple(steps), heavy_at, stage.display, stage.from_inst.span)


class StageView:
    """One stage as reports draw it (plain data): ``state`` is ``ships`` (the target), ``in the
    image`` (a stage the target is built FROM), ``unused`` (nothing the target needs) or ``""``
    (a stage the target copies or mounts from)."""

    __slots__ = ("base", "index", "line", "name", "state")

    def __init__(self, index: int, name: str | None, base: str, line: int, state: str) -> None:
        self.index = index
        self.name = name
        self.base = base
        self.line = line
        self.state = state

    @property
    def label(self) -> str:
        return self.name if self.name is not None else f"stage {self.index}"


class EdgeView:
    """One dependency: ``kind`` ``from``, ``copy`` or ``mount``; from a stage or an image."""

    __slots__ = ("kind", "line", "source_image", "source_stage", "stage")

    def __init__(self, kind: str, stage: int, line: int, source_stage: int | None, source_image: str | None) -> None:
        self.kind = kind
        self.stage = stage
        self.line = line
        self.source_stage = source_stage
        self.source_image = source_image


class StagePicture:
    """The stages, their dependencies and their setups (for shared bases) of one Dockerfile."""

    __slots__ = ("edges", "setups", "stages")

    def __init__(self, stages: list[StageView], edges: list[EdgeView], setups: list[StageSetup]) -> None:
        self.stages = stages
        self.edges = edges
        self.setups = setups


def stage_picture(graph: Graph) -> StagePicture:
    target = graph.target
    shipped = {s.index for s in graph.shipped_stages()}
    needed = {s.index for s in graph.needed_stages()}
    stages = []
    for stage in graph.stages:
        if target is not None and stage.index == target.index:
            state = "ships"
        elif stage.index in shipped:
            state = "in the image"
        elif stage.index not in needed:
            state = "unused"
        else:
            state = ""
        stages.append(StageView(stage.index, stage.name, stage.base_resolved, stage.from_inst.start_line, state))
    edges = []
    for e in graph.edges:
        image = e.source_image
        if e.source_stage is None and e.kind == "from" and (e.stage.unresolved or not image):
            image = e.stage.base  # FROM ${BASE} without a value: show what is written
        edges.append(
            EdgeView(
                e.kind,
                e.stage.index,
                e.instruction.start_line,
                e.source_stage.index if e.source_stage is not None else None,
                image or "(no value)",
            )
        )
    setups = [s for s in (stage_setup(stage) for stage in graph.stages) if s is not None]
    return StagePicture(stages, edges, setups)


# Words that name an image whose tools are its point, in the Dockerfile's path or the final stage's name.
_TOOL_IMAGE_WORDS = frozenset(
    {
        *("dev", "devel", "develop", "development", "devcontainer", "sdk", "toolchain", "tools", "tooling"),
        *("build", "builder", "buildpack", "ci", "test", "tests", "testing", "cross", "compile", "compiler"),
    }
)


def named_as_tool_image(path: str | None, target: Stage | None) -> bool:
    """The file or its final stage says it is a development, SDK, CI, test or builder image
    (``Dockerfile.sdk``, ``.devcontainer/Dockerfile``, ``src/sdk/8.0/…``, ``FROM … AS dev``): its
    compilers are there on purpose."""
    # the file name and the folders above it inside its repository (not the checkout's own path,
    # such as /tmp/ci/… or /builds/…), at most the last five
    parts = _in_repository(path).replace("\\", "/").lower().split("/")[-5:] if path else []
    words = {w for part in parts for w in re.split(r"[^a-z0-9]+", part)}
    if target is not None and target.name:
        words |= set(re.split(r"[^a-z0-9]+", target.name.lower()))
    return not _TOOL_IMAGE_WORDS.isdisjoint(words)


def _in_repository(path: str) -> str:
    """``path`` relative to the git checkout that holds it (the folder with ``.git``), else as given."""
    import os

    folder = os.path.dirname(os.path.abspath(path))
    root = _repository_root(folder)
    return os.path.relpath(os.path.abspath(path), root) if root else path


_roots: dict[str, str | None] = {}


def _repository_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding ``.git`` (remembered per folder)."""
    import os

    if folder in _roots:
        return _roots[folder]
    seen = []
    found: str | None = None
    current = folder
    while True:
        if current in _roots:
            found = _roots[current]
            break
        seen.append(current)
        if os.path.exists(os.path.join(current, ".git")):
            found = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for item in seen:
        _roots[item] = found
    return found


def image_stages(graph: Graph) -> list[Stage]:
    """The stages that are images of their own: no other stage builds on them or copies from them
    (the final stage, and other targets built with ``--target``)."""
    used = {e.source_stage.index for e in graph.edges if e.source_stage is not None}
    return [s for s in graph.stages if s.index not in used]


def image_chain_stages(graph: Graph) -> list[Stage]:
    """The stages whose instructions end up in some image the file builds: each image stage and the
    stages it is built ``FROM``, in file order."""
    found: set[int] = set()
    for stage in image_stages(graph):
        current: Stage | None = stage
        while current is not None and current.index not in found:
            found.add(current.index)
            current = current.base_stage
    return [s for s in graph.stages if s.index in found]
