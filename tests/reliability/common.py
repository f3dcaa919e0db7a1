"""What the reliability tests share: running dockeropt as a user runs it, with a time limit, as
root or as a user without override rights, and hostile files made on the spot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0  # every run here ends well within this; a hang fails the test instead of the suite

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
OTHER_UID = 65534  # "nobody": owns the files a capability-less root must not override


def run(
    *args: str, cwd: Path | str | None = None, stdin: bytes | None = None, unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python -m dockeropt ARGS``; with ``unprivileged``, as root without any capability (file
    permissions then apply to it as to any user: the interpreter under /root stays reachable).
    ``check`` reports in the one-line form unless a format is given."""
    if args[:1] == ("check",) and "--format" not in args:
        args = ("check", "--format", "concise", *args[1:])  # these tests read one finding a line
    command = [sys.executable, "-m", "dockeropt", *args]
    if unprivileged:
        command = [SETPRIV or "setpriv", "--bounding-set=-all", "--inh-caps=-all", *command]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        command,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )


needs_root = pytest.mark.skipif(
    not IS_ROOT or SETPRIV is None,
    reason="needs root and setpriv: the test drops every capability to act as a user without override rights",
)


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def leftovers(folder: Path) -> list[str]:
    """Temporary files dockeropt left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if ".dockeropt-" in p.name)
