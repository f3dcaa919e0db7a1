"""Facts about stages and paths that several rules need."""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.graph.model import Graph, Stage


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
    # the file name and the folders just above it (not the CI machine's checkout path)
    parts = path.replace("\\", "/").lower().split("/")[-5:] if path else []
    words = {w for part in parts for w in re.split(r"[^a-z0-9]+", part)}
    if target is not None and target.name:
        words |= set(re.split(r"[^a-z0-9]+", target.name.lower()))
    return not _TOOL_IMAGE_WORDS.isdisjoint(words)


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
