"""The result type: a memory limit and where it was read."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.ci.commands import BuildCommand

# How sure a limit is, most to least.
CONFIDENCES = (
    "explicit",  # given by the user (--memory, or memory in the configuration)
    "declared",  # written in the CI configuration or a build command, and enforced
    "default",  # the platform's documented default for what the configuration leaves out
    "runner",  # the documented memory of the runner machine the job runs on (an upper bound)
    "inferred",  # from a runner name that states its size, or a figure not confirmed on the vendor's page
    "not-enforced",  # written, but the builder ignores it (BuildKit ignores docker build --memory)
    "unknown",  # bytes is None: nothing says what the limit is
)


class MemoryLimit:
    """The memory a Dockerfile's build may use, as far as the CI configuration next to it says."""

    __slots__ = ("bytes", "confidence", "note", "raise_hint", "refused", "source")

    def __init__(
        self,
        bytes: int | None,
        source: str,
        confidence: str,
        note: str = "",
        raise_hint: str | None = None,
        refused: tuple[str, ...] = (),
    ) -> None:
        self.bytes = bytes
        self.source = source  # "file:line: what was read"
        self.confidence = confidence
        self.note = note
        self.raise_hint = raise_hint
        self.refused = refused  # "file: not read: why" for each CI file refused on the way

    def __repr__(self) -> str:
        return (
            f"MemoryLimit(bytes={self.bytes!r}, source={self.source!r}, confidence={self.confidence!r}, "
            f"note={self.note!r}, raise_hint={self.raise_hint!r}, refused={self.refused!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MemoryLimit):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]


class Candidate:
    """A build command found in a CI file and the limit that applies to it."""

    __slots__ = ("build", "limit")

    def __init__(self, build: BuildCommand, limit: MemoryLimit) -> None:
        self.build = build
        self.limit = limit


class Refused(ValueError):
    """A CI file dockeropt will not read any further (the message says why): its builds are unknown."""
