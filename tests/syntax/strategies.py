"""Hypothesis strategies that write Dockerfiles with the constructs BuildKit's parser cares about.

The texts mix directives, comments, blank lines, every instruction in random case, flags,
quotes and escapes, variables, JSON and shell forms (valid and broken JSON), continuations
with comment and empty lines inside, heredocs (several per instruction, ``<<-``, quoted
delimiters), CRLF endings, leading whitespace and a BOM.

Three forms are left out on purpose because the oracle (PyPI ``dockerfile`` 3.4.0 wraps BuildKit
v0.12.5) reads them differently from current BuildKit, which we follow: a JSON array followed
by more text (BuildKit 0.15+ falls back to shell form, commit 80518e257), and ``<< EOF`` with a
space after ``<<`` (current BuildKit reads a heredoc), and a ``# check=`` directive before
another directive or repeated (v0.12.5 did not know ``check``). tests/syntax/test_parser.py
pins our behaviour on these.
"""

from __future__ import annotations

from hypothesis import strategies as st

KEYWORDS = [
    "FROM",
    "RUN",
    "CMD",
    "ENTRYPOINT",
    "ENV",
    "LABEL",
    "ARG",
    "COPY",
    "ADD",
    "EXPOSE",
    "WORKDIR",
    "USER",
    "VOLUME",
    "SHELL",
    "HEALTHCHECK",
    "ONBUILD",
    "STOPSIGNAL",
    "MAINTAINER",
    "FRM",
]

WORDS = st.sampled_from(
    [
        "a",
        "app",
        "/usr/local/bin",
        "python:3.12-slim",
        "AS",
        "as",
        "build",
        "echo",
        "hello",
        "&&",
        "||",
        "|",
        ";",
        "$HOME",
        "${VAR}",
        "${VAR:-default}",
        "${VAR:+alt}",
        "\\$LITERAL",
        '"quoted words"',
        "'single quoted'",
        '"esc\\"aped"',
        "key=value",
        'k="v w"',
        "k='v w'",
        "x=1",
        "=",
        "8080/tcp",
        "--flag",
        "-y",
        "#not-a-comment",
        "[",
        "]",
        '["a"]',
        "é",
        "日本",
        "\\",
        "`",
        "tab\there",
        "<",
        "<<",
        "2>&1",
        ">",
        "",
    ]
)

FLAGS = st.sampled_from(
    [
        "--from=build",
        "--chown=1000:1000",
        "--chmod=0755",
        "--link",
        "--mount=type=cache,target=/root/.cache",
        '--mount="type=bind,source=a b,target=/x"',
        "--network=none",
        "--platform=$BUILDPLATFORM",
        "--interval=5s",
        "--",
        "--x=",
        "--quoted='a b'",
        "--esc=a\\ b",
    ]
)

JSON_ARGS = st.sampled_from(
    [
        '["a", "b"]',
        '["/bin/sh", "-c", "echo hi"]',
        "[]",
        '[ "spaced" , "out" ]',
        "['single']",
        '["trailing",]',
        '["unterminated"',
        '{"obj": 1}',
        '["esc\\"quote", "\\u00e9"]',
        '["tab\\t", "nl\\n"]',
        "[1, 2]",
        '["a", null]',
        "[NaN]",
        '"just a string"',
    ]
)

HEREDOC_NAMES = st.sampled_from(["EOF", "END", "A", "B", "SCRIPT"])


@st.composite
def heredoc_instruction(draw: st.DrawFn, eol: str) -> str:
    kw = draw(st.sampled_from(["RUN", "run", "COPY", "ADD", "ONBUILD RUN", "RUN --mount=type=cache,target=/x"]))
    count = draw(st.integers(1, 3))
    names = draw(st.lists(HEREDOC_NAMES, min_size=count, max_size=count, unique=True))
    markers = []
    bodies = []
    for name in names:
        chomp = draw(st.booleans())
        quote = draw(st.sampled_from(["", "'", '"']))
        fd = draw(st.sampled_from(["", "", "2"])) if kw.upper().startswith("RUN") else ""
        markers.append(f"{fd}<<{'-' if chomp else ''}{quote}{name}{quote}")
        lines = draw(
            st.lists(st.sampled_from(["echo hi", "\tindented", "  spaced", "$VAR", "", "#comment", "EOFX"]), max_size=3)
        )
        terminator = ("\t" if chomp and draw(st.booleans()) else "") + name
        bodies.append("".join(line + eol for line in lines) + terminator + eol)
    rest = draw(st.sampled_from(["", " cat", " /dst", " > /tmp/out", " | sh"]))
    return f"{kw} {' '.join(markers)}{rest}{eol}" + "".join(bodies)


@st.composite
def argument_text(draw: st.DrawFn, escape: str, allow_json: bool = True) -> str:
    if allow_json and draw(st.integers(0, 5)) == 0:
        return draw(JSON_ARGS)
    words = draw(st.lists(WORDS, min_size=0, max_size=6))
    text = " ".join(words)
    if escape == "`":
        text = text.replace("\\", "`")
    return text


@st.composite
def instruction(draw: st.DrawFn, escape: str, eol: str) -> str:
    if draw(st.integers(0, 7)) == 0:
        return draw(heredoc_instruction(eol))
    kw = draw(st.sampled_from(KEYWORDS))
    kw = draw(st.sampled_from([kw, kw.lower(), kw.capitalize()]))
    if kw.upper() == "ONBUILD":
        kw += " " + draw(st.sampled_from(["RUN", "COPY", "CMD", "ENV", "ONBUILD", "FROM"]))
    lead = draw(st.sampled_from(["", "", "  ", "\t"]))
    flags = draw(st.lists(FLAGS, max_size=2)) if draw(st.booleans()) else []
    if escape == "`":
        flags = [f for f in flags if "\\" not in f and "`" not in f]
    parts = [lead + kw, *flags]
    pieces = [" ".join(parts)]
    arg = draw(argument_text(escape))
    if arg:
        pieces.append(" " + arg)
    segments = 0 if arg.startswith("[") else draw(st.integers(0, 3))
    for _ in range(segments):
        trailing = draw(st.sampled_from(["", " ", "\t", "  "]))
        pieces.append(" " + escape + trailing + eol)
        for _ in range(draw(st.integers(0, 2))):
            pieces.append(draw(st.sampled_from(["# inner comment", "   # indented comment", "", "   "])) + eol)
        pieces.append(draw(st.sampled_from(["    ", "", "\t"])) + draw(argument_text(escape, allow_json=False)))
    text = "".join(pieces)
    if "<<" in text:
        text = text.replace("<<", "<")  # heredocs come from heredoc_instruction only
    return text + eol


@st.composite
def dockerfile_text(draw: st.DrawFn) -> str:
    eol = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    escape = draw(st.sampled_from(["\\", "\\", "`"]))
    out = []
    if draw(st.integers(0, 9)) == 0:
        out.append("\ufeff")
    directives = []
    if draw(st.booleans()):
        directives.append(draw(st.sampled_from(["# syntax=docker/dockerfile:1", "#syntax = docker/dockerfile:1.7"])))
    if escape == "`" or draw(st.integers(0, 4)) == 0:
        directives.append(draw(st.sampled_from([f"# escape={escape}", f"#ESCAPE = {escape}", f"# escape={escape}  "])))
    if draw(st.integers(0, 9)) == 0:
        directives.insert(0, draw(st.sampled_from(["# plain comment", "", "# foo=bar"])))
    if draw(st.integers(0, 19)) == 0 and directives:
        directives.append(directives[-1])  # a repeated directive is an error
    order = draw(st.permutations(directives)) if draw(st.integers(0, 5)) == 0 else directives
    if draw(st.integers(0, 4)) == 0:
        # last: BuildKit v0.12.5 (the oracle) did not know `check` and ended the directives there
        order = [*order, draw(st.sampled_from(["# check=skip=JSONArgsRecommended", "# check=error=true"]))]
    out.extend(d + eol for d in order)
    out.append("FROM base" + eol)
    for _ in range(draw(st.integers(0, 8))):
        choice = draw(st.integers(0, 9))
        if choice == 0:
            out.append(eol)
        elif choice == 1:
            out.append(draw(st.sampled_from(["# comment", "  # indented comment", "#"])) + eol)
        else:
            out.append(draw(instruction(escape, eol)))
    text = "".join(out)
    if draw(st.integers(0, 5)) == 0:
        text = text.rstrip("\r\n")  # no newline at the end of the file
    return text
