"""Each fixable rule's positive case, fixed (``--unsafe``, only that rule), equals its golden file;
fixing the golden changes nothing (idempotent), and the result still parses as BuildKit reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.fix.engine import fix_text
from tests.syntax.oracle import theirs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules"
GOLDENS = sorted(DATA.glob("*/positive.fixed.Dockerfile"))


def test_there_are_goldens() -> None:
    assert len(GOLDENS) >= 10


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.parent.name for g in GOLDENS])
def test_fix_matches_golden_and_is_idempotent(golden: Path) -> None:
    rule_id = golden.parent.name
    source = golden.with_name("positive.Dockerfile")
    context = str(golden.parent)
    result = fix_text(source.read_text(), str(source), unsafe=True, select=[rule_id], context_dir=context)
    expected = golden.read_text()
    assert result.text == expected
    again = fix_text(expected, str(source), unsafe=True, select=[rule_id], context_dir=context)
    assert again.text == expected and not again.applied
    assert not isinstance(theirs(result.text), str), "BuildKit's parser rejects the fixed file"
