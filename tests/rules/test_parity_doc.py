"""docs/parity.md maps every hadolint DL rule and BuildKit check to our rules; it must agree with
the rules' aliases, in both directions, so that it cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from dockeropt.engine.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| (DL\d{4}|[A-Z][A-Za-z]+) \| (.*?) \|", re.M)
ID = re.compile(r"\[(DO\d{3})\]")


def _rows() -> dict[str, list[str]]:
    """Each hadolint code and BuildKit check of the tables, with the rules its row names."""
    text = (ROOT / "docs/parity.md").read_text()
    out: dict[str, list[str]] = {}
    for name, ours in ROW.findall(text):
        assert name not in out, f"docs/parity.md: two rows for {name}"
        out[name] = ID.findall(ours)
    return out


def test_every_hadolint_rule_and_buildkit_check_has_a_row() -> None:
    rows = _rows()
    assert len([n for n in rows if n.startswith("DL")]) == 71
    assert len([n for n in rows if not n.startswith("DL")]) == 22


def test_rows_point_at_rules_that_carry_the_name() -> None:
    rules = {r.id: r for r in all_rules()}
    for name, rule_ids in _rows().items():
        for rule_id in rule_ids:
            assert rule_id in rules, f"{name}: {rule_id} does not exist"
            assert name in rules[rule_id].aliases, f"{name}: {rule_id} does not list it as an alias"


def test_every_alias_is_in_the_table() -> None:
    rows = _rows()
    for rule in all_rules():
        for alias in rule.aliases:
            if alias == "DL1000" or not (alias.startswith("DL") or alias[0].isupper()):
                continue
            if alias not in rows:
                continue  # another tool's name (checkov, trivy …): not this table's business
            assert rule.id in rows[alias], f"docs/parity.md: {alias} should name {rule.id}, update the table"


def test_every_hadolint_rule_has_a_rule() -> None:
    """No hadolint rule is left without a dockeropt rule carrying its code."""
    assert [name for name, ids in _rows().items() if name.startswith("DL") and not ids] == []
