"""Helpers for the rules about Dockerfile variables .

``suggest`` mirrors BuildKit's ``util/suggest.Search`` (the "did you mean" in its messages), and
``find_reference`` locates a ``$NAME`` / ``${NAME…}`` in an instruction so that a finding points
at the variable rather than at the whole instruction.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from dockeropt.graph.model import Graph
    from dockeropt.syntax.nodes import Dockerfile
    from dockeropt.syntax.span import Span

# Special shell parameters ($1, $@, $?, …) are never Dockerfile variables.
_OPTIONAL_MODIFIERS = (":-", "-", ":+", "+")


def is_variable_name(name: str) -> bool:
    """``[A-Za-z_][A-Za-z0-9_]*``, without compiling a pattern for it."""
    return name.isascii() and name.isidentifier()


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def suggest(name: str, options: Iterable[str], case_sensitive: bool = True) -> str | None:
    """The closest option within edit distance 2, as BuildKit suggests it; None on an exact match."""
    value = name if case_sensitive else name.lower()
    best: str | None = None
    best_distance = 3
    for option in options:
        candidate = option if case_sensitive else option.lower()
        if candidate == value:
            return None
        # cheap bound first: lengths that differ by 3 or more cannot be within distance 2
        if abs(len(candidate) - len(value)) >= best_distance:
            continue
        distance = levenshtein(value, candidate)
        if distance < best_distance:
            best, best_distance = option, distance
    return best


_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_AFTER_BRACED_NAME = frozenset("}:+-?#%/")


class Reference:
    """A reference found by :class:`References`: ``text[start():end()]`` is ``$NAME`` or ``${NAME``."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text = text
        self._start = start
        self._end = end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("no such group")
        return self._text[self._start : self._end]


class References:
    """The references to one variable: ``$NAME`` (not followed by another name character) or
    ``${NAME`` followed by ``}`` or a modifier, found as the pattern
    ``\\$(?:\\{NAME(?=[}:+\\-?#%/])|NAME(?![A-Za-z0-9_]))`` would find them (``search`` and
    ``finditer`` with the same meaning), without compiling a pattern per name."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Reference | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        name = self.name
        i = text.find("$", pos, end)
        while i >= 0:
            j = i + 1
            if j < end and text[j] == "{" and text.startswith(name, j + 1, end):
                after = j + 1 + len(name)
                if after < end and text[after] in _AFTER_BRACED_NAME:
                    return Reference(text, i, after)
            if text.startswith(name, j, end):
                after = j + len(name)
                if after >= end or text[after] not in _NAME_CHARACTERS:
                    return Reference(text, i, after)
            i = text.find("$", j, end)
        return None

    def finditer(self, text: str) -> Iterator[Reference]:
        pos = 0
        while True:
            found = self.search(text, pos)
            if found is None:
                return
            yield found
            pos = found.end()


def reference_regex(name: str) -> References:
    """``$NAME`` (not followed by another name character) or ``${NAME`` followed by ``}`` or a modifier."""
    return References(name)


def find_reference(tree: Dockerfile, start: int, end: int, name: str) -> Span | None:
    """The span of the first reference to ``name`` in ``tree.text[start:end]``."""
    m = reference_regex(name).search(tree.text, start, end)
    if m is None:
        return None
    return tree.index.span(m.start(), m.end() + (1 if tree.text[m.end() : m.end() + 1] == "}" else 0))


def only_optional_uses(word: str, name: str) -> bool:
    """Whether every reference to ``name`` in ``word`` carries a default (``${NAME:-x}``, ``${NAME+x}`` …).

    Such a variable is optional on purpose: the author wrote what happens when it is unset.
    """
    found = False
    for m in reference_regex(name).finditer(word):
        found = True
        tail = word[m.end() :]
        if not (m.group(0).startswith("${") and tail.startswith(_OPTIONAL_MODIFIERS)):
            return False
    return found


# BuildKit's automatic platform ARGs (``dockerfile2llb/platform.go`` defaultArgs) with the values
# a linux/amd64 build gets: FROM sees them without any ARG; a stage sees them only once declared.
PLATFORM_ARGS: dict[str, str] = {
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDOSVERSION": "",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETOSVERSION": "",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
    "TARGETSTAGE": "default",
}


def from_environment(graph: Graph, with_build_args: bool = True) -> dict[str, str]:
    """What FROM lines expand against: the platform ARGs, then the global ARGs in order.

    ``with_build_args=False`` gives what a plain ``docker build`` without ``--build-arg`` sees
    (BuildKit's InvalidDefaultArgInFrom check looks at exactly that).
    """
    env = dict(PLATFORM_ARGS)
    build_args = graph.build_args if with_build_args else {}
    env.update({k: v for k, v in build_args.items() if k in PLATFORM_ARGS})
    for inst in graph.global_arg_insts:
        for kv in inst.pairs:
            if kv.key in build_args:
                env[kv.key] = build_args[kv.key]
            elif kv.value is not None:
                env[kv.key] = graph.expand(kv.value, env)[0]
    return env


def declared_global_args(graph: Graph) -> set[str]:
    """Names declared by an ARG before the first FROM, with or without a default."""
    return {kv.key for inst in graph.global_arg_insts for kv in inst.pairs}
