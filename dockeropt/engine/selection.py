"""Which rules run: selectors (ids, id prefixes, names, aliases, categories, ``ALL``), checked
against the rules that are loaded, so that a typo is an error instead of a gate that checks nothing.

Selectors ignore case. ``ALL`` (or ``*``) is every rule, opt-in rules included (ruff's meaning). An id,
name or alias names one rule, opt-in or not. A category or an id prefix (``DO3``) covers its rules
except the opt-in ones: those run only when named, or with ``ALL``. A rule that reports another
tool's codes (``Rule.code_prefix``: ShellCheck's ``SC2086``) is also selected by one of those codes
or a prefix of them (``SC2``), and then reports only those codes.
"""

from __future__ import annotations

from dockeropt.api.config import Config, ConfigError, config_for, key_prefix
from dockeropt.api.rule import Category

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from dockeropt.api.rule import Rule

ALL_KEYS = ("all", "*")
PARSE_ERROR_ID = "DO001"


class SelectionError(ValueError):
    """A selector that matches no loaded rule; the message names where it was given."""


def names_rule(rule: Rule, key: str) -> bool:
    """Whether ``key`` names ``rule`` exactly: its id, name or one of its aliases."""
    k = key.lower()
    return k == rule.id.lower() or k == rule.name.lower() or any(k == a.lower() for a in rule.aliases)


def covers(rule: Rule, key: str) -> bool:
    """Whether ``key`` covers ``rule`` as a selector, opt-in or not: ALL, the rule's category, a
    prefix of its id, or one of its names."""
    k = key.lower()
    return k in ALL_KEYS or k == rule.category or rule.id.lower().startswith(k) or names_rule(rule, key)


def selects(rule: Rule, key: str) -> bool:
    """Whether ``key`` in a select list turns ``rule`` on: opt-in rules only by name, by one of the
    codes they report, or ``ALL``."""
    if names_code(rule, key):
        return True
    if rule.opt_in:
        return key.lower() in ALL_KEYS or names_rule(rule, key)
    return covers(rule, key)


def names_code(rule: Rule, key: str) -> bool:
    """``SC2086`` (or a prefix such as ``SC2``) names a code of a rule that reports another tool's codes."""
    return rule.names_code(key)


def keep_code(rule: Rule, code: str, select: Sequence[str] | None, ignore: Sequence[str]) -> bool:
    """Whether a finding under ``code`` (``SC2086``) of ``rule`` is wanted: not ignored by that code or a
    prefix of it, and selected by it unless the whole rule was selected (by id, name, category, ALL)."""
    low = code.lower()
    if any(names_code(rule, k) and low.startswith(k.lower()) for k in ignore):
        return False
    if select is None or any(not names_code(rule, k) and selects(rule, k) for k in select):
        return True
    return any(names_code(rule, k) and low.startswith(k.lower()) for k in select)


def suggestion(key: str, rules: Sequence[Rule]) -> str | None:
    """The selector closest to a mistyped ``key`` (an id, name, alias, category or ALL, or another
    tool's code with a look-alike letter: SC2O86), if any is close."""
    for rule in rules:
        prefix = rule.code_prefix
        if prefix and key.upper().startswith(prefix.upper()):
            code = prefix + key[len(prefix) :].lower().translate(_FOLD)
            if rule.names_code(code):
                return code
    spelled: dict[str, str] = {"all": "ALL"}
    for category in Category.ALL:
        spelled.setdefault(category, category)
    for rule in rules:
        for word in (rule.id, rule.name, *rule.aliases):
            spelled.setdefault(word.lower(), word)
    best = closest(key.lower(), spelled)
    if best is None and len(key) >= 3:  # the start of a name: json-args for json-args-recommended
        best = next((word for word in sorted(spelled) if word.startswith(key.lower())), None)
    return spelled[best] if best is not None else None


_FOLD = str.maketrans({"o": "0", "l": "1", "i": "1"})


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The candidate most like ``word`` (difflib's ratio, at least ``cutoff``, with look-alike
    characters taken as one: O and 0, l, i and 1); among equals, the one with most characters the
    same in place, so ``DO1O5`` gives ``DO105`` rather than ``DO125`` or ``DO115``."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher()
    matcher.set_seq2(word.translate(_FOLD))
    best: tuple[float, int, str] | None = None
    for candidate in candidates:
        matcher.set_seq1(candidate.translate(_FOLD))
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        ratio = matcher.ratio()
        if ratio < cutoff:
            continue
        same = sum(a == b for a, b in zip(word, candidate, strict=False)) - abs(len(word) - len(candidate))
        if best is None or (ratio, same) > best[:2]:
            best = (ratio, same, candidate)
    return best[2] if best is not None else None


def unknown_hint(key: str, rules: Sequence[Rule]) -> str:
    """What to add to "no rule matches KEY": `` (did you mean 'DO303'?)``, or for a code of another
    tool that it does not have, the codes it has; else nothing."""
    hint = suggestion(key, rules)
    if hint is not None and hint.lower() != key.lower():
        return f" (did you mean {hint!r}?)"
    family = next((r for r in rules if r.code_prefix and key.upper().startswith(r.code_prefix.upper())), None)
    if family is not None and family.code_numbers:
        first, last = family.code_numbers[0], family.code_numbers[-1]
        return f" ({family.id} reports codes {family.code_prefix}{first} to {family.code_prefix}{last})"
    return ""


def _unknown(where: str, key: str, rules: Sequence[Rule]) -> SelectionError:
    return SelectionError(f"{where}: no rule matches {key!r}{unknown_hint(key, rules)}; `dockeropt rules` lists them")


def check_selectors(keys: Iterable[str], rules: Sequence[Rule], where: str, selecting: bool = True) -> None:
    """Raise :class:`SelectionError` for the first key that matches no rule.

    ``selecting``: the keys turn rules on (select, extend-select), so a key that covers only opt-in
    rules, which it cannot turn on, is an error too.
    """
    for key in keys:
        if not key:
            raise SelectionError(f"{where}: empty rule selector")
        if any(selects(rule, key) for rule in rules):
            continue  # (a code of another tool selects its rule, and is a valid thing to ignore)
        opt_in = [rule.id for rule in rules if covers(rule, key)]
        if not opt_in:
            raise _unknown(where, key, rules)
        if selecting:
            raise SelectionError(
                f"{where}: {key!r} covers only opt-in rules ({', '.join(opt_in)}), which run only when named "
                "by id, name or alias, or with ALL"
            )


def check_rule_names(keys: Iterable[str], rules: Sequence[Rule], where: str) -> None:
    """Raise :class:`SelectionError` for the first key that does not name one rule (per-rule settings)."""
    for key in keys:
        if any(names_rule(rule, key) or names_code(rule, key) for rule in rules):
            continue
        if any(covers(rule, key) for rule in rules):
            raise SelectionError(f"{where}: {key!r} is not one rule; give a rule id, name or alias")
        raise _unknown(where, key, rules)


def select_rules(
    rules: Sequence[Rule],
    select: Sequence[str] | None,
    ignore: Sequence[str],
    extend_select: Sequence[str] = (),
) -> list[Rule]:
    """The rules chosen by ``select`` (default: every rule that is not opt-in) and ``extend_select``,
    minus those ``ignore`` covers. Parse errors (the rule DO001) are always reported."""
    # (each key list lowered once: a fix round selects by a list of ~40 ids against ~90 rules)
    chosen_by = _Keys(select) if select is not None else None
    extended_by = _Keys(extend_select)
    ignored_by = _Keys(ignore)
    out = []
    for rule in rules:
        if rule.id == PARSE_ERROR_ID:
            out.append(rule)
            continue
        chosen = chosen_by.select(rule) if chosen_by is not None else not rule.opt_in
        chosen = chosen or extended_by.select(rule)
        if chosen and not ignored_by.cover(rule):
            out.append(rule)
    return out


class _Keys:
    """A list of selectors, lowered once, asked as a whole what :func:`selects` and :func:`covers`
    answer key by key."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = keys
        self.lowered = tuple(k.lower() for k in keys)
        self.words = frozenset(self.lowered)
        self.all = not self.words.isdisjoint(ALL_KEYS)

    def _names(self, rule: Rule) -> bool:
        return (
            rule.id.lower() in self.words
            or rule.name.lower() in self.words
            or any(a.lower() in self.words for a in rule.aliases)
        )

    def cover(self, rule: Rule) -> bool:
        """Whether some key covers ``rule`` (:func:`covers`)."""
        if not self.keys:
            return False
        return self.all or rule.category in self.words or rule.id.lower().startswith(self.lowered) or self._names(rule)

    def select(self, rule: Rule) -> bool:
        """Whether some key turns ``rule`` on (:func:`selects`)."""
        if not self.keys:
            return False
        if rule.code_prefix and any(rule.names_code(k) for k in self.keys):
            return True
        if rule.opt_in:
            return self.all or self._names(rule)
        return self.cover(rule)


# -- configuration files --------------------------------------------------------------------------


def check_config(cfg: Config, rules: Sequence[Rule]) -> None:
    """Raise :class:`ConfigError` when a rule setting of ``cfg`` names no loaded rule."""
    if cfg.path is None:
        return
    prefix = f"{cfg.path}: {key_prefix(cfg.path)}"
    try:
        if cfg.select is not None:
            check_selectors(cfg.select, rules, prefix + "select")
        check_selectors(cfg.extend_select, rules, prefix + "extend-select")
        check_selectors(cfg.ignore, rules, prefix + "ignore", selecting=False)
        check_rule_names(cfg.severity, rules, prefix + "severity")
        for glob, keys in cfg.per_path_ignores.items():
            check_selectors(keys, rules, f"{prefix}per-path-ignores.{glob!r}", selecting=False)
    except SelectionError as err:
        raise ConfigError(str(err)) from None


def checked_config(path: str, explicit: str | None = None, use_files: bool = True) -> Config:
    """:func:`~dockeropt.api.config.config_for`, with the rule settings checked against the loaded
    rules (once per configuration file): :class:`ConfigError` when one names no rule."""
    cfg = config_for(path, explicit, use_files)
    if cfg.path is not None and not cfg.rules_checked:
        from dockeropt.engine.registry import all_rules

        check_config(cfg, all_rules())
        cfg.rules_checked = True
    return cfg
