"""Our parser against BuildKit's (PyPI ``dockerfile``): on every testdata file and 2,000+ generated files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from tests.syntax.oracle import agree, known_divergence
from tests.syntax.strategies import dockerfile_text

ROOT = Path(__file__).resolve().parents[2]


def _testdata_dockerfiles() -> list[Path]:
    out = []
    for path in sorted((ROOT / "testdata").rglob("*")):
        name = path.name.lower()
        if path.is_file() and ("dockerfile" in name or "containerfile" in name) and not name.endswith(".dockerignore"):
            out.append(path)
    return out


FILES = _testdata_dockerfiles()


def test_testdata_is_not_empty() -> None:
    assert len(FILES) >= 7


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_testdata_file_agrees_with_buildkit(path: Path) -> None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 on purpose (input-error tests)")
    if "\x00" in text or known_divergence(text):
        pytest.skip("binary on purpose, or a documented BuildKit version difference")
    same, a, b = agree(text)
    assert same, f"ours:   {a}\ntheirs: {b}"


@pytest.mark.slow
@settings(max_examples=2200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dockerfile_text())
def test_generated_dockerfiles_agree_with_buildkit(text: str) -> None:
    assume(not known_divergence(text))
    same, a, b = agree(text)
    assert same, f"input: {text!r}\nours:   {a}\ntheirs: {b}"
