"""Quote removal, offsets and brace expansion, as the shell does them."""

from __future__ import annotations

import pytest

from dockeropt.shell.words import Word, expand_braces, map_offset, unquote


@pytest.mark.parametrize(
    ("raw", "text", "literal"),
    [
        ("plain", "plain", True),
        ("'single $X \"q\"'", 'single $X "q"', True),
        ('"dq \\"in\\" \\\\ \\$HOME \\x"', 'dq "in" \\ $HOME \\x', True),
        ('"torch==${TORCH_VERSION}"', "torch==${TORCH_VERSION}", False),
        ("a'b'\"c\"d", "abcd", True),
        ("x\\ y", "x y", True),
        ("$'a\\tb\\x41\\101'", "a\tbAA", True),
        ("$HOME/bin", "$HOME/bin", False),
        ('"$(echo "nested")"', '$(echo "nested")', False),
        ("`date`", "`date`", False),
        ("price$", "price$", True),
        ("/var/{a,b}/*", "/var/{a,b}/*", True),
        ("'unterminated", "unterminated", True),
        ('"line\\\ncontinued"', "linecontinued", True),
    ],
)
def test_unquote(raw: str, text: str, literal: bool) -> None:
    assert unquote(raw) == (text, literal)


def test_unquote_records_where_each_character_came_from() -> None:
    raw = '\'ab\'"c\\"d"'
    positions: list[int] = []
    text, _ = unquote(raw, 10, positions)
    assert text == 'abc"d'
    assert positions == [11, 12, 15, 17, 18]
    assert [raw[p - 10] for p in positions] == list(text)


def test_map_offset_with_a_shift_and_with_positions() -> None:
    assert map_offset(5, 3) == 8
    positions = [11, 12, 15, 17, 18]
    assert map_offset(positions, 0) == 11
    assert map_offset(positions, 2) == 15
    assert map_offset(positions, 5, end=True) == 19
    assert map_offset(positions, 2, end=True) == 13


def test_word_keeps_both_forms_and_aliases_literal() -> None:
    w = Word("a b", "'a b'", 4, 9, True)
    assert (w.text, w.raw, w.start, w.end, w.is_literal, w.literal) == ("a b", "'a b'", 4, 9, True, True)
    moved = w.shifted(100)
    assert (moved.start, moved.end, moved.text) == (104, 109, "a b")


@pytest.mark.parametrize(
    ("word", "expanded"),
    [
        ("/var/cache/{apt,debconf}/*", ["/var/cache/apt/*", "/var/cache/debconf/*"]),
        ("/x/{a,b{1,2}}/y", ["/x/a/y", "/x/b1/y", "/x/b2/y"]),
        ("{a,b}{c,d}", ["ac", "ad", "bc", "bd"]),
        ("/no/braces", ["/no/braces"]),
        ("/lone/{brace}", ["/lone/{brace}"]),
        ("/seq/{1..3}", ["/seq/{1..3}"]),
    ],
)
def test_expand_braces(word: str, expanded: list[str]) -> None:
    assert expand_braces(word) == expanded


def test_expand_braces_gives_up_past_the_limit() -> None:
    word = "{a,b}" * 10  # 1024 words
    assert expand_braces(word, limit=100) == [word]
