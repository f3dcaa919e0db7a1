"""Go regular expressions (RE2 syntax, the ``regexp`` package's Perl flags) translated to Python's
``re``, for the expressions moby/patternmatcher builds from .dockerignore patterns.

patternmatcher does not translate character classes: the text between ``[`` and ``]`` goes through
the same rewriting as the rest of the pattern (``*`` becomes ``[^/]*``…) and Go's parser reads the
result. So the faithful way to match as Docker does is to build the same Go expression and read it
with Go's rules, which differ from Python's in places: ``$`` is only the end of the text, escapes of
letters are few and ASCII (``\\s`` has no ``\\v``), POSIX classes ``[:alpha:]`` exist, a class may
open with ``]``, and octal or ``\\x{…}`` escapes have their own forms.
"""

from __future__ import annotations

import re

from dockeropt.context.linear_regex import LinearRegex

# Perl classes and POSIX classes, ASCII only as in Go.
_PERL_CLASSES = {"d": "0-9", "s": "\\t\\n\\f\\r ", "w": "0-9A-Za-z_"}
_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_SIMPLE_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_OCTAL = "01234567"
_HEX = "0123456789abcdefABCDEF"


class GoRegexError(ValueError):
    """Go would not compile this expression (so Docker fails the build when it uses the pattern)."""


class GoRegexUnsupported(ValueError):
    """Valid Go, but not expressible here (Unicode classes, negated POSIX classes)."""


def _escape(i: int, src: str) -> tuple[str, int]:
    """Go's ``parseEscape`` at ``src[i] == '\\\\'``: the character it stands for and the end."""
    if i + 1 >= len(src):
        raise GoRegexError("trailing backslash")
    ch = src[i + 1]
    rest = i + 2
    if ch < "\x80" and not ch.isalnum():
        return ch, rest
    if ch in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[ch], rest
    if ch == "0" or (ch in "1234567" and rest < len(src) and src[rest] in _OCTAL):
        value = int(ch)
        for _ in range(2):
            if rest < len(src) and src[rest] in _OCTAL:
                value = value * 8 + int(src[rest])
                rest += 1
        return chr(value), rest
    if ch == "x" and rest < len(src):
        if src[rest] == "{":
            end = src.find("}", rest + 1)
            digits = src[rest + 1 : end] if end > 0 else ""
            if digits and all(d in _HEX for d in digits) and int(digits, 16) <= 0x10FFFF:
                return chr(int(digits, 16)), end + 1
        elif len(src) >= rest + 2 and src[rest] in _HEX and src[rest + 1] in _HEX:
            return chr(int(src[rest : rest + 2], 16)), rest + 2
    raise GoRegexError(f"invalid escape sequence \\{ch}")


def _class(i: int, src: str) -> tuple[str, int]:
    """Go's ``parseClass`` at ``src[i] == '['``: the Python class and the end."""
    n = len(src)
    i += 1
    negated = i < n and src[i] == "^"
    if negated:
        i += 1
    items: list[str] = []
    first = True  # a class may start with ']' or '-' as a literal
    while True:
        if i >= n:
            raise GoRegexError("missing closing ]")
        if src[i] == "]" and not first:
            i += 1
            break
        first = False
        if src.startswith("[:", i):
            end = src.find(":]", i + 2)
            if end >= 0:
                name = src[i + 2 : end]
                if name.startswith("^") and name[1:] in _POSIX_CLASSES:
                    raise GoRegexUnsupported(f"negated POSIX class [:{name}:]")
                if name not in _POSIX_CLASSES:
                    raise GoRegexError(f"invalid character class [:{name}:]")
                items.append(_POSIX_CLASSES[name])
                i = end + 2
                continue
        if src.startswith("\\", i) and i + 1 < n:
            letter = src[i + 1]
            if letter in "pP":
                raise GoRegexUnsupported("Unicode class escape")
            if letter.lower() in _PERL_CLASSES:
                items.append(_PERL_CLASSES[letter] if letter.islower() else "\\" + letter)
                i += 2
                continue
        low, i = _class_char(i, src)
        high = low
        if i + 1 < n and src[i] == "-" and src[i + 1] != "]":
            high, i = _class_char(i + 1, src)
            if high < low:
                raise GoRegexError("invalid character class range")
        items.append(re.escape(low) if low == high else f"{re.escape(low)}-{re.escape(high)}")
    return "[" + ("^" if negated else "") + "".join(items) + "]", i


def _class_char(i: int, src: str) -> tuple[str, int]:
    if i >= len(src):
        raise GoRegexError("missing closing ]")
    if src[i] == "\\":
        return _escape(i, src)
    return src[i], i + 1


def _outside_escape(i: int, src: str) -> tuple[str, int]:
    """An escape outside a class: assertions, ``\\Q…\\E``, Perl classes, or one character."""
    letter = src[i + 1] if i + 1 < len(src) else ""
    if letter in ("A", "b", "B"):
        return "\\" + letter, i + 2
    if letter == "z":
        return "\\Z", i + 2
    if letter == "Q":
        end = src.find("\\E", i + 2)
        literal = src[i + 2 :] if end < 0 else src[i + 2 : end]
        return re.escape(literal), len(src) if end < 0 else end + 2
    if letter in ("p", "P"):
        raise GoRegexUnsupported("Unicode class escape")
    if letter and letter.lower() in _PERL_CLASSES:
        body = _PERL_CLASSES[letter.lower()]
        return ("[" if letter.islower() else "[^") + body + "]", i + 2
    if letter == "C":
        raise GoRegexError("\\C is not supported")
    char, end = _escape(i, src)
    return re.escape(char), end


_OPERATORS = {"^": "^", "$": "\\Z", ".": ".", "*": "*", "?": "?", "(": "(?:", ")": ")"}


def to_python(src: str) -> str:
    """The Python expression matching what Go's ``regexp.Compile(src)`` matches, for the
    expressions patternmatcher writes (its operators are ``^ $ . * ? ( )``; ``+ | { }`` reach
    it escaped). Raises GoRegexError where Go fails to compile."""
    out: list[str] = []
    i = 0
    n = len(src)
    while i < n:
        ch = src[i]
        if ch == "\\":
            piece, i = _outside_escape(i, src)
        elif ch == "[":
            piece, i = _class(i, src)
        elif ch in _OPERATORS:
            piece, i = _OPERATORS[ch], i + 1
        else:
            piece, i = re.escape(ch), i + 1
        out.append(piece)
    return "".join(out)


def compile_go(src: str) -> LinearRegex:
    """Compile a Go expression for ``.search`` (Go's ``MatchString`` is unanchored too), matched
    in linear time as Go matches it (see ``linear_regex``)."""
    try:
        return LinearRegex(to_python(src), re.ASCII)
    except re.error as exc:  # e.g. a quantifier Go would also reject
        raise GoRegexError(str(exc)) from exc
