"""bench/parse_status.py: which parser rejects which file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import parse_status
from bench.tools import find_executable, stage, tally_binary

HADOLINT = find_executable("hadolint")
TALLY = tally_binary()

HADOLINT_STAND_IN = f"""#!{sys.executable}
import json, sys
path = sys.argv[-1]
bad = "<<" in open(path).read()
print(json.dumps([{{"code": "DL1000", "line": 2, "message": "unexpected 'p'"}}] if bad else []))
"""


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good").write_text("FROM alpine:3.20\nRUN echo hi\n")
    (folder / "heredoc").write_text("FROM alpine:3.20\nRUN python3 <<EOF\nprint(1)\nEOF\nCOPY a /b\n")
    (folder / "heredoc-then-blank").write_text("FROM alpine:3.20\nRUN python3 <<EOF\nprint(1)\nEOF\n\nCOPY a /b\n")
    (folder / "env-without-value").write_text("FROM alpine:3.20\nENV FOO\n")
    return folder


def test_buildkit_and_stand_in_hadolint_verdicts(inputs: Path, tmp_path: Path) -> None:
    hadolint = tmp_path / "hadolint"
    hadolint.write_text(HADOLINT_STAND_IN)
    hadolint.chmod(0o755)
    files = sorted(inputs.iterdir())
    rows = {Path(r["file"]).name: r for r in parse_status.parse_status(files, hadolint=str(hadolint), tally=None)}
    assert rows["good"]["buildkit"] == "ok"
    assert rows["heredoc"]["buildkit"] == "ok" and rows["heredoc-then-blank"]["buildkit"] == "ok"
    assert rows["env-without-value"]["buildkit"] == "fail"
    assert "ENV must have two arguments" in rows["env-without-value"]["buildkit_message"]
    assert [rows[n]["hadolint"] for n in ("good", "heredoc", "env-without-value")] == ["ok", "fail", "ok"]
    assert rows["heredoc"]["hadolint_message"] == "line 2: unexpected 'p'"
    assert rows["good"]["lines"] == "2" and rows["heredoc"]["lines"] == "5"
    assert rows["heredoc-then-blank"]["lines"] == "6"


def test_tsv_and_summary(inputs: Path, tmp_path: Path) -> None:
    files = sorted(inputs.iterdir())
    rows = parse_status.parse_status(files, hadolint=None, tally=None)
    table = parse_status.to_tsv(rows, inputs).splitlines()
    assert table[0].split("\t")[:6] == ["file", "lines", "hadolint", "buildkit", "tally", "dockeropt"]
    names = ["env-without-value", "good", "heredoc", "heredoc-then-blank"]
    assert [line.split("\t")[0] for line in table[1:]] == names
    summary = parse_status.summary(rows)
    assert summary.startswith("4 files; hadolint: not installed; buildkit: 1 fail; tally: not installed")


@pytest.mark.skipif(HADOLINT is None, reason="hadolint not installed")
def test_real_hadolint_rejects_an_instruction_right_after_a_heredoc(inputs: Path) -> None:
    # hadolint 2.15.1 needs a blank line after the heredoc terminator; BuildKit does not.
    assert HADOLINT is not None
    assert parse_status.hadolint_verdict(HADOLINT, inputs / "good") == ("ok", "")
    assert parse_status.hadolint_verdict(HADOLINT, inputs / "heredoc-then-blank") == ("ok", "")
    status, message = parse_status.hadolint_verdict(HADOLINT, inputs / "heredoc")
    assert status == "fail" and message.startswith("line 5: unexpected 'C'")


@pytest.mark.skipif(TALLY is None, reason="tally not installed")
def test_real_tally_rejects_env_without_value(inputs: Path, tmp_path: Path) -> None:
    assert TALLY is not None
    staged = stage([inputs / "good", inputs / "env-without-value"], tmp_path / "staged")
    assert parse_status.tally_verdict(TALLY, staged[0]) == ("ok", "")
    status, message = parse_status.tally_verdict(TALLY, staged[1])
    assert status == "fail" and "ENV must have two arguments" in message
    assert message.startswith("Error: failed to lint Dockerfile:")
