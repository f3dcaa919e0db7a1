"""A lossless Dockerfile parser that follows BuildKit's ``frontend/dockerfile/parser`` line by line.

The reading loop, the directive parser, line continuation, the per-instruction argument
splitters and heredoc detection mirror BuildKit's Go code (parser.go, line_parsers.go,
split_command.go, directives.go) so that our values agree with Docker's; on top of that every
item keeps its place in the text, so the tree prints back to the input byte for byte.
"""

from __future__ import annotations

import re

from dockeropt.lazyre import lazy_compile
from dockeropt.syntax.chars import go_isspace, go_lstrip, go_strip, json_quote
from dockeropt.syntax.nodes import (
    Arg,
    Blank,
    Comment,
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    KeyValue,
    ParseError,
)
from dockeropt.syntax.shlex import Lexer, ShellLexError, heredoc_words

# Instructions BuildKit knows, and how it splits their arguments (dispatch table of parser.go).
SPLITTERS = {
    "ADD": "json_or_list",
    "ARG": "name_or_name_val",
    "CMD": "json_or_string",
    "COPY": "json_or_list",
    "ENTRYPOINT": "json_or_string",
    "ENV": "name_val",
    "EXPOSE": "whitespace_list",
    "FROM": "whitespace_list",
    "HEALTHCHECK": "health",
    "LABEL": "name_val",
    "MAINTAINER": "string",
    "ONBUILD": "sub_command",
    "RUN": "json_or_string",
    "SHELL": "json_or_string",
    "STOPSIGNAL": "string",
    "USER": "string",
    "VOLUME": "json_or_list",
    "WORKDIR": "string",
}
HEREDOC_INSTRUCTIONS = frozenset({"ADD", "COPY", "RUN"})
VALID_DIRECTIVES = frozenset({"syntax", "escape", "check"})
# Go's bufio.Scanner gives up on longer lines (bufio.MaxScanTokenSize - 1).
MAX_LINE_BYTES = 65535

_RE_DIRECTIVE = lazy_compile(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z")
_RE_WHITESPACE = lazy_compile(r"[\t\v\f\r ]+")
_RE_NON_SPACE = lazy_compile(r"[\S\x1c-\x1f]+")  # runs of what Go's unicode.IsSpace does not call space
_RE_HEREDOC = lazy_compile(r"(\d*)<<(-?)[\t\n\f\r ]*([^<]*)\Z", re.DOTALL)
_CONTINUATION = {
    "\\": lazy_compile(r"(?:(?<=[^\\])|^)\\[ \t]*\Z"),
    "`": lazy_compile(r"(?:(?<=[^`])|^)`[ \t]*\Z"),
}


# With reuse_instructions(True) (the language server): (escape character, the instruction's lines
# up to its last continuation) -> the instruction where it was last read, and its whole text (with
# any heredoc bodies).
_READ: dict[tuple[str, str], tuple[Instruction, str]] = {}
_READ_LIMIT = 4096
_NO_TREE = Dockerfile("")
_REUSE = [False]


def reuse_instructions(enabled: bool = True) -> None:
    """Keep the instructions read, and reuse them when the same lines are read again (moved to
    where they now stand) instead of parsing them again: for a process that re-parses a file on
    every edit (the language server). Off by default: a single run gains nothing from it."""
    _REUSE[0] = enabled
    if not enabled:
        _READ.clear()


def parse(text: str, path: str = "") -> Dockerfile:
    """Parse ``text`` (already decoded) into a lossless tree; raise :class:`ParseError` where BuildKit fails."""
    return _Parser(text, path).run()


class _Line:
    __slots__ = ("end", "next", "start")

    def __init__(self, start: int, end: int, next_: int) -> None:
        self.start = start  # offset of the first character
        self.end = end  # offset of the end of content, newline excluded
        self.next = next_  # offset of the next line (newline included)


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.tree = Dockerfile(text, path)
        self.escape = "\\"
        self.continuation = _CONTINUATION["\\"]
        self.directives_done = False
        self.seen_directives: set[str] = set()
        self.lines = self._split_lines(text)

    @staticmethod
    def _split_lines(text: str) -> list[_Line]:
        lines: list[_Line] = []
        find = text.find
        pos = 0
        n = len(text)
        while pos < n:
            nl = find("\n", pos)
            end = n if nl < 0 else nl
            # Go's bufio.Scanner fails on a line that does not fit its 64 KiB buffer
            if (end - pos) * 4 > MAX_LINE_BYTES and len(
                text[pos:end].encode("utf-8", "surrogatepass")
            ) > MAX_LINE_BYTES:
                raise ParseError(f"dockerfile line greater than max allowed size of {MAX_LINE_BYTES}", len(lines) + 1)
            if nl < 0:
                lines.append(_Line(pos, n, n))
                break
            lines.append(_Line(pos, nl, nl + 1))
            pos = nl + 1
        return lines

    # -- helpers mirroring parser.go ----------------------------------------------------------
    def _content(self, i: int) -> str:
        """Line ``i`` without its newline characters (``trimNewline``)."""
        ln = self.lines[i]
        raw = self.text[ln.start : ln.end]
        if raw.endswith("\r"):
            raw = raw.rstrip("\r")
        return raw

    def _trim_continuation(self, line: str) -> tuple[str, bool]:
        if not line.rstrip(" \t").endswith(self.escape):
            return line, True  # (the regex scans the whole line to say the same)
        m = self.continuation.search(line)
        if m:
            return line[: m.start()], False
        return line, True

    def _possible_directive(self, token: str, line_no: int, start: int) -> Directive | None:
        if self.directives_done:
            return None
        if not token.startswith("#"):
            self.directives_done = True
            return None
        body = go_lstrip(token[1:])
        m = _RE_DIRECTIVE.match(body)
        if not m:
            self.directives_done = True
            return None
        key = m.group(1).lower()
        if key not in VALID_DIRECTIVES:
            self.directives_done = True
            return None
        if key in self.seen_directives:
            raise ParseError(f"only one {key} parser directive can be used", line_no)
        self.seen_directives.add(key)
        value = m.group(2)
        if key == "escape":
            if value not in ("`", "\\"):
                raise ParseError(f"invalid escape token '{value}' does not match ` or \\", line_no)
            self.escape = value
            self.continuation = _CONTINUATION[value]
            self.tree.escape = value
        ln = self.lines[line_no - 1]
        offset = self.text.find(token, start)
        span = self.tree.index.span(offset, offset + len(token))
        return Directive(self.tree, ln.start, ln.next, key, value, span)

    # -- the main loop (parser.go: Parse) ---------------------------------------------------------
    def run(self) -> Dockerfile:
        tree = self.tree
        lines = self.lines
        n = len(lines)
        i = 0
        while i < n:
            ln = lines[i]
            raw = self._content(i)
            lead = 0
            if i == 0 and raw.startswith("\ufeff"):
                raw = raw[1:]
                lead = 1
            token = go_lstrip(raw)
            lead += len(raw) - len(token)
            directive = self._possible_directive(token, i + 1, ln.start)
            if directive is not None:
                tree.items.append(directive)
                tree.directives.append(directive)
                i += 1
                continue
            is_comment = token.startswith("#")
            first, eol = self._trim_continuation("" if is_comment else token)
            if eol and first == "":
                if is_comment:
                    tree.items.append(Comment(tree, ln.start, ln.next, go_strip(token[1:]), i + 1))
                else:
                    tree.items.append(Blank(tree, ln.start, ln.next, i + 1))
                i += 1
                continue
            i = self._instruction(i, first, eol, ln.start + lead)
        if not tree.instructions:
            raise ParseError("file with no instructions", max(n, 1))
        return tree

    def _instruction(self, i: int, first: str, eol: bool, first_offset: int) -> int:
        tree = self.tree
        lines = self.lines
        n = len(lines)
        start_index = i
        inst = Instruction(tree, lines[i].start, lines[i].next)
        parts = [first]
        segments = [(0, first_offset)]
        logical_len = len(first)
        i += 1
        while not eol and i < n:
            token = self._content(i)
            self._possible_directive(token, i + 1, lines[i].start)
            content = go_lstrip(token)
            if content.startswith("#"):
                inst.comment_lines.append(i + 1)
                i += 1
                continue
            if content == "":
                inst.empty_continuation_lines.append(i + 1)
                i += 1
                continue
            piece, eol = self._trim_continuation(token)
            segments.append((logical_len, lines[i].start))
            parts.append(piece)
            logical_len += len(piece)
            i += 1
        # An instruction read before (the same lines, and the same escape character) is not parsed
        # again: a language server re-checks the whole file on every edit, and most instructions
        # are unchanged (only moved). Not for the first line, which may start with a BOM.
        reuse = start_index and _REUSE[0]
        key = (self.escape, self.text[lines[start_index].start : lines[i - 1].next]) if reuse else None
        known = _READ.get(key) if key is not None else None
        if key is not None and known is not None and self._holds(known[1], lines[start_index].start):
            seen = known[0]
            moved_by = lines[start_index].start - seen.start, start_index + 1 - seen.start_line
            inst = seen.moved(tree, *moved_by)
            if moved_by != (0, 0):  # remember where it stands now: the next edit likely leaves it there
                _READ[key] = (inst.moved(_NO_TREE, 0, 0), known[1])
            return self._add(inst, inst.end_line)
        line = "".join(parts)
        inst._segments = segments
        inst.original = line
        inst.start_line = start_index + 1
        end_line = i  # 1-based number of the last line read so far
        try:
            self._fill(inst, line, 0)
        except ParseError as err:
            raise ParseError(err.message, start_index + 1, 1, end_line) from None
        target = inst.effective
        if target.name in HEREDOC_INSTRUCTIONS and not target.json and "<<" in line:
            i = self._read_heredocs(inst, line, i, start_index)
            end_line = i
        inst.end_line = end_line
        inst.end = lines[i - 1].next
        # the visible span ends with the last content character (or the last heredoc terminator)
        end = max(lines[i - 1].end, first_offset)
        while end > first_offset and self.text[end - 1] == "\r":
            end -= 1
        inst.span = tree.index.span(first_offset, end)
        if key is not None:
            if len(_READ) >= _READ_LIMIT:
                _READ.clear()
            # kept without its tree, so that no tree is kept alive with it
            _READ[key] = (inst.moved(_NO_TREE, 0, 0), self.text[lines[start_index].start : inst.end])
        return self._add(inst, i)

    def _holds(self, lines_text: str, start: int) -> bool:
        """The text has exactly these whole lines at ``start`` (a last line without a newline
        must end the file here too)."""
        end = start + len(lines_text)
        return self.text.startswith(lines_text, start) and (lines_text.endswith("\n") or end == len(self.text))

    def _add(self, inst: Instruction, next_line: int) -> int:
        tree = self.tree
        inst.index = len(tree.instructions)
        tree.items.append(inst)
        tree.instructions.append(inst)
        return next_line

    def _read_heredocs(self, inst: Instruction, line: str, i: int, start_index: int) -> int:
        lines = self.lines
        text = self.text
        n = len(lines)
        search_from = 0
        for word in heredoc_words(line):
            m = _RE_HEREDOC.match(word)
            if not m:
                continue
            try:
                found = _heredoc_from_match(m)
            except ShellLexError as err:
                raise ParseError(str(err), start_index + 1, 1, i) from None
            if found is None:
                continue
            name, fd, expand, chomp = found
            pos = line.find(word, search_from)
            marker_span = None
            if pos >= 0:
                marker_span = inst.logical_span(pos, pos + len(word))
                search_from = pos + len(word)
            body_start = lines[i].start if i < n else len(text)
            content = []
            terminated = False
            while i < n:
                raw = text[lines[i].start : lines[i].next]
                candidate = raw.rstrip("\r\n")
                if chomp:
                    candidate = candidate.lstrip("\t")
                i += 1
                if candidate == name:
                    terminated = True
                    break
                content.append(raw)
            if not terminated:
                raise ParseError("unterminated heredoc", start_index + 1, 1, i)
            body_end = lines[i - 1].next
            inst.heredocs.append(
                Heredoc(
                    name,
                    fd,
                    expand,
                    chomp,
                    "".join(content),
                    marker_span,
                    self.tree.index.span(body_start, lines[i - 1].end),
                    body_start,
                    body_end,
                )
            )
        return i

    # -- newNodeFromLine, splitCommand, and the line parsers -------------------------------------
    def _fill(self, inst: Instruction, line: str, base: int) -> None:
        """Split ``line`` (which starts at logical offset ``base`` of ``inst.original``) into ``inst``."""
        stripped = go_strip(line)
        lead = len(line) - len(go_lstrip(line))
        m = _RE_WHITESPACE.search(stripped)
        cmd = stripped[: m.start()] if m else stripped
        inst.cmd = cmd
        inst.name = cmd.upper()
        inst.keyword_span = inst.logical_span(base + lead, base + lead + len(cmd))
        args = ""
        args_pos = base + lead + len(stripped)
        if m:
            rest_pos = base + lead + m.end()
            rest = stripped[m.end() :]
            args, flags = self._extract_flags(rest, inst, rest_pos)
            inst.flags = flags
            # BuildKit trims the remainder; find where it starts in the logical line
            args_pos = rest_pos + (len(rest) - len(args))
            trimmed = go_strip(args)
            args_pos += len(args) - len(go_lstrip(args))
            args = trimmed
        inst.rest = args
        inst._rest_offset = args_pos
        inst.rest_span = inst.logical_span(args_pos, args_pos + len(args))
        kind = SPLITTERS.get(inst.name)
        if kind is None:
            inst.known = False
            inst.args = [Arg("", inst.logical_span(args_pos, args_pos))]
            return
        getattr(self, "_split_" + kind)(inst, args, args_pos)

    def _extract_flags(self, line: str, inst: Instruction, base: int) -> tuple[str, list[Flag]]:
        """``extractBuilderFlags``: leading ``--flag`` words, quotes and escapes resolved."""
        flags: list[Flag] = []
        n = len(line)
        pos = 0
        escape = self.escape
        while True:
            while pos < n and go_isspace(line[pos]):
                pos += 1
            if pos >= n:
                return "", flags
            if not (line[pos] == "-" and pos + 1 < n and line[pos + 1] == "-"):
                return line[pos:], flags
            word_start = pos
            buf: list[str] = []
            blank_ok = False
            quote = ""
            while pos < n:
                ch = line[pos]
                if quote:
                    if ch == quote:
                        quote = ""
                        pos += 1
                        continue
                    if ch == escape:
                        if pos + 1 == n:
                            quote = ""
                            pos += 1
                            continue
                        pos += 1
                        ch = line[pos]
                    buf.append(ch)
                    pos += 1
                    continue
                if go_isspace(ch):
                    break
                if ch in ("'", '"'):
                    quote = ch
                    blank_ok = True
                    pos += 1
                    continue
                if ch == escape:
                    if pos + 1 == n:
                        pos += 1
                        continue
                    pos += 1
                    ch = line[pos]
                buf.append(ch)
                pos += 1
            word = "".join(buf)
            if pos < n and word == "--":
                return line[pos:], flags
            if word != "--" and (blank_ok or word):
                flags.append(Flag(word, inst.logical_span(base + word_start, base + pos)))
            if pos >= n:
                return "", flags

    def _set_list(self, inst: Instruction, values: list[tuple[str, int, int]]) -> None:
        inst.args = [Arg(v, inst.logical_span(s, e)) for v, s, e in values]

    def _split_string(self, inst: Instruction, rest: str, pos: int) -> None:
        if rest:
            self._set_list(inst, [(rest, pos, pos + len(rest))])

    def _split_whitespace_list(self, inst: Instruction, rest: str, pos: int) -> None:
        if not rest:
            return
        values = []
        start = 0
        for m in _RE_WHITESPACE.finditer(rest):
            values.append((rest[start : m.start()], pos + start, pos + m.start()))
            start = m.end()
        values.append((rest[start:], pos + start, pos + len(rest)))
        self._set_list(inst, values)

    def _try_json(self, inst: Instruction, rest: str, pos: int) -> bool:
        body = go_lstrip(rest)
        if not body.startswith("["):
            return False
        simple = _plain_string_array(body)
        if simple is not None:
            parsed, spans = simple
        else:
            import json  # (only here: most exec forms are plain, and json's import is ~4% of a check)

            try:
                parsed = json.loads(body, parse_constant=_reject_constant)
            except (ValueError, RecursionError):
                return False
            if not isinstance(parsed, list):
                return False
            if not all(isinstance(x, str) for x in parsed):
                raise ParseError("when using JSON array syntax, arrays must be comprised of strings only", 1)
            spans = _json_string_spans(body, len(parsed))
        inst.json = True
        offset = pos + len(rest) - len(body)
        inst.args = [
            Arg(_fix_surrogates(v), inst.logical_span(offset + s, offset + e))
            for v, (s, e) in zip(parsed, spans, strict=True)
        ]
        return True

    def _split_json_or_string(self, inst: Instruction, rest: str, pos: int) -> None:
        if not rest:
            return
        if not self._try_json(inst, rest, pos):
            self._split_string(inst, rest, pos)

    def _split_json_or_list(self, inst: Instruction, rest: str, pos: int) -> None:
        if not self._try_json(inst, rest, pos):
            self._split_whitespace_list(inst, rest, pos)

    def _split_name_or_name_val(self, inst: Instruction, rest: str, pos: int) -> None:
        words = self._words(rest)
        self._set_list(inst, [(w, pos + s, pos + e) for w, s, e in words])
        for w, s, e in words:
            key, eq, value = w.partition("=")
            inst.pairs.append(KeyValue(key, value if eq else None, False, inst.logical_span(pos + s, pos + e)))

    def _split_name_val(self, inst: Instruction, rest: str, pos: int) -> None:
        words = self._words(rest)
        if not words:
            return
        if "=" not in words[0][0]:
            m = _RE_WHITESPACE.search(rest)
            if not m:
                raise ParseError(f"{'ENV' if inst.name == 'ENV' else 'LABEL'} must have two arguments", 1)
            key, value = rest[: m.start()], rest[m.end() :]
            self._set_list(inst, [(key, pos, pos + m.start()), (value, pos + m.end(), pos + len(rest))])
            inst.pairs.append(KeyValue(key, value, True, inst.logical_span(pos, pos + len(rest))))
            return
        values = []
        for w, s, e in words:
            if "=" not in w:
                raise ParseError(f"Syntax error - can't find = in {json_quote(w)}. Must be of the form: name=value", 1)
            key, _, value = w.partition("=")
            values.append((key, pos + s, pos + s + len(key)))
            values.append((value, pos + s + len(key) + 1, pos + e))
            inst.pairs.append(KeyValue(key, value, False, inst.logical_span(pos + s, pos + e)))
        self._set_list(inst, values)

    def _split_health(self, inst: Instruction, rest: str, pos: int) -> None:
        sep = 0
        while sep < len(rest) and not go_isspace(rest[sep]):
            sep += 1
        if sep == 0:
            return
        nxt = sep
        while nxt < len(rest) and go_isspace(rest[nxt]):
            nxt += 1
        typ = Arg(rest[:sep], inst.logical_span(pos, pos + sep))
        self._split_json_or_string(inst, rest[nxt:], pos + nxt)
        inst.args.insert(0, typ)

    def _split_sub_command(self, inst: Instruction, rest: str, pos: int) -> None:
        if not rest:
            return
        sub = Instruction(self.tree, inst.start, inst.end)
        sub._segments = inst._segments
        sub.original = rest
        self._fill(sub, rest, pos)
        inst.sub = sub
        inst.args = sub.args
        # BuildKit's ONBUILD node has no JSON flag of its own: a nested ONBUILD reports none
        inst.json = sub.json and sub.name != "ONBUILD"

    def _words(self, rest: str) -> list[tuple[str, int, int]]:
        """``parseWords``: whitespace-separated words; quotes and escapes are kept in the word."""
        if self.escape not in rest and "'" not in rest and '"' not in rest:
            return [(m.group(), m.start(), m.end()) for m in _RE_NON_SPACE.finditer(rest)]
        words = []
        escape = self.escape
        n = len(rest)
        pos = 0
        while pos < n:
            while pos < n and go_isspace(rest[pos]):
                pos += 1
            if pos >= n:
                break
            start = pos
            buf: list[str] = []
            quote = ""
            blank_ok = False
            while pos < n:
                ch = rest[pos]
                if quote:
                    if ch == quote:
                        quote = ""
                    elif ch == escape and quote != "'":
                        if pos + 1 == n:
                            pos += 1
                            continue
                        buf.append(ch)
                        pos += 1
                        ch = rest[pos]
                    buf.append(ch)
                    pos += 1
                    continue
                if go_isspace(ch):
                    break
                if ch in ("'", '"'):
                    quote = ch
                    blank_ok = True
                if ch == escape:
                    if pos + 1 == n:
                        pos += 1
                        continue
                    buf.append(ch)
                    pos += 1
                    ch = rest[pos]
                buf.append(ch)
                pos += 1
            if blank_ok or buf:
                words.append(("".join(buf), start, pos))
        return words


def _heredoc_from_match(m: re.Match[str]) -> tuple[str, int, bool, bool] | None:
    fd_text, chomp, rest = m.group(1), m.group(2) == "-", m.group(3)
    if not rest:
        return None
    fd = int(fd_text) if fd_text else 0
    plain = Lexer("\\", skip_unset_env=True).process_words(rest, {})
    if len(plain) != 1:
        return None
    raw = Lexer("\\", raw_quotes=True, skip_unset_env=True).process_words(rest, {})
    if len(raw) != len(plain):
        raise ShellLexError(f"internal lexing of heredoc produced inconsistent results: {rest}")
    word = plain[0]
    quotes = word.count("'") + word.count('"')
    raw_quotes = raw[0].count("'") + raw[0].count('"')
    return word, fd, quotes == raw_quotes, chomp


_JSON_SPACE = frozenset(" \t\n\r")


def _plain_string_array(body: str) -> tuple[list[str], list[tuple[int, int]]] | None:
    """``body`` (it starts with ``[``) read as ``json.loads`` reads it, with the span of each string
    (its quotes included), when it is an array of strings without escapes or control characters,
    as exec forms nearly always are; None for anything else, which json.loads then decides."""
    size = len(body)
    i = _skip_json_space(body, 1)
    values: list[str] = []
    spans: list[tuple[int, int]] = []
    if i < size and body[i] == "]":
        return (values, spans) if _skip_json_space(body, i + 1) == size else None
    while i < size and body[i] == '"':
        end = body.find('"', i + 1)
        if end < 0:
            return None
        value = body[i + 1 : end]
        if "\\" in value or (value and min(value) < " "):
            return None  # an escape (a quote may be escaped) or a character JSON refuses
        values.append(value)
        spans.append((i, end + 1))
        i = _skip_json_space(body, end + 1)
        if i < size and body[i] == "]":
            return (values, spans) if _skip_json_space(body, i + 1) == size else None
        if i >= size or body[i] != ",":
            return None
        i = _skip_json_space(body, i + 1)
    return None


def _skip_json_space(body: str, i: int) -> int:
    while i < len(body) and body[i] in _JSON_SPACE:
        i += 1
    return i


def _reject_constant(name: str) -> object:
    raise ValueError(f"invalid JSON constant {name}")


def _fix_surrogates(value: str) -> str:
    """Go's JSON decoder turns lone surrogate escapes into U+FFFD; Python keeps them."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8").replace("?", "\ufffd")


_RE_JSON_STRING = lazy_compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _json_string_spans(body: str, count: int) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _RE_JSON_STRING.finditer(body)]
    if len(spans) >= count:
        return spans[:count]
    return spans + [(0, len(body))] * (count - len(spans))
