"""The few Go standard-library behaviours .dockerignore handling depends on, ported exactly:
``strings.TrimSpace`` (Go's idea of white space, not Python's), ``filepath.Clean`` for ``/`` paths,
and the syntax check ``filepath.Match`` performs (patternmatcher rejects a pattern it fails on).
"""

from __future__ import annotations

# unicode.IsSpace: the Latin-1 spaces plus the White_Space property. Python's str.strip() also
# strips U+001C..U+001F, which Go keeps.
GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def trim_space(text: str) -> str:
    """Go's ``strings.TrimSpace``."""
    return text.strip(GO_SPACE)


def clean(path: str) -> str:
    """Go's ``filepath.Clean`` on a ``/``-separated path: one slash between names, no ``.``
    names, ``..`` resolved lexically (kept at the start of a relative path, dropped after the
    root), no trailing slash, and ``.`` for an empty result. Unlike ``posixpath.normpath``, a
    leading ``//`` becomes ``/``."""
    if not path:
        return "."
    rooted = path.startswith("/")
    names: list[str] = []
    for name in path.split("/"):
        if name in ("", "."):
            continue
        if name == "..":
            if names and names[-1] != "..":
                names.pop()
            elif not rooted:
                names.append("..")
            continue
        names.append(name)
    joined = "/".join(names)
    if rooted:
        return "/" + joined
    return joined or "."


def _scan_chunk(pattern: str, start: int) -> tuple[int, int]:
    """``filepath.scanChunk``: skip the leading stars, return (chunk start, chunk end)."""
    n = len(pattern)
    i = start
    while i < n and pattern[i] == "*":
        i += 1
    chunk_start = i
    in_range = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 < n:
                i += 1
        elif ch == "[":
            in_range = True
        elif ch == "]":
            in_range = False
        elif ch == "*" and not in_range:
            break
        i += 1
    return chunk_start, i


def _class_char_end(chunk: str, i: int) -> int:
    """``filepath.getEsc``: the end of one character of a class, or -1 when the pattern is bad."""
    n = len(chunk)
    if i >= n or chunk[i] in "-]":
        return -1
    if chunk[i] == "\\":
        i += 1
        if i >= n:
            return -1
    i += 1
    return i if i < n else -1  # a class must still be closed after this character


def _chunk_is_valid(chunk: str) -> bool:
    """The checks ``filepath.matchChunk`` makes while it walks a chunk."""
    n = len(chunk)
    i = 0
    while i < n:
        ch = chunk[i]
        if ch == "[":
            i += 1
            if i < n and chunk[i] == "^":
                i += 1
            ranges = 0
            while True:
                if i < n and chunk[i] == "]" and ranges > 0:
                    i += 1
                    break
                i = _class_char_end(chunk, i)
                if i < 0:
                    return False
                if chunk[i] == "-":
                    i = _class_char_end(chunk, i + 1)
                    if i < 0:
                        return False
                ranges += 1
        elif ch == "\\":
            if i + 1 >= n:
                return False
            i += 2
        else:
            i += 1
    return True


def match_syntax_ok(pattern: str) -> bool:
    """Whether ``filepath.Match(pattern, ".")`` returns no ``ErrBadPattern``: Match checks every
    chunk of the pattern, so this is a check of the whole pattern's syntax (an unclosed ``[``, a
    class starting with ``-`` or ``]``, a trailing ``\\``). Reversed ranges pass, as in Go."""
    i = 0
    while i < len(pattern):
        start, end = _scan_chunk(pattern, i)
        if not _chunk_is_valid(pattern[start:end]):
            return False
        i = end
    return True
