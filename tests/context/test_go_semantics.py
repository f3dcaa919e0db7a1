"""The Go behaviours the .dockerignore port rests on: RE2 syntax read as Go reads it,
``filepath.Clean``, ``strings.TrimSpace`` and ``filepath.Match``'s syntax check."""

from __future__ import annotations

import pytest

from dockeropt.context.gopath import clean, match_syntax_ok, trim_space
from dockeropt.context.goregex import GoRegexError, GoRegexUnsupported, compile_go, to_python


@pytest.mark.parametrize(
    ("go", "text", "matches"),
    [
        ("^a$", "a\n", False),  # Go's "$" is the end of the text; Python's would allow a final newline
        ("^a.*$", "ab\nc", False),  # "." does not match a newline in Go either
        ("^[^/]*$", "a\nb", True),  # a negated class does (ClassNL)
        ("^\\s$", "\v", False),  # Go's \s is [\t\n\f\r ]
        ("^[[:space:]]$", "\v", True),  # the POSIX class has \v
        ("^\\w+", "é", False),  # ASCII only
        ("^[]a]$", "]", True),  # a class may open with "]"
        ("^[^]a]$", "b", True),
        ("^[a-]$", "-", True),  # "-" before "]" is literal
        ("^\\Qa.b\\E$", "a.b", True),
        ("^\\Qa.b\\E$", "axb", False),
        ("^\\101$", "A", True),  # octal
        ("^\\x41\\x{42}$", "AB", True),
        ("^a\\z", "a", True),
        ("^[\\d_]$", "_", True),
        ("^[&&]$", "&", True),  # no set operations in Go: literal characters
        ("^[[a]$", "[", True),  # "[" without ":" is a literal inside a class
        ("^[[:alpha]$", ":", True),  # no closing ":]": "[" and the rest are literals
        ("^\\.$", ".", True),
        ("^a^b$", "a^b", False),  # a bare "^" is an anchor, as patternmatcher leaves it unescaped
    ],
)
def test_go_regex_semantics(go: str, text: str, matches: bool) -> None:
    assert compile_go(go).search(text) is matches


@pytest.mark.parametrize("go", ["\\y", "\\8", "\\1", "[b-a]", "[a", "[[:alpha:]", "[[:nope:]]", "\\C", "a\\"])
def test_expressions_go_rejects(go: str) -> None:
    with pytest.raises(GoRegexError):
        compile_go(go)


@pytest.mark.parametrize("go", ["\\pL", "[\\p{Greek}]", "[[:^alpha:]]"])
def test_expressions_not_supported_here(go: str) -> None:
    with pytest.raises(GoRegexUnsupported):
        to_python(go)


@pytest.mark.parametrize(
    ("path", "cleaned"),
    [
        ("", "."),
        (".", "."),
        ("a/b/", "a/b"),
        ("a//b", "a/b"),
        ("//a", "/a"),  # posixpath.normpath keeps "//"
        ("///a", "/a"),
        ("a/./b/..", "a"),
        ("a/../..", ".."),
        ("../a/..", ".."),
        ("/../a", "/a"),
        ("!../../a", "a"),  # why "!../../a" in a .dockerignore is not an exception
        ("./", "."),
    ],
)
def test_filepath_clean(path: str, cleaned: str) -> None:
    assert clean(path) == cleaned


def test_trim_space_is_go_s() -> None:
    assert trim_space("\u3000\x85 a \t\r\n") == "a"
    assert trim_space("\x1ca\x1f") == "\x1ca\x1f"  # Python's strip() would remove these


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        ("abc", True),
        ("*[*]", True),  # "*" inside a class is part of the class
        ("[a-z]*.go", True),
        ("[^a]", True),
        ("[z-a]", True),  # filepath.Match does not check the order of a range
        ("[", False),
        ("a[", False),
        ("[^", False),
        ("[^bc", False),
        ("[]a]", False),
        ("[-]", False),
        ("[x-]", False),
        ("[a-b-c]", False),
        ("\\", False),
        ("ok*\\", False),
        ("[\\]]", True),
        ("[a\\]", False),
    ],
)
def test_filepath_match_syntax(pattern: str, ok: bool) -> None:
    assert match_syntax_ok(pattern) is ok
