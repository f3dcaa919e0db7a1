"""docs/rules/ is generated from the rules' metadata and must be up to date."""

from __future__ import annotations

from pathlib import Path

from dockeropt.engine.docs import expected_pages
from dockeropt.engine.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_has_complete_metadata() -> None:
    for rule in all_rules():
        assert rule.id and rule.name and rule.summary, rule
        assert rule.name == rule.name.lower() and " " not in rule.name, rule
        assert rule.docs.strip() and rule.bad_example.strip() and rule.good_example.strip(), rule


def test_rule_pages_are_up_to_date() -> None:
    pages = expected_pages(all_rules())
    stale = [
        name
        for name, text in pages.items()
        if not (ROOT / "docs/rules" / name).is_file() or (ROOT / "docs/rules" / name).read_text() != text
    ]
    assert not stale, f"regenerate with: dockeropt rules --write-docs docs/rules ({stale[:5]})"
