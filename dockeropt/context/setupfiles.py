"""Dependencies of setuptools projects: ``setup.py`` parsed with libcst (imported here only) and
never executed, and ``setup.cfg`` read as INI data.

From ``setup.py`` only what can be read without running code is taken: ``install_requires``,
``extras_require`` and ``setup_requires`` given as literal strings, lists, tuples, dicts (or
``dict(…)``), ``+`` of those, and variables holding them. When the value instead reads a file whose
name is a literal ending in ``.txt`` (``open("requirements.txt").read().splitlines()``,
``parse_requirements("requirements/base.txt")``, or ``fh.read()`` after ``with open("….txt") as
fh``), that file is read as a requirements file.
"""

from __future__ import annotations

import os

from dockeropt.context.depmodel import Dependencies, requirement_from_pep508
from dockeropt.context.requirements_txt import read_requirements_txt
from dockeropt.files.read import read_text, reason

TYPE_CHECKING = False
if TYPE_CHECKING:
    import libcst as cst

_KEYWORDS = {"install_requires": None, "setup_requires": "setup_requires", "extras_require": "extras"}


class _Value:
    """What an expression evaluates to, as far as it can be read: requirement strings with their
    lines, per group, and requirements files it reads."""

    __slots__ = ("files", "groups")

    def __init__(self) -> None:
        self.groups: dict[str | None, list[tuple[str, int]]] = {}
        self.files: list[tuple[str, int]] = []

    def add(self, group: str | None, text: str, line: int) -> None:
        self.groups.setdefault(group, []).append((text, line))

    def merge(self, other: _Value, group: str | None = None, regroup: bool = False) -> None:
        for key, items in other.groups.items():
            self.groups.setdefault(group if regroup else key, []).extend(items)
        self.files.extend(other.files)


class _Reader:
    """Evaluates the few expression forms a setup.py uses for its requirements."""

    def __init__(self, positions: dict[cst.CSTNode, int]) -> None:
        self.positions = positions
        self.variables: dict[str, _Value] = {}
        self.handles: dict[str, list[tuple[str, int]]] = {}  # ``with open("x.txt") as fh``: fh -> files

    def line(self, node: cst.CSTNode) -> int:
        return self.positions.get(node, 0)

    def value(self, node: cst.BaseExpression, group: str | None = None, as_groups: bool = False) -> _Value:
        import libcst as cst

        out = _Value()
        if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
            text = node.evaluated_value
            if isinstance(text, str):
                first = self.line(node)
                # setuptools' yield_lines: a string may hold one requirement per line
                for piece in text.splitlines():
                    if piece.strip() and not piece.strip().startswith("#"):
                        out.add(group, piece.strip(), first)
        elif isinstance(node, cst.List | cst.Tuple | cst.Set):
            for element in node.elements:  # a *starred variable expands to its items
                out.merge(self.value(element.value, group))
        elif isinstance(node, cst.Dict) and as_groups:
            for item in node.elements:
                if isinstance(item, cst.DictElement) and isinstance(item.key, cst.SimpleString):
                    key = item.key.evaluated_value
                    out.merge(self.value(item.value, key if isinstance(key, str) else None))
        elif isinstance(node, cst.Call) and as_groups and _callee(node) == "dict":
            for arg in node.args:
                if arg.keyword is not None:
                    out.merge(self.value(arg.value, arg.keyword.value))
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            out.merge(self.value(node.left, group, as_groups))
            out.merge(self.value(node.right, group, as_groups))
        elif isinstance(node, cst.Name):
            known = self.variables.get(node.value)
            if known is not None:
                out.merge(known, group, regroup=not as_groups)
        else:
            out.files.extend(self.text_files(node))
        return out

    def text_files(self, node: cst.CSTNode) -> list[tuple[str, int]]:
        """String literals ending in ``.txt`` anywhere in an expression that reads files."""
        import libcst as cst

        found: list[tuple[str, int]] = []
        reader = self

        class Finder(cst.CSTVisitor):
            def visit_SimpleString(self, string: cst.SimpleString) -> None:
                text = string.evaluated_value
                if isinstance(text, str) and text.endswith(".txt") and "\n" not in text:
                    found.append((text, reader.line(string)))

            def visit_Name(self, name: cst.Name) -> None:
                found.extend(reader.handles.get(name.value, ()))

        node.visit(Finder())
        return found


def _callee(call: cst.Call) -> str:
    import libcst as cst

    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return ""


def read_setup_py(path: str, *, context_dir: str | None = None) -> Dependencies:
    """The requirements a ``setup(…)`` call declares, read without executing anything."""
    deps = Dependencies()
    try:
        source = read_text(path, errors="replace")
    except OSError as exc:
        deps.problems.append((path, 0, f"cannot read: {reason(exc)}"))
        return deps
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    try:
        wrapper = MetadataWrapper(cst.parse_module(source))
    except cst.ParserSyntaxError as exc:
        deps.problems.append((path, 0, f"cannot parse: {exc.message}"))
        return deps
    deps.files.append(path)
    positions = {node: pos.start.line for node, pos in wrapper.resolve(PositionProvider).items()}
    reader = _Reader(positions)
    calls: list[cst.Call] = []

    class Visitor(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    reader.variables[target.target.value] = reader.value(node.value, as_groups=True)

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            if isinstance(node.target, cst.Name) and node.value is not None:
                reader.variables[node.target.value] = reader.value(node.value, as_groups=True)

        def visit_AugAssign(self, node: cst.AugAssign) -> None:
            if isinstance(node.target, cst.Name) and isinstance(node.operator, cst.AddAssign):
                known = reader.variables.setdefault(node.target.value, _Value())
                known.merge(reader.value(node.value, as_groups=True))

        def visit_With(self, node: cst.With) -> None:
            for item in node.items:
                if item.asname is not None and isinstance(item.asname.name, cst.Name):
                    files = reader.text_files(item.item)
                    if files:
                        reader.handles[item.asname.name.value] = files

        def visit_Call(self, node: cst.Call) -> None:
            if _callee(node) == "setup":
                calls.append(node)

    wrapper.module.visit(Visitor())
    folder = os.path.dirname(path)
    for call in calls:
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value not in _KEYWORDS:
                continue
            group = _KEYWORDS[arg.keyword.value]
            value = reader.value(arg.value, None if group == "extras" else group, as_groups=group == "extras")
            for key, items in value.groups.items():
                for text, line in items:
                    found = requirement_from_pep508(text, path, line, key)
                    if found is not None:
                        deps.requirements.append(found)
            for name, line in value.files:
                nested = read_requirements_txt(os.path.join(folder, name), context_dir=context_dir)
                for req in nested.requirements:
                    req.group = None if group == "extras" else group
                if not nested.files:
                    deps.problems.append((path, line, f"{name} is read by setup.py but is not there"))
                deps.extend(nested)
    return deps


def setuptools_requirement_list(value: str) -> list[str]:
    """setuptools' ``_parse_requirements_list``: one requirement per line, or, on a single line,
    separated by ``;`` (so a marker there is split off, as setuptools warns); ``#`` lines dropped."""
    chunks = value.splitlines() if "\n" in value else value.split(";")
    return [c.strip() for c in chunks if c.strip() and not c.strip().startswith("#")]


def read_setup_cfg(path: str, *, context_dir: str | None = None) -> Dependencies:
    """``[options] install_requires`` / ``setup_requires`` and ``[options.extras_require]``;
    ``file: a.txt, b.txt`` values read those requirements files."""
    import configparser

    deps = Dependencies()
    parser = configparser.RawConfigParser()
    try:
        text = read_text(path, errors="replace")
        parser.read_string(text, path)
    except OSError as exc:
        deps.problems.append((path, 0, f"cannot read: {reason(exc)}"))
        return deps
    except configparser.Error as exc:
        deps.problems.append((path, 0, f"cannot read: {exc}"))
        return deps
    deps.files.append(path)
    lines = text.splitlines()
    entries: list[tuple[str, str | None]] = []
    for option, group in (("install_requires", None), ("setup_requires", "setup_requires")):
        if parser.has_option("options", option):
            entries.append((parser.get("options", option), group))
    if parser.has_section("options.extras_require"):
        entries.extend((value, key) for key, value in parser.items("options.extras_require"))
    cursor = 0
    for value, group in entries:
        if value.strip().startswith("file:"):
            for name in value.strip()[5:].split(","):
                nested_path = os.path.join(os.path.dirname(path), name.strip())
                nested = read_requirements_txt(nested_path, context_dir=context_dir)
                for req in nested.requirements:
                    req.group = group
                deps.extend(nested)
            continue
        for item in setuptools_requirement_list(value):
            cursor = _line_of(lines, item, cursor)
            found = requirement_from_pep508(item, path, cursor + 1, group)
            if found is not None:
                deps.requirements.append(found)
    return deps


def _line_of(lines: list[str], needle: str, start: int) -> int:
    """The index of the first line from ``start`` holding ``needle`` (``start`` if none does)."""
    for index in range(start, len(lines)):
        if needle in lines[index]:
            return index
    return start
