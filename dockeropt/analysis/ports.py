"""EXPOSE port specs as BuildKit splits them (``convert_expose.go``)."""

from __future__ import annotations

from dockeropt.syntax.shlex import Lexer, ShellLexError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from dockeropt.analysis.facts import Facts
    from dockeropt.syntax.nodes import Arg, Instruction


class PortSpec:
    """``[ip:][host:]container[/proto]`` with the offset of each part inside the written word."""

    __slots__ = ("container", "container_offset", "host", "ip", "proto", "proto_offset", "raw")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        parts = raw.split(":")
        if len(parts) == 1:
            self.ip, self.host, rest = "", "", parts[0]
        elif len(parts) == 2:
            self.ip, self.host, rest = "", parts[0], parts[1]
        else:
            self.ip, self.host, rest = ":".join(parts[:-2]), parts[-2], parts[-1]
        self.container_offset = len(raw) - len(rest)
        container, slash, proto = rest.partition("/")
        self.container = container
        self.proto = proto if slash else ""
        self.proto_offset = self.container_offset + len(container) + 1 if slash else -1


def port_number_error(text: str) -> str | None:
    """Why BuildKit rejects ``text`` as a port or ``start-end`` range (``parsePortRange``), or None."""
    if not text:
        return "empty port"
    start, dash, end = text.partition("-")
    first = _port_number(start)
    if isinstance(first, str):
        return first
    if not dash or start == end:
        return None
    last = _port_number(end)
    if isinstance(last, str):
        return last
    return f"range {text} ends before it starts" if last < first else None


def _port_number(text: str) -> int | str:
    """Go's ``strconv.ParseInt(text, 10, 0)`` limited to 0-65535: the number, or what is wrong."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or not digits.isascii() or not digits.isdigit():
        return f"'{text}' is not a number" if text else "empty port"
    value = -int(digits) if text[0] == "-" else int(digits)
    if not 0 <= value <= 65535:
        return f"{text} is outside 0-65535"
    return value


def expose_specs(ctx: Facts, inst: Instruction) -> Iterator[tuple[Arg, PortSpec, bool]]:
    """Each port spec of an EXPOSE with the argument it comes from; the flag says it was written
    literally (no variables), so offsets inside the argument are meaningful."""
    lexer: Lexer | None = None
    for arg in inst.args:
        if "$" not in arg.value:
            if '"' not in arg.value and "'" not in arg.value and ctx.dockerfile.escape not in arg.value:
                yield arg, PortSpec(arg.value), True
            continue
        lexer = lexer or Lexer(ctx.dockerfile.escape)
        try:
            words = lexer.process_words(arg.value, ctx.graph.state(inst).variables())
        except ShellLexError:
            continue
        if lexer.unmatched:
            continue  # the value comes from the build: nothing to judge here
        for word in words:
            yield arg, PortSpec(word), False
