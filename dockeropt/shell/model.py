"""What a shell script does, as rules need it: commands with their words, how they are chained,
and the state they leave behind (``cd``, ``export``, ``set``).

Offsets are character offsets into the analysed script string.
"""

from __future__ import annotations

import fnmatch

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from dockeropt.shell.packages import PackageOp


class Word:
    """One word of a command: ``text`` with quotes removed when ``literal``, ``raw`` as written."""

    __slots__ = ("end", "literal", "raw", "start", "text")

    def __init__(self, text: str, raw: str, start: int, end: int, literal: bool) -> None:
        self.text = text
        self.raw = raw
        self.start = start
        self.end = end
        self.literal = literal  # False when it holds an expansion ($VAR, $(…), globs are still literal)

    def __repr__(self) -> str:
        return f"Word({self.text!r})"


class Command:
    """A simple command as it runs (wrappers such as ``sudo`` or ``env X=1`` removed)."""

    __slots__ = (
        "argv",
        "assignments",
        "connector",
        "end",
        "in_condition",
        "in_function",
        "in_pipeline",
        "in_subshell",
        "in_substitution",
        "masked",
        "negated",
        "pipeline_last",
        "redirects",
        "start",
        "wrappers",
    )

    def __init__(self, argv: list[Word], start: int, end: int) -> None:
        self.argv = argv
        self.start = start
        self.end = end
        self.assignments: dict[str, str] = {}  # VAR=value prefixes (raw values)
        self.connector = ""  # how it follows the previous command: && || ; | & or newline ("\n")
        self.in_pipeline = False
        self.pipeline_last = True
        self.in_subshell = False
        self.in_condition = False  # an if/while condition, or the right side of || (runs on failure)
        self.in_function = False
        self.in_substitution = False  # inside $(…) or `…`
        self.negated = False
        self.masked = False  # its failure does not stop the script (left of ||, a condition, `!`, not last in a pipe)
        self.wrappers: list[str] = []  # sudo, env, nice, xargs …
        self.redirects: list[tuple[str, str]] = []  # (operator, target) e.g. (">", "/tmp/x.tgz")

    @property
    def name(self) -> str:
        """The program's base name: ``/usr/bin/pip3`` -> ``pip3``."""
        if not self.argv:
            return ""
        word = self.argv[0].text
        return word.rsplit("/", 1)[-1]

    @property
    def args(self) -> list[Word]:
        return self.argv[1:]

    def words(self) -> list[str]:
        return [w.text for w in self.argv[1:]]

    def flags(self) -> set[str]:
        """Option names used: ``--name`` (before any ``=``) and each letter of ``-abc``."""
        out: set[str] = set()
        for w in self.argv[1:]:
            t = w.text
            if t == "--":
                break
            if t.startswith("--"):
                out.add(t[2:].split("=", 1)[0])
            elif t.startswith("-") and len(t) > 1 and not t[1].isdigit():
                out.update(t[1:])
        return out

    def has_flag(self, *names: str) -> bool:
        flags = self.flags()
        return any(n.lstrip("-") in flags for n in names)

    def option_value(self, *names: str) -> str | None:
        """The value of ``--name=v`` / ``--name v`` / ``-n v`` / ``-nv`` (the last one given)."""
        value = None
        args = self.argv[1:]
        for i, w in enumerate(args):
            t = w.text
            for name in names:
                bare = name.lstrip("-")
                if len(bare) > 1 or name.startswith("--"):
                    if t == f"--{bare}" and i + 1 < len(args):
                        value = args[i + 1].text
                    elif t.startswith(f"--{bare}="):
                        value = t.split("=", 1)[1]
                elif t.startswith("-") and not t.startswith("--") and bare in t[1:]:
                    # a cluster such as -fsSLo FILE or -ofile: the value follows the letter
                    rest = t[1:][t[1:].index(bare) + 1 :]
                    if rest:
                        value = rest
                    elif i + 1 < len(args):
                        value = args[i + 1].text
        return value

    @property
    def fails_build(self) -> bool:
        """Whether a failure of this command fails the RUN (its exit status is not masked)."""
        return not self.masked

    def __repr__(self) -> str:
        return f"Command({' '.join(w.text for w in self.argv)!r})"


class Script:
    """The analysis of one script."""

    __slots__ = (
        "cd_targets",
        "commands",
        "exports",
        "has_errors",
        "packages",
        "set_options",
        "source",
        "supported",
        "uses_semicolons",
    )

    def __init__(self, source: str, supported: bool = True) -> None:
        self.source = source
        self.supported = supported  # False for PowerShell / cmd: nothing is analysed
        self.commands: list[Command] = []
        self.exports: dict[str, str | None] = {}
        self.set_options: set[str] = set()  # e.g. {"e", "u", "x", "pipefail"}
        self.cd_targets: list[tuple[str, bool]] = []  # (directory, whether it persists to the end)
        self.has_errors = False
        self.uses_semicolons = False
        self.packages: list[PackageOp] = []

    def find(self, *names: str) -> list[Command]:
        wanted = set(names)
        return [c for c in self.commands if c.name in wanted]

    def package_ops(
        self, manager: str | Iterable[str] | None = None, action: str | Iterable[str] | None = None
    ) -> list[PackageOp]:
        managers = {manager} if isinstance(manager, str) else set(manager) if manager is not None else None
        actions = {action} if isinstance(action, str) else set(action) if action is not None else None
        return [
            op
            for op in self.packages
            if (managers is None or op.manager in managers) and (actions is None or op.action in actions)
        ]

    def removes(self, pattern: str) -> bool:
        """Whether an ``rm`` in the script removes paths matching ``pattern`` (a glob, or its parent)."""
        for cmd in self.find("rm"):
            for w in cmd.args:
                t = w.text
                if t.startswith("-"):
                    continue
                if _covers(t, pattern):
                    return True
        return False

    @property
    def ends_in_persistent_cd(self) -> str | None:
        persistent = [d for d, keeps in self.cd_targets if keeps]
        return persistent[-1] if persistent else None

    @property
    def errexit(self) -> bool:
        return "e" in self.set_options or "errexit" in self.set_options

    @property
    def pipefail(self) -> bool:
        return "pipefail" in self.set_options

    @property
    def has_pipes(self) -> bool:
        return any(c.in_pipeline for c in self.commands)

    def __repr__(self) -> str:
        return f"Script({len(self.commands)} commands)"


def _covers(removed: str, pattern: str) -> bool:
    """``rm -rf /var/lib/apt/lists/*`` covers ``/var/lib/apt/lists/*``; so does removing a parent."""
    removed = removed.rstrip("/") or "/"
    pat = pattern.rstrip("/")
    if fnmatch.fnmatchcase(pat, removed) or fnmatch.fnmatchcase(removed, pat):
        return True
    base = pat[:-2] if pat.endswith("/*") else pat
    return base == removed or (base.startswith(removed.rstrip("*").rstrip("/") + "/") and "*" not in removed)
