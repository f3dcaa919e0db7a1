"""Python dependencies declared in pyproject.toml, setup.py, setup.cfg and environment.yml, read
statically: TOML and YAML are parsed as data, and ``setup.py`` is parsed with libcst (imported
only here) and never executed — only literal ``install_requires`` / ``extras_require`` lists and
simple module-level list variables they name are read.
"""

from __future__ import annotations

import os
import re

from dockeropt.context.requirements_file import normalize

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _names(specs: list[str]) -> list[str]:
    out = []
    for spec in specs:
        m = _NAME.match(spec)
        if m:
            out.append(normalize(m.group(1)))
    return out


def pyproject_dependencies(path: str) -> list[str]:
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return []
    specs: list[str] = []
    project = data.get("project", {})
    if isinstance(project, dict):
        specs.extend(s for s in project.get("dependencies", []) if isinstance(s, str))
        for group in (project.get("optional-dependencies") or {}).values():
            specs.extend(s for s in group if isinstance(s, str))
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict):
        for section in ("dependencies", "dev-dependencies"):
            deps = poetry.get(section, {})
            if isinstance(deps, dict):
                specs.extend(name for name in deps if name.lower() != "python")
        for group in (poetry.get("group") or {}).values():
            if isinstance(group, dict) and isinstance(group.get("dependencies"), dict):
                specs.extend(group["dependencies"])
    return _names(specs)


def setup_cfg_dependencies(path: str) -> list[str]:
    import configparser

    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, configparser.Error):
        return []
    specs: list[str] = []
    if parser.has_option("options", "install_requires"):
        specs.extend(line for line in parser.get("options", "install_requires").splitlines() if line.strip())
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            specs.extend(line for line in value.splitlines() if line.strip())
    return _names(specs)


def setup_py_dependencies(path: str) -> list[str]:
    """Literal requirement strings given to ``setup(install_requires=…, extras_require=…)``."""
    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except OSError:
        return []
    import libcst as cst

    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return []
    lists: dict[str, list[str]] = {}
    found: list[str] = []

    def strings(node: cst.BaseExpression) -> list[str]:
        if isinstance(node, cst.Name):
            return lists.get(node.value, [])
        out: list[str] = []
        if isinstance(node, cst.List | cst.Tuple | cst.Set):
            for element in node.elements:
                value = element.value
                if isinstance(value, cst.SimpleString):
                    out.append(value.evaluated_value if isinstance(value.evaluated_value, str) else "")
        elif isinstance(node, cst.Dict):
            for item in node.elements:
                if isinstance(item, cst.DictElement):
                    out.extend(strings(item.value))
        elif isinstance(node, cst.BinaryOperation):
            out.extend(strings(node.left) + strings(node.right))
        return out

    class Visitor(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    lists[target.target.value] = strings(node.value)

        def visit_Call(self, node: cst.Call) -> None:
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value in ("install_requires", "extras_require"):
                    found.extend(strings(arg.value))

    module.visit(Visitor())
    return _names(found)


def environment_yml_dependencies(path: str) -> list[str]:
    """Conda packages and the nested ``pip:`` list of an environment file."""
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(data, dict):
        return []
    specs: list[str] = []
    for dep in data.get("dependencies") or []:
        if isinstance(dep, str):
            specs.append(dep.split("::")[-1].replace("=", "==", 1) if "=" in dep and "==" not in dep else dep)
        elif isinstance(dep, dict):
            specs.extend(s for s in dep.get("pip") or [] if isinstance(s, str))
    return [n for n in _names(specs) if n not in ("python", "pip")]


def project_dependencies(folder: str) -> tuple[list[str], list[str]]:
    """Dependencies of the Python project in ``folder`` (``pip install .``): names and the files read."""
    names: list[str] = []
    files: list[str] = []
    for name, reader in (
        ("pyproject.toml", pyproject_dependencies),
        ("setup.cfg", setup_cfg_dependencies),
        ("setup.py", setup_py_dependencies),
    ):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            found = reader(path)
            if found:
                names.extend(found)
                files.append(name)
    return names, files
