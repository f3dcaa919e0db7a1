"""The lexer remembers what words without ``$`` lex to: the same as lexing them afresh."""

from __future__ import annotations

import pytest

from dockeropt.syntax import shlex
from dockeropt.syntax.shlex import Lexer, ShellLexError

WORDS = [
    "plain",
    "two words",
    '"a quoted word"',
    "'single quoted'",
    "a\\ b",
    "a`b c",
    "C:\\path\\to",
    "x=1 y='2 3'",
    "<<EOF",
    "",
]
OPTIONS: list[dict[str, object]] = [
    {},
    {"escape": "`"},
    {"raw_quotes": True},
    {"raw_escapes": True},
    {"skip_process_quotes": True},
]


def lexed(options: dict[str, object], word: str) -> tuple[str, list[str]]:
    lexer = Lexer(**options)  # type: ignore[arg-type]
    return lexer.process_word(word, {}), lexer.process_words(word, {})


def test_a_remembered_word_lexes_as_a_fresh_one_under_every_option() -> None:
    fresh = {}
    for i, options in enumerate(OPTIONS):
        for word in WORDS:
            shlex._NO_DOLLAR.clear()
            fresh[i, word] = lexed(options, word)
    shlex._NO_DOLLAR.clear()
    for _ in range(2):  # the second round comes from memory, every option set mixed with the others
        for i, options in enumerate(OPTIONS):
            for word in WORDS:
                assert lexed(options, word) == fresh[i, word], (options, word)
    assert len(shlex._NO_DOLLAR) == len(fresh)
    assert fresh[0, '"a quoted word"'] == ("a quoted word", ["a quoted word"])
    assert fresh[1, "a`b c"] == ("ab c", ["ab", "c"])


def test_a_remembered_word_leaves_no_variables_of_an_earlier_word() -> None:
    lexer = Lexer()
    assert lexer.process_word("${A}/${B}", {"A": "x"}) == "x/"
    assert (lexer.matched, lexer.unmatched) == ({"A"}, {"B"})
    lexer.process_word("plain", {})
    lexer.process_word("plain", {})
    assert (lexer.matched, lexer.unmatched) == (set(), set())


def test_words_with_a_variable_follow_the_variables() -> None:
    lexer = Lexer()
    assert lexer.process_word("${A}-x", {"A": "1"}) == "1-x"
    assert lexer.process_word("${A}-x", {"A": "2"}) == "2-x"
    assert lexer.process_words("$A b", {"A": "1 2"}) == ["1", "2", "b"]


def test_what_is_remembered_cannot_be_changed_by_a_caller() -> None:
    Lexer().process_words("a b", {}).append("c")
    assert Lexer().process_words("a b", {}) == ["a", "b"]


def test_a_word_that_does_not_lex_raises_every_time() -> None:
    for _ in range(2):
        with pytest.raises(ShellLexError, match="matching double-quote"):
            Lexer().process_word('"abc', {})


def test_the_memory_is_bounded() -> None:
    shlex._NO_DOLLAR.clear()
    for n in range(shlex._NO_DOLLAR_MAX + 10):
        Lexer().process_word(f"w{n}", {})
    assert len(shlex._NO_DOLLAR) <= shlex._NO_DOLLAR_MAX
