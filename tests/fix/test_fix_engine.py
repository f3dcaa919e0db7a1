"""The fix engine: fixed point, idempotence, refusal on files that do not parse, atomic writes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.files.write import edit
from dockeropt.fix.engine import FixRefused, fix_text

ROOT = Path(__file__).resolve().parents[2]

BEFORE = """\
FROM python:3.12-slim
MAINTAINER Jane Doe <jane@example.com>
COPY . /app
CMD python /app/main.py
"""
AFTER = """\
FROM python:3.12-slim
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
COPY . /app
CMD ["python", "/app/main.py"]
"""


def test_fixes_apply_and_a_second_run_is_a_no_op() -> None:
    result = fix_text(BEFORE, select=["DO101", "DO105"])
    assert result.text == AFTER
    assert [(f.rule_id, f.line) for f in result.applied] == [("DO105", 2), ("DO101", 4)]
    again = fix_text(result.text, select=["DO101", "DO105"])
    assert not again.changed and again.applied == []


def test_unsafe_fixes_wait_for_unsafe() -> None:
    text = "FROM alpine:3.20\nENTRYPOINT python app.py\n"
    assert not fix_text(text, select=["DO101"]).changed
    assert fix_text(text, select=["DO101"], unsafe=True).text == 'FROM alpine:3.20\nENTRYPOINT ["python", "app.py"]\n'


def test_untouched_bytes_stay_identical_with_crlf_and_bom() -> None:
    text = "\ufeffFROM alpine:3.20\r\n# keep me  \r\nMAINTAINER me\r\nRUN echo \\\r\n   hi\r\n"
    out = fix_text(text, select=["DO105"]).text
    label = 'LABEL org.opencontainers.image.authors="me"'
    assert out == f"\ufeffFROM alpine:3.20\r\n# keep me  \r\n{label}\r\nRUN echo \\\r\n   hi\r\n"


@pytest.mark.parametrize("text", ["FROM a\nRUN <<EOF\n", "FROM a\nFRM b\nMAINTAINER x\n", ""])
def test_refuses_files_that_do_not_parse(text: str) -> None:
    with pytest.raises(FixRefused):
        fix_text(text)


def test_atomic_write_keeps_mode(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("old\n")
    os.chmod(f, 0o640)
    with edit(str(f)) as original:
        original.replace("new\n")
    assert f.read_text() == "new\n"
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dockeropt", *args], capture_output=True, text=True, check=False)


def test_cli_diff_writes_nothing_and_fix_writes_in_place(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text(BEFORE)
    proc = _cli("fix", "--diff", "--select", "DO101,DO105", str(f))
    assert proc.returncode == 1
    assert f.read_text() == BEFORE
    assert "-MAINTAINER Jane Doe <jane@example.com>" in proc.stdout
    assert '+CMD ["python", "/app/main.py"]' in proc.stdout
    proc = _cli("fix", "--select", "DO101,DO105", str(f))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f.read_text() == AFTER
    assert proc.stdout.splitlines() == [
        f"Fixed 2 problems in {f}:",
        "  line 2: DO105 replace MAINTAINER with LABEL org.opencontainers.image.authors",
        "  line 4: DO101 rewrite CMD in JSON form",
    ]
    proc = _cli("fix", "--select", "DO101,DO105", str(f))
    assert (proc.returncode, proc.stdout) == (0, "")


def test_cli_refuses_broken_file_and_leaves_it_alone(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM a\nMAINTAINER x\nRUN <<EOF\necho\n")
    proc = _cli("fix", str(f))
    assert proc.returncode == 2
    assert "does not parse (unterminated heredoc); not fixed" in proc.stderr
    assert f.read_text() == "FROM a\nMAINTAINER x\nRUN <<EOF\necho\n"


def test_fix_verify_writes_only_a_verified_rewrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dockeropt.cli import main
    from dockeropt.verify import build as verify

    f = tmp_path / "Dockerfile"
    calls: list[tuple[str, str, tuple[str, ...]]] = []

    def fake(original: str, rewritten: str, context: str, allowed: object, builder: object) -> verify.VerifyResult:
        calls.append((original, rewritten, tuple(allowed)))  # type: ignore[arg-type]
        same = "MAINTAINER" in original
        return verify.VerifyResult(same, [] if same else ["config:Cmd differs"], "buildah", 3.0)

    monkeypatch.setattr(verify, "verify_same_image", fake)
    f.write_text(BEFORE)
    assert main(["fix", "--verify", "--select", "DO105", str(f)]) == 0
    assert f.read_text().startswith('FROM python:3.12-slim\nLABEL org.opencontainers.image.authors="Jane Doe')
    assert calls[0][2] == ("config:Author", "config:Labels")
    f.write_text("FROM python:3.12-slim\nCMD python /app/main.py\n")
    assert main(["fix", "--verify", "--select", "DO101", str(f)]) == 1
    assert f.read_text() == "FROM python:3.12-slim\nCMD python /app/main.py\n"  # refused: images differ


def test_an_update_alone_is_merged_not_emptied() -> None:
    # Found by building: DO201 appended `rm -rf /var/lib/apt/lists/*` to the RUN that only updates,
    # DO302 then merged it into the install, which ran without lists ("Unable to locate package").
    text = (
        "FROM debian:bookworm\n"
        "RUN apt-get update\n"
        "RUN apt-get install -y --no-install-recommends jq \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    )
    fixed = fix_text(text, "Dockerfile", None, unsafe=True)
    assert [f.rule_id for f in fixed.applied] == ["DO302"]
    assert fixed.text == (
        "FROM debian:bookworm\n"
        "RUN apt-get update \\\n"
        "    && apt-get install -y --no-install-recommends jq \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    )


def test_heredoc_scripts_get_the_clean_up_as_their_last_line_only_under_set_e() -> None:
    body = "apt-get update\napt-get install -y --no-install-recommends jq\n"
    with_errexit = f"FROM debian:bookworm\nRUN <<EOF\nset -e\n{body}EOF\n"
    fixed = fix_text(with_errexit, "Dockerfile", None)
    assert [f.rule_id for f in fixed.applied] == ["DO201"]
    assert fixed.text == f"FROM debian:bookworm\nRUN <<EOF\nset -e\n{body}rm -rf /var/lib/apt/lists/*\nEOF\n"
    assert not fix_text(fixed.text, "Dockerfile", None).changed
    # without errexit the script's status would become rm's: a failed install would pass the build
    without = f"FROM debian:bookworm\nRUN <<EOF\n{body}EOF\n"
    assert not fix_text(without, "Dockerfile", None).changed
    under_bash_e = f'FROM debian:bookworm\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN <<EOF\n{body}EOF\n'
    assert fix_text(under_bash_e, "Dockerfile", None).text.endswith("jq\nrm -rf /var/lib/apt/lists/*\nEOF\n")


def test_json_form_cmd_drops_exec_skips_builtins_and_is_unsafe_for_paths() -> None:
    def fixed(cmd: str, unsafe: bool = False) -> str:
        return fix_text(f"FROM alpine\n{cmd}\n", "Dockerfile", None, unsafe=unsafe, select=["DO101"]).text

    # `exec prog` replaces the shell with prog: the JSON form does that by itself (no `exec` program exists)
    assert fixed("CMD exec nginx -g daemon") == 'FROM alpine\nCMD ["nginx", "-g", "daemon"]\n'
    assert fixed("CMD ulimit -n 1024", unsafe=True) == "FROM alpine\nCMD ulimit -n 1024\n"
    # a script without `#!` runs under sh but cannot be exec'd: only with --unsafe
    assert fixed("CMD ./run.sh --port 80") == "FROM alpine\nCMD ./run.sh --port 80\n"
    assert fixed("CMD ./run.sh --port 80", unsafe=True) == 'FROM alpine\nCMD ["./run.sh", "--port", "80"]\n'
    assert fixed("CMD gunicorn app:app") == 'FROM alpine\nCMD ["gunicorn", "app:app"]\n'
