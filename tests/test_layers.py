"""The package layers of docs/architecture.md: every import goes down, never up or sideways.

Imports are read with ``ast`` from every module, those under ``if TYPE_CHECKING:`` and inside
functions included: a type-only or deferred import is still a dependency of the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A package may import only packages on a lower level (and itself).
LAYERS: list[set[str]] = [
    {"lazyre", "codecache"},  # regular expressions compiled on first use; modules' code read from one file
    {"dockeropt", "syntax", "files", "units"},  # the text of a Dockerfile; reading and writing files; sizes
    {"graph", "knowledge"},  # stages and state; tables of facts about the world
    {"shell", "context"},  # shell scripts, the build context
    {"ci"},  # CI configurations (their scripts read with the shell model)
    {"analysis"},  # facts about one Dockerfile that combine the above
    {"api"},  # what rule authors use: Rule, CheckContext, Finding, Fix, edit builders
    {"rewrite"},  # the bigger rewrites rules offer as fixes
    {"rules"},  # the built-in rule pack (loaded by entry point, never imported by the engine)
    {"engine"},  # rule packs, configuration files, suppressions, the check of one file
    {"fix", "verify", "report"},  # applying fixes, proving them by building, output formats
    {"lsp"},  # the language server
    {"commands"},  # the subcommands
    {"cli"},  # the command line
    {"__main__"},  # python -m dockeropt
]
LEVEL = {name: i for i, names in enumerate(LAYERS) for name in names}


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dockeropt"


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted((ROOT / "dockeropt").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        out.append((".".join(rel.parts).removesuffix(".__init__"), path))
    for path in sorted((ROOT / "rules").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        out.append(("dockeropt." + ".".join(rel.parts).removesuffix(".__init__"), path))
    return out


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    found = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            found.append((node.lineno, ".".join(base + ([node.module] if node.module else []))))
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "dockeropt"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "dockeropt":
                # ``from dockeropt import x``: x is a subpackage, or a name of dockeropt/__init__
                for alias in node.names:
                    sub = ROOT / "dockeropt" / alias.name
                    name = (
                        f"dockeropt.{alias.name}" if sub.is_dir() or sub.with_suffix(".py").is_file() else "dockeropt"
                    )
                    found.append((node.lineno, name))
            elif node.module.split(".")[0] == "dockeropt":
                found.append((node.lineno, node.module))
    return found


def test_every_package_has_a_layer() -> None:
    packages = {_package_of(module) for module, _ in _modules()}
    assert packages <= set(LEVEL), f"put these in LAYERS (and docs/architecture.md): {packages - set(LEVEL)}"


def test_imports_only_go_down() -> None:
    wrong = []
    for module, path in _modules():
        own = _package_of(module)
        for line, target in _imports(module, path):
            other = _package_of(target)
            if other != own and LEVEL[other] >= LEVEL[own]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {target}")
    assert not wrong, "imports that do not go down a layer:\n" + "\n".join(wrong)


def test_no_cycles_between_packages() -> None:
    edges: dict[str, set[str]] = {}
    for module, path in _modules():
        own = _package_of(module)
        for _, target in _imports(module, path):
            other = _package_of(target)
            if other != own:
                edges.setdefault(own, set()).add(other)
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if seen.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in seen:
                visit(nxt, [*trail, node])
        seen[node] = 2

    for node in sorted(edges):
        if node not in seen:
            visit(node, [])


# The id ranges of the built-in rules and the categories each may hold; a rule's folder is its category.
ID_RANGES = {
    "0": {"syntax"},
    "1": {"correctness", "style"},
    "2": {"bloat"},
    "3": {"cache"},
    "4": {"context"},
    "5": {"ml"},
    "6": {"multistage"},
    "7": {"memory"},
    "8": {"security"},
    "9": {"pinning"},
}


def test_rule_folders_categories_and_id_ranges_agree() -> None:
    import importlib

    from dockeropt.api.rule import rules_from_module

    pack = importlib.import_module("dockeropt.rules")
    wrong = []
    for name in pack.MODULES:
        folder = name.split(".")[0]
        for rule in rules_from_module(importlib.import_module(f"dockeropt.rules.{name}")):
            if rule.category != folder:
                wrong.append(f"{rule.id} is in rules/{folder}/ but has category {rule.category}")
            digit = rule.id[2] if rule.id.startswith("DO") and len(rule.id) == 5 else "?"
            if rule.category not in ID_RANGES.get(digit, set()):
                wrong.append(f"{rule.id} ({rule.category}) is outside its category's id range")
    assert not wrong, "\n".join(wrong)


def test_rule_folders_hold_only_rules() -> None:
    """Helpers shared by rules live in dockeropt.analysis (or the rule's own module), not among rule files."""
    import importlib

    from dockeropt.api.rule import rules_from_module

    listed = set(importlib.import_module("dockeropt.rules").MODULES)
    for path in sorted((ROOT / "rules").glob("*/*.py")):
        if path.name == "__init__.py":
            continue
        name = f"{path.parent.name}.{path.stem}"
        assert name in listed, f"rules/{name.replace('.', '/')}.py is not a rule listed in rules/__init__.py"
        assert rules_from_module(importlib.import_module(f"dockeropt.rules.{name}")), name
