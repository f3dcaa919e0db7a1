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


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.parent.name for g in GOLDENS])
def test_a_crlf_file_stays_crlf_on_every_line(golden: Path) -> None:
    """The same case with CRLF line ends: the fix adds no bare-LF line (editors and Git then see a
    file with mixed line ends)."""
    rule_id = golden.parent.name
    source = golden.with_name("positive.Dockerfile")
    text = source.read_text().replace("\n", "\r\n")
    result = fix_text(text, str(source), unsafe=True, select=[rule_id], context_dir=str(golden.parent))
    assert result.changed
    assert result.text.replace("\r\n", "").count("\n") == 0
    assert result.text == golden.read_text().replace("\n", "\r\n")
