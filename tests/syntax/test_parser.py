"""Positions, directives, and the cases where we follow current BuildKit rather than the oracle."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.syntax.nodes import ParseError
from dockeropt.syntax.parser import parse


def test_columns_of_keyword_flags_and_arguments() -> None:
    tree = parse("FROM a\n  COPY --from=build --chown=1:1 src/ /dst/\n")
    inst = tree.instructions[1]
    assert (inst.keyword_span.start_line, inst.keyword_span.start_col, inst.keyword_span.end_col) == (2, 3, 7)
    assert [(f.raw, f.span.start_col, f.span.end_col) for f in inst.flags] == [
        ("--from=build", 8, 20),
        ("--chown=1:1", 21, 32),
    ]
    assert [(a.value, a.span.start_col, a.span.end_col) for a in inst.args] == [("src/", 33, 37), ("/dst/", 38, 43)]


def test_argument_positions_across_continuation_lines() -> None:
    text = "FROM a\nRUN apt-get update \\\n    # keep going\n    && apt-get install -y curl\n"
    inst = parse(text).instructions[1]
    assert inst.original == "RUN apt-get update     && apt-get install -y curl"
    assert inst.comment_lines == [3]
    # "&&" sits on line 4, column 5
    logical = inst.original.index("&&")
    span = inst.logical_span(logical, logical + 2)
    assert (span.start_line, span.start_col, span.end_line, span.end_col) == (4, 5, 4, 7)
    assert text[span.start : span.end] == "&&"


def test_env_pairs_keep_quotes_like_buildkit() -> None:
    inst = parse('FROM a\nENV A=1 B="two words" C=a\\ b\n').instructions[1]
    assert inst.value == ("A", "1", "B", '"two words"', "C", "a\\ b")
    assert [(p.key, p.value, p.legacy) for p in inst.pairs] == [
        ("A", "1", False),
        ("B", '"two words"', False),
        ("C", "a\\ b", False),
    ]
    legacy = parse("FROM a\nENV NAME value with spaces\n").instructions[1]
    assert [(p.key, p.value, p.legacy) for p in legacy.pairs] == [("NAME", "value with spaces", True)]


def test_heredoc_bodies_and_positions() -> None:
    text = "FROM a\nRUN <<-EOF bash\n\techo $HOME\n\tEOF\nCOPY <<'CONF' /etc/x\nkey=$V\nCONF\n"
    tree = parse(text)
    run, copy = tree.instructions[1], tree.instructions[2]
    assert [(h.name, h.chomp, h.expand, h.content) for h in run.heredocs] == [("EOF", True, True, "\techo $HOME\n")]
    assert (run.start_line, run.end_line) == (2, 4)
    assert [(h.name, h.expand, h.content) for h in copy.heredocs] == [("CONF", False, "key=$V\n")]
    body = copy.heredocs[0].body_span
    assert (body.start_line, body.end_line) == (6, 7)


def test_backtick_escape_directive_changes_continuations() -> None:
    tree = parse("# escape=`\nFROM a\nRUN echo \\ `\n  done\n")
    assert tree.escape == "`"
    assert tree.instructions[1].original == "RUN echo \\   done"


def test_directives_only_at_the_top() -> None:
    tree = parse("# syntax=docker/dockerfile:1\n\n# escape=`\nFROM a\n")
    assert [d.key for d in tree.directives] == ["syntax"]
    assert tree.escape == "\\"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "file with no instructions", 1),
        ("# only a comment\n\n", "file with no instructions", 2),
        ("FROM a\nRUN <<EOF\necho\n", "unterminated heredoc", 2),
        ("# escape=x\nFROM a\n", "invalid escape token 'x' does not match ` or \\", 1),
        ("# syntax=a\n# syntax=b\nFROM a\n", "only one syntax parser directive can be used", 2),
        ("FROM a\nCMD [1, 2]\n", "when using JSON array syntax, arrays must be comprised of strings only", 2),
        ("FROM a\nENV ONLYKEY\n", "ENV must have two arguments", 2),
        ("FROM a\nRUN " + "x" * 70000 + "\n", "dockerfile line greater than max allowed size of 65535", 2),
    ],
)
def test_parse_errors_like_buildkit(text: str, message: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.message == message
    assert info.value.line == line


# The oracle wraps BuildKit v0.12.5; these pin where current BuildKit (which we follow) differs.


def test_json_array_followed_by_text_is_shell_form_as_in_current_buildkit() -> None:
    # BuildKit commit 80518e257 (0.15): json.Unmarshal on the whole remainder
    inst = parse('FROM a\nCMD ["a"] extra\n').instructions[1]
    assert not inst.json
    assert inst.value == ('["a"] extra',)


def test_heredoc_marker_with_space_as_in_current_buildkit() -> None:
    # lex.go processPossibleHeredoc keeps "<< " together with the word that follows
    inst = parse("FROM a\nRUN cat << EOF\nhello\nEOF\n").instructions[1]
    assert [(h.name, h.content) for h in inst.heredocs] == [("EOF", "hello\n")]


def test_check_directive_is_a_directive() -> None:
    tree = parse("# check=skip=all\n# escape=`\nFROM a\n")
    assert [(d.key, d.value) for d in tree.directives] == [("check", "skip=all"), ("escape", "`")]


def test_crlf_and_bom_are_kept() -> None:
    text = "\ufeffFROM a\r\nRUN echo \\\r\n  hi\r\n"
    tree = parse(text)
    assert tree.render() == text
    assert tree.has_bom and tree.uses_crlf
    assert tree.instructions[1].value == ("echo   hi",)


def test_unknown_instruction_parses_but_is_marked() -> None:
    inst = parse("FROM a\nFRM b\n").instructions[1]
    assert not inst.known
    assert inst.value == ("",)


def test_nested_onbuild_has_no_json_flag_like_buildkit() -> None:
    # found by the oracle test: BuildKit's ONBUILD node carries no JSON flag of its own
    single, nested = parse('FROM a\nONBUILD RUN ["a", "b"]\nONBUILD ONBUILD RUN ["a", "b"]\n').instructions[1:]
    assert (single.json, single.sub is not None and single.sub.json) == (True, True)
    assert nested.sub is not None and nested.sub.name == "ONBUILD"
    assert (nested.json, nested.sub.json) == (False, True)


# The exec form's plain path must read every body as json.loads does (and hand json everything else).
_JSON_PIECES = ["[", "]", '"', ",", " ", "\t", "\n", "\r", "\\", '\\"', "a", "/bin/sh", "-c", "é", "\x01", "1", "{}"]


@given(st.lists(st.sampled_from(_JSON_PIECES), max_size=14).map(lambda parts: "[" + "".join(parts)))
@settings(max_examples=800, deadline=None)
def test_plain_exec_form_reads_like_json(body: str) -> None:
    from dockeropt.syntax.parser import _json_string_spans, _plain_string_array

    plain = _plain_string_array(body)
    if plain is None:
        return
    assert json.loads(body) == plain[0]
    assert _json_string_spans(body, len(plain[0])) == plain[1]


@pytest.mark.parametrize(
    ("body", "read"),
    [
        ('["/app"]', ["/app"]),
        ('[ "sh", "-c" ,"x y" ]  ', ["sh", "-c", "x y"]),
        ("[]", []),
        ('["a"] b', None),  # text after the array: BuildKit's shell form
        ('["a\\"b"]', None),  # an escape: json decides
        ('["a",]', None),
        ('["a" "b"]', None),
        ("[1]", None),
    ],
)
def test_plain_exec_form_cases(body: str, read: list[str] | None) -> None:
    from dockeropt.syntax.parser import _plain_string_array

    plain = _plain_string_array(body)
    assert (plain[0] if plain is not None else None) == read
