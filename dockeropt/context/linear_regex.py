"""Regular-expression matching in linear time, for patterns that come from files under review.

Python's ``re`` backtracks: ``*a*a*a*a*a*a*a*a*a*a*b`` in a .dockerignore, against a 44-character
file name, takes minutes, while Docker (Go's RE2-style ``regexp``) answers at once. Patterns from
.dockerignore files and configuration globs are matched here instead: the expression becomes a
Thompson automaton run as a DFA built lazily (each state made once, on the character that first
needs it, and cached), so a match costs one dictionary look-up per character of the text, and
building states is bounded by the text's length times the pattern's.

The syntax is the subset of Python's that dockeropt's own translators write: literals (escaped as
``re.escape`` does), ``.``, classes ``[...]`` (each class is checked by ``re`` on one character),
groups ``(...)`` and ``(?:...)``, ``|``, the quantifiers ``* + ?`` (lazy forms match the same
texts), and the assertions ``^ \\A \\Z \\b \\B``. The expression is compiled by ``re`` first, so
what ``re`` rejects raises ``re.error`` here too.
"""

from __future__ import annotations

import re

# instruction kinds
_CHAR, _SPLIT, _JMP, _ASSERT, _MATCH = range(5)
_MAX_STATES = 10_000  # past this many DFA states the cache starts again (memory stays bounded)


class _Parser:
    def __init__(self, pattern: str, flags: int) -> None:
        self.src = pattern
        self.pos = 0
        self.flags = flags

    def parse(self) -> tuple[object, ...]:
        node = self.alternation()
        if self.pos != len(self.src):
            raise re.error(f"unexpected {self.src[self.pos]!r}", self.src, self.pos)
        return node

    def alternation(self) -> tuple[object, ...]:
        branches = [self.sequence()]
        while self.pos < len(self.src) and self.src[self.pos] == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self) -> tuple[object, ...]:
        items: list[tuple[object, ...]] = []
        src = self.src
        while self.pos < len(src) and src[self.pos] not in "|)":
            atom = self.atom()
            while self.pos < len(src) and src[self.pos] in "*+?":
                atom = ({"*": "star", "+": "plus", "?": "opt"}[src[self.pos]], atom)
                self.pos += 1
                if self.pos < len(src) and src[self.pos] == "?":
                    self.pos += 1  # lazy: the same texts match
            items.append(atom)
        return ("cat", items)

    def atom(self) -> tuple[object, ...]:
        src = self.src
        ch = src[self.pos]
        if ch == "(":
            if src.startswith("(?:", self.pos):
                self.pos += 3
            elif src.startswith("(?", self.pos):
                raise re.error("unsupported group", src, self.pos)
            else:
                self.pos += 1
            inner = self.alternation()
            if self.pos >= len(src) or src[self.pos] != ")":
                raise re.error("missing )", src, self.pos)
            self.pos += 1
            return inner
        if ch == "[":
            end = self._class_end(self.pos)
            text = src[self.pos : end]
            self.pos = end
            return ("pred", re.compile(text, self.flags).fullmatch)
        if ch == ".":
            self.pos += 1
            return ("pred", _not_newline)
        if ch == "^":
            self.pos += 1
            return ("assert", "begin")
        if ch == "$":
            raise re.error("$ is not supported here (write \\Z)", src, self.pos)
        if ch in "{":
            raise re.error("counted repetition is not supported here", src, self.pos)
        if ch == "\\":
            if self.pos + 1 >= len(src):
                raise re.error("trailing backslash", src, self.pos)
            letter = src[self.pos + 1]
            self.pos += 2
            if letter in "AZbB":
                return ("assert", {"A": "begin", "Z": "end", "b": "word", "B": "notword"}[letter])
            if letter in "dDwWsS":
                return ("pred", re.compile("\\" + letter, self.flags).fullmatch)
            if letter.isalnum():
                raise re.error(f"unsupported escape \\{letter}", src, self.pos)
            return ("lit", letter)
        self.pos += 1
        return ("lit", ch)

    def _class_end(self, start: int) -> int:
        src = self.src
        i = start + 1
        if i < len(src) and src[i] == "^":
            i += 1
        if i < len(src) and src[i] == "]":
            i += 1  # a leading ] is a member
        while i < len(src):
            if src[i] == "\\":
                i += 2
                continue
            if src[i] == "]":
                return i + 1
            i += 1
        raise re.error("unterminated character set", src, start)


def _not_newline(ch: str) -> bool:
    return ch != "\n"


class _Program:
    def __init__(self) -> None:
        self.ops: list[tuple[int, object, object]] = []

    def emit(self, kind: int, a: object = None, b: object = None) -> int:
        self.ops.append((kind, a, b))
        return len(self.ops) - 1

    def patch(self, at: int, kind: int, a: object = None, b: object = None) -> None:
        self.ops[at] = (kind, a, b)

    def node(self, node: tuple[object, ...]) -> None:
        kind = node[0]
        if kind == "cat":
            for item in node[1]:  # type: ignore[attr-defined]
                self.node(item)
        elif kind == "lit":
            char = node[1]
            self.emit(_CHAR, char.__eq__)
        elif kind == "pred":
            self.emit(_CHAR, node[1])
        elif kind == "assert":
            self.emit(_ASSERT, node[1])
        elif kind == "alt":
            branches: list[tuple[object, ...]] = node[1]  # type: ignore[assignment]
            jumps = []
            for i, branch in enumerate(branches):
                if i < len(branches) - 1:
                    split = self.emit(_SPLIT)
                    self.node(branch)
                    jumps.append(self.emit(_JMP))
                    self.patch(split, _SPLIT, split + 1, len(self.ops))
                else:
                    self.node(branch)
            for jump in jumps:
                self.patch(jump, _JMP, len(self.ops))
        elif kind == "star":
            split = self.emit(_SPLIT)
            self.node(node[1])  # type: ignore[arg-type]
            self.emit(_JMP, split)
            self.patch(split, _SPLIT, split + 1, len(self.ops))
        elif kind == "plus":
            start = len(self.ops)
            self.node(node[1])  # type: ignore[arg-type]
            self.emit(_SPLIT, start, len(self.ops) + 1)
        elif kind == "opt":
            split = self.emit(_SPLIT)
            self.node(node[1])  # type: ignore[arg-type]
            self.patch(split, _SPLIT, split + 1, len(self.ops))


class LinearRegex:
    """A compiled pattern: :meth:`search` (anywhere in the text, as ``re.search``) or, with
    ``anchored``, :meth:`search` tries only the start of the text (as ``re.match``)."""

    __slots__ = ("_ascii", "_final", "_keys", "_ops", "_start", "_states", "_trans", "anchored", "pattern")

    def __init__(self, pattern: str, flags: int = 0, *, anchored: bool = False) -> None:
        re.compile(pattern, flags)  # what re rejects is rejected here too
        program = _Program()
        program.node(_Parser(pattern, flags).parse())
        program.emit(_MATCH)
        self.pattern = pattern
        self.anchored = anchored
        self._ascii = bool(flags & re.ASCII)
        self._ops = program.ops
        self._reset()

    def _reset(self) -> None:
        self._states: dict[tuple[frozenset[int], bool, bool], int] = {}
        self._keys: list[tuple[frozenset[int], bool, bool]] = []
        self._trans: dict[tuple[int, str], tuple[int, bool]] = {}
        self._final: dict[int, bool] = {}
        self._start = self._state((frozenset({0}), True, False))

    def _state(self, key: tuple[frozenset[int], bool, bool]) -> int:
        found = self._states.get(key)
        if found is None:
            found = self._states[key] = len(self._keys)
            self._keys.append(key)
        return found

    def _word(self, ch: str | None) -> bool:
        if ch is None:
            return False
        if self._ascii:
            return ch.isascii() and (ch.isalnum() or ch == "_")
        return ch.isalnum() or ch == "_"

    def _closure(self, key: tuple[frozenset[int], bool, bool], nxt: str | None) -> tuple[list[int], bool]:
        """The character instructions reachable from the kernel before ``nxt`` (None: the end),
        and whether the match instruction is."""
        kernel, at_begin, prev_word = key
        next_word = self._word(nxt)
        ops = self._ops
        seen: set[int] = set()
        stack = sorted(kernel, reverse=True)
        chars: list[int] = []
        matched = False
        while stack:
            pc = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            kind, a, b = ops[pc]
            if kind == _CHAR:
                chars.append(pc)
            elif kind == _MATCH:
                matched = True
            elif kind == _JMP:
                stack.append(a)  # type: ignore[arg-type]
            elif kind == _SPLIT:
                stack.append(b)  # type: ignore[arg-type]
                stack.append(a)  # type: ignore[arg-type]
            elif kind == _ASSERT:
                ok = (
                    (a == "begin" and at_begin)
                    or (a == "end" and nxt is None)
                    or (a == "word" and prev_word != next_word)
                    or (a == "notword" and prev_word == next_word)
                )
                if ok:
                    stack.append(pc + 1)
        return chars, matched

    def _step(self, state: int, ch: str) -> tuple[int, bool]:
        key = self._keys[state]
        chars, matched = self._closure(key, ch)
        ops = self._ops
        moved = {pc + 1 for pc in chars if ops[pc][1](ch)}  # type: ignore[operator]
        if not self.anchored:
            moved.add(0)  # a match may start at the next position too
        if len(self._keys) >= _MAX_STATES:
            self._reset()
            state = self._state(key)
        result = (self._state((frozenset(moved), False, self._word(ch))), matched)
        self._trans[(state, ch)] = result
        return result

    def search(self, text: str) -> bool:
        """Whether the pattern matches in ``text`` (at its start only, when ``anchored``)."""
        state = self._start
        trans = self._trans
        for ch in text:
            hit = trans.get((state, ch))
            if hit is None:
                hit = self._step(state, ch)
                trans = self._trans
            state, matched = hit
            if matched:
                return True
        final = self._final.get(state)
        if final is None:
            final = self._final[state] = self._closure(self._keys[state], None)[1]
        return final


def compile_linear(pattern: str, flags: int = 0, *, anchored: bool = False) -> LinearRegex:
    return LinearRegex(pattern, flags, anchored=anchored)


__all__ = ["LinearRegex", "compile_linear"]
