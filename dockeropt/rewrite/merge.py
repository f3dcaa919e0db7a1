"""Merging two consecutive RUN instructions into one without changing what they do.

Separate RUNs each start a fresh shell in the WORKDIR, with the ENV of the stage, and the build
fails when either one's final status is non-zero. The merged ``A && B`` keeps that when:

- both are shell-form RUNs of one stage with the same flags, nothing but comments between them,
  no heredocs, no shell comments, and both parse cleanly;
- A leaves no shell state behind that B could see: a top-level ``cd``, ``export``, ``set``,
  variable assignment, function, ``umask``, ``exit`` … otherwise A runs in a subshell: ``( A )``;
- B is a plain ``&&`` chain; a top-level ``;``, ``||``, newline or ``&`` in B would run part of B
  after A failed, so B is then grouped: ``( B )``.
"""

from __future__ import annotations

from dockeropt.api.finding import Edit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.facts import Facts
    from dockeropt.shell.model import Script
    from dockeropt.syntax.nodes import Instruction

_STATEFUL = frozenset(
    {
        "cd",
        "pushd",
        "popd",
        "export",
        "set",
        "unset",
        "declare",
        "typeset",
        "local",
        "readonly",
        "umask",
        "ulimit",
        "trap",
        "alias",
        "unalias",
        "shopt",
        "source",
        ".",
        "exec",
        "exit",
        "return",
        "hash",
        "enable",
    }
)


def _leaves_state(script: Script) -> bool:
    for cmd in script.commands:
        if cmd.in_subshell or cmd.in_substitution:
            continue
        if cmd.name in _STATEFUL:
            return True
    if script.exports or script.set_options:
        return True
    # a bare `NAME=value` statement, or a function definition, is state too
    text = script.source
    return "()" in text or any(not c.argv for c in script.commands) or _has_bare_assignment(text)


def _has_bare_assignment(text: str) -> bool:
    import re

    return re.search(r"(^|&&|\|\||;)\s*[A-Za-z_][A-Za-z0-9_]*=[^\s]*\s*($|&&|\|\||;)", text) is not None


def _plain_and_chain(script: Script) -> bool:
    """Only ``&&`` (and pipes) at the top level: B cannot run a part after another failed."""
    for c in script.commands:
        if c.in_subshell or c.in_substitution:
            continue
        if c.connector not in ("", "&&", "|") or c.in_condition:
            return False
    return True


def mergeable(ctx: Facts, a: Instruction, b: Instruction) -> bool:
    """Whether ``a`` and ``b`` can become one RUN (see the module docs)."""
    from dockeropt.api.edits import can_append

    if a.name != "RUN" or b.name != "RUN" or a.json or b.json or a.heredocs or b.heredocs:
        return False
    if [f.raw for f in a.flags] != [f.raw for f in b.flags]:
        return False
    if ctx.graph.stage(a) is not ctx.graph.stage(b) or b.index != a.index + 1:
        return False
    sa, sb = ctx.run_scripts(a), ctx.run_scripts(b)
    if len(sa) != 1 or len(sb) != 1 or not can_append(sa[0]) or not can_append(sb[0]):
        return False
    return not sa[0].script.has_errors and not sb[0].script.has_errors


def merge_edits(ctx: Facts, a: Instruction, b: Instruction) -> list[Edit]:
    """The edits that turn ``a`` and ``b`` into ``RUN <flags> A \\ && B`` (comments between are kept)."""

    text = a.tree.text
    escape = a.tree.escape
    sa = ctx.run_scripts(a)[0].script
    sb = ctx.run_scripts(b)[0].script
    a_rest = a.rest_span
    b_rest = b.rest_span
    assert a_rest is not None and b_rest is not None
    edits: list[Edit] = []
    wrap_a = _leaves_state(sa)
    wrap_b = not _plain_and_chain(sb)
    if wrap_a:
        edits.append(Edit(a_rest.start, a_rest.start, "( "))
        edits.append(Edit(a_rest.end, a_rest.end, " )"))
    between = text[a.end : b.start]
    comments = "".join(line for line in between.splitlines(keepends=True) if line.strip().startswith("#"))
    eol = "\r\n" if text[a.end - 2 : a.end] == "\r\n" else "\n"
    joint = f" {escape}{eol}{comments}    && {'( ' if wrap_b else ''}"
    edits.append(Edit(a_rest.end, b_rest.start, joint))
    if wrap_b:
        edits.append(Edit(b_rest.end, b_rest.end, " )"))
    return edits
