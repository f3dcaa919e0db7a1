"""The linters the benchmark runs, how to find them, and how to run one and measure it.

Time is wall time around the whole process; memory is the peak resident set size the kernel reports
for the child through ``wait4`` (for a wrapper that starts another process, the larger of the two).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

# Exit codes that mean "ran and reported" for each tool (1 = findings; 2 = input or parse error).
OK_CODES = {"dockeropt": (0, 1), "hadolint": (0, 1), "tally": (0, 1)}


class Measurement:
    """One run of one command."""

    __slots__ = ("code", "cpu_s", "peak_rss_kib", "stderr", "stdout", "wall_s")

    def __init__(
        self, wall_s: float, peak_rss_kib: int, code: int, stdout: str, stderr: str, cpu_s: float = 0.0
    ) -> None:
        self.wall_s = wall_s
        self.peak_rss_kib = peak_rss_kib
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        self.cpu_s = cpu_s  # user + system time of the process (and the children it waited for)


def measure(argv: Sequence[str], cwd: str | Path | None = None, env: dict[str, str] | None = None) -> Measurement:
    """Run ``argv`` to completion; output goes to temporary files so that a full pipe never blocks it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        out.seek(0)
        err.seek(0)
        return Measurement(
            wall,
            int(usage.ru_maxrss),  # KiB on Linux
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_utime + usage.ru_stime,
        )


def find_executable(name: str) -> str | None:
    """``name`` on PATH, else next to this interpreter (a venv's bin/ need not be on PATH)."""
    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else None


def tally_binary() -> str | None:
    """The native tally binary inside the tally-cli wheel, so no Python launcher is timed with it."""
    try:
        import tally_cli  # type: ignore[import-untyped]
    except ImportError:
        return find_executable("tally")
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(os.uname().machine.lower(), os.uname().machine.lower())
    native = Path(tally_cli.__file__).parent / "bin" / f"tally-{sys.platform}-{machine}" / "tally"
    return str(native) if native.exists() else find_executable("tally")


class Tool:
    """A linter invoked as ``argv_prefix + files``, with its own environment when ``env`` is given
    (e.g. dockeropt with and without a ShellCheck on PATH)."""

    __slots__ = ("env", "name", "prefix")

    def __init__(self, name: str, prefix: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.name = name
        self.prefix = list(prefix)
        self.env = env

    def argv(self, files: Sequence[str | Path]) -> list[str]:
        return [*self.prefix, *(str(f) for f in files)]

    def ok(self, run: Measurement) -> bool:
        """It ran and reported: an expected exit code and no crash (a Python traceback, an internal
        error) — a crash can exit 1 like a run with findings."""
        crashed = "Traceback (most recent call last)" in run.stderr or "internal error" in run.stderr
        return run.code in OK_CODES.get(self.name, (0, 1)) and not crashed


def default_tools(dockeropt_cmd: str, hadolint: str | None, tally: str | None) -> list[Tool]:
    """dockeropt (the command given, plus ``check``), then the peers that are installed."""
    tools = [Tool("dockeropt", [*shlex.split(dockeropt_cmd), "check"])]
    hadolint = hadolint or find_executable("hadolint")
    if hadolint:
        tools.append(Tool("hadolint", [hadolint]))
    tally = tally or tally_binary()
    if tally:
        tools.append(Tool("tally", [tally, "lint", "--slow-checks", "off"]))
    return tools


def stage(files: Sequence[Path], into: Path) -> list[Path]:
    """Copy each file to ``into/NNNN/Dockerfile``: tally lints only files named like a Dockerfile,
    and every tool then reads the same paths."""
    staged = []
    for index, source in enumerate(files):
        folder = into / f"{index:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "Dockerfile"
        shutil.copyfile(source, target)
        staged.append(target)
    return staged


def list_inputs(directory: Path) -> list[Path]:
    """Regular files under ``directory`` (sorted), leaving out hidden ones and build-context companions."""
    skip_suffixes = (".dockerignore", ".md", ".txt", ".json", ".toml", ".tsv")
    found = []
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory)
        if path.is_file() and not any(p.startswith(".") for p in rel.parts) and not path.name.endswith(skip_suffixes):
            found.append(path)
    return found


def line_count(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
