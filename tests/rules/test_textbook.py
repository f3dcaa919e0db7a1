"""Textbook Dockerfiles, written the way a careful expert would (multi-stage, pinned bases, cache
mounts or cleaned caches, a non-root user, exec-form CMD, a .dockerignore), produce no
warning-level finding with the default rules, and `fix --unsafe` leaves them as they are.

Each folder of testdata/textbook is the build context of its Dockerfile.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.engine.check import check_text, run_project_rules
from dockeropt.fix.engine import fix_text
from tests.syntax.oracle import theirs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "textbook"
CASES = sorted(p.parent.name for p in DATA.glob("*/Dockerfile"))


def test_every_language_the_issue_names_has_a_textbook_file() -> None:
    assert set(CASES) >= {
        "go",
        "rust",
        "node",
        "python-pip",
        "python-uv",
        "python-poetry",
        "java-maven",
        "java-gradle",
        "conda",
    }


@pytest.mark.parametrize("name", CASES)
def test_textbook_file_has_no_warning(name: str) -> None:
    path = DATA / name / "Dockerfile"
    text = path.read_text()
    assert (DATA / name / ".dockerignore").is_file()
    assert not isinstance(theirs(text), str), "BuildKit's parser rejects it"
    result = check_text(text, str(path), context_dir=str(path.parent))
    run_project_rules([result])
    loud = [f"{f.span.start_line}:{f.span.start_col} {f.rule_id} {f.message}" for f in result.findings]
    loud = [line for line, f in zip(loud, result.findings, strict=True) if f.severity in ("warning", "error")]
    assert loud == []


@pytest.mark.parametrize("name", CASES)
def test_textbook_file_needs_no_fix(name: str) -> None:
    path = DATA / name / "Dockerfile"
    text = path.read_text()
    assert fix_text(text, str(path), unsafe=True, context_dir=str(path.parent)).text == text
