"""An index of a rule pack, so that checking a file imports only the rules it can concern.

A pack that lists its rule modules in ``MODULES`` (the built-in one does) is indexed: for each
rule, its module and position there, and what the engine needs before running it — id, name,
category, severity, aliases, opt_in, cross_file, fixable (the saving estimate picks the rules it
re-runs by it) and its triggers (``Rule.trigger_instructions``, ``Rule.trigger_words``). The index
is built the first time the pack is loaded, by importing every rule once, and kept as a small file
(marshal: json's import alone would cost more than reading it) in the user's cache folder with the
size and mtime of each module file (and of the pack's ``__init__``, which lists them): a rule module
added, changed or removed makes the next run build it again. Nothing else is needed from a rule
author.

Without a writable cache folder the index is built in memory on every run: the same rules, as
slow as importing them all.
"""

from __future__ import annotations

import marshal
import os
import sys

from dockeropt import __version__
from dockeropt.api.rule import Rule, RuleLoadError, rules_from_module
from dockeropt.codecache import cache_dir, cache_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    from dockeropt.api.context import CheckContext
    from dockeropt.api.rule import ProjectReporter

FORMAT = 5
# What the index keeps of each rule: the engine reads these before it runs a rule (code_numbers, a
# range, is kept as [start, stop]).
INDEXED = (
    *("id", "name", "category", "severity", "aliases", "opt_in", "cross_file", "fixable"),
    *("code_prefix", "code_numbers"),
)
TRIGGERS = ("trigger_instructions", "trigger_words")
_MAX_BYTES = 16 * 1024 * 1024  # (the built-in pack's index is ~30 KB)


class _FromRule:
    """An attribute an indexed rule reads from (and writes to) the rule itself, its module imported."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, rule: IndexedRule | None, owner: type | None = None) -> Any:
        if rule is None:
            return getattr(Rule, self.name)  # the class attribute's default
        return getattr(rule.load(), self.name)

    def __set__(self, rule: IndexedRule, value: object) -> None:
        setattr(rule.load(), self.name, value)


class IndexedRule(Rule):
    """A rule known from the index. Its module is imported the first time it checks a file, or
    when something the index does not keep (its docs, examples …) is asked of it."""

    def __init__(self, module_name: str, position: int, entry: dict[str, object]) -> None:
        self.module_name = module_name
        self.position = position
        for key in INDEXED:
            value = entry[key]
            if key == "code_numbers":
                self.code_numbers = range(*value) if isinstance(value, list) else range(0)
                continue
            setattr(self, key, tuple(value) if isinstance(value, list) else value)
        for key in TRIGGERS:
            setattr(self, key, tuple(entry.get(key) or ()))  # type: ignore[arg-type]
        self._rule: Rule | None = None

    def load(self) -> Rule:
        """The rule itself, its module imported."""
        if self._rule is None:
            rules = _module_rules(self.module_name)
            rule = rules[self.position] if self.position < len(rules) else None
            if rule is None or rule.id != self.id:
                raise RuleLoadError(f"{self.module_name} no longer defines {self.id}: the rule index is stale")
            self._rule = rule
        return self._rule

    def check(self, ctx: CheckContext) -> None:
        self.load().check(ctx)

    def summarize(self, ctx: CheckContext) -> object | None:
        return self.load().summarize(ctx)

    def check_project(self, summaries: list[tuple[str, object]], report: ProjectReporter) -> None:
        self.load().check_project(summaries, report)

    def docs_url(self) -> str:
        return self.load().docs_url()

    def code_docs_url(self, code: str) -> str:
        return self.load().code_docs_url(code)

    # What the index does not keep comes from the rule itself.
    summary = _FromRule("summary")
    docs = _FromRule("docs")
    bad_example = _FromRule("bad_example")
    good_example = _FromRule("good_example")
    security_severity = _FromRule("security_severity")

    def __getattr__(self, name: str) -> object:
        # Anything else a rule class defines (only called for names not found on this object).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.load(), name)

    def __repr__(self) -> str:
        return f"<Rule {self.id} {self.name}>"


_MODULE_RULES: dict[str, list[Rule]] = {}


def _module_rules(module_name: str) -> list[Rule]:
    rules = _MODULE_RULES.get(module_name)
    if rules is None:
        __import__(module_name)  # (importlib.import_module for a full name, without importing importlib)
        rules = _MODULE_RULES[module_name] = rules_from_module(sys.modules[module_name])
    return rules


def _module_files(pack: ModuleType) -> list[str] | None:
    """The pack's ``__init__`` and the file of each module it lists (None if one is not a file)."""
    init = getattr(pack, "__file__", None)
    if not init:
        return None
    folder = os.path.dirname(init)
    files = [init]
    for name in pack.MODULES:
        files.append(os.path.join(folder, *name.split(".")) + ".py")
    return files


def _stamp(files: list[str]) -> list[list[int]] | None:
    out = []
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            return None
        out.append([st.st_mtime_ns, st.st_size])
    return out


def _index_path(pack: ModuleType, folder: str) -> str:
    where = f"{pack.__name__}\0{getattr(pack, '__file__', '')}\0{sys.version}".encode("utf-8", "surrogatepass")
    return os.path.join(folder, f"rules-{cache_key(where):032x}.bin")


def _build(pack: ModuleType) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    for name in pack.MODULES:
        module_name = f"{pack.__name__}.{name}"
        for position, rule in enumerate(_module_rules(module_name)):
            entry: dict[str, object] = {"module": module_name, "position": position}
            for key in (*INDEXED, *TRIGGERS):
                value = getattr(rule, key)
                if isinstance(value, range):
                    value = (value.start, value.stop)
                entry[key] = list(value) if isinstance(value, tuple) else value
            entries.append(entry)
    return entries


def _read(path: str, stamp: list[list[int]]) -> list[dict[str, object]] | None:
    from dockeropt.codecache import read_regular

    try:
        data = marshal.loads(read_regular(path, _MAX_BYTES))
    except (OSError, ValueError, EOFError, TypeError):  # no file, or a damaged one
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != __version__:
        return None
    if data.get("stamp") != stamp or not isinstance(data.get("rules"), list):
        return None
    rules: list[dict[str, object]] = data["rules"]
    return rules


def _write(path: str, stamp: list[list[int]], entries: list[dict[str, object]]) -> None:
    from dockeropt.codecache import write_atomically

    data = {"format": FORMAT, "version": __version__, "stamp": stamp, "rules": entries}
    write_atomically(path, marshal.dumps(data))  # (a read-only cache: the index is built again next time)


def indexed_rules(pack: ModuleType) -> list[Rule]:
    """The rules of a pack that lists its modules in ``MODULES``: from the index when it is current,
    else by importing them all (and writing the index for the next run)."""
    files = _module_files(pack)
    stamp = _stamp(files) if files is not None else None
    folder = cache_dir()
    path = _index_path(pack, folder) if folder and stamp is not None else None
    entries = _read(path, stamp) if path is not None and stamp is not None else None
    if entries is None:
        entries = _build(pack)
        if path is not None and stamp is not None:
            _write(path, stamp, entries)
    try:
        return [IndexedRule(str(e["module"]), int(e["position"]), e) for e in entries]  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError) as err:
        raise RuleLoadError(f"{pack.__name__}: unreadable rule index ({err})") from err
