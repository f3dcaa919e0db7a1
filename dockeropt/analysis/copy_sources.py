"""COPY/ADD operands and ``--from`` references ."""

from __future__ import annotations

from dockeropt.graph.model import parse_mount

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from dockeropt.syntax.nodes import Arg, Flag, Instruction


def copy_operands(inst: Instruction) -> tuple[list[Arg], Arg] | None:
    """The sources (heredocs included) and the destination of a COPY/ADD, or None when malformed."""
    if inst.name not in ("COPY", "ADD") or len(inst.args) < 2:
        return None
    return inst.args[:-1], inst.args[-1]


# COPY/ADD sources that name the whole build context
WHOLE_CONTEXT = frozenset({".", "./", "*", "./*"})


def copies_whole_context(inst: Instruction) -> bool:
    """A COPY/ADD (not ``--from``) of the whole build context: ``COPY . .``, ``ADD ./* /app/``."""
    if inst.name not in ("COPY", "ADD") or inst.flag("from") is not None or len(inst.args) < 2:
        return False
    return any(a.value in WHOLE_CONTEXT for a in inst.args[:-1])


def from_references(inst: Instruction) -> Iterator[tuple[str, Flag]]:
    """``COPY --from=X`` and ``RUN --mount=…,from=X``: each referenced stage or image with its flag."""
    if inst.name == "COPY":
        flag = inst.flag("from")
        if flag is not None and flag.value:
            yield flag.value, flag
    elif inst.name == "RUN":
        for flag in inst.flags:
            if flag.name == "mount" and flag.value:
                source = parse_mount(flag.value).get("from")
                if source:
                    yield source, flag
