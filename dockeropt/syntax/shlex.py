"""A port of BuildKit's word lexer (``frontend/dockerfile/shell/lex.go``).

BuildKit uses it to find heredoc words on an instruction line and to expand ``$VAR``,
``${VAR}``, ``${VAR:-default}``, ``${VAR:+alt}``, ``${VAR?msg}``, ``${VAR#pat}``, ``${VAR%pat}``
and ``${VAR/pat/repl}`` in instructions. The port keeps its quirks on purpose: our parse must
agree with what Docker does.
"""

from __future__ import annotations

import re

from dockeropt.lazyre import lazy_compile
from dockeropt.syntax.chars import go_isspace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

_EOF = ""
MAX_NESTING = 64
# A word expands to at most this many characters: ``ENV B=${A}${A}`` thirty times over would
# otherwise double thirty times (BuildKit would build a gigabyte string). Past it the word is
# treated as not expandable, as for a syntax error.
MAX_EXPANDED = 1 << 20
# Go's unicode.IsSpace: Python's whitespace without U+001C..U+001F (see chars.go_isspace)
_GO_SPACES = lazy_compile(r"[^\S\x1c-\x1f]+")
_PLAIN_RUNS: dict[tuple[str, str], re.Pattern[str]] = {}


def _plain_run(escape: str, stop: str) -> re.Pattern[str]:
    """Characters the lexer copies as they are: anything but ``$ < ' "``, the escape and ``stop``."""
    pattern = _PLAIN_RUNS.get((escape, stop))
    if pattern is None:
        pattern = _PLAIN_RUNS[(escape, stop)] = re.compile("[^" + re.escape("$<'\"" + escape + stop) + "]+")
    return pattern


class ShellLexError(ValueError):
    pass


# What a word without ``$`` lexes to depends only on the word and the lexer's options, not on the
# variables: a language server lexes the same words on every edit. Cleared when full.
_NO_DOLLAR: dict[tuple[str, str, bool, bool, bool], tuple[str, tuple[str, ...]]] = {}
_NO_DOLLAR_MAX = 4096


class _Words:
    __slots__ = ("buf", "in_word", "words")

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.words: list[str] = []
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if go_isspace(ch):
            if self.in_word and any(self.buf):
                self.words.append("".join(self.buf))
                self.buf = []
                self.in_word = False
        else:
            self.add_raw_char(ch)

    def add_raw_char(self, ch: str) -> None:
        self.buf.append(ch)
        self.in_word = True

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def add_plain(self, text: str) -> None:
        """``add_char`` for each character of ``text``, a run of non-space characters at a time."""
        pos = 0
        for space in _GO_SPACES.finditer(text):
            if space.start() > pos:
                self.add_raw_string(text[pos : space.start()])
            self.add_char(" ")
            pos = space.end()
        if pos < len(text):
            self.add_raw_string(text[pos:])

    def add_raw_string(self, text: str) -> None:
        self.buf.append(text)
        self.in_word = True

    def get_words(self) -> list[str]:
        if self.buf and any(self.buf):
            self.words.append("".join(self.buf))
            self.buf = []
            self.in_word = False
        return self.words


class Lexer:
    """One lexing run over ``word``; options mirror BuildKit's ``Lex`` fields."""

    def __init__(
        self,
        escape: str = "\\",
        raw_quotes: bool = False,
        raw_escapes: bool = False,
        skip_unset_env: bool = False,
        skip_process_quotes: bool = False,
    ) -> None:
        self.escape = escape
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes
        self.skip_unset_env = skip_unset_env
        self.skip_process_quotes = skip_process_quotes
        self._src = ""
        self._pos = 0
        self._env: Mapping[str, str] = {}
        self.matched: set[str] = set()
        self.unmatched: set[str] = set()
        self._depth = 0
        self._expanded = 0

    # -- public entry points -------------------------------------------------------------
    def process_word(self, word: str, env: Mapping[str, str]) -> str:
        return self._run(word, env)[0]

    def process_words(self, word: str, env: Mapping[str, str]) -> list[str]:
        return self._run(word, env)[1]

    def _run(self, word: str, env: Mapping[str, str]) -> tuple[str, list[str]]:
        if "$" in word:
            return self._lex(word, env)
        key = (word, self.escape, self.raw_quotes, self.raw_escapes, self.skip_process_quotes)
        known = _NO_DOLLAR.get(key)
        if known is None:
            text, words = self._lex(word, env)
            if len(_NO_DOLLAR) >= _NO_DOLLAR_MAX:
                _NO_DOLLAR.clear()
            _NO_DOLLAR[key] = known = (text, tuple(words))
        else:
            self.matched = set()
            self.unmatched = set()
        return known[0], list(known[1])

    def _lex(self, word: str, env: Mapping[str, str]) -> tuple[str, list[str]]:
        self._src = word
        self._pos = 0
        self._env = env
        self._depth = 0
        self._expanded = 0
        self.matched = set()
        self.unmatched = set()
        try:
            return self._process_stop_on(_EOF, self.raw_escapes)
        except ShellLexError as err:
            raise ShellLexError(f"failed to process {word!r}: {err}") from None

    # -- scanner -------------------------------------------------------------------------
    def _peek(self) -> str:
        return self._src[self._pos] if self._pos < len(self._src) else _EOF

    def _next(self) -> str:
        if self._pos < len(self._src):
            ch = self._src[self._pos]
            self._pos += 1
            return ch
        return _EOF

    # -- lex.go --------------------------------------------------------------------------
    def _process_stop_on(self, stop: str, raw_escapes: bool) -> tuple[str, list[str]]:
        result: list[str] = []
        words = _Words()
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        plain = _plain_run(self.escape, stop)
        try:
            while self._peek() != _EOF:
                ch = self._peek()
                if stop != _EOF and ch == stop:
                    self._next()
                    return "".join(result), words.get_words()
                if ch == "$":
                    tmp = self._process_dollar()
                    result.append(tmp)
                    words.add_plain(tmp)
                elif ch == "<":
                    tmp = self._process_possible_heredoc()
                    result.append(tmp)
                    words.add_raw_string(tmp)
                elif ch == "'" and not self.skip_process_quotes:
                    tmp = self._process_single_quote()
                    result.append(tmp)
                    words.add_raw_string(tmp)
                elif ch == '"' and not self.skip_process_quotes:
                    tmp = self._process_double_quote()
                    result.append(tmp)
                    words.add_raw_string(tmp)
                else:
                    run = plain.match(self._src, self._pos)
                    if run is not None:  # the common case, copied at once
                        self._pos = run.end()
                        result.append(run.group())
                        words.add_plain(run.group())
                        continue
                    ch = self._next()
                    if ch == self.escape:
                        if self.raw_escapes:
                            words.add_raw_char(ch)
                            result.append(ch)
                        ch = self._next()
                        if ch == _EOF:
                            break
                        words.add_raw_char(ch)
                    else:
                        words.add_char(ch)
                    result.append(ch)
        finally:
            self.raw_escapes = saved
        if stop != _EOF:
            raise ShellLexError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(result), words.get_words()

    def _process_single_quote(self) -> str:
        result = []
        ch = self._next()
        if self.raw_quotes:
            result.append(ch)
        while True:
            ch = self._next()
            if ch == _EOF:
                raise ShellLexError("unexpected end of statement while looking for matching single-quote")
            if ch == "'":
                if self.raw_quotes:
                    result.append(ch)
                return "".join(result)
            result.append(ch)

    def _process_double_quote(self) -> str:
        result = []
        ch = self._next()
        if self.raw_quotes:
            result.append(ch)
        while True:
            peek = self._peek()
            if peek == _EOF:
                raise ShellLexError("unexpected end of statement while looking for matching double-quote")
            if peek == '"':
                ch = self._next()
                if self.raw_quotes:
                    result.append(ch)
                return "".join(result)
            if peek == "$":
                result.append(self._process_dollar())
                continue
            ch = self._next()
            if ch == self.escape:
                if self.raw_escapes:
                    result.append(ch)
                nxt = self._peek()
                if nxt == _EOF:
                    continue
                if nxt in ('"', "$", self.escape):
                    ch = self._next()
            result.append(ch)

    def _get_env(self, name: str) -> tuple[str, bool]:
        if name in self._env:
            self.matched.add(name)
            return self._env[name], True
        self.unmatched.add(name)
        return "", False

    def _process_dollar(self) -> str:
        # Go's goroutine stacks grow without bound; Python's do not. Past this depth we stop and
        # treat the word as not expandable rather than overflow the stack.
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise ShellLexError(f"variable substitutions nested deeper than {MAX_NESTING}")
            value = self._process_dollar_inner()
        finally:
            self._depth -= 1
        self._grow(len(value))
        return value

    def _grow(self, n: int) -> None:
        """Count ``n`` more characters of expansion output against MAX_EXPANDED."""
        self._expanded += n
        if self._expanded > MAX_EXPANDED + len(self._src):
            raise ShellLexError(f"expands to more than {MAX_EXPANDED:,} characters")

    def _process_dollar_inner(self) -> str:
        self._next()
        if self._peek() != "{":
            name = self._process_name()
            if name == "":
                return "$"
            value, found = self._get_env(name)
            if not found and self.skip_unset_env:
                return "$" + name
            return value
        self._next()
        peek = self._peek()
        if peek == _EOF:
            raise ShellLexError("syntax error: missing '}'")
        if peek in ("{", "}", ":"):
            raise ShellLexError("syntax error: bad substitution")
        name = self._process_name()
        ch = self._next()
        chs = ch
        null_is_unset = False
        if ch == "}":
            value, found = self._get_env(name)
            if not found and self.skip_unset_env:
                return "${" + name + "}"
            return value
        if ch == ":":
            null_is_unset = True
            ch = self._next()
            chs += ch
            if ch not in ("+", "-", "?", "#", "%"):
                raise ShellLexError(f"unsupported modifier ({chs}) in substitution")
        if ch in ("+", "-", "?", "#", "%"):
            raw_escapes = ch in ("#", "%")
            if null_is_unset and raw_escapes:
                raise ShellLexError(f"unsupported modifier ({chs}) in substitution")
            try:
                word, _ = self._process_stop_on("}", raw_escapes)
            except ShellLexError:
                if self._peek() == _EOF:
                    raise ShellLexError("syntax error: missing '}'") from None
                raise
            value, found = self._get_env(name)
            if self.skip_unset_env and not found:
                return "${" + name + chs + word + "}"
            if ch == "-":
                return word if (not found or (null_is_unset and value == "")) else value
            if ch == "+":
                return "" if (not found or (null_is_unset and value == "")) else word
            if ch == "?":
                if not found:
                    raise ShellLexError(f"{name}: {word or 'is not allowed to be unset'}")
                if null_is_unset and value == "":
                    raise ShellLexError(f"{name}: {word or 'is not allowed to be empty'}")
                return value
            greedy = False
            if word and word[0] == ch:
                greedy = True
                word = word[1:]
            if ch == "%":
                return _trim_suffix(word, value, greedy)
            return _trim_prefix(word, value, greedy)
        if ch == "/":
            replace_all = self._peek() == "/"
            if replace_all:
                self._next()
            try:
                pattern, _ = self._process_stop_on("/", True)
            except ShellLexError:
                if self._peek() == _EOF:
                    raise ShellLexError("syntax error: missing '/' in ${}") from None
                raise
            try:
                replacement, _ = self._process_stop_on("}", True)
            except ShellLexError:
                if self._peek() == _EOF:
                    raise ShellLexError("syntax error: missing '}'") from None
                raise
            value, found = self._get_env(name)
            if self.skip_unset_env and not found:
                return "${" + name + "/" + pattern + "/" + replacement + "}"
            shell_pattern = _ShellPattern(pattern)
            if replace_all and replacement and (len(value) + 1) * len(replacement) > MAX_EXPANDED:
                self._grow((len(value) + 1) * len(replacement))  # as many matches as characters, at worst
            return shell_pattern.replace(value, replacement, replace_all)
        raise ShellLexError(f"unsupported modifier ({chs}) in substitution")

    def _process_name(self) -> str:
        name: list[str] = []
        while self._peek() != _EOF:
            ch = self._peek()
            if not name and ch.isdecimal():
                while self._peek() != _EOF and self._peek().isdecimal():
                    name.append(self._next())
                return "".join(name)
            if not name and ch in "@*#?-$!0":
                return self._next()
            if not (ch.isalpha() or ch.isdecimal() or ch == "_"):
                break
            name.append(self._next())
        return "".join(name)

    def _process_possible_heredoc(self) -> str:
        self._next()
        if self._peek() != "<":
            return "<"
        self._next()
        space = []
        while self._peek() in ("\t", "\r", " ") and self._peek() != _EOF:
            space.append(self._next())
        return "<<" + "".join(space)


class _ShellPattern:
    """A ``${VAR#pattern}`` / ``${VAR/pattern/…}`` pattern: BuildKit turns ``*`` and ``?`` into Go's
    ``.*`` and ``.``, which Go matches in linear time. Python's ``re`` would backtrack
    exponentially on ``*a*a*a*a*b``, so the pattern is matched here as what it is: literal chunks
    (with ``?`` wildcards) between stars, each placed as far left (lazy) or right (greedy) as the
    rest allows; every step scans the value once per chunk."""

    __slots__ = ("chunks", "lengths")

    def __init__(self, pattern: str) -> None:
        chunks: list[list[str]] = [[]]
        i = 0
        n = len(pattern)
        while i < n:
            tok = pattern[i]
            i += 1
            if tok == "*":
                chunks.append([])
                continue
            if tok == "?":
                chunks[-1].append("")  # any one character
                continue
            if tok == "\\":
                nxt = pattern[i] if i < n else ""
                if nxt in ("}", "/"):
                    continue
                if i >= n or nxt not in ("*", "?", "\\"):
                    raise ShellLexError(f"invalid pattern ({pattern}) in substitution: invalid escape '\\{nxt}'")
                chunks[-1].append(nxt)
                i += 1
                continue
            chunks[-1].append(tok)
        self.chunks = [re.compile("".join(re.escape(c) if c else "." for c in chunk), re.DOTALL) for chunk in chunks]
        self.lengths = [len(chunk) for chunk in chunks]

    def _leftmost(self, j: int, value: str, start: int) -> int:
        found = self.chunks[j].search(value, start)
        return -1 if found is None else found.start()

    def _rightmost(self, j: int, value: str, start: int, end: int) -> int:
        rx = self.chunks[j]
        for pos in range(end - self.lengths[j], start - 1, -1):
            if rx.match(value, pos) is not None:
                return pos
        return -1

    def match_at(self, value: str, start: int, greedy: bool) -> int:
        """The end of the match that begins at ``start`` (as ``re`` would pick it), or -1."""
        first = self.chunks[0]
        if first.match(value, start) is None:
            return -1
        after = start + self.lengths[0]
        last = len(self.chunks) - 1
        if last == 0:
            return after
        if greedy:
            if self.lengths[last] == 0:  # a trailing star takes the rest
                end = len(value)
            else:
                pos = self._rightmost(last, value, after, len(value))
                if pos < 0:
                    return -1
                end = pos + self.lengths[last]
            limit = end - self.lengths[last]
            for j in range(last - 1, 0, -1):  # the middle chunks, as late as they fit
                pos = self._rightmost(j, value, after, limit)
                if pos < 0:
                    return -1
                limit = pos
            return end
        pos = after
        for j in range(1, last + 1):  # each chunk as early as it fits
            if j == last and self.lengths[j] == 0:
                return pos  # a trailing lazy star takes nothing
            found = self._leftmost(j, value, pos)
            if found < 0:
                return -1
            pos = found + self.lengths[j]
        return pos

    def search(self, value: str, start: int) -> tuple[int, int] | None:
        """The leftmost match at or after ``start``, greedy (``re.search`` of the Go expression)."""
        pos = self._leftmost(0, value, start)
        if pos < 0:
            return None
        end = self.match_at(value, pos, True)
        # no match from the first place the head fits: a later start only leaves less room
        return (pos, end) if end >= 0 else None

    def replace(self, value: str, replacement: str, every: bool) -> str:
        """``${VAR/pattern/replacement}`` (first match) and ``${VAR//…}`` (every match, as ``re.sub``)."""
        out: list[str] = []
        pos = 0
        n = len(value)
        while pos <= n:
            found = self.search(value, pos)
            if found is None:
                break
            start, end = found
            out.append(value[pos:start])
            out.append(replacement)
            if end == start:
                out.append(value[start : start + 1])
                pos = start + 1
            else:
                pos = end
            if not every:
                break
        out.append(value[pos:])
        return "".join(out)


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    end = _ShellPattern(pattern).match_at(value, 0, greedy)
    return value[end:] if end >= 0 else value


def _reverse_pattern(pattern: str) -> str:
    chars = list(pattern)
    out = [""] * len(chars)
    last = len(chars) - 1
    i = 0
    while i <= last:
        tok = chars[i]
        if tok == "\\" and i != last:
            out[last - i - 1] = tok
            out[last - i] = chars[i + 1]
            i += 2
        else:
            out[last - i] = tok
            i += 1
    return "".join(out)


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]


def heredoc_words(line: str) -> list[str]:
    """The words BuildKit inspects for heredoc markers (errors give no words, as in BuildKit)."""
    lexer = Lexer("\\", raw_quotes=True, raw_escapes=True, skip_unset_env=True)
    try:
        return lexer.process_words(line, {})
    except ShellLexError:
        return []
