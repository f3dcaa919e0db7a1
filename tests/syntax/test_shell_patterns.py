"""``${VAR#pattern}``, ``${VAR%pattern}`` and ``${VAR/pattern/repl}`` give what Go's regexp (as
BuildKit builds it) gives, without backtracking: checked against ``re`` on small cases, where
its backtracking is harmless."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.syntax.shlex import Lexer, _ShellPattern, _trim_prefix, _trim_suffix


def _regex(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """What the lexer used before: the pattern as a backtracking regex."""
    out = ["^"] if anchored else []
    i = 0
    while i < len(pattern):
        tok = pattern[i]
        i += 1
        if tok == "*":
            out.append(".*" if greedy else ".*?")
        elif tok == "?":
            out.append(".")
        elif tok == "\\" and i < len(pattern):
            out.append(re.escape(pattern[i]))
            i += 1
        else:
            out.append(re.escape(tok))
    return re.compile("".join(out), re.DOTALL)


patterns = st.text("ab*?", max_size=6) | st.text("ab*", max_size=4).map(lambda p: p + "\\*")
values = st.text("ab*", max_size=9)


@settings(max_examples=600, deadline=None)
@given(patterns, values, st.booleans())
def test_trims_agree_with_backtracking(pattern: str, value: str, greedy: bool) -> None:
    found = _regex(pattern, greedy, anchored=True).search(value)
    assert _trim_prefix(pattern, value, greedy) == (value[found.end() :] if found else value)
    reversed_pattern = "".join(reversed(pattern.replace("\\*", "\0"))).replace("\0", "\\*")
    found = _regex(reversed_pattern, greedy, anchored=True).search(value[::-1])
    assert _trim_suffix(pattern, value, greedy) == (value[::-1][found.end() :] if found else value[::-1])[::-1]


@settings(max_examples=600, deadline=None)
@given(patterns, values)
def test_replacements_agree_with_backtracking(pattern: str, value: str) -> None:
    rx = _regex(pattern, greedy=True, anchored=False)
    assert _ShellPattern(pattern).replace(value, "X", True) == rx.sub(lambda _m: "X", value)
    found = rx.search(value)
    first = value[: found.start()] + "X" + value[found.end() :] if found else value
    assert _ShellPattern(pattern).replace(value, "X", False) == first


def test_many_stars_do_not_backtrack() -> None:
    env = {"X": "a" * 5000}
    started = time.monotonic()
    lexer = Lexer()
    assert lexer.process_word("${X/" + "*a" * 30 + "*b/}", env) == "a" * 5000
    assert lexer.process_word("${X##" + "*a" * 30 + "*b}", env) == "a" * 5000
    assert time.monotonic() - started < 2.0
