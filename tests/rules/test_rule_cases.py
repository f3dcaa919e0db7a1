"""Every rule's testdata cases: ``testdata/rules/<ID>/*.Dockerfile``.

A positive case lists the findings it must produce in its header, one per line
(``# expect: LINE:COL ID``); a file named ``negative*`` must produce none of that rule. The rule
checked is the folder's name, and only that rule is selected, so the exact list is compared. A
``.dockeropt.toml`` in the folder is the configuration of its cases (rules that need one, such as
the label-schema rules).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dockeropt.api.config import Config, load_config
from dockeropt.engine.check import check_text, run_project_rules
from dockeropt.engine.registry import all_rules, lookup

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules"
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (\S+)\s*$", re.M)


def _cases() -> list[Path]:
    out = []
    for path in sorted(DATA.glob("*/*Dockerfile*")):
        if ".fixed." in path.name:
            continue
        text = path.read_text(encoding="utf-8")
        if path.name.startswith("negative") or EXPECT.search(text):
            out.append(path)
    return out


CASES = _cases()


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(DATA)) for p in CASES])
def test_rule_case(path: Path) -> None:
    rule_id = path.parent.name
    text = path.read_text(encoding="utf-8")
    result = check_text(text, str(path), config=_config(path.parent), select=[rule_id], context_dir=str(path.parent))
    run_project_rules([result])
    rule = lookup(all_rules())[rule_id.lower()]
    # a rule that reports another tool's codes (ShellCheck: SC2086) is checked by those codes
    ours = (lambda f: f.rule_id.startswith(rule.code_prefix)) if rule.code_prefix else (lambda f: f.rule_id == rule_id)
    got = [(f.span.start_line, f.span.start_col, f.rule_id) for f in result.findings if ours(f)]
    expected = [(int(m.group(1)), int(m.group(2)), m.group(3)) for m in EXPECT.finditer(text)]
    assert got == expected, "\n".join(f"{f.span.start_line}:{f.span.start_col} {f.message}" for f in result.findings)


def _config(folder: Path) -> Config | None:
    import tomllib

    found = folder / ".dockeropt.toml"
    if not found.is_file():
        return None
    return load_config(str(found), tomllib.loads(found.read_text(encoding="utf-8")))


def test_every_rule_with_testdata_has_a_positive_and_a_negative_case() -> None:
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir() and p.name.startswith("DO")):
        names = [p.name for p in folder.glob("*Dockerfile*") if ".fixed." not in p.name]
        assert any(n.startswith("negative") for n in names), f"{folder.name}: no negative case"
        assert any(not n.startswith("negative") for n in names), f"{folder.name}: no positive case"
