"""The shell scripts a RUN instruction executes, analysed once per instruction, with file positions.

- shell form: the joined command line (``RUN apt-get update && …``);
- a heredoc that *is* the script (``RUN <<EOF`` … ``EOF``) or that is fed to a shell
  (``RUN bash <<EOF``, ``RUN <<EOF sh``); a heredoc fed to another program (``python3 <<EOF``)
  is data, not shell;
- exec form ``["/bin/sh", "-c", "…"]``.
Under a PowerShell or cmd ``SHELL`` nothing is analysed.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from dockeropt.analysis.facts import Facts
    from dockeropt.graph.model import Graph
    from dockeropt.shell.model import Command, Script
    from dockeropt.syntax.nodes import Instruction
    from dockeropt.syntax.span import Span


class RunScript:
    """One analysed script of a RUN, and how to find its pieces in the Dockerfile."""

    __slots__ = ("_to_file", "inst", "kind", "script")

    def __init__(self, inst: Instruction, script: Script, kind: str, to_file: Callable[[int], int]) -> None:
        self.inst = inst
        self.script = script
        self.kind = kind  # "shell" | "heredoc" | "exec"
        self._to_file = to_file

    def span(self, start: int, end: int) -> Span:
        """The file span of ``script.source[start:end]``."""
        s = self._to_file(start)
        e = self._to_file(end - 1) + 1 if end > start else s
        return self.inst.tree.index.span(s, e)

    def command_span(self, cmd: Command) -> Span:
        return self.span(cmd.start, cmd.end)

    def file_offset(self, offset: int) -> int:
        return self._to_file(offset)


def _shell_is_posix(argv: tuple[str, ...] | list[str]) -> bool:
    from dockeropt.shell.parse import POSIX_SHELLS

    return bool(argv) and argv[0].rsplit("/", 1)[-1] in POSIX_SHELLS


def scripts_of(graph: Graph, inst: Instruction) -> list[RunScript]:
    """The analysed scripts of ``inst`` (a RUN, or ONBUILD RUN); rules get them, cached for the
    check, from ``ctx.run_scripts(inst)``."""
    target = inst.effective
    if target.name != "RUN":
        return []
    # (imported here: a file without RUN needs no shell analysis, nor tree-sitter)
    from dockeropt.shell.parse import POSIX_SHELLS, analyze, shell_supported

    shell = graph.state(inst).shell
    if not shell_supported(shell):
        return []
    out: list[RunScript] = []
    if target.json:
        argv = [a.value for a in target.args]
        if len(argv) >= 3 and _shell_is_posix(argv) and argv[1].startswith("-") and "c" in argv[1]:
            arg = target.args[2]
            base = arg.span.start + 1  # after the opening quote; escapes may shift later offsets
            out.append(RunScript(inst, analyze(argv[2], argv[:2]), "exec", _shifted(base)))
        return out
    rest = target.rest
    offset0 = target._rest_offset
    line_script = analyze(rest, shell)
    out.append(RunScript(inst, line_script, "shell", _logical(target, offset0)))
    if not target.heredocs:
        return out
    # The command line without its heredoc markers tells how each body is used.
    words = rest.split()
    markers = [w for w in words if "<<" in w]
    others = [w for w in words if "<<" not in w]
    body_is_script = not others or (others and others[0].rsplit("/", 1)[-1] in POSIX_SHELLS)
    if not body_is_script:
        receivers = {c.name for c in line_script.commands}
        body_is_script = bool(receivers & POSIX_SHELLS)
    if not body_is_script or not markers:
        return out
    first = target.heredocs[0]
    content = first.content
    if content.startswith("#!"):
        interpreter = content[2:].split("\n", 1)[0].strip().split()
        prog = interpreter[-1] if interpreter and interpreter[0].endswith("env") else (interpreter or [""])[0]
        if prog.rsplit("/", 1)[-1] not in POSIX_SHELLS:
            return out
    # (<<- strips leading tabs at run time; analysing the raw body keeps offsets exact)
    out.append(RunScript(inst, analyze(content, shell), "heredoc", _shifted(first.start)))
    return out


def _shifted(base: int) -> Callable[[int], int]:
    def to_file(offset: int) -> int:
        return base + offset

    return to_file


def _logical(inst: Instruction, base: int) -> Callable[[int], int]:
    """Script offsets of a joined RUN line -> file offsets (through the continuation lines)."""

    def to_file(offset: int) -> int:
        return inst.file_offset(base + offset)

    return to_file


def cache_mount_targets(inst: Instruction) -> list[str]:
    """Targets of ``RUN --mount=type=cache`` (and tmpfs): what is written there stays out of the layer."""
    from dockeropt.graph.model import parse_mount

    target = inst.effective
    out = []
    for spec in target.flag_values("mount"):
        opts = parse_mount(spec)
        if opts.get("type") in ("cache", "tmpfs") and opts.get("target"):
            out.append(opts["target"].rstrip("/") or "/")
    return out


def has_cache_mount(inst: Instruction, *paths: str) -> bool:
    """Whether a cache/tmpfs mount covers one of ``paths`` (or a parent of it)."""
    targets = cache_mount_targets(inst)
    for path in paths:
        p = path.rstrip("/")
        for t in targets:
            if p == t or p.startswith(t + "/"):
                return True
    return False


_INSTALLERS = frozenset({"apt", "apk", "dnf", "yum", "microdnf", "zypper", "pip", "uv", "conda", "npm", "yarn", "pnpm"})


def installed_managers(ctx: Facts, inst: Instruction) -> set[str]:
    """The package managers a RUN installs with."""
    return {
        op.manager
        for rs in ctx.run_scripts(inst)
        for op in rs.script.packages
        if op.action == "install" and op.manager in _INSTALLERS
    }


def only_updates(ctx: Facts, inst: Instruction) -> bool:
    """The RUN does nothing but refresh package indexes (``apt-get update`` …)."""
    scripts = ctx.run_scripts(inst)
    cmds = [c for rs in scripts for c in rs.script.commands]
    ops = [op for rs in scripts for op in rs.script.packages]
    return bool(cmds) and len(ops) == len(cmds) and all(op.action == "update" for op in ops)
