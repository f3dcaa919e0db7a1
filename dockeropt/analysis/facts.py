"""One Dockerfile under analysis, and the facts about it that rules share.

Facts are computed on first use and kept for the check: the analysed shell scripts of each RUN,
the RUNs of the shipped image, the memory limit of the CI runner. A rule reads them through its
:class:`~dockeropt.api.context.CheckContext`, which is a ``Facts``.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator
    from typing import TypeVar, cast

    from dockeropt.analysis.runs import RunScript
    from dockeropt.ci.model import MemoryLimit
    from dockeropt.graph.model import Graph
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Dockerfile, Instruction

    T = TypeVar("T")
else:

    def cast(_type: object, value: object) -> object:
        return value


class ScriptOp:
    """A package-manager operation together with the RUN script it belongs to (``rs.inst`` is its RUN)."""

    __slots__ = ("op", "rs")

    def __init__(self, rs: RunScript, op: PackageOp) -> None:
        self.rs = rs
        self.op = op

    @property
    def inst(self) -> Instruction:
        return self.rs.inst

    def __repr__(self) -> str:
        return f"ScriptOp({self.op!r} @{self.rs.inst.start_line})"


class Facts:
    """A parsed Dockerfile, its graph, where it lives, and what has been worked out about it.

    ``context_dir`` is the build context (default: the Dockerfile's folder), ``None`` for text with
    no file behind it (an editor buffer). ``memory`` is the runner's memory given on the command
    line (``--memory``), ``configured_memory`` the ``memory`` setting of the configuration.
    """

    def __init__(
        self,
        dockerfile: Dockerfile,
        graph: Graph,
        path: str = "",
        context_dir: str | None = None,
        memory: str | None = None,
        configured_memory: str | None = None,
    ) -> None:
        self.dockerfile = dockerfile
        self.graph = graph
        self.path = path
        self.context_dir = context_dir
        self.memory = memory
        self.configured_memory = configured_memory
        self._memo: dict[Hashable, object] = {}
        self._scripts: dict[int, list[RunScript]] = {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per check for ``key``; later calls return the same value."""
        try:
            return cast("T", self._memo[key])
        except KeyError:
            value = self._memo[key] = compute()
            return value

    # -- RUN scripts ---------------------------------------------------------------------------------

    def run_scripts(self, inst: Instruction) -> list[RunScript]:
        """The analysed shell scripts of a RUN (or ONBUILD RUN): its command line, a heredoc fed to a
        shell, or the ``-c`` argument of an exec-form shell; ``[]`` for anything else."""
        found = self._scripts.get(inst.index)
        if found is None:
            from dockeropt.analysis.runs import scripts_of

            found = self._scripts[inst.index] = scripts_of(self.graph, inst)
        return found

    def runs(self) -> list[Instruction]:
        """Every RUN instruction of the file, in order (ONBUILD RUNs excluded: they run elsewhere)."""
        return self.memo("runs", lambda: [i for i in self.dockerfile.instructions if i.name == "RUN"])

    def runs_and_triggers(self) -> list[Instruction]:
        """Every RUN and ``ONBUILD RUN`` of the file, in order: what a RUN must not do, a trigger must
        not do either when an image is built on this one (hadolint checks both)."""
        return self.memo(
            "runs_and_triggers", lambda: [i for i in self.dockerfile.instructions if i.effective.name == "RUN"]
        )

    def shipped_runs(self) -> list[Instruction]:
        """The RUNs whose layers end up in the built image (the target stage and its FROM chain)."""
        return self.memo("shipped_runs", lambda: [i for i in self.runs() if self.graph.ships(i)])

    def shipped_scripts(self) -> Iterator[RunScript]:
        """The analysed scripts of every shipped RUN, in order."""
        for inst in self.shipped_runs():
            yield from self.run_scripts(inst)

    def all_scripts(self) -> Iterator[RunScript]:
        """The analysed scripts of every RUN, shipped or not, in order."""
        for inst in self.runs():
            yield from self.run_scripts(inst)

    def shipped_package_ops(
        self, manager: str | tuple[str, ...] | None = None, action: str | tuple[str, ...] | None = None
    ) -> list[ScriptOp]:
        """The package operations of the shipped RUNs, in order, filtered as ``Script.package_ops``
        filters them (by manager and/or action; ``clean`` includes ``cache-purge``)."""
        return self.memo(
            ("shipped_package_ops", manager, action),
            lambda: [
                ScriptOp(rs, op) for rs in self.shipped_scripts() for op in rs.script.package_ops(manager, action)
            ],
        )

    def all_package_ops(
        self, manager: str | tuple[str, ...] | None = None, action: str | tuple[str, ...] | None = None
    ) -> list[ScriptOp]:
        """The package operations of every RUN, shipped or not, in order (filtered as above)."""
        return self.memo(
            ("all_package_ops", manager, action),
            lambda: [ScriptOp(rs, op) for rs in self.all_scripts() for op in rs.script.package_ops(manager, action)],
        )

    # -- the CI runner -------------------------------------------------------------------------------

    def memory_limit(self) -> MemoryLimit | None:
        """The memory limit the build gets, and where that figure comes from; ``None`` if unknown."""

        def find() -> MemoryLimit | None:
            from dockeropt.analysis.memory import find_memory_limit

            try:
                return find_memory_limit(self.path or "Dockerfile", self.memory, self.configured_memory)
            except ValueError:
                return None

        return self.memo("memory_limit", find)
