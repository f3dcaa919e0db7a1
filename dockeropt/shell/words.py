"""Shell words: quote removal as the shell does it, and brace expansion for path matching.

A word's ``text`` is what the command receives when the word holds no expansion; when it does
(``"torch==${V}"``), quotes are still removed and the expansions are kept as written
(``torch==${V}``), and ``is_literal`` is False.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    _Emit = Callable[[str, int], None]


class Word:
    """One shell word.

    ``text``: the word with quotes and escapes removed (expansions kept as written);
    ``raw``: the word as written; ``start``/``end``: character offsets of ``raw`` in the analysed
    script; ``is_literal``: the word holds no ``$`` expansion, command substitution or backquote,
    so ``text`` is exactly what the command gets (globs and ``~`` still count as literal).
    """

    __slots__ = ("end", "is_literal", "raw", "start", "text")

    def __init__(self, text: str, raw: str, start: int, end: int, is_literal: bool) -> None:
        self.text = text
        self.raw = raw
        self.start = start
        self.end = end
        self.is_literal = is_literal

    @property
    def literal(self) -> bool:
        """Alias of ``is_literal``."""
        return self.is_literal

    def shifted(self, positions: list[int] | int) -> Word:
        """This word with offsets moved into an enclosing text (see :func:`map_offset`)."""
        return Word(
            self.text,
            self.raw,
            map_offset(positions, self.start),
            map_offset(positions, self.end, end=True),
            self.is_literal,
        )

    def __repr__(self) -> str:
        return f"Word({self.text!r})" if self.is_literal else f"Word({self.text!r}, is_literal=False)"


def map_offset(positions: list[int] | int, offset: int, end: bool = False) -> int:
    """Map an offset in an inner text to the enclosing one.

    ``positions`` is either a constant shift, or, for text that came out of quote removal, the
    enclosing offset of each inner character (as :func:`unquote` records them).
    """
    if isinstance(positions, int):
        return offset + positions
    if not positions:
        return 0
    if end:
        return positions[min(offset, len(positions)) - 1] + 1 if offset > 0 else positions[0]
    return positions[offset] if offset < len(positions) else positions[-1] + 1


_DQ_ESCAPABLE = frozenset('$`"\\\n')
_ANSI_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "e": "\x1b",
    "E": "\x1b",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789{(@*#?$!-")


def unquote(raw: str, base: int = 0, positions: list[int] | None = None) -> tuple[str, bool]:
    """Remove quotes and escapes from one shell word; return ``(text, is_literal)``.

    Expansions (``$X``, ``${X}``, ``$(…)``, backquotes, ``$((…))``) are copied as written and
    make the word non-literal. When ``positions`` is given, the offset (``base`` + index in
    ``raw``) of each character of the result is appended to it, so that offsets inside the
    text can be mapped back to the script. Unterminated quotes end at the end of the word.
    """
    out: list[str] = []
    track = positions is not None
    literal = True
    i = 0
    n = len(raw)

    def emit(text: str, at: int) -> None:
        out.append(text)
        if track:
            assert positions is not None
            positions.extend(range(base + at, base + at + len(text)) if len(text) > 1 else (base + at,))

    while i < n:
        ch = raw[i]
        if ch == "'":
            close = raw.find("'", i + 1)
            close = n if close < 0 else close
            if close > i + 1:
                emit(raw[i + 1 : close], i + 1)
            i = close + 1
        elif ch == '"':
            i, dq_literal = _double_quoted(raw, i + 1, emit)
            literal = literal and dq_literal
        elif ch == "\\":
            if i + 1 < n:
                if raw[i + 1] != "\n":  # backslash-newline is a line continuation: both go
                    emit(raw[i + 1], i + 1)
                i += 2
            else:
                emit("\\", i)
                i += 1
        elif ch == "$" and i + 1 < n and raw[i + 1] == "'":
            i = _ansi_c(raw, i + 2, emit)
        elif ch == "$" and i + 1 < n and raw[i + 1] == '"':
            i, dq_literal = _double_quoted(raw, i + 2, emit)
            literal = literal and dq_literal
        elif ch == "$" and i + 1 < n and raw[i + 1] in _NAME_START:
            end = _expansion_end(raw, i)
            emit(raw[i:end], i)
            literal = False
            i = end
        elif ch == "`":
            end = _backquote_end(raw, i)
            emit(raw[i:end], i)
            literal = False
            i = end
        else:
            emit(ch, i)
            i += 1
    return "".join(out), literal


def _double_quoted(raw: str, i: int, emit: _Emit) -> tuple[int, bool]:
    """From just after an opening ``"``: emit the content, return (index after the closing quote, literal)."""
    n = len(raw)
    literal = True
    start = i
    while i < n:
        ch = raw[i]
        if ch == '"':
            break
        if ch == "\\" and i + 1 < n and raw[i + 1] in _DQ_ESCAPABLE:
            if start < i:
                emit(raw[start:i], start)
            if raw[i + 1] != "\n":
                emit(raw[i + 1], i + 1)
            i += 2
            start = i
            continue
        if ch == "$" and i + 1 < n and raw[i + 1] in _NAME_START:
            end = _expansion_end(raw, i)
            literal = False
            i = end
            continue
        if ch == "`":
            literal = False
            i = _backquote_end(raw, i)
            continue
        i += 1
    if start < min(i, n):
        emit(raw[start : min(i, n)], start)
    return i + 1, literal


def _ansi_c(raw: str, i: int, emit: _Emit) -> int:
    """``$'…'`` from just after the quote: C escapes are decoded."""
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch == "'":
            return i + 1
        if ch == "\\" and i + 1 < n:
            nxt = raw[i + 1]
            if nxt in _ANSI_ESCAPES:
                emit(_ANSI_ESCAPES[nxt], i)
                i += 2
                continue
            if nxt == "x":
                j = i + 2
                while j < n and j < i + 4 and raw[j] in "0123456789abcdefABCDEF":
                    j += 1
                if j > i + 2:
                    emit(chr(int(raw[i + 2 : j], 16)), i)
                    i = j
                    continue
            if nxt in "01234567":
                j = i + 1
                while j < n and j < i + 4 and raw[j] in "01234567":
                    j += 1
                emit(chr(int(raw[i + 1 : j], 8)), i)
                i = j
                continue
        emit(ch, i)
        i += 1
    return n


def _expansion_end(raw: str, i: int) -> int:
    """End of the expansion starting with ``$`` at ``i``: ``$NAME``, ``$1``, ``${…}``, ``$(…)``, ``$((…))``."""
    n = len(raw)
    nxt = raw[i + 1]
    if nxt in "{(":
        close = "}" if nxt == "{" else ")"
        depth = 0
        j = i + 1
        quote = ""
        while j < n:
            c = raw[j]
            if quote:
                if c == "\\" and quote == '"':
                    j += 2
                    continue
                if c == quote:
                    quote = ""
            elif c == "\\":
                j += 2
                continue
            elif c in "'\"":
                quote = c
            elif c == nxt:
                depth += 1
            elif c == close:
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return n
    if nxt.isalpha() or nxt == "_":
        j = i + 2
        while j < n and (raw[j].isalnum() or raw[j] == "_"):
            j += 1
        return j
    return i + 2  # $1, $@, $?, $$ …


def _backquote_end(raw: str, i: int) -> int:
    j = i + 1
    n = len(raw)
    while j < n:
        if raw[j] == "\\":
            j += 2
            continue
        if raw[j] == "`":
            return j + 1
        j += 1
    return n


def expand_braces(text: str, limit: int = 256) -> list[str]:
    """Bash brace expansion of a literal word: ``/var/{a,b}/*`` -> ``/var/a/*``, ``/var/b/*``.

    Only comma lists (nested allowed) are expanded; at most ``limit`` results, after which the
    word is returned unexpanded. ``{1..3}`` sequences and lone braces stay as written.
    """
    results = [text]
    done: list[str] = []
    while results:
        word = results.pop()
        split = _first_brace_group(word)
        if split is None:
            done.append(word)
            continue
        prefix, alternatives, suffix = split
        results.extend(prefix + alt + suffix for alt in reversed(alternatives))
        if len(results) + len(done) > limit:
            return [text]
    return done


def _first_brace_group(word: str) -> tuple[str, list[str], str] | None:
    start = word.find("{")
    while start >= 0:
        depth = 0
        parts: list[str] = []
        last = start + 1
        for j in range(start, len(word)):
            c = word[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    if parts:
                        parts.append(word[last:j])
                        return word[:start], parts, word[j + 1 :]
                    break
            elif c == "," and depth == 1:
                parts.append(word[last:j])
                last = j + 1
        start = word.find("{", start + 1)
    return None
