"""What BuildKit rejects after parsing (``frontend/dockerfile/instructions/parse.go``, dispatch).

The parser accepts these files; ``docker build`` then fails. Each problem comes with the span
to underline.
"""

from __future__ import annotations

from dockeropt.lazyre import lazy_compile
from dockeropt.syntax.parser import SPLITTERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.graph.model import Graph
    from dockeropt.syntax.nodes import Instruction
    from dockeropt.syntax.span import Span

VALID_STAGE_NAME = lazy_compile(r"[a-z][a-z0-9\-_.]*\Z")
# Flags each instruction accepts (others: "unknown flag").
ALLOWED_FLAGS: dict[str, frozenset[str]] = {
    "FROM": frozenset({"platform"}),
    "RUN": frozenset({"mount", "network", "security", "device"}),
    "COPY": frozenset({"from", "chown", "chmod", "link", "parents", "exclude"}),
    "ADD": frozenset({"chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"}),
    "HEALTHCHECK": frozenset({"interval", "timeout", "start-period", "start-interval", "retries"}),
}
AT_LEAST_ONE = ("ENV", "LABEL", "EXPOSE", "VOLUME", "ARG", "SHELL", "ONBUILD", "HEALTHCHECK")
EXACTLY_ONE = ("MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL")
ONBUILD_FORBIDDEN = ("ONBUILD", "FROM", "MAINTAINER")


def build_errors(graph: Graph) -> list[tuple[str, Span]]:
    out: list[tuple[str, Span]] = []
    seen_from = False
    for inst in graph.tree.instructions:
        problem = _check_instruction(inst)
        if problem:
            out.append(problem)
            continue
        if inst.name == "FROM":
            seen_from = True
        elif inst.name != "ARG" and not seen_from:
            out.append((f"{inst.cmd} before the first FROM: only ARG may come before FROM", inst.keyword_span))
    return out


def _check_instruction(inst: Instruction) -> tuple[str, Span] | None:
    name = inst.name
    if name not in SPLITTERS:
        if not inst.cmd:  # BuildKit's words for it; it names nothing, so say what is there
            escape = inst.tree.escape
            return (
                f"unknown instruction: none, only a line continuation ('{escape}') with no instruction before it",
                inst.span,
            )
        return f"unknown instruction: {inst.cmd}", inst.keyword_span
    target = inst.effective
    allowed = ALLOWED_FLAGS.get(target.name, frozenset())
    for flag in target.flags:
        if flag.name not in allowed:
            return f"unknown flag: {flag.name}", flag.span
    n = len(inst.args)
    if name == "FROM":
        if n not in (1, 3) or (n == 3 and inst.args[1].value.lower() != "as"):
            return "FROM requires either one or three arguments", inst.span
        if n == 3 and not VALID_STAGE_NAME.match(inst.args[2].value.lower()):
            value = inst.args[2].value
            return (
                f"invalid name for build stage: {value!r}, name can't start with a number or contain symbols",
                inst.args[2].span,
            )
    elif name in AT_LEAST_ONE and n == 0:
        return f"{name} requires at least one argument", inst.span
    elif name in EXACTLY_ONE and n != 1:
        return f"{name} requires exactly one argument", inst.span
    elif name in ("COPY", "ADD") and n < 2 and not (inst.heredocs and n >= 1):
        return (
            f"{name} requires at least two arguments, but only one was provided. Destination could not be determined",
            inst.span,
        )
    if name == "ONBUILD" and inst.sub is not None:
        if inst.sub.name in ONBUILD_FORBIDDEN:
            if inst.sub.name == "ONBUILD":
                return "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", inst.span
            return f"{inst.sub.name} isn't allowed as an ONBUILD trigger", inst.span
        if inst.sub.name not in SPLITTERS:
            return f"unknown instruction: {inst.sub.cmd}", inst.sub.keyword_span
    if name == "HEALTHCHECK" and n:
        typ = inst.args[0].value.upper()
        if typ == "NONE" and n > 1:
            return "HEALTHCHECK NONE takes no arguments", inst.span
        if typ == "CMD" and n == 1:
            return "Missing command after HEALTHCHECK CMD", inst.span
        if typ not in ("NONE", "CMD"):
            return f'Unknown type "{inst.args[0].value}" in HEALTHCHECK (try CMD)', inst.args[0].span
    if name == "SHELL" and n and not inst.json:
        return "SHELL requires the arguments to be in JSON form", inst.span
    return None
