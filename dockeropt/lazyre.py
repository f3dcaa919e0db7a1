"""Regular expressions compiled on first use.

``re.compile`` runs Python code (the pattern parser and compiler): about 0.1 ms for a simple pattern,
more for a big one, and a module-level pattern pays it at import, whether or not the check needs it.
``lazy_compile`` returns an object that compiles on its first use and then behaves as the compiled
pattern: its methods are the pattern's own bound methods, so later calls cost nothing extra.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import AnyStr

# What a compiled pattern offers; copied onto the stand-in on first use.
_ATTRIBUTES = (
    "match",
    "search",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    """Compiles ``pattern`` when an attribute is first asked for, then holds the pattern's own."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:
        # Only called for attributes not found: after the first call they all are.
        compiled = re.compile(self._source[0], self._source[1])
        for attr in _ATTRIBUTES:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r})"


def lazy_compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, done when the pattern is first used.

    The result has the methods and attributes of a compiled pattern; it is not one for
    ``isinstance`` and cannot be passed to ``re.sub``/``re.match`` as a pattern (call its own
    methods instead)."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]  # it quacks as a Pattern
