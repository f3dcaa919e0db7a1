"""Finding rule packs: the ``dockeropt.rules`` entry-point group.

Built-in rules (the top-level ``rules/`` folder, installed as ``dockeropt.rules``) and
third-party packs are listed the same way, as entry points. A pack that lists its rule modules in
``MODULES`` is read through its index (``dockeropt.engine.ruleindex``): its rules are imported
only when they run. We read the entry points from the
installed distributions' ``entry_points.txt`` ourselves: ``importlib.metadata`` costs about
70 ms to import, more than a whole lint run of a small Dockerfile. Only absolute ``sys.path``
entries are read: ``""`` stands for the current folder, whose ``*.dist-info`` folders are not
installed distributions (``python -m dockeropt`` drops the current folder from the path too).
"""

from __future__ import annotations

import os
import sys
import types

from dockeropt.api.rule import Rule, RuleLoadError, rules_from_module
from dockeropt.engine.ruleindex import IndexedRule, indexed_rules
from dockeropt.files.read import read_text

GROUP = "dockeropt.rules"
BUILTIN = "dockeropt.rules"


def entry_points(group: str = GROUP) -> list[tuple[str, str]]:
    """``(name, value)`` of every entry point in ``group`` of the installed distributions."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for base in sys.path:
        if not base or not os.path.isabs(base):
            continue  # "" and relative entries are the current folder's, not installed distributions
        try:
            names = os.listdir(base)
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            dist = name.split("-", 1)[0].lower().replace("_", "-")
            if dist in seen:
                continue
            path = os.path.join(base, name, "entry_points.txt")
            try:
                text = read_text(path, errors="replace")
            except OSError:
                continue
            seen.add(dist)
            found.extend(_section(text, group))
    return found


def _section(text: str, group: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        if current == group and "=" in line:
            name, _, value = line.partition("=")
            out.append((name.strip(), value.strip()))
    return out


def import_module(name: str) -> types.ModuleType:
    """``importlib.import_module`` for an absolute name, without importing importlib (and warnings)
    on every run."""
    __import__(name)
    return sys.modules[name]


def _import_builtin() -> types.ModuleType:
    try:
        return import_module(BUILTIN)
    except ModuleNotFoundError:
        # Running from a source checkout that is not installed: rules/ sits beside dockeropt/.
        from importlib import util  # (~1.3 ms with contextlib: only on this path)

        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        init = os.path.join(here, "rules", "__init__.py")
        spec = util.spec_from_file_location(BUILTIN, init, submodule_search_locations=[os.path.dirname(init)])
        if spec is None or spec.loader is None:
            raise
        module = util.module_from_spec(spec)
        sys.modules[BUILTIN] = module
        spec.loader.exec_module(module)
        return module


def load_value(value: str) -> types.ModuleType | object:
    module_name, _, attr = value.partition(":")
    module = _import_builtin() if module_name.strip() == BUILTIN else import_module(module_name.strip())
    obj: object = module
    for part in filter(None, attr.strip().split(".")):
        obj = getattr(obj, part)
    return obj


_CACHE: list[Rule] | None = None


def all_rules() -> list[Rule]:
    """Every rule of every installed pack, sorted by id; ids must be unique."""
    global _CACHE
    if _CACHE is not None:
        return _CACHE
    values = [v for _, v in entry_points()]
    if not any(v.partition(":")[0].strip() == BUILTIN for v in values):
        values.insert(0, BUILTIN)  # not installed (source checkout): the built-in pack still loads
    rules: dict[str, Rule] = {}
    for value in values:
        try:
            obj = load_value(value)
        except Exception as err:  # a broken third-party pack must not take the linter down
            raise RuleLoadError(f"cannot load rule pack {value!r}: {err}") from err
        if isinstance(obj, types.ModuleType) and isinstance(getattr(obj, "MODULES", None), (list, tuple)):
            found = indexed_rules(obj)  # a pack that lists its rule modules: imported when they run
        elif isinstance(obj, types.ModuleType):
            found = rules_from_module(obj)
        elif callable(obj):
            found = [r() if isinstance(r, type) else r for r in obj()]
        else:
            found = list(obj)  # type: ignore[call-overload]
        for rule in found:
            if rule.id in rules and _origin(rules[rule.id]) != _origin(rule):
                raise RuleLoadError(f"rule id {rule.id} is defined twice ({value})")
            rules[rule.id] = rule
    _CACHE = sorted(rules.values(), key=lambda r: r.id)
    return _CACHE


def _origin(rule: Rule) -> object:
    """Where a rule is defined: the same rule reached twice (a pack listed twice) is no conflict."""
    if isinstance(rule, IndexedRule):
        return (rule.module_name, rule.position)
    return type(rule)


def lookup(rules: list[Rule]) -> dict[str, Rule]:
    """id, name and aliases (case-insensitive) -> rule."""
    table: dict[str, Rule] = {}
    for rule in rules:
        for key in (rule.id, rule.name, *rule.aliases):
            table.setdefault(key.lower(), rule)
    return table
