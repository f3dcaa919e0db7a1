"""Turn a shell script into a :class:`Script` with tree-sitter-bash.

tree-sitter is imported on first use (about 20 ms), and the parser is built once per process.
tree-sitter is error-tolerant: a script with a syntax error still yields its other commands,
and ``Script.has_errors`` says so.
"""

from __future__ import annotations

from dockeropt.shell.model import Command, Script, Word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tree_sitter import Node, Parser

POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"})
_NOT_SHELL = ("powershell", "pwsh", "cmd", "cmd.exe", "powershell.exe", "pwsh.exe")
# Programs that run the rest of their arguments as a command.
_WRAPPERS = frozenset(
    {"sudo", "env", "nice", "nohup", "time", "exec", "command", "stdbuf", "xargs", "timeout", "chroot"}
)
_WRAPPER_VALUE_OPTS = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-U", "-r", "-t"}),
    "env": frozenset({"-u", "-C", "-S"}),
    "nice": frozenset({"-n"}),
    "xargs": frozenset({"-n", "-I", "-L", "-P", "-s", "-d", "-a", "-E"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "timeout": frozenset({"-s", "-k"}),
}
_CACHE_LIMIT = 512

_parser: Parser | None = None
_cache: dict[str, Script] = {}


def _get_parser() -> Parser:
    global _parser
    if _parser is None:
        import tree_sitter
        import tree_sitter_bash

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    return _parser


def shell_supported(shell: Sequence[str] | None) -> bool:
    if not shell:
        return True
    prog = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    return prog not in _NOT_SHELL


def analyze(script: str, shell: Sequence[str] | None = None) -> Script:
    """Analyse ``script`` (cached per text). Under PowerShell or cmd, nothing is analysed."""
    if not shell_supported(shell):
        return Script(script, supported=False)
    cached = _cache.get(script)
    if cached is not None:
        return cached
    result = _Walker(script).run()
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[script] = result
    return result


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.data = source.encode("utf-8", "surrogatepass")
        self.script = Script(source)
        self._char_of: Callable[[int], int] = self._identity if source.isascii() else self._build_map()
        self._pending = ""  # connector for the next command

    @staticmethod
    def _identity(offset: int) -> int:
        return offset

    def _build_map(self) -> Callable[[int], int]:
        table = [0] * (len(self.data) + 1)
        pos = 0
        for index, ch in enumerate(self.source):
            n = len(ch.encode("utf-8", "surrogatepass"))
            for k in range(n):
                table[pos + k] = index
            pos += n
        table[pos] = len(self.source)
        return table.__getitem__

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def run(self) -> Script:
        tree = _get_parser().parse(self.data)
        root = tree.root_node
        self.script.has_errors = root.has_error
        self._statements(root, _Ctx())
        from dockeropt.shell.packages import package_ops

        self.script.packages = package_ops(self.script.commands)
        return self.script

    # -- structure ----------------------------------------------------------------------------
    def _statements(self, node: Node, ctx: _Ctx) -> None:
        for child in node.children:
            t = child.type
            if t in (";", "&", "\n"):
                if t == ";":
                    self.script.uses_semicolons = True
                self._pending = t
                continue
            if t in ("comment", "heredoc_body", "heredoc_end", "heredoc_start"):
                continue
            if not child.is_named:
                continue
            self._statement(child, ctx)
            if not self._pending:
                self._pending = "\n"

    def _statement(self, node: Node, ctx: _Ctx) -> None:
        t = node.type
        if t == "command":
            self._command(node, ctx)
        elif t == "list":
            self._list(node, ctx)
        elif t == "pipeline":
            self._pipeline(node, ctx)
        elif t == "subshell":
            self._statements(node, ctx.with_(subshell=True))
        elif t in ("compound_statement", "do_group", "program"):
            self._statements(node, ctx)
        elif t == "redirected_statement":
            self._redirected(node, ctx)
        elif t == "negated_command":
            for child in node.named_children:
                self._statement(child, ctx.with_(negated=True, masked=True))
        elif t in ("if_statement", "elif_clause", "else_clause", "while_statement", "until_statement"):
            self._conditional(node, ctx)
        elif t in ("for_statement", "c_style_for_statement", "case_statement", "case_item"):
            self._loop(node, ctx)
        elif t == "function_definition":
            body = node.child_by_field_name("body")
            if body is not None:
                self._statement(body, ctx.with_(function=True))
        elif t == "declaration_command":
            self._declaration(node, ctx)
        elif t == "variable_assignment" or t == "variable_assignments" or t == "test_command":
            self._substitutions(node, ctx)
        else:
            for child in node.named_children:
                self._statement(child, ctx)

    def _list(self, node: Node, ctx: _Ctx) -> None:
        """``a && b || c``: tree-sitter nests lists to the left; walk them as one flat chain
        (iteratively: a long ``&&`` chain would otherwise recurse once per command)."""
        rights: list[tuple[str, list[Node]]] = []
        leftmost: list[Node] = []
        current = node
        while True:
            children = [c for c in current.children if c.type != "comment"]
            op_index = next((i for i, c in enumerate(children) if c.type in ("&&", "||")), None)
            if op_index is None:
                leftmost = [c for c in children if c.is_named]
                break
            rights.append((children[op_index].type, [c for c in children[op_index + 1 :] if c.is_named]))
            left = [c for c in children[:op_index] if c.is_named]
            if len(left) == 1 and left[0].type == "list":
                current = left[0]
                continue
            leftmost = left
            break
        rights.reverse()
        # A failure is caught by the next `||` to its right: everything before one is masked.
        caught = [False] * (len(rights) + 1)
        for i in range(len(rights) - 1, -1, -1):
            caught[i] = caught[i + 1] or rights[i][0] == "||"
        for child in leftmost:
            self._statement(child, ctx.with_(masked=True) if caught[0] else ctx)
        for i, (op, nodes) in enumerate(rights):
            self._pending = op
            inner = ctx.with_(condition=True) if op == "||" else ctx
            if caught[i + 1]:
                inner = inner.with_(masked=True)
            for child in nodes:
                self._statement(child, inner)

    def _pipeline(self, node: Node, ctx: _Ctx) -> None:
        parts = [c for c in node.children if c.is_named]
        for i, child in enumerate(parts):
            last = i == len(parts) - 1
            if i:
                self._pending = "|"
            self._statement(child, ctx.with_(pipeline=True, pipeline_last=last, masked=ctx.masked or not last))

    def _redirected(self, node: Node, ctx: _Ctx) -> None:
        body = node.child_by_field_name("body")
        redirects: list[tuple[str, str]] = []
        for child in node.named_children:
            if child is body or child.type not in ("file_redirect", "heredoc_redirect", "herestring_redirect"):
                continue
            if child.type == "file_redirect":
                op = next((self.text(c) for c in child.children if not c.is_named), ">")
                dest = child.child_by_field_name("destination")
                target = self._word(dest).text if dest is not None else ""
                redirects.append((op, target))
            self._substitutions(child, ctx)
        before = len(self.script.commands)
        if body is not None:
            self._statement(body, ctx)
        if redirects and len(self.script.commands) > before:
            self.script.commands[-1].redirects.extend(redirects)

    def _conditional(self, node: Node, ctx: _Ctx) -> None:
        condition = node.child_by_field_name("condition")
        for child in node.named_children:
            if child is condition or child.type in ("test_command",):
                self._statement(child, ctx.with_(condition=True, masked=True))
            else:
                self._statement(child, ctx.with_(condition=True))

    def _loop(self, node: Node, ctx: _Ctx) -> None:
        for child in node.named_children:
            if (
                child.type in ("do_group", "compound_statement", "case_item")
                or child.type.endswith("statement")
                or child.type in ("command", "list", "pipeline", "redirected_statement")
            ):
                self._statement(child, ctx.with_(condition=True))
            else:
                self._substitutions(child, ctx)

    def _declaration(self, node: Node, ctx: _Ctx) -> None:
        keyword = self.text(node.children[0]) if node.children else ""
        exported = keyword == "export" or any(self.text(c) == "-x" for c in node.named_children if c.type == "word")
        for child in node.named_children:
            if child.type == "variable_assignment":
                name_node = child.child_by_field_name("name")
                value_node = child.child_by_field_name("value")
                name = self.text(name_node) if name_node is not None else ""
                value = self._word(value_node).text if value_node is not None else ""
                if exported and name:
                    self.script.exports[name] = value
            elif child.type == "variable_name" and exported:
                self.script.exports.setdefault(self.text(child), None)
        self._substitutions(node, ctx)

    def _substitutions(self, node: Node, ctx: _Ctx) -> None:
        """Commands inside ``$(…)`` and backticks run too."""
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "command_substitution":
                saved = self._pending
                self._pending = ""
                self._statements(n, ctx.with_(substitution=True))
                self._pending = saved
                continue
            stack.extend(reversed(n.named_children))

    # -- commands -----------------------------------------------------------------------------------
    def _word(self, node: Node) -> Word:
        raw = self.text(node)
        start = self._char_of(node.start_byte)
        end = self._char_of(node.end_byte)
        t = node.type
        if t == "raw_string":
            return Word(raw[1:-1], raw, start, end, True)
        if t == "string":
            literal = all(c.type in ('"', "string_content") for c in node.children)
            inner = raw[1:-1]
            if literal:
                inner = inner.replace('\\"', '"').replace("\\$", "$").replace("\\`", "`").replace("\\\\", "\\")
            return Word(inner, raw, start, end, literal)
        if t in ("word", "number"):
            return Word(_unescape(raw), raw, start, end, True)
        if t == "concatenation":
            parts = [self._word(c) for c in node.named_children]
            literal = all(p.literal for p in parts)
            text = "".join(p.text for p in parts) if literal else raw
            return Word(text, raw, start, end, literal)
        return Word(raw, raw, start, end, False)

    def _command(self, node: Node, ctx: _Ctx) -> None:
        assignments: dict[str, str] = {}
        argv: list[Word] = []
        for child in node.named_children:
            if child.type == "variable_assignment":
                name_node = child.child_by_field_name("name")
                value_node = child.child_by_field_name("value")
                if name_node is not None:
                    assignments[self.text(name_node)] = self._word(value_node).text if value_node else ""
            elif child.type == "command_name":
                inner = child.named_children[0] if child.named_children else child
                argv.append(self._word(inner))
            elif child.type in ("file_redirect", "herestring_redirect", "heredoc_redirect", "comment"):
                continue
            else:
                argv.append(self._word(child))
            self._substitutions(child, ctx)
        if not argv:
            return
        cmd = Command(argv, self._char_of(node.start_byte), self._char_of(node.end_byte))
        cmd.assignments = assignments
        self._unwrap(cmd)
        self._add(cmd, ctx)
        self._track_state(cmd, ctx)
        if cmd.name in POSIX_SHELLS and "c" in _short_flags(cmd):
            self._nested_shell(cmd, ctx)

    def _add(self, cmd: Command, ctx: _Ctx) -> None:
        cmd.connector = self._pending
        self._pending = ""
        cmd.in_pipeline = ctx.pipeline
        cmd.pipeline_last = ctx.pipeline_last
        cmd.in_subshell = ctx.subshell
        cmd.in_condition = ctx.condition
        cmd.in_function = ctx.function
        cmd.in_substitution = ctx.substitution
        cmd.negated = ctx.negated
        cmd.masked = ctx.masked
        self.script.commands.append(cmd)

    def _unwrap(self, cmd: Command) -> None:
        while cmd.argv and cmd.name in _WRAPPERS and len(cmd.argv) > 1:
            wrapper = cmd.name
            rest = cmd.argv[1:]
            value_opts = _WRAPPER_VALUE_OPTS.get(wrapper, frozenset())
            i = 0
            while i < len(rest):
                t = rest[i].text
                if wrapper == "env" and "=" in t and not t.startswith("-"):
                    key, _, value = t.partition("=")
                    cmd.assignments[key] = value
                    i += 1
                    continue
                if t.startswith("-") and t != "-":
                    i += 2 if t in value_opts else 1
                    continue
                break
            if wrapper == "timeout" and i < len(rest):
                i += 1  # the duration
            if i >= len(rest):
                return
            cmd.wrappers.append(wrapper)
            cmd.argv = rest[i:]

    def _track_state(self, cmd: Command, ctx: _Ctx) -> None:
        name = cmd.name
        top = not (ctx.subshell or ctx.pipeline or ctx.substitution or ctx.function)
        if name == "cd":
            target = next((w.text for w in cmd.args if not w.text.startswith("-")), "~")
            self.script.cd_targets.append((target, top and not ctx.condition))
        elif name == "set" and top:
            words = [w.text for w in cmd.args]
            for i, w in enumerate(words):
                if w in ("-o", "+o") and i + 1 < len(words):
                    if w == "-o":
                        self.script.set_options.add(words[i + 1])
                    else:
                        self.script.set_options.discard(words[i + 1])
                elif w.startswith("-") and w not in ("-o", "--"):
                    self.script.set_options.update(w[1:])
                elif w.startswith("+") and w != "+o":
                    self.script.set_options.difference_update(w[1:])

    def _nested_shell(self, cmd: Command, ctx: _Ctx) -> None:
        """``sh -c 'script'``: the inner commands run too (offsets point at the quoted word)."""
        words = cmd.argv
        for i, w in enumerate(words[1:], 1):
            if w.text.startswith("-") and "c" in w.text[1:] and not w.text.startswith("--") and i + 1 < len(words):
                inner_word = words[i + 1]
                if not inner_word.literal:
                    return
                inner = analyze(inner_word.text)
                shift = inner_word.start + (1 if inner_word.raw[:1] in ("'", '"') else 0)
                for sub in inner.commands:
                    clone = Command(sub.argv, sub.start + shift, sub.end + shift)
                    clone.argv = [Word(x.text, x.raw, x.start + shift, x.end + shift, x.literal) for x in sub.argv]
                    clone.assignments = sub.assignments
                    clone.wrappers = [*sub.wrappers, cmd.name]
                    clone.redirects = sub.redirects
                    self._add(
                        clone, ctx.with_(masked=ctx.masked or sub.masked, condition=ctx.condition or sub.in_condition)
                    )
                    clone.connector = sub.connector
                for d, _persists in inner.cd_targets:
                    self.script.cd_targets.append((d, False))  # a cd inside `sh -c` ends with that shell
                return


def _short_flags(cmd: Command) -> set[str]:
    out: set[str] = set()
    for w in cmd.argv[1:]:
        t = w.text
        if t.startswith("-") and not t.startswith("--"):
            out.update(t[1:])
        else:
            break
    return out


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    out = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


class _Ctx:
    """Where a command sits: inside a pipeline, subshell, condition …"""

    __slots__ = ("condition", "function", "masked", "negated", "pipeline", "pipeline_last", "subshell", "substitution")

    def __init__(self) -> None:
        self.pipeline = False
        self.pipeline_last = True
        self.subshell = False
        self.condition = False
        self.function = False
        self.substitution = False
        self.negated = False
        self.masked = False

    def with_(self, **changes: bool) -> _Ctx:
        new = _Ctx()
        for name in self.__slots__:
            setattr(new, name, getattr(self, name))
        for key, value in changes.items():
            setattr(new, key, value)
        if changes.get("condition") and "masked" not in changes:
            new.masked = new.masked
        return new
