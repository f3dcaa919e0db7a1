"""Turn a shell script into a :class:`~dockeropt.shell.model.Script` with tree-sitter-bash.

tree-sitter is imported on first use, and its parser is built once per process. It is
error-tolerant: a script with a syntax error still yields the commands it could read, and
``Script.has_errors`` says so. The walk is linear in the script: long ``&&`` chains are
flattened without recursion, and nesting deeper than ``MAX_DEPTH`` is skipped (``truncated``).
"""

from __future__ import annotations

from dockeropt.shell.model import (
    SHORT_OPTIONS,
    CdChange,
    Command,
    Heredoc,
    Redirect,
    Script,
    VarSetting,
    _EnvEntry,
    base_name,
)
from dockeropt.shell.words import Word, map_offset, unquote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from tree_sitter import Node, Parser

POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash", "ksh", "mksh", "ksh93", "zsh", "yash", "posh"})
# Shells whose scripts are not POSIX shell: nothing is analysed under them.
NOT_POSIX = frozenset({"powershell", "pwsh", "cmd", "fish", "csh", "tcsh", "nu", "elvish", "xonsh"})
MAX_DEPTH = 100  # compound statements nested deeper than this are skipped
MAX_NESTED_SHELLS = 8  # sh -c 'sh -c "…"' levels analysed

# Programs that run the rest of their arguments as a command, with their options that take a value.
WRAPPERS: dict[str, tuple[str, frozenset[str]]] = {
    "sudo": ("ugCDhpUrtTR", frozenset({"--user", "--group", "--chdir", "--host", "--prompt", "--role", "--type"})),
    "doas": ("uC", frozenset()),
    "env": ("uCS", frozenset({"--unset", "--chdir", "--split-string"})),
    "nice": ("n", frozenset({"--adjustment"})),
    "ionice": ("cnpP", frozenset({"--class", "--classdata", "--pid", "--pgid", "--uid"})),
    "nohup": ("", frozenset()),
    "time": ("fo", frozenset({"--format", "--output"})),
    "exec": ("a", frozenset()),
    "command": ("", frozenset()),
    "builtin": ("", frozenset()),
    "stdbuf": ("ioe", frozenset({"--input", "--output", "--error"})),
    "timeout": ("sk", frozenset({"--signal", "--kill-after"})),
    "chroot": ("", frozenset({"--userspec", "--groups"})),
    "xargs": ("aEeIiLlnPsd", frozenset({"--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-lines"})),
    "fakeroot": ("ls", frozenset()),
    "unbuffer": ("", frozenset()),
    "taskset": ("", frozenset()),
    "flock": ("wEc", frozenset({"--timeout", "--conflict-exit-code", "--command"})),
    "runuser": ("ugl", frozenset({"--user", "--group", "--login"})),
    "gosu": ("", frozenset()),
    "su-exec": ("", frozenset()),
    "busybox": ("", frozenset()),
    "catchsegv": ("", frozenset()),
}
# wrappers whose first operand is not the command: (how many operands to skip)
_WRAPPER_LEADING_OPERANDS = {"timeout": 1, "chroot": 1, "gosu": 1, "su-exec": 1, "taskset": 1, "flock": 1}

_parser: Parser | None = None
_cache: dict[tuple[str, tuple[str, ...]], Script] = {}
_CACHE_LIMIT = 1024


try:  # the import system's own modules (always loaded): importlib.machinery re-exports these, but
    # importing it imports importlib and warnings, ~1% of a check
    from _frozen_importlib import ModuleSpec
    from _frozen_importlib_external import ExtensionFileLoader, PathFinder
except ImportError:  # pragma: no cover - a Python without them
    from importlib.machinery import ExtensionFileLoader, ModuleSpec, PathFinder


def _get_parser() -> Parser:
    global _parser
    if _parser is None:
        binding = _tree_sitter_binding()
        _parser = binding.Parser(binding.Language(_bash_language()))
    return _parser


def _tree_sitter_binding() -> Any:
    """tree_sitter's compiled module, which holds ``Parser`` and ``Language``.

    The package's ``__init__`` imports ``typing`` for one Protocol class: ~5 ms of start-up. So the
    compiled module is loaded on its own, under its own name (``import tree_sitter`` later finds it
    and reuses it), and the package is imported only if that fails.
    """
    import sys

    loaded = sys.modules.get("tree_sitter._binding")
    if loaded is not None:
        return loaded
    try:
        package = PathFinder.find_spec("tree_sitter")
        folders = list(package.submodule_search_locations or []) if package else []
        found = PathFinder.find_spec("_binding", folders) if folders else None
        if found is not None and found.loader is not None and found.origin:
            loader = ExtensionFileLoader("tree_sitter._binding", found.origin)
            spec = ModuleSpec("tree_sitter._binding", loader, origin=found.origin)
            module = loader.create_module(spec)
            loader.exec_module(module)
            sys.modules["tree_sitter._binding"] = module
            return module
    except (ImportError, OSError, AttributeError):
        pass
    import tree_sitter

    return tree_sitter


def _bash_language() -> object:
    """The bash grammar from tree_sitter_bash's compiled module.

    Importing the package itself also imports importlib.resources (with pathlib, tempfile, shutil …)
    for its highlight queries, which we never use: ~8 ms of every run's start-up. So the compiled
    module is loaded on its own, and the package imported only if that fails.
    """
    try:
        package = PathFinder.find_spec("tree_sitter_bash")
        folders = list(package.submodule_search_locations or []) if package else []
        spec = PathFinder.find_spec("_binding", folders) if folders else None
        if spec is not None and spec.loader is not None:
            module = spec.loader.create_module(spec)
            if module is not None:
                spec.loader.exec_module(module)
                return module.language()
    except (ImportError, OSError, AttributeError):
        pass
    import tree_sitter_bash

    return tree_sitter_bash.language()


def shell_program(shell: Sequence[str] | None) -> str:
    """The shell's base name, lower case, without ``.exe`` (``""`` for the default shell)."""
    if not shell:
        return ""
    prog = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    return prog.removesuffix(".exe")


def shell_supported(shell: Sequence[str] | None) -> bool:
    """Whether scripts for this SHELL argv are POSIX shell (False for PowerShell, cmd …)."""
    prog = shell_program(shell)
    return not (prog in NOT_POSIX or prog.startswith("python") or prog.startswith("node"))


def shell_argv_options(shell: Sequence[str] | None) -> frozenset[str]:
    """Options a SHELL argv turns on before the script runs: ``["/bin/bash", "-eo", "pipefail", "-c"]``
    -> ``{"errexit", "pipefail"}``."""
    if not shell:
        return frozenset()
    options: set[str] = set()
    _apply_set_words([w for w in shell[1:] if w != "-c"], options, stop_at_operand=True)
    return frozenset(options)


def analyze(script: str, shell: Sequence[str] | None = None) -> Script:
    """Analyse ``script`` (the shell-form RUN text or a heredoc body) as run by ``shell``
    (the SHELL argv, default ``/bin/sh -c``). Results are cached per (script, shell)."""
    key = (script, tuple(shell) if shell else ())
    cached = _cache.get(key)
    if cached is not None:
        return cached
    if not shell_supported(shell):
        result = Script(script, shell, supported=False)
    else:
        result = _Walker(script, shell, 0).run()
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[key] = result
    return result


class _Ctx:
    """Where a statement sits. ``final``: its status becomes the script's (when reached);
    ``errexit_ok``: a failure here would trigger ``set -e`` (not a condition, not left of
    ``&&``/``||``, not negated …); ``own_shell``: it runs in the script's shell (not a subshell,
    pipe element or ``$(…)``), so ``cd``/``export`` there persist."""

    __slots__ = (
        "background",
        "condition",
        "depth",
        "errexit_ok",
        "final",
        "function",
        "loop",
        "negated",
        "own_shell",
        "pipeline",
        "pipeline_last",
        "subshell",
        "substitution",
    )

    def __init__(self) -> None:
        self.final = True
        self.errexit_ok = True
        self.own_shell = True
        self.pipeline = -1
        self.pipeline_last = True
        self.subshell = False
        self.substitution = False
        self.condition = False
        self.loop = False
        self.function = False
        self.negated = False
        self.background = False
        self.depth = 0

    def but(self, **changes: object) -> _Ctx:
        new = _Ctx.__new__(_Ctx)
        new.final = self.final
        new.errexit_ok = self.errexit_ok
        new.own_shell = self.own_shell
        new.pipeline = self.pipeline
        new.pipeline_last = self.pipeline_last
        new.subshell = self.subshell
        new.substitution = self.substitution
        new.condition = self.condition
        new.loop = self.loop
        new.function = self.function
        new.negated = self.negated
        new.background = self.background
        new.depth = self.depth
        for name, value in changes.items():
            setattr(new, name, value)
        return new

    def deeper(self, **changes: object) -> _Ctx:
        return self.but(depth=self.depth + 1, **changes)


class _State:
    """What runs change in the shell: options, directory, variables (restored after a subshell).
    ``mark`` is the length of the walker's undo log when the state was saved."""

    __slots__ = ("cwd", "env", "mark", "options")

    def __init__(self, options: frozenset[str], cwd: str | None, env: _EnvEntry | None, mark: int = 0) -> None:
        self.options = options
        self.cwd = cwd
        self.env = env
        self.mark = mark


class _Walker:
    def __init__(self, source: str, shell: Sequence[str] | None, nesting: int) -> None:
        self.source = source
        self.data = source.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(source)
        self._char_table: list[int] | None = None if self.ascii else _char_offsets(self.data)
        self.script = Script(source, shell)
        self.nesting = nesting
        self.pending = ""  # the operator joining the next command to the previous one
        self.initial_options = shell_argv_options(shell)
        self.state = _State(self.initial_options, "", None)
        self.pipeline_ids = 0
        self.awaiting: list[VarSetting] = []  # settings whose `command` is the next command added
        # the latest setting of each variable, with an undo log to roll back what a subshell set:
        # lookups stay O(1) however long the chain of settings grows
        self.latest: dict[str, _EnvEntry] = {}
        self.undo: list[tuple[str, _EnvEntry | None]] = []

    def save(self) -> _State:
        state = self.state
        return _State(state.options, state.cwd, state.env, len(self.undo))

    def restore(self, saved: _State) -> None:
        undo = self.undo
        while len(undo) > saved.mark:
            name, previous = undo.pop()
            if previous is None:
                self.latest.pop(name, None)
            else:
                self.latest[name] = previous
        self.state = saved

    # -- offsets and text -------------------------------------------------------------------------
    def char(self, byte_offset: int) -> int:
        return byte_offset if self._char_table is None else self._char_table[byte_offset]

    def text(self, node: Node) -> str:
        if self._char_table is None:
            return self.source[node.start_byte : node.end_byte]
        return self.source[self._char_table[node.start_byte] : self._char_table[node.end_byte]]

    def word(self, node: Node) -> Word:
        raw = self.text(node)
        text, literal = unquote(raw)
        return Word(text, raw, self.char(node.start_byte), self.char(node.end_byte), literal)

    # -- entry ------------------------------------------------------------------------------------
    def run(self) -> Script:
        tree = _get_parser().parse(self.data)
        root = tree.root_node
        script = self.script
        script.has_errors = root.has_error
        self.sequence(root.children, _Ctx(), top_level=True)
        script.options_at_end = self.state.options
        script.set_options = self.state.options - self.initial_options
        script.cwd_at_end = self.state.cwd
        latest: dict[str, _EnvEntry] = {}
        for entry in _chain(self.state.env):
            latest.setdefault(entry.name, entry)
        script.exports = {name: e.value for name, e in reversed(latest.items()) if e.exported}
        groups: dict[int, list[Command]] = {}
        for cmd in script.commands:
            if cmd.pipeline >= 0:
                groups.setdefault(cmd.pipeline, []).append(cmd)
        script.pipelines = list(groups.values())
        return script

    # -- statements -------------------------------------------------------------------------------
    def sequence(self, children: Sequence[Node], ctx: _Ctx, top_level: bool = False) -> None:
        """Statements run one after the other (a program, a block, a branch's body)."""
        items: list[tuple[Node, str]] = []
        for child in children:
            t = child.type
            if t in (";", "&", ";;", ";&", ";;&"):
                if items and not items[-1][1]:
                    items[-1] = (items[-1][0], "&" if t == "&" else ";")
                continue
            if not child.is_named or t in ("comment", "heredoc_body", "heredoc_end", "heredoc_start"):
                continue
            items.append((child, ""))
        chains = self.script.chains
        last = len(items) - 1
        for i, (node, separator) in enumerate(items):
            sctx = ctx if i == last else ctx.but(final=False)
            if separator == "&":
                sctx = sctx.but(final=False, errexit_ok=False, background=True, own_shell=False)
            if top_level:
                if i:
                    joiner = items[i - 1][1] or "\n"
                    chains.operators.append(joiner)
                    chains.uses_semicolon = chains.uses_semicolon or joiner in (";", "\n")
                    chains.uses_background = chains.uses_background or joiner == "&"
                ops = _list_operators(node)
                chains.operators.extend(ops)
                chains.uses_or = chains.uses_or or "||" in ops
                if i == last:
                    chains.ends_masked = (
                        separator == "&" or (bool(ops) and ops[-1] == "||") or node.type == "negated_command"
                    )
                    chains.uses_background = chains.uses_background or separator == "&"
            self.statement(node, sctx)
            self.pending = separator or "\n"

    def statement(self, node: Node, ctx: _Ctx) -> None:
        t = node.type
        if t == "command":
            self.command(node, ctx)
        elif t == "list":
            self.and_or_list(node, ctx)
        elif t == "pipeline":
            self.pipeline(node.children, ctx)
        elif t == "redirected_statement":
            self.redirected(node, ctx)
        elif ctx.depth >= MAX_DEPTH:
            self.script.truncated = True
        elif t == "subshell":
            saved = self.save()
            self.sequence(node.children, ctx.deeper(subshell=True, own_shell=False))
            self.restore(saved)
        elif t in ("compound_statement", "do_group"):
            self.sequence(node.children, ctx.deeper())
        elif t == "if_statement":
            self.if_statement(node, ctx.deeper())
        elif t in ("while_statement", "for_statement", "c_style_for_statement"):
            self.loop(node, ctx.deeper())
        elif t == "case_statement":
            self.case(node, ctx.deeper())
        elif t == "negated_command":
            inner = ctx.deeper(negated=True, final=False, errexit_ok=False)
            for child in node.named_children:
                self.statement(child, inner)
        elif t == "function_definition":
            body = node.child_by_field_name("body")
            if body is not None:
                saved = self.save()
                self.statement(body, ctx.deeper(function=True, own_shell=False))
                self.restore(saved)
        elif t in ("variable_assignment", "variable_assignments"):
            self.assignments(node, ctx)
        elif t == "declaration_command":
            self.declaration(node, ctx)
        elif t == "unset_command":
            self.unset(node, ctx)
        elif t in ("ERROR", "program"):
            self.sequence(node.children, ctx.deeper())
        else:  # test commands, (( … )), words inside an ERROR: only their $(…) run commands
            self.substitutions(node, ctx.deeper(final=False, errexit_ok=False))

    def and_or_list(self, node: Node, ctx: _Ctx) -> None:
        """``a && b || c``: tree-sitter nests lists to the left; walk them as one flat chain."""
        elements, operators = _flatten_list(node)
        last = len(elements) - 1
        # caught[j]: an `||` after element j catches its failure
        caught = [False] * (last + 1)
        for j in range(last - 1, -1, -1):
            caught[j] = caught[j + 1] or operators[j] == "||"
        for j, element in enumerate(elements):
            if j == last:
                ectx = ctx
            else:
                ectx = ctx.but(final=ctx.final and not caught[j], errexit_ok=False)
            if j and operators[j - 1] == "||":
                ectx = ectx.but(condition=True)
            if j:
                self.pending = operators[j - 1]
            self.statement(element, ectx)

    def pipeline(self, children: Sequence[Node], ctx: _Ctx, pipeline_id: int = -1) -> None:
        parts: list[tuple[str, Node]] = []
        op = ""
        for child in children:
            if child.type in ("|", "|&"):
                op = child.type
            elif child.is_named and child.type != "comment":
                parts.append((op, child))
                op = ""
        if pipeline_id < 0:
            self.pipeline_ids += 1
            pipeline_id = self.pipeline_ids
        last = len(parts) - 1
        pipefail = "pipefail" in self.state.options
        for i, (op, child) in enumerate(parts):
            pctx = ctx.but(pipeline=pipeline_id, pipeline_last=i == last, own_shell=False)
            if i != last and not pipefail:
                pctx = pctx.but(final=False, errexit_ok=False)
            if op:
                self.pending = op
            saved = self.save()
            self.statement(child, pctx)
            self.restore(saved)

    def redirected(self, node: Node, ctx: _Ctx) -> None:
        body: Node | None = None
        redirects: list[Redirect] = []
        heredocs: list[Heredoc] = []
        extra_args: list[Node] = []
        continuation: list[tuple[str, Node]] = []
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field == "body":
                body = child
            elif child.type == "file_redirect":
                extra_args.extend(self.file_redirect(child, redirects, ctx))
            elif child.type == "herestring_redirect":
                self.substitutions(child, ctx.but(substitution=True, final=False, errexit_ok=False))
            elif child.type == "heredoc_redirect":
                continuation.extend(self.heredoc(child, heredocs, redirects, ctx))
        before = len(self.script.commands)
        if body is not None and body.type == "command":
            self.command(body, ctx, extra_args, redirects, heredocs)
        elif body is not None:
            self.statement(body, ctx)
            if body.type in ("list", "pipeline"):
                # tree-sitter attaches `a && b 2>/dev/null` to the list; the shell to `b`
                last = next((c for c in reversed(self.script.commands[before:]) if not c.in_substitution), None)
                if last is not None:
                    last.redirects.extend(redirects)
                    last.argv.extend(self.word(n) for n in extra_args)
        # `cmd <<EOF | next` and `cmd <<EOF && next`: tree-sitter puts what follows inside the heredoc
        for op, rest in continuation:
            added = self.script.commands[before:]
            if op in ("|", "|&"):
                self.pipe_continuation(added, rest, ctx)
            else:
                if op == "||":
                    for cmd in added:
                        cmd.masked = True
                self.pending = op
                self.statement(rest, ctx.but(condition=True) if op == "||" else ctx)

    def pipe_continuation(self, added: list[Command], rest: Node, ctx: _Ctx) -> None:
        self.pipeline_ids += 1
        pid = self.pipeline_ids
        pipefail = "pipefail" in self.state.options
        if added:
            head = added[-1]
            head.in_pipeline, head.pipeline, head.pipeline_last = True, pid, False
            head.masked = head.masked or not pipefail
        self.pipeline(rest.children, ctx, pid)

    def file_redirect(self, node: Node, redirects: list[Redirect], ctx: _Ctx) -> list[Node]:
        """Record a redirect; return destination words beyond the first (they are arguments:
        tree-sitter reads ``cmd 2>/dev/null arg`` as two destinations)."""
        fd = ""
        op = ""
        destinations: list[Node] = []
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field == "descriptor":
                fd = self.text(child)
            elif field == "destination":
                destinations.append(child)
            elif not child.is_named:
                op = child.type
        target = self.word(destinations[0]) if destinations else None
        redirects.append(Redirect(op, target, fd))
        for dest in destinations:
            self.substitutions(dest, ctx.but(substitution=True, final=False, errexit_ok=False))
        return destinations[1:]

    def heredoc(
        self, node: Node, heredocs: list[Heredoc], redirects: list[Redirect], ctx: _Ctx
    ) -> list[tuple[str, Node]]:
        delimiter_raw = ""
        strip_tabs = False
        body_node: Node | None = None
        end_node: Node | None = None
        continuation: list[tuple[str, Node]] = []
        operator = ""
        for i, child in enumerate(node.children):
            t = child.type
            field = node.field_name_for_child(i)
            if t == "heredoc_start":
                delimiter_raw = self.text(child)
            elif t == "<<-":
                strip_tabs = True
            elif t == "heredoc_body":
                body_node = child
            elif t == "heredoc_end":
                end_node = child
            elif t == "file_redirect":
                self.file_redirect(child, redirects, ctx)
            elif field == "operator":
                operator = t
            elif field == "right":
                continuation.append((operator, child))
            elif t == "pipeline":
                continuation.append(("|", child))
            elif t in ("command", "list", "subshell", "compound_statement", "redirected_statement"):
                continuation.append(("&&", child))
        if body_node is not None:
            start = body_node.start_byte
            end = end_node.start_byte if end_node is not None else body_node.end_byte
            body = self.source[self.char(start) : self.char(end)]
            delimiter, _ = unquote(delimiter_raw)
            expands = not any(q in delimiter_raw for q in "'\"\\")
            doc = Heredoc(delimiter, body, self.char(start), self.char(end), expands, strip_tabs)
            heredocs.append(doc)
            self.script.heredocs.append(doc)
            if expands:
                self.substitutions(body_node, ctx.but(substitution=True, final=False, errexit_ok=False))
        return continuation

    def if_statement(self, node: Node, ctx: _Ctx) -> None:
        saved_cwd = self.state.cwd
        self.branches(node.children, ctx)
        if self.state.cwd != saved_cwd:
            self.state.cwd = None  # a cd in a branch: the directory after the `if` depends on it

    def branches(self, children: Sequence[Node], ctx: _Ctx) -> None:
        """``if``/``elif`` children: the statements before ``then`` are the condition."""
        condition: list[Node] = []
        body: list[Node] = []
        seen_then = False
        clauses: list[Node] = []
        for child in children:
            if child.type == "then":
                seen_then = True
            elif child.type in ("elif_clause", "else_clause"):
                clauses.append(child)
            elif seen_then:
                body.append(child)
            else:
                condition.append(child)
        self.sequence(condition, ctx.but(condition=True, final=False, errexit_ok=False))
        self.sequence(body, ctx.but(condition=True))
        for clause in clauses:
            self.pending = "\n"
            if clause.type == "elif_clause":
                self.branches(clause.children, ctx)
            else:
                self.sequence(clause.children, ctx.but(condition=True))

    def loop(self, node: Node, ctx: _Ctx) -> None:
        saved_cwd = self.state.cwd
        body: Node | None = None
        is_while = node.type == "while_statement"
        conditions: list[Node] = []
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field == "body":
                body = child
            elif field == "condition" and is_while:
                conditions.append(child)
            elif child.is_named:
                self.substitutions(child, ctx.but(final=False, errexit_ok=False))
        if conditions:
            self.sequence(conditions, ctx.but(condition=True, loop=True, final=False, errexit_ok=False))
        if body is not None:
            self.statement(body, ctx.but(loop=True, condition=ctx.condition or is_while))
        if self.state.cwd != saved_cwd:
            self.state.cwd = None

    def case(self, node: Node, ctx: _Ctx) -> None:
        saved_cwd = self.state.cwd
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field == "value":
                self.substitutions(child, ctx.but(substitution=True, final=False, errexit_ok=False))
            elif child.type == "case_item":
                body = [c for k, c in enumerate(child.children) if child.field_name_for_child(k) != "value"]
                self.sequence(body, ctx.but(condition=True))
        if self.state.cwd != saved_cwd:
            self.state.cwd = None

    # -- variables --------------------------------------------------------------------------------
    def assignments(self, node: Node, ctx: _Ctx) -> None:
        nodes = [node] if node.type == "variable_assignment" else node.named_children
        for child in nodes:
            if child.type != "variable_assignment":
                continue
            name, value = self.assignment(child, ctx)
            exported = "allexport" in self.state.options
            previous = self.latest.get(name)
            exported = exported or (previous is not None and previous.exported)
            self.set_var(name, value, "assign", exported, ctx, child)

    def assignment(self, node: Node, ctx: _Ctx) -> tuple[str, Word | None]:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        name = self.text(name_node) if name_node is not None else ""
        if name_node is not None and name_node.type == "subscript":
            name = self.text(name_node.child_by_field_name("name") or name_node)
        value = None
        if value_node is not None:
            value = self.word(value_node)
            # `A=$(cmd)` alone has cmd's status; inside `export A=$(cmd)` or `x=$(cmd) prog` it is lost
            self.substitutions(value_node, ctx)
        else:
            end = self.char(node.end_byte)
            value = Word("", "", end, end, True)
        return name, value

    def set_var(
        self,
        name: str,
        value: Word | None,
        kind: str,
        exported: bool,
        ctx: _Ctx,
        node: Node,
        keep_value: bool = False,
    ) -> None:
        """Record a setting; ``keep_value``: ``export NAME`` keeps the value NAME already has."""
        if not name:
            return
        if keep_value:
            previous = self.latest.get(name)
            env_value = previous.value if previous is not None else None
        else:
            env_value = value.text if value is not None else None
        entry = _EnvEntry(name, env_value, exported, self.state.env)
        self.undo.append((name, self.latest.get(name)))
        self.latest[name] = entry
        self.state.env = entry
        setting = VarSetting(name, value, kind, exported, ctx.own_shell, self.char(node.start_byte))
        self.script.variables.append(setting)
        self.awaiting.append(setting)

    def declaration(self, node: Node, ctx: _Ctx) -> None:
        keyword = node.children[0].type if node.children else ""
        flags = "".join(self.text(c)[1:] for c in node.named_children if c.type == "word" and self.text(c)[:1] == "-")
        unexport = keyword == "export" and "n" in flags
        exported = (keyword == "export" or "x" in flags) and not unexport
        exported = exported or ("allexport" in self.state.options and keyword != "export")
        kind = "export" if exported or unexport else "declare"
        vctx = ctx.but(final=False, errexit_ok=False)
        for child in node.named_children:
            if child.type == "variable_assignment":
                name, value = self.assignment(child, vctx)
                self.set_var(name, value, kind, exported, ctx, child)
            elif child.type == "variable_name":
                name = self.text(child)
                known = self.latest.get(name) is not None
                if exported or unexport or not known:
                    self.set_var(name, None, kind, exported, ctx, child, keep_value=True)
            else:
                self.substitutions(child, vctx)

    def unset(self, node: Node, ctx: _Ctx) -> None:
        for child in node.named_children:
            if child.type in ("variable_name", "word"):
                text = self.text(child)
                if not text.startswith("-"):
                    self.set_var(text, None, "unset", False, ctx, child)

    def substitutions(self, node: Node, ctx: _Ctx) -> None:
        """Commands inside ``$(…)``, backquotes and ``<(…)`` run too (in a subshell)."""
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in ("command_substitution", "process_substitution"):
                if ctx.depth >= MAX_DEPTH:
                    self.script.truncated = True
                    continue
                saved_pending, saved_state = self.pending, self.save()
                self.pending = ""
                self.sequence(n.children, ctx.deeper(substitution=True, own_shell=False))
                self.pending = saved_pending
                self.restore(saved_state)
                continue
            stack.extend(reversed(n.named_children))

    # -- commands ---------------------------------------------------------------------------------
    def command(
        self,
        node: Node,
        ctx: _Ctx,
        extra_args: Sequence[Node] = (),
        redirects: Sequence[Redirect] = (),
        heredocs: Sequence[Heredoc] = (),
    ) -> None:
        argv: list[Word] = []
        assignments: dict[str, Word] = {}
        inline: list[VarSetting] = []
        arg_ctx = ctx.but(final=False, errexit_ok=False)
        own_redirects = list(redirects)
        own_heredocs = list(heredocs)
        for child in node.named_children:
            t = child.type
            if t == "variable_assignment":
                name, value = self.assignment(child, arg_ctx)
                if name and value is not None:
                    assignments[name] = value
                    inline.append(VarSetting(name, value, "inline", True, False, self.char(child.start_byte)))
            elif t == "command_name":
                inner = child.named_children[0] if child.named_children else child
                argv.append(self.word(inner))
                self.substitutions(inner, arg_ctx)
            elif t == "file_redirect":
                for extra in self.file_redirect(child, own_redirects, ctx):
                    argv.append(self.word(extra))
            elif t == "heredoc_redirect":
                self.heredoc(child, own_heredocs, own_redirects, ctx)
            elif t in ("herestring_redirect", "comment"):
                self.substitutions(child, arg_ctx)
            else:
                argv.append(self.word(child))
                self.substitutions(child, arg_ctx)
        for extra in extra_args:
            argv.append(self.word(extra))
            self.substitutions(extra, arg_ctx)
        if not argv:
            return
        cmd = Command(argv, self.char(node.start_byte), self.char(node.end_byte))
        cmd.assignment_words = assignments
        cmd.assignments = {k: v.text for k, v in assignments.items()}
        cmd.redirects = own_redirects
        cmd.heredocs = own_heredocs
        for doc in own_heredocs:
            doc.command = cmd
        inline.extend(self.unwrap(cmd))
        self.add(cmd, ctx)
        for setting in inline:
            setting.command = cmd
        self.script.variables.extend(inline)
        self.track_state(cmd, ctx)
        self.nested_scripts(cmd, ctx)

    def add(self, cmd: Command, ctx: _Ctx) -> None:
        cmd.operator = self.pending
        self.pending = ""
        cmd.in_pipeline = ctx.pipeline >= 0
        cmd.pipeline = ctx.pipeline
        cmd.pipeline_last = ctx.pipeline_last
        cmd.in_subshell = ctx.subshell
        cmd.in_substitution = ctx.substitution
        cmd.in_condition = ctx.condition
        cmd.in_loop = ctx.loop
        cmd.in_function = ctx.function
        cmd.negated = ctx.negated
        cmd.background = ctx.background
        cmd.nested = self.nesting > 0
        cmd.cwd = self.state.cwd
        cmd.shell_options = self.state.options
        cmd._env = self.state.env
        cmd.masked = not (ctx.final or (ctx.errexit_ok and "errexit" in self.state.options))
        cmd.index = len(self.script.commands)
        self.script.commands.append(cmd)
        for setting in self.awaiting:
            setting.command = cmd
        self.awaiting.clear()

    def unwrap(self, cmd: Command) -> list[VarSetting]:
        """``sudo -u app env A=1 nice -n 5 pip install x`` -> ``pip install x`` (wrappers recorded);
        returns the settings of ``env A=1``."""
        settings: list[VarSetting] = []
        while len(cmd.argv) > 1 and cmd.name in WRAPPERS:
            wrapper = cmd.name
            short_values, long_values = WRAPPERS[wrapper]
            rest = cmd.argv[1:]
            i = 0
            while i < len(rest):
                t = rest[i].text
                if wrapper in ("env", "sudo") and "=" in t and not t.startswith("-") and _is_name(t.split("=", 1)[0]):
                    key = t.split("=", 1)[0]
                    value = _value_word(rest[i], len(key) + 1)
                    cmd.assignment_words[key] = value
                    cmd.assignments[key] = value.text
                    settings.append(VarSetting(key, value, "env", True, False, rest[i].start))
                    i += 1
                    continue
                if t == "--":
                    i += 1
                    break
                if wrapper == "command" and t in ("-v", "-V"):
                    return settings  # `command -v prog` looks prog up; it does not run it
                if wrapper == "nice" and t[:1] == "-" and t[1:].isdigit():
                    i += 1
                    continue
                if t.startswith("--"):
                    name = t.split("=", 1)[0]
                    i += 2 if name in long_values and "=" not in t else 1
                    continue
                if t.startswith("-") and len(t) > 1:
                    letters = t[1:]
                    value_at = next((k for k, c in enumerate(letters) if c in short_values), -1)
                    i += 2 if value_at == len(letters) - 1 else 1
                    continue
                break
            i += _WRAPPER_LEADING_OPERANDS.get(wrapper, 0)
            if i >= len(rest):
                break
            cmd.wrappers.append(wrapper)
            cmd.argv = rest[i:]
            cmd.name = base_name(cmd.argv[0].text)
        return settings

    def track_state(self, cmd: Command, ctx: _Ctx) -> None:
        name = cmd.name
        if name in ("cd", "pushd", "popd"):
            self.change_directory(cmd, ctx)
        elif name == "set":
            options = set(self.state.options)
            _apply_set_words([w.text for w in cmd.args], options, stop_at_operand=False)
            self.state.options = frozenset(options)
        elif name in ("exit", "return") and ctx.own_shell and not ctx.function:
            # `exit 1` fails the build anyway; `exit`/`exit 0` ends it early with success, so
            # commands appended to the script would be skipped
            code = cmd.argv[1] if len(cmd.argv) > 1 else None
            if code is None or not code.is_literal or code.text == "0":
                self.script.chains.exits = True

    def change_directory(self, cmd: Command, ctx: _Ctx) -> None:
        target: str | None
        operands = [w for w in cmd.args if not (w.text.startswith("-") and w.text != "-")]
        if cmd.name == "popd":
            target = None
        elif not operands:
            target = "~"
        else:
            word = operands[0]
            target = word.text if word.is_literal and word.text != "-" else None
        persists = ctx.own_shell and self.nesting == 0
        conditional = ctx.condition or ctx.loop or ctx.function
        self.script.cd_targets.append(CdChange(target, cmd, persists, conditional))
        self.state.cwd = _join_dir(self.state.cwd, target)

    # -- nested scripts ---------------------------------------------------------------------------
    def nested_scripts(self, cmd: Command, ctx: _Ctx) -> None:
        """``sh -c '…'``, ``su -c '…'``, ``eval '…'`` and a heredoc fed to a shell run a script too."""
        if self.nesting >= MAX_NESTED_SHELLS:
            return
        name = cmd.name
        inner_word: Word | None = None
        shell: list[str] = []
        if name in POSIX_SHELLS:
            inner_word, shell = _shell_c_argument(cmd)
            if inner_word is None and cmd.heredocs and not _shell_has_script_file(cmd):
                doc = cmd.heredocs[-1]
                self.splice(analyze_nested(doc.body, [name], self.nesting + 1), doc.start, cmd, ctx)
                return
        elif name == "su":
            words = cmd.args
            inner_word = next((words[i + 1] for i, w in enumerate(words[:-1]) if w.text in ("-c", "--command")), None)
        elif name == "eval" and len(cmd.argv) == 2:
            inner_word = cmd.argv[1]
        if inner_word is None or not inner_word.is_literal:
            return
        positions: list[int] = []
        inner_text, _ = unquote(inner_word.raw, inner_word.start, positions)
        self.splice(analyze_nested(inner_text, shell or ["sh"], self.nesting + 1), positions, cmd, ctx)

    def splice(self, inner: Script, positions: list[int] | int, outer: Command, ctx: _Ctx) -> None:
        """Add an inner script's commands after ``outer``, offsets mapped into this script."""
        script = self.script
        script.has_errors = script.has_errors or inner.has_errors
        script.truncated = script.truncated or inner.truncated
        first = len(script.commands)
        pipeline_ids: dict[int, int] = {}
        grafted: dict[int, _EnvEntry | None] = {}
        for sub in inner.commands:
            clone = Command([w.shifted(positions) for w in sub.argv], 0, 0)
            clone.start = map_offset(positions, sub.start)
            clone.end = map_offset(positions, sub.end, end=True)
            clone.name = sub.name
            clone.assignment_words = {k: v.shifted(positions) for k, v in sub.assignment_words.items()}
            clone.assignments = dict(sub.assignments)
            clone.operator = sub.operator if sub.index else ""
            clone.in_pipeline = sub.in_pipeline or outer.in_pipeline
            if sub.pipeline >= 0:
                if sub.pipeline not in pipeline_ids:
                    self.pipeline_ids += 1
                    pipeline_ids[sub.pipeline] = self.pipeline_ids
                clone.pipeline = pipeline_ids[sub.pipeline]
            elif outer.pipeline >= 0:
                clone.pipeline = outer.pipeline
            clone.pipeline_last = sub.pipeline_last
            clone.in_subshell = sub.in_subshell or ctx.subshell
            clone.in_substitution = sub.in_substitution or ctx.substitution
            clone.in_condition = sub.in_condition or ctx.condition
            clone.in_loop = sub.in_loop or ctx.loop
            clone.in_function = sub.in_function or ctx.function
            clone.negated = sub.negated or ctx.negated
            clone.background = sub.background or ctx.background
            clone.nested = True
            clone.masked = sub.masked or outer.masked
            clone.wrappers = [*sub.wrappers, *outer.wrappers, outer.name]
            clone.redirects = [
                Redirect(r.op, r.target.shifted(positions) if r.target else None, r.fd) for r in sub.redirects
            ]
            clone.cwd = _join_dir(outer.cwd, sub.cwd) if sub.cwd != "" else outer.cwd
            clone.shell_options = sub.shell_options
            clone._env = _graft_env(sub._env, outer, grafted)
            clone.index = len(script.commands)
            script.commands.append(clone)
        for cd in inner.cd_targets:
            script.cd_targets.append(CdChange(cd.path, script.commands[first + cd.command.index], False, True))
        for setting in inner.variables:
            copy = VarSetting(
                setting.name,
                setting.value.shifted(positions) if setting.value else None,
                setting.kind,
                setting.exported,
                False,
                map_offset(positions, setting.start),
            )
            if setting.command is not None:
                copy.command = script.commands[first + setting.command.index]
            script.variables.append(copy)
        for doc in inner.heredocs:
            moved = Heredoc(
                doc.delimiter,
                doc.body,
                map_offset(positions, doc.start),
                map_offset(positions, doc.end, end=True),
                doc.expands,
                doc.strip_tabs,
            )
            if doc.command is not None:
                moved.command = script.commands[first + doc.command.index]
            script.heredocs.append(moved)


def analyze_nested(text: str, shell: list[str], nesting: int) -> Script:
    key = (text, ("\0nested", str(nesting), *shell))
    cached = _cache.get(key)
    if cached is None:
        cached = _Walker(text, shell, nesting).run()
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = cached
    return cached


# -- helpers --------------------------------------------------------------------------------------
def _char_offsets(data: bytes) -> list[int]:
    """Character offset of each UTF-8 byte offset (built once per non-ASCII script): the count of
    character-starting bytes (all but 0b10xxxxxx continuations) before it, summed at C speed."""
    from itertools import accumulate

    starts = data.translate(_CHAR_STARTS)
    return list(accumulate(starts, initial=0))


_CHAR_STARTS = bytes(0 if 0x80 <= b < 0xC0 else 1 for b in range(256))


def _flatten_list(node: Node) -> tuple[list[Node], list[str]]:
    """The elements and operators of a (left-nested) ``&&``/``||`` list, without recursion."""
    rights: list[tuple[str, list[Node]]] = []
    current = node
    while True:
        children = [c for c in current.children if c.type != "comment"]
        op_index = next((i for i, c in enumerate(children) if c.type in ("&&", "||")), None)
        if op_index is None:
            head = [c for c in children if c.is_named]
            break
        right = [c for c in children[op_index + 1 :] if c.is_named]
        rights.append((children[op_index].type, right))
        left = [c for c in children[:op_index] if c.is_named]
        if len(left) == 1 and left[0].type == "list":
            current = left[0]
            continue
        head = left
        break
    elements = list(head)
    # after a syntax error the left side can hold several nodes: take them as joined by `&&`
    operators: list[str] = ["&&"] * max(len(head) - 1, 0)
    for op, nodes in reversed(rights):
        for k, n in enumerate(nodes):
            operators.append(op if k == 0 else "&&")
            elements.append(n)
    return elements, operators[: max(len(elements) - 1, 0)]


def _list_operators(node: Node) -> list[str]:
    if node.type == "redirected_statement":
        body = node.child_by_field_name("body")
        ops = _list_operators(body) if body is not None else []
        for child in node.named_children:
            if child.type == "heredoc_redirect":
                ops.extend(c.type for c in child.children if c.type in ("&&", "||"))
        return ops
    if node.type != "list":
        return []
    return _flatten_list(node)[1]


def _apply_set_words(words: Sequence[str], options: set[str], stop_at_operand: bool) -> None:
    """Apply ``set``-style option words (``-eux``, ``-o pipefail``, ``+e``) to ``options``."""
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("--", "-"):
            break
        if len(w) > 1 and w[0] in "-+" and w[1] != "-":
            on = w[0] == "-"
            letters = w[1:]
            for letter in letters:
                if letter == "o":
                    if i + 1 < len(words):
                        i += 1
                        _switch(options, words[i], on)
                    continue
                long_name = SHORT_OPTIONS.get(letter)
                if long_name:
                    _switch(options, long_name, on)
        elif w.startswith("--"):
            pass  # bash --login, --posix …
        elif stop_at_operand:
            break
        else:
            break  # `set a b`: positional parameters
        i += 1


def _switch(options: set[str], name: str, on: bool) -> None:
    if on:
        options.add(name)
    else:
        options.discard(name)


def _join_dir(cwd: str | None, target: str | None) -> str | None:
    if target is None or (cwd is None and not target.startswith("/")):
        return None
    if target.startswith("/") or target.startswith("~") or target.startswith("$"):
        base = ""
        path = target
    else:
        base = cwd or ""
        path = f"{base.rstrip('/')}/{target}" if base else target
    import posixpath

    normalized = posixpath.normpath(path)
    if normalized.startswith("//"):
        normalized = normalized[1:]
    return normalized if normalized != "." else ""


def _is_name(text: str) -> bool:
    return bool(text) and (text[0].isalpha() or text[0] == "_") and all(c.isalnum() or c == "_" for c in text)


def _value_word(word: Word, skip: int) -> Word:
    """The value part of ``NAME=value`` given as one argument (``env NAME=value``)."""
    text = word.text[skip:]
    raw_skip = skip if word.raw[:skip] == word.text[:skip] else 0
    return Word(text, word.raw[raw_skip:], word.start + raw_skip, word.end, word.is_literal)


def _shell_c_argument(cmd: Command) -> tuple[Word | None, list[str]]:
    """For ``bash -eo pipefail -c 'script'``: the script word and the shell argv before it."""
    args = cmd.argv[1:]
    shell = [cmd.argv[0].text]
    i = 0
    while i < len(args):
        t = args[i].text
        if t.startswith("--"):
            shell.append(t)
            i += 1
            continue
        if len(t) > 1 and t[0] in "-+":
            shell.append(t)
            if "o" in t[1:] and i + 1 < len(args) and not t.endswith("c"):
                i += 1
                shell.append(args[i].text)
            if "c" in t[1:]:
                return (args[i + 1] if i + 1 < len(args) else None), shell
            i += 1
            continue
        return None, shell
    return None, shell


def _shell_has_script_file(cmd: Command) -> bool:
    """``bash script.sh`` runs the file, not its standard input (``bash -s`` and ``bash`` read stdin)."""
    for w in cmd.args:
        t = w.text
        if t.startswith("-") or t.startswith("+"):
            if "s" in t[1:] and not t.startswith("--"):
                return False
            continue
        return True
    return False


def _graft_env(inner: _EnvEntry | None, outer: Command, grafted: dict[int, _EnvEntry | None]) -> _EnvEntry | None:
    """A nested shell inherits the outer command's environment, below its own settings.
    ``grafted`` remembers copied links, so each inner link is copied once per splice."""
    if not grafted:
        head = outer._env
        for name, value in outer.assignments.items():
            head = _EnvEntry(name, value, True, head)
        grafted[0] = head
    pending: list[_EnvEntry] = []
    entry = inner
    while entry is not None and id(entry) not in grafted:
        pending.append(entry)
        entry = entry.parent
    head = grafted[id(entry)] if entry is not None else grafted[0]
    for link in reversed(pending):
        head = _EnvEntry(link.name, link.value, link.exported, head)
        grafted[id(link)] = head
    return head


def _chain(entry: _EnvEntry | None) -> list[_EnvEntry]:
    out = []
    while entry is not None:
        out.append(entry)
        entry = entry.parent
    return out
