"""DO502 acts on pip and uv only, fixes a command only where ``--index-url`` keeps every package
installable, and its fix is idempotent."""

from __future__ import annotations

from pathlib import Path

from dockeropt.engine.check import check_text
from dockeropt.fix.engine import fix_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules" / "DO502"


def _fixed(text: str) -> str:
    return fix_text(text, "Dockerfile", unsafe=True, select=["DO502"]).text


def test_conda_commands_are_left_alone() -> None:
    text = (DATA / "negative-conda.Dockerfile").read_text()
    assert check_text(text, "Dockerfile", select=["DO502"]).findings == []
    assert _fixed(text) == text


def test_a_command_with_other_packages_is_reported_without_a_fix() -> None:
    text = (DATA / "positive-mixed.Dockerfile").read_text()
    findings = check_text(text, "Dockerfile", select=["DO502"]).findings
    by_line = {f.span.start_line: f for f in findings}
    assert by_line[5].fix is None  # flask is not on PyTorch's CPU index
    assert by_line[6].fix is not None


def test_uv_pip_install_gets_the_option_after_install_once() -> None:
    text = "FROM python:3.11-slim\nRUN uv pip install --system --no-cache torch==2.3.1\n"
    once = _fixed(text)
    assert once == (
        "FROM python:3.11-slim\n"
        "RUN uv pip install --index-url https://download.pytorch.org/whl/cpu --system --no-cache torch==2.3.1\n"
    )
    assert _fixed(once) == once
