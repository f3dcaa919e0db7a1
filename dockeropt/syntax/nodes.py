"""The lossless syntax tree of a Dockerfile.

Every character of the input belongs to exactly one top-level item (a directive, a comment line,
a blank line, or an instruction with its continuation lines and heredoc bodies); the items tile
the text, so ``"".join(item.text for item in tree.items) == tree.text``. Spans are 1-based,
end-exclusive, in code points (see :mod:`dockeropt.syntax.span`).
"""

from __future__ import annotations

from bisect import bisect_right

from dockeropt.syntax.span import LineIndex, Span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


class Node:
    """A slice ``text[start:end]`` of the file, covering whole physical lines for top-level items."""

    __slots__ = ("end", "start", "tree")

    def __init__(self, tree: Dockerfile, start: int, end: int) -> None:
        self.tree = tree
        self.start = start
        self.end = end

    @property
    def text(self) -> str:
        return self.tree.text[self.start : self.end]

    @property
    def full_span(self) -> Span:
        return self.tree.index.span(self.start, self.end)


class Directive(Node):
    """A parser directive (``# syntax=``, ``# escape=``, ``# check=``) at the top of the file."""

    __slots__ = ("key", "span", "value")

    def __init__(self, tree: Dockerfile, start: int, end: int, key: str, value: str, span: Span) -> None:
        super().__init__(tree, start, end)
        self.key = key  # lower case
        self.value = value
        self.span = span

    def __repr__(self) -> str:
        return f"Directive({self.key}={self.value!r})"


class Comment(Node):
    """A comment line outside any instruction (``content`` is the text after ``#``, stripped)."""

    __slots__ = ("content", "line")

    def __init__(self, tree: Dockerfile, start: int, end: int, content: str, line: int) -> None:
        super().__init__(tree, start, end)
        self.content = content
        self.line = line

    def __repr__(self) -> str:
        return f"Comment({self.content!r})"


class Blank(Node):
    """An empty or whitespace-only line outside any instruction."""

    __slots__ = ("line",)

    def __init__(self, tree: Dockerfile, start: int, end: int, line: int) -> None:
        super().__init__(tree, start, end)
        self.line = line


class Flag:
    """``--name=value`` (or ``--name``) before an instruction's arguments, as BuildKit reads it."""

    __slots__ = ("name", "raw", "span", "value")

    def __init__(self, raw: str, span: Span) -> None:
        self.raw = raw  # BuildKit's flag string, e.g. "--mount=type=cache,target=/x" (quotes removed)
        body = raw[2:] if raw.startswith("--") else raw
        name, eq, value = body.partition("=")
        self.name = name
        self.value: str | None = value if eq else None
        self.span = span

    def moved(self, offset: int, lines: int) -> Flag:
        flag = Flag.__new__(Flag)
        flag.raw, flag.name, flag.value, flag.span = self.raw, self.name, self.value, self.span.moved(offset, lines)
        return flag

    def __repr__(self) -> str:
        return f"Flag({self.raw!r})"


class Arg:
    """One element of an instruction's value, as BuildKit splits it, with where it stands."""

    __slots__ = ("span", "value")

    def __init__(self, value: str, span: Span) -> None:
        self.value = value
        self.span = span

    def moved(self, offset: int, lines: int) -> Arg:
        return Arg(self.value, self.span.moved(offset, lines))

    def __repr__(self) -> str:
        return f"Arg({self.value!r})"


class KeyValue:
    """One ``key=value`` pair of ENV, LABEL or ARG (``value`` is None for ``ARG name``)."""

    __slots__ = ("key", "legacy", "span", "value")

    def __init__(self, key: str, value: str | None, legacy: bool, span: Span) -> None:
        self.key = key
        self.value = value  # as written: quotes and escapes are kept, as BuildKit keeps them
        self.legacy = legacy  # the old ``ENV key value`` form
        self.span = span

    def moved(self, offset: int, lines: int) -> KeyValue:
        return KeyValue(self.key, self.value, self.legacy, self.span.moved(offset, lines))

    def __repr__(self) -> str:
        return f"KeyValue({self.key!r}, {self.value!r})"


class Heredoc:
    """A heredoc attached to RUN/COPY/ADD: ``<<[-]NAME`` on the line, and its body below."""

    __slots__ = ("body_span", "chomp", "content", "end", "expand", "fd", "marker_span", "name", "start")

    def __init__(
        self,
        name: str,
        fd: int,
        expand: bool,
        chomp: bool,
        content: str,
        marker_span: Span | None,
        body_span: Span,
        start: int,
        end: int,
    ) -> None:
        self.name = name
        self.fd = fd
        self.expand = expand  # False when the delimiter is quoted: no variable expansion
        self.chomp = chomp  # <<- strips leading tabs
        self.content = content  # raw body lines, newlines included, terminator excluded
        self.marker_span = marker_span
        self.body_span = body_span  # the body and its terminator line
        self.start = start  # offset of the body's first character
        self.end = end  # offset just past the terminator line

    def moved(self, offset: int, lines: int) -> Heredoc:
        marker = self.marker_span.moved(offset, lines) if self.marker_span is not None else None
        return Heredoc(
            self.name,
            self.fd,
            self.expand,
            self.chomp,
            self.content,
            marker,
            self.body_span.moved(offset, lines),
            self.start + offset,
            self.end + offset,
        )

    def __repr__(self) -> str:
        return f"Heredoc({self.name!r})"


class Instruction(Node):
    """One Dockerfile instruction with everything BuildKit derives from it.

    ``cmd`` keeps the source case, ``name`` is upper case. ``value`` is exactly BuildKit's value
    list (ENV/LABEL flattened to key, value, key, value…); ``args`` are the same strings with
    spans. ``original`` is BuildKit's logical line (continuations joined, comment lines dropped).
    For ONBUILD, ``sub`` is the triggered instruction.
    """

    __slots__ = (
        "_rest_offset",
        "_segments",
        "args",
        "cmd",
        "comment_lines",
        "empty_continuation_lines",
        "end_line",
        "flags",
        "heredocs",
        "index",
        "json",
        "keyword_span",
        "known",
        "name",
        "original",
        "pairs",
        "rest",
        "rest_span",
        "span",
        "start_line",
        "sub",
    )

    def __init__(self, tree: Dockerfile, start: int, end: int) -> None:
        super().__init__(tree, start, end)
        self.cmd = ""
        self.name = ""
        self.flags: list[Flag] = []
        self.args: list[Arg] = []
        self.pairs: list[KeyValue] = []
        self.json = False
        self.heredocs: list[Heredoc] = []
        self.sub: Instruction | None = None
        self.original = ""
        self.rest = ""  # the arguments after the flags, trimmed (BuildKit's "args")
        self.rest_span: Span | None = None
        self.start_line = 0
        self.end_line = 0
        self.span: Span = Span(0, 0, 0, 0, 0, 0)
        self.keyword_span: Span = self.span
        self.empty_continuation_lines: list[int] = []
        self.comment_lines: list[int] = []
        self.known = True  # False for instructions BuildKit does not know (a build error)
        self.index = -1  # position among the file's instructions
        # logical-line offset -> file offset mapping: sorted (logical_start, file_start) pairs
        self._segments: list[tuple[int, int]] = []
        self._rest_offset = 0

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(a.value for a in self.args)

    @property
    def effective(self) -> Instruction:
        """The instruction whose arguments count: the trigger of an ONBUILD, else this one."""
        return self.sub if self.name == "ONBUILD" and self.sub is not None else self

    def flag(self, name: str) -> Flag | None:
        """The last flag called ``name`` (BuildKit lets a later flag win)."""
        found = None
        for f in self.flags:
            if f.name == name:
                found = f
        return found

    def flag_values(self, name: str) -> list[str]:
        return [f.value or "" for f in self.flags if f.name == name]

    @property
    def is_shell_form(self) -> bool:
        return not self.json

    def file_offset(self, logical: int) -> int:
        """The file offset of position ``logical`` of ``original``."""
        return _map_offset(self._segments, logical, end=False)

    def file_end_offset(self, logical: int) -> int:
        """Like ``file_offset`` for an exclusive end position (stays on the same physical line)."""
        return _map_offset(self._segments, logical, end=True)

    def logical_span(self, start: int, end: int) -> Span:
        """The file span of ``original[start:end]``."""
        s = self.file_offset(start)
        e = self.file_end_offset(end) if end > start else s
        return self.tree.index.span(s, e)

    def moved(self, tree: Dockerfile, offset: int, lines: int) -> Instruction:
        """This instruction as it stands in ``tree``, ``offset`` characters and ``lines`` lines
        further on, its text unchanged: how the parser reuses an instruction it has read before.
        (Instructions start at the start of a line, so their columns do not change.)"""
        inst = Instruction.__new__(Instruction)
        inst.tree = tree
        inst.start = self.start + offset
        inst.end = self.end + offset
        inst.cmd = self.cmd
        inst.name = self.name
        inst.json = self.json
        inst.sub = self.sub.moved(tree, offset, lines) if self.sub is not None else None
        inst.original = self.original
        inst.rest = self.rest
        if offset == 0 and lines == 0:
            # in place: the spans, flags, arguments and heredocs are never changed once read, so
            # they are shared (the lists are not)
            inst.flags = list(self.flags)
            inst.args = list(self.args)
            inst.pairs = list(self.pairs)
            inst.heredocs = list(self.heredocs)
            inst.rest_span = self.rest_span
            inst.span = self.span
            inst.keyword_span = self.keyword_span
            inst.start_line = self.start_line
            inst.end_line = self.end_line
            inst.empty_continuation_lines = list(self.empty_continuation_lines)
            inst.comment_lines = list(self.comment_lines)
            inst.known = self.known
            inst.index = self.index
            inst._segments = list(self._segments)
            inst._rest_offset = self._rest_offset
            return inst
        inst.flags = [f.moved(offset, lines) for f in self.flags]
        inst.args = [a.moved(offset, lines) for a in self.args]
        inst.pairs = [kv.moved(offset, lines) for kv in self.pairs]
        inst.heredocs = [h.moved(offset, lines) for h in self.heredocs]
        inst.rest_span = self.rest_span.moved(offset, lines) if self.rest_span is not None else None
        inst.start_line = self.start_line + lines if self.start_line else 0  # (0: an ONBUILD trigger's)
        inst.end_line = self.end_line + lines if self.end_line else 0
        inst.span = self.span.moved(offset, lines)
        inst.keyword_span = self.keyword_span.moved(offset, lines)
        inst.empty_continuation_lines = [n + lines for n in self.empty_continuation_lines]
        inst.comment_lines = [n + lines for n in self.comment_lines]
        inst.known = self.known
        inst.index = self.index
        inst._segments = [(logical, start + offset) for logical, start in self._segments]
        inst._rest_offset = self._rest_offset
        return inst

    def __repr__(self) -> str:
        return f"Instruction({self.original!r} @{self.start_line})"


def _map_offset(segments: list[tuple[int, int]], logical: int, end: bool) -> int:
    if len(segments) == 1:  # one physical line, the common case
        return segments[0][1] + logical - segments[0][0]
    if not segments:
        return 0
    key = logical - 1 if end and logical > 0 else logical
    i = bisect_right(segments, key, key=_first) - 1
    if i < 0:
        i = 0
    lstart, fstart = segments[i]
    return fstart + (logical - lstart)


def _first(pair: tuple[int, int]) -> int:
    return pair[0]


class ParseError(Exception):
    """The file cannot be parsed as BuildKit would (``line``/``col`` are 1-based)."""

    def __init__(self, message: str, line: int, col: int = 1, end_line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.end_line = end_line if end_line is not None else line


class Dockerfile:
    """A parsed file: its text, its items in order, and the instructions among them."""

    def __init__(self, text: str, path: str = "") -> None:
        self.text = text
        self.path = path
        self.index = LineIndex(text)
        self.items: list[Node] = []
        self.instructions: list[Instruction] = []
        self.directives: list[Directive] = []
        self.escape = "\\"
        # problems BuildKit reports after parsing (unknown instruction, missing arguments …)
        self.build_errors: list[ParseError] = []
        self.has_bom = text.startswith("\ufeff")
        self.uses_crlf = "\r\n" in text

    def render(self) -> str:
        """The file rebuilt from its items: equal to ``text`` (the tree is lossless)."""
        return "".join(item.text for item in self.items)

    def directive(self, key: str) -> Directive | None:
        for d in self.directives:
            if d.key == key:
                return d
        return None

    def comments(self) -> Iterator[Comment]:
        for item in self.items:
            if isinstance(item, Comment):
                yield item

    def preceding_comments(self, inst: Instruction) -> list[Comment]:
        """The comment lines directly above ``inst`` (no blank line between)."""
        out: list[Comment] = []
        pos = self.items.index(inst) - 1
        while pos >= 0 and isinstance(self.items[pos], Comment | Directive):
            item = self.items[pos]
            if isinstance(item, Comment):
                out.append(item)
            pos -= 1
        out.reverse()
        return out
