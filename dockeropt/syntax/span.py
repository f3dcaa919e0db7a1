"""Source positions: 1-based lines and columns (in code points), end column exclusive."""

from __future__ import annotations

from bisect import bisect_right


class Span:
    __slots__ = ("end", "end_col", "end_line", "start", "start_col", "start_line")

    def __init__(self, start_line: int, start_col: int, end_line: int, end_col: int, start: int, end: int) -> None:
        self.start_line = start_line
        self.start_col = start_col
        self.end_line = end_line
        self.end_col = end_col
        self.start = start  # offset into the text, inclusive
        self.end = end  # offset into the text, exclusive

    def __repr__(self) -> str:
        return f"Span({self.start_line}:{self.start_col}-{self.end_line}:{self.end_col})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def moved(self, offset: int, lines: int) -> Span:
        """The same span ``offset`` characters and ``lines`` lines further on (same columns). The
        placeholder of what has no position (line 0) stays as it is."""
        if self.start_line == 0:
            return self
        return Span(
            self.start_line + lines,
            self.start_col,
            self.end_line + lines,
            self.end_col,
            self.start + offset,
            self.end + offset,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "start_line": self.start_line,
            "start_col": self.start_col,
            "end_line": self.end_line,
            "end_col": self.end_col,
        }


class LineIndex:
    """Maps offsets of one text to (line, column); built once per file in O(n)."""

    __slots__ = ("length", "line_starts")

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.line_starts = starts
        self.length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        starts = self.line_starts
        line = bisect_right(starts, start) - 1
        first = starts[line]
        if start <= end and (line + 1 == len(starts) or end < starts[line + 1]):  # on one line: one search
            return Span(line + 1, start - first + 1, line + 1, end - first + 1, start, end)
        el, ec = self.position(end)
        return Span(line + 1, start - first + 1, el, ec, start, end)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self.line_starts[line - 1]
