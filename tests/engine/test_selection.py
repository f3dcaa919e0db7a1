"""select_rules answers, for whole key lists at once, what selects/covers answer key by key."""

from __future__ import annotations

import itertools

import pytest

from dockeropt.engine.registry import all_rules
from dockeropt.engine.selection import covers, select_rules, selects

KEYS = [
    "ALL",
    "*",
    "all",
    "DO1",
    "do3",
    "DO303",
    "do303",
    "DL3008",
    "dl3059",
    "SC2086",
    "sc2",
    "SC20866",
    "bloat",
    "Security",
    "pinning",
    "apt-package-unpinned",
    "JSONArgsRecommended",
    "shellcheck",
    "DO9",
    "DO90",
    "DO904",
    "DO1001",
    "nothing-at-all",
    "",
]


def one_by_one(select: list[str] | None, ignore: list[str], extend: list[str]) -> list[str]:
    rules = all_rules()
    out = []
    for rule in rules:
        if rule.id == "DO001":
            out.append(rule.id)
            continue
        chosen = any(selects(rule, k) for k in select) if select is not None else not rule.opt_in
        chosen = chosen or any(selects(rule, k) for k in extend)
        if chosen and not any(covers(rule, k) for k in ignore):
            out.append(rule.id)
    return out


@pytest.mark.parametrize(
    ("select", "ignore", "extend"),
    [
        (None, [], []),
        (["ALL"], [], []),
        (None, ["DO3", "style"], ["DO904"]),
        *(([a, b], [c], []) for a, b, c in itertools.islice(itertools.product(KEYS, KEYS, KEYS), 0, None, 97)),
        ([r.id for r in all_rules() if r.fixable], ["bloat"], []),
    ],
)
def test_select_rules_chooses_what_the_keys_choose_one_by_one(
    select: list[str] | None, ignore: list[str], extend: list[str]
) -> None:
    assert [r.id for r in select_rules(all_rules(), select, ignore, extend)] == one_by_one(select, ignore, extend)
