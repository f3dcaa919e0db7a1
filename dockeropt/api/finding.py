"""The values that flow from rules to reports and fixes: severities, spans, edits, fixes, findings.

Plain classes with ``__slots__`` rather than dataclasses: ``dataclasses`` pulls in ``inspect``
(about 11 ms at start-up) and this module sits on every ``dockeropt check``.
"""

from __future__ import annotations

from dockeropt.syntax.span import Span
from dockeropt.units import format_memory_range, format_size_range

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import ClassVar


class Severity:
    """Ordered severities; a higher rank is more serious."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    STYLE = "style"
    ALL = (ERROR, WARNING, INFO, STYLE)
    RANK: ClassVar[dict[str, int]] = {STYLE: 0, INFO: 1, WARNING: 2, ERROR: 3}

    @classmethod
    def rank(cls, severity: str) -> int:
        return cls.RANK[severity]

    @classmethod
    def parse(cls, text: str) -> str:
        value = text.strip().lower()
        if value not in cls.RANK:
            raise ValueError(f"unknown severity {text!r} (expected one of: {', '.join(cls.ALL)})")
        return value


class Edit:
    """Replace ``text[start:end]`` (offsets into the original text) with ``new_text``."""

    __slots__ = ("end", "new_text", "start")

    def __init__(self, start: int, end: int, new_text: str) -> None:
        if start > end:
            raise ValueError("edit start after end")
        self.start = start
        self.end = end
        self.new_text = new_text

    def __repr__(self) -> str:
        return f"Edit({self.start}, {self.end}, {self.new_text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Edit) and (self.start, self.end, self.new_text) == (
            other.start,
            other.end,
            other.new_text,
        )

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.new_text))


# What a fix does to the file's structure, which decides who goes first when fixes overlap:
# instructions moved, removed or split into stages; edits inside instructions; instructions joined.
# A merge can hide what a structural fix needs (a RUN of its own), so structure comes first, and a
# merge that overlaps a structural fix waits even when that fix is unsafe and not being applied:
# `fix` then `fix --unsafe` gives what `fix --unsafe` alone gives.
STRUCTURE, EDIT, MERGE = "structure", "edit", "merge"
FIX_KIND_ORDER = {STRUCTURE: 0, EDIT: 1, MERGE: 2}


class Fix:
    """A set of edits that together fix one finding.

    ``safe`` fixes keep the built image identical (or change only what ``changes`` declares:
    paths removed, config keys changed); unsafe ones may change behaviour in edge cases and
    run only with ``--unsafe``. ``kind``: ``STRUCTURE`` (moves, removes or splits instructions),
    ``EDIT`` (changes words inside instructions) or ``MERGE`` (joins instructions). ``reads``: the
    span of text a structural fix copies instructions from (a stage split repeats the stage's
    configuration): other fixes chosen inside it are applied first, and this one the round after,
    so that it copies their result (``fix`` then ``fix --unsafe`` = ``fix --unsafe``).
    """

    __slots__ = ("changes", "description", "edits", "kind", "reads", "safe")

    def __init__(
        self,
        edits: Sequence[Edit],
        description: str,
        safe: bool = True,
        changes: Sequence[str] = (),
        kind: str = EDIT,
        reads: tuple[int, int] | None = None,
    ) -> None:
        self.edits = sorted(edits, key=lambda e: (e.start, e.end))
        self.reads = reads
        self.safe = safe
        self.description = description
        self.changes = tuple(changes)
        self.kind = kind  # STRUCTURE, EDIT or MERGE: the order overlapping fixes are applied in

    def __repr__(self) -> str:
        return f"Fix({self.description!r}, safe={self.safe}, edits={self.edits!r})"


class Impact:
    """What a finding costs, where it can be estimated statically.

    ``bytes_low``/``bytes_high`` bound the image bytes the fix saves, ``layers`` the layers it
    removes, ``rebuild`` says what the cache loses, ``memory_low``/``memory_high`` bound a build
    step's peak memory; ``source`` names where the figures come from. ``layer_line`` is the line
    of the instruction whose layer holds the bytes when that is not the finding's own (files
    removed in a later layer stay in the layer that wrote them).
    """

    __slots__ = ("bytes_high", "bytes_low", "layer_line", "layers", "memory_high", "memory_low", "rebuild", "source")

    def __init__(
        self,
        bytes_low: int | None = None,
        bytes_high: int | None = None,
        layers: int | None = None,
        rebuild: str | None = None,
        memory_low: int | None = None,
        memory_high: int | None = None,
        source: str | None = None,
        layer_line: int | None = None,
    ) -> None:
        self.bytes_low = bytes_low
        self.bytes_high = bytes_high
        self.layers = layers
        self.rebuild = rebuild
        self.memory_low = memory_low
        self.memory_high = memory_high
        self.source = source
        self.layer_line = layer_line

    def summary(self) -> str:
        """A short human text, e.g. ``~40-120 MB, 1 layer``."""
        parts = []
        if self.bytes_high:
            parts.append("~" + format_size_range(self.bytes_low, self.bytes_high) + " in the image")
        if self.layers:
            parts.append(f"{self.layers} layer{'s' if self.layers != 1 else ''}")
        if self.memory_high:
            parts.append("peak memory ~" + format_memory_range(self.memory_low or self.memory_high, self.memory_high))
        if self.rebuild:
            parts.append(self.rebuild)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__ if getattr(self, name) is not None}


class Finding:
    """One problem found by one rule at one place of one file."""

    __slots__ = ("fix", "impact", "message", "name", "path", "rule_id", "severity", "span")

    def __init__(
        self,
        rule_id: str,
        name: str,
        severity: str,
        message: str,
        span: Span,
        fix: Fix | None = None,
        impact: Impact | None = None,
        path: str = "",
    ) -> None:
        self.rule_id = rule_id
        self.name = name
        self.severity = severity
        self.message = message
        self.span = span
        self.fix = fix
        self.impact = impact
        self.path = path

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.start_line, self.span.start_col, self.rule_id)

    def __repr__(self) -> str:
        s = self.span
        return f"Finding({self.rule_id} {s.start_line}:{s.start_col} {self.severity} {self.message!r})"
