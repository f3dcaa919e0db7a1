"""What a shell script does, as rules need it: commands with their words, how they are chained,
and the state they leave behind (``cd``, ``export``, ``set``).

All offsets are character offsets into the analysed script string. Build these objects with
:func:`dockeropt.shell.analyze`; they are read-only by convention (results are cached and shared).
"""

from __future__ import annotations

from dockeropt.shell.words import Word as Word  # re-exported: Word used to live here
from dockeropt.shell.words import expand_braces

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from dockeropt.shell.effects import BuildJobs, Download, Extraction, PermissionChange, Removal
    from dockeropt.shell.packages import PackageOp

# `set` letters and the long names they stand for (bash's `set -o` names)
SHORT_OPTIONS = {
    "a": "allexport",
    "b": "notify",
    "B": "braceexpand",
    "C": "noclobber",
    "e": "errexit",
    "E": "errtrace",
    "f": "noglob",
    "h": "hashall",
    "H": "histexpand",
    "k": "keyword",
    "m": "monitor",
    "n": "noexec",
    "P": "physical",
    "t": "onecmd",
    "T": "functrace",
    "u": "nounset",
    "v": "verbose",
    "x": "xtrace",
}


class Redirect:
    """``2>/dev/null``, ``> file``, ``>> log``: ``op`` as written, ``fd`` (``""`` for the default)."""

    __slots__ = ("fd", "op", "target")

    def __init__(self, op: str, target: Word | None, fd: str = "") -> None:
        self.op = op
        self.target = target
        self.fd = fd

    @property
    def writes_file(self) -> bool:
        """Whether output goes to a file (not to another descriptor such as ``2>&1``)."""
        return self.op in (">", ">>", ">|", "&>", "&>>") and self.target is not None

    def __repr__(self) -> str:
        return f"Redirect({self.fd}{self.op}{self.target.text if self.target else ''})"


class Heredoc:
    """A here-document in the script (``cat <<EOF > /etc/x``): ``body`` spans ``start``..``end``."""

    __slots__ = ("body", "command", "delimiter", "end", "expands", "start", "strip_tabs")

    def __init__(self, delimiter: str, body: str, start: int, end: int, expands: bool, strip_tabs: bool) -> None:
        self.delimiter = delimiter
        self.body = body
        self.start = start
        self.end = end
        self.expands = expands  # False when the delimiter is quoted (<<'EOF'): no $ expansion in the body
        self.strip_tabs = strip_tabs  # <<-EOF
        self.command: Command | None = None  # the command that reads it on its standard input

    def __repr__(self) -> str:
        return f"Heredoc({self.delimiter!r}, {len(self.body)} chars)"


class _EnvEntry:
    """One link of the chain of variables set before a command (shared between commands)."""

    __slots__ = ("exported", "name", "parent", "value")

    def __init__(self, name: str, value: str | None, exported: bool, parent: _EnvEntry | None) -> None:
        self.name = name
        self.value = value
        self.exported = exported
        self.parent = parent


def lookup_env(entry: _EnvEntry | None, name: str) -> _EnvEntry | None:
    while entry is not None:
        if entry.name == name:
            return entry
        entry = entry.parent
    return None


class Command:
    """A simple command as it runs, wrappers (``sudo``, ``env X=1``, ``nice``, ``xargs`` …) removed.

    ``argv[0]`` is the program; ``name`` its base name (``/usr/bin/pip3`` -> ``pip3``).
    Position in the script:

    - ``operator``: what joins it to the previous command: ``&&``, ``||``, ``;``, ``|``, ``|&``,
      ``&``, ``"\\n"``; ``""`` for the first command of the script (or of a ``$(…)``).
    - ``in_pipeline`` (``pipeline_last``: the last element; ``pipeline``: an id shared by the
      commands of one pipeline, -1 outside one), ``in_subshell`` (``( … )``), ``in_substitution``
      (``$(…)``), ``in_condition`` (runs only on some condition: ``if``/``while``/``case``
      conditions and branches, the right side of ``||``), ``in_loop``, ``in_function``,
      ``negated`` (``! cmd``), ``background`` (``cmd &``), ``nested`` (inside ``sh -c '…'`` or a
      heredoc fed to a shell).
    - ``masked``: a failure of this command cannot fail the RUN: it is left of ``||``, a
      condition, negated, not last in a pipe (without pipefail), in the background, or followed
      by more commands without ``set -e`` in force.
    - ``cwd``: the directory it runs in as far as the script tells: ``""`` where the script
      started (the WORKDIR), a path after ``cd`` (relative paths stay relative to the start),
      ``None`` when unknown (``cd "$X"``, ``cd -``, a ``cd`` in a branch).
    - ``shell_options``: the ``set -o`` names in force (``errexit``, ``pipefail`` …).
    """

    __slots__ = (
        "_env",
        "argv",
        "assignment_words",
        "assignments",
        "background",
        "cwd",
        "end",
        "heredocs",
        "in_condition",
        "in_function",
        "in_loop",
        "in_pipeline",
        "in_subshell",
        "in_substitution",
        "index",
        "masked",
        "name",
        "negated",
        "nested",
        "operator",
        "pipeline",
        "pipeline_last",
        "redirects",
        "shell_options",
        "start",
        "wrappers",
    )

    def __init__(self, argv: list[Word], start: int, end: int) -> None:
        self.argv = argv
        self.name = base_name(argv[0].text) if argv else ""
        self.start = start
        self.end = end
        self.assignments: dict[str, str] = {}  # VAR=value prefixes (and `env VAR=value`): name -> value text
        self.assignment_words: dict[str, Word] = {}  # the same, with the value words (spans)
        self.operator = ""
        self.in_pipeline = False
        self.pipeline_last = True
        self.pipeline = -1
        self.in_subshell = False
        self.in_substitution = False
        self.in_condition = False
        self.in_loop = False
        self.in_function = False
        self.negated = False
        self.background = False
        self.nested = False
        self.masked = False
        self.wrappers: list[str] = []  # e.g. ["sudo", "env"]: the programs that run this one
        self.redirects: list[Redirect] = []
        self.heredocs: list[Heredoc] = []
        self.cwd: str | None = ""
        self.shell_options: frozenset[str] = frozenset()
        self.index = 0  # position in Script.commands
        self._env: _EnvEntry | None = None

    @property
    def connector(self) -> str:
        """Alias of ``operator``."""
        return self.operator

    @property
    def fails_build(self) -> bool:
        """Whether a failure of this command fails the RUN (``not masked``)."""
        return not self.masked

    # -- words -----------------------------------------------------------------------------------
    @property
    def args(self) -> list[Word]:
        """The arguments (``argv[1:]``)."""
        return self.argv[1:]

    def words(self) -> list[str]:
        """The arguments' texts."""
        return [w.text for w in self.argv[1:]]

    def flags(self) -> list[str]:
        """The options given, each as ``-x`` or ``--name``, in order, before a ``--``.

        Short options are split (``-yq`` -> ``-y``, ``-q``); a long option's ``=value`` is dropped.
        Without knowing which options take a value, a cluster such as ``-fsSLo`` splits into all
        its letters; use :mod:`dockeropt.shell.options` for a tool-aware reading.
        """
        out: list[str] = []
        for w in self.argv[1:]:
            t = w.text
            if t == "--":
                break
            if t.startswith("--"):
                out.append(t.split("=", 1)[0])
            elif t.startswith("-") and len(t) > 1 and not t[1].isdigit():
                out.extend("-" + letter for letter in t[1:])
        return out

    def has_flag(self, *names: str) -> bool:
        """Whether any of the options is given: ``has_flag("-y", "--yes")``; a bare name of one
        letter means the short option (``"y"``), a longer one the long option (``"yes"``)."""
        flags = set(self.flags())
        return any(normalize_option(n) in flags for n in names)

    def option_value(self, *names: str) -> str | None:
        """The value of the last of these options: ``--name=v``, ``--name v``, ``-n v``, ``-nv``
        or in a cluster (``-fsSLo FILE``). Assumes the named options take a value."""
        value = None
        args = self.argv[1:]
        wanted = [normalize_option(n) for n in names]
        for i, w in enumerate(args):
            t = w.text
            if t == "--":
                break
            for name in wanted:
                if name.startswith("--"):
                    if t == name and i + 1 < len(args):
                        value = args[i + 1].text
                    elif t.startswith(name + "="):
                        value = t[len(name) + 1 :]
                elif t.startswith("-") and not t.startswith("--") and name[1] in t[1:]:
                    rest = t[t.index(name[1], 1) + 1 :]
                    if rest:
                        value = rest
                    elif i + 1 < len(args):
                        value = args[i + 1].text
        return value

    def operands(self, value_options: Iterable[str] = ()) -> list[Word]:
        """The arguments that are not options, skipping the values of ``value_options``
        (e.g. ``("-o", "--output")``); everything after ``--`` is an operand."""
        takes_value = {normalize_option(n) for n in value_options}
        out: list[Word] = []
        args = self.argv[1:]
        i = 0
        while i < len(args):
            t = args[i].text
            if t == "--":
                out.extend(args[i + 1 :])
                break
            if t.startswith("--"):
                if "=" not in t and t in takes_value:
                    i += 1
            elif t.startswith("-") and len(t) > 1:
                for k in range(1, len(t)):
                    if "-" + t[k] in takes_value:
                        if k == len(t) - 1:
                            i += 1
                        break
            else:
                out.append(args[i])
            i += 1
        return out

    # -- environment -----------------------------------------------------------------------------
    def env(self, name: str) -> str | None:
        """The value of environment variable ``name`` for this command, as the script sets it:
        an inline ``NAME=v cmd`` / ``env NAME=v cmd``, else an earlier ``export`` (or an assignment
        under ``set -a``). None when the script does not set it (it may still come from ENV)."""
        value = self.assignments.get(name)
        if value is not None:
            return value
        entry = lookup_env(self._env, name)
        if entry is not None and entry.exported:
            return entry.value
        return None

    def variable(self, name: str) -> str | None:
        """The value of shell variable ``name`` (exported or not) as the script set it before this command."""
        entry = lookup_env(self._env, name)
        return entry.value if entry is not None else None

    @property
    def errexit(self) -> bool:
        return "errexit" in self.shell_options

    @property
    def pipefail(self) -> bool:
        return "pipefail" in self.shell_options

    def __repr__(self) -> str:
        return f"Command({' '.join(w.text for w in self.argv)!r})"


class CdChange:
    """A ``cd``/``pushd``: ``path`` the target as written (``None`` when not literal, ``-``, ``popd``).

    ``persists``: it changes the directory of the script's own shell (not in a subshell, a pipe,
    ``$(…)``, a function or a nested ``sh -c``), so later commands — and commands appended to the
    RUN — run there; ``conditional``: it runs only on some condition or in a loop.
    """

    __slots__ = ("command", "conditional", "path", "persists")

    def __init__(self, path: str | None, command: Command, persists: bool, conditional: bool) -> None:
        self.path = path
        self.command = command
        self.persists = persists
        self.conditional = conditional

    def __repr__(self) -> str:
        return f"CdChange({self.path!r}, persists={self.persists})"


class VarSetting:
    """A variable set by the script. ``kind``: ``inline`` (``A=1 cmd``), ``env`` (``env A=1 cmd``),
    ``assign`` (``A=1``), ``export`` (``export``/``declare -x``), ``declare`` (``declare``/``local``
    without ``-x``), ``unset``. ``command`` is the command it applies to (inline/env) or the one
    it precedes."""

    __slots__ = ("command", "exported", "kind", "name", "persists", "start", "value")

    def __init__(self, name: str, value: Word | None, kind: str, exported: bool, persists: bool, start: int) -> None:
        self.name = name
        self.value = value
        self.kind = kind
        self.exported = exported
        self.persists = persists  # set in the script's own shell (not a subshell or `$(…)`)
        self.start = start
        self.command: Command | None = None

    def __repr__(self) -> str:
        return f"VarSetting({self.kind} {self.name}={self.value.text if self.value else None!r})"


class Chains:
    """How the script's top-level statements are joined (what matters when merging RUNs).

    - ``operators``: the top-level separators and list operators in order (``&&``, ``||``, ``;``,
      ``"\\n"``, ``&``).
    - ``uses_semicolon``: some statements are joined by ``;`` or a newline, so a failure before
      them does not stop them unless ``set -e`` is in force.
    - ``uses_or``: a top-level ``||``: prefixing the script with ``x &&`` would let the ``||``
      mask ``x``'s failure too.
    - ``uses_background``: a top-level ``&``.
    - ``ends_masked``: the last statement's failure is masked (it ends with ``|| …``, is negated
      or in the background): the RUN succeeds whatever the commands before it did.
    - ``exits``: an ``exit``/``return`` in the script's own shell: commands appended after it
      would not run.
    - ``and_only``: one ``&&`` list (or a single command): appending ``&& more`` keeps every
      failure fatal.
    """

    __slots__ = ("ends_masked", "exits", "operators", "uses_background", "uses_or", "uses_semicolon")

    def __init__(self) -> None:
        self.operators: list[str] = []
        self.uses_semicolon = False
        self.uses_or = False
        self.uses_background = False
        self.ends_masked = False
        self.exits = False

    @property
    def and_only(self) -> bool:
        return all(op == "&&" for op in self.operators) and not self.exits

    def __repr__(self) -> str:
        return f"Chains({self.operators!r})"


class Script:
    """The analysis of one script (see :func:`dockeropt.shell.analyze`).

    ``commands`` in execution order; ``supported`` is False for PowerShell/cmd (nothing analysed);
    ``has_errors``: tree-sitter found a syntax error (what parsed is still there); ``truncated``:
    nesting beyond the analyser's depth limit was skipped.
    """

    __slots__ = (
        "_build_jobs",
        "_downloads",
        "_extractions",
        "_packages",
        "_packages_by",
        "_permissions",
        "_removals",
        "_removes",
        "cd_targets",
        "chains",
        "commands",
        "cwd_at_end",
        "exports",
        "has_errors",
        "heredocs",
        "options_at_end",
        "pipelines",
        "set_options",
        "shell",
        "source",
        "supported",
        "truncated",
        "variables",
    )

    def __init__(self, source: str, shell: Sequence[str] | None = None, supported: bool = True) -> None:
        self.source = source
        self.shell: tuple[str, ...] = tuple(shell or ())
        self.supported = supported
        self.commands: list[Command] = []
        self.chains = Chains()
        self.pipelines: list[list[Command]] = []
        self.cd_targets: list[CdChange] = []
        self.cwd_at_end: str | None = ""  # as Command.cwd, after the last command
        self.exports: dict[str, str | None] = {}  # exported at the end of the script (value text)
        self.variables: list[VarSetting] = []
        # shell options (long names: errexit, pipefail, xtrace …): those the script's own `set`
        # commands turned on and left on, and all those in force at the end (with the SHELL's own)
        self.set_options: frozenset[str] = frozenset()
        self.options_at_end: frozenset[str] = frozenset()
        self.heredocs: list[Heredoc] = []
        self.has_errors = False
        self.truncated = False
        self._packages: list[PackageOp] | None = None
        self._packages_by: dict[tuple[object, object], list[PackageOp]] = {}  # package_ops() answers
        self._downloads: list[Download] | None = None
        self._extractions: list[Extraction] | None = None
        self._removals: list[Removal] | None = None
        self._permissions: list[PermissionChange] | None = None
        self._build_jobs: list[BuildJobs] | None = None
        self._removes: dict[tuple[str, str], bool] = {}  # answers of removes(); scripts are cached by text

    # -- commands ----------------------------------------------------------------------------------
    def find(self, *names: str) -> list[Command]:
        """The commands run under any of these base names (``find("pip", "pip3")``)."""
        wanted = set(names)
        return [c for c in self.commands if c.name in wanted]

    @property
    def pipes(self) -> bool:
        """Whether the script has a pipeline (``a | b``)."""
        return bool(self.pipelines)

    @property
    def uses_heredoc(self) -> bool:
        return bool(self.heredocs)

    @property
    def errexit(self) -> bool:
        """``set -e`` in force at the end of the script (set by the script or the SHELL)."""
        return "errexit" in self.options_at_end

    @property
    def pipefail(self) -> bool:
        return "pipefail" in self.options_at_end

    def env_values(self, name: str) -> list[VarSetting]:
        """Every place the script sets variable ``name`` (inline, ``env``, assignment, export)."""
        return [v for v in self.variables if v.name == name]

    # -- effects (computed on first use) -------------------------------------------------------------
    @property
    def packages(self) -> list[PackageOp]:
        """Package-manager operations, in order (see :mod:`dockeropt.shell.packages`)."""
        if self._packages is None:
            from dockeropt.shell.packages import package_ops

            self._packages = package_ops(self.commands)
        return self._packages

    def package_ops(
        self, manager: str | Iterable[str] | None = None, action: str | Iterable[str] | None = None
    ) -> list[PackageOp]:
        """Package operations, filtered by manager (``apt``, ``pip`` …) and/or action (``install`` …).
        Asking for ``clean`` also returns ``cache-purge`` operations (``npm cache clean`` …)."""
        if not self.packages:
            return []
        # rules ask the same questions of every RUN on every check, and scripts are cached by text
        wanted_managers, wanted_actions = _as_key(manager), _as_key(action)
        key = (wanted_managers, wanted_actions)
        found = self._packages_by.get(key)
        if found is None:
            managers = _as_set(wanted_managers)
            actions = _as_set(wanted_actions)
            if actions is not None and "clean" in actions:
                actions.add("cache-purge")
            found = self._packages_by[key] = [
                op
                for op in self.packages
                if (managers is None or op.manager in managers) and (actions is None or op.action in actions)
            ]
        return list(found)

    @property
    def downloads(self) -> list[Download]:
        """``curl``/``wget``/``git clone`` fetches (see :mod:`dockeropt.shell.effects`)."""
        if self._downloads is None:
            from dockeropt.shell.effects import find_downloads

            self._downloads = find_downloads(self.commands)
        return self._downloads

    @property
    def extractions(self) -> list[Extraction]:
        """Archives unpacked by ``tar``, ``unzip``, ``gunzip`` …"""
        if self._extractions is None:
            from dockeropt.shell.effects import find_extractions

            self._extractions = find_extractions(self.commands, self.downloads)
        return self._extractions

    @property
    def removals(self) -> list[Removal]:
        """Every path an ``rm`` removes."""
        if self._removals is None:
            from dockeropt.shell.effects import find_removals

            self._removals = find_removals(self.commands)
        return self._removals

    @property
    def permission_changes(self) -> list[PermissionChange]:
        """``chmod``/``chown``/``chgrp`` with their paths."""
        if self._permissions is None:
            from dockeropt.shell.effects import find_permission_changes

            self._permissions = find_permission_changes(self.commands)
        return self._permissions

    @property
    def build_jobs(self) -> list[BuildJobs]:
        """Parallel builds (``make -j``, ``ninja``, ``cmake --build``, ``cargo``, ``go``, ``MAX_JOBS`` …)."""
        if self._build_jobs is None:
            from dockeropt.shell.effects import find_build_jobs

            self._build_jobs = find_build_jobs(self.commands)
        return self._build_jobs

    def removes(self, path_glob: str, home: str = "/root") -> bool:
        """Whether some ``rm`` removes everything matching ``path_glob`` (e.g. ``/var/lib/apt/lists/*``):
        the same glob, a glob matching it, or a parent directory (``rm -rf D/*`` also counts as
        removing ``D``). Brace lists are expanded, ``~`` and
        ``$HOME`` stand for ``home``, relative paths are resolved against a known ``cd``."""
        answer = self._removes.get((path_glob, home))
        if answer is None:
            targets = [_expand_home(p, home) for p in expand_braces(path_glob)]
            removed = [path for removal in self.removals for path in removal.paths(home)]
            answer = bool(removed) and all(any(_covers(r, t) for r in removed) for t in targets)
            self._removes[(path_glob, home)] = answer
        return answer

    def __repr__(self) -> str:
        return f"Script({len(self.commands)} commands)"


def base_name(program: str) -> str:
    """``/usr/bin/pip3`` -> ``pip3``."""
    return program.rsplit("/", 1)[-1]


def normalize_option(name: str) -> str:
    """``"y"`` -> ``"-y"``, ``"yes"`` -> ``"--yes"``; names with dashes stay."""
    if name.startswith("-"):
        return name
    return "-" + name if len(name) == 1 else "--" + name


def _as_key(value: str | Iterable[str] | None) -> str | tuple[str, ...] | None:
    """A hashable form of a manager or action filter (a generator is read once, here)."""
    return value if value is None or isinstance(value, str) else tuple(value)


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def _expand_home(path: str, home: str) -> str:
    for prefix in ("~", "$HOME", "${HOME}"):
        if path == prefix or path.startswith(prefix + "/"):
            return home.rstrip("/") + path[len(prefix) :]
    return path


def _covers(removed: str, target: str) -> bool:
    """Whether removing ``removed`` (a path or glob) removes everything ``target`` names.

    A parent covers its descendants; ``D/*`` covers ``D`` (its contents go; the empty folder
    left costs nothing)."""
    import fnmatch

    removed = removed.rstrip("/") or "/"
    target = target.rstrip("/") or "/"
    if removed in ("/", "/*"):
        return True
    if fnmatch.fnmatchcase(target, removed) or fnmatch.fnmatchcase(target, removed + "/*"):
        return True
    return removed.endswith("/*") and target == removed[:-2]
