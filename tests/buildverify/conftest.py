"""Fixtures of the build-verify suite: real builds with buildah, set up once per test run.

Tests marked ``build`` use ``buildah_env``: the first one runs ``dfbuild-env.sh`` (installs buildah,
debootstrap and busybox-static with apt if missing, makes the local base images ``debian:bookworm`` and
``busybox``), which takes about 35-90 s on a fresh machine and milliseconds afterwards. They are skipped,
with the reason, when not root, not on Debian with apt, or when the set-up fails.

Environment: ``DOCKEROPT_BUILD_TESTS=0`` skips them, ``=1`` makes any of those reasons a failure (for CI,
so that a broken set-up cannot pass as skipped). The set-up also makes buildah 1.39 from Debian trixie in
a chroot (about 40 s more) and builds with it: bookworm's buildah 1.28 rejects heredocs;
``DOCKEROPT_BUILD_TRIXIE=0`` builds with bookworm's buildah and skips the heredoc cases.
``DFBUILD_DIR`` and ``DFBUILD_DRIVER`` are passed on to the set-up script.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

HERE = Path(__file__).resolve().parent
ENV_SCRIPT = HERE / "dfbuild-env.sh"
TRIXIE_SCRIPT = HERE / "dfbuild-trixie.sh"
SETUP_TIMEOUT = 1200  # seconds; apt and debootstrap over a slow mirror


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "build: builds images for real with buildah (root, Debian/apt; slow)")


class BuildEnv:
    """The environment the set-up made: variables to build with, the storage driver, set-up time."""

    __slots__ = ("dfbuild_dir", "driver", "setup_seconds", "trixie", "variables")

    def __init__(self, variables: dict[str, str], setup_seconds: float, trixie: bool) -> None:
        self.variables = variables
        self.dfbuild_dir = variables["DFBUILD_DIR"]
        self.driver = variables["DFBUILD_DRIVER"]
        self.setup_seconds = setup_seconds
        self.trixie = trixie


def _unsupported_reason() -> str | None:
    if os.environ.get("DOCKEROPT_BUILD_TESTS") == "0":
        return "build tests turned off (DOCKEROPT_BUILD_TESTS=0)"
    if os.geteuid() != 0:
        return "build tests need root (buildah with chroot isolation, debootstrap)"
    if not Path("/etc/debian_version").is_file() or shutil.which("apt-get") is None:
        return "build tests need Debian with apt-get (bookworm's buildah, debootstrap)"
    return None


def _give_up(reason: str) -> NoReturn:
    if os.environ.get("DOCKEROPT_BUILD_TESTS") == "1":
        pytest.fail(f"DOCKEROPT_BUILD_TESTS=1 but: {reason}", pytrace=False)
    pytest.skip(reason)


def _run_setup(script: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(script), *extra],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT,
        check=False,
    )


def _parse_env(output: str) -> dict[str, str]:
    pairs = (line.partition("=") for line in output.splitlines() if "=" in line)
    return {key: value for key, _, value in pairs}


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@pytest.fixture(scope="session")
def build_env() -> Iterator[BuildEnv]:
    reason = _unsupported_reason()
    if reason:
        _give_up(reason)
    started = time.monotonic()
    try:
        proc = _run_setup(ENV_SCRIPT, ["--print-env"])
    except subprocess.TimeoutExpired:
        _give_up(f"build set-up took over {SETUP_TIMEOUT} s")
    if proc.returncode != 0:
        _give_up(f"build set-up failed ({ENV_SCRIPT.name} exit {proc.returncode}):\n{_tail(proc.stderr)}")
    variables = _parse_env(proc.stdout)
    trixie = os.environ.get("DOCKEROPT_BUILD_TRIXIE", "1") != "0"
    with pytest.MonkeyPatch.context() as patch:
        for key, value in variables.items():
            patch.setenv(key, value)
        if trixie:
            proc = _run_setup(TRIXIE_SCRIPT, ["--print-env"])
            if proc.returncode != 0:
                _give_up(f"trixie set-up failed ({TRIXIE_SCRIPT.name} exit {proc.returncode}):\n{_tail(proc.stderr)}")
            shim_dir = _parse_env(proc.stdout)["DFBUILD_TRIXIE_BIN"]
            patch.setenv("PATH", f"{shim_dir}{os.pathsep}{os.environ['PATH']}")
        yield BuildEnv(variables, time.monotonic() - started, trixie)


@pytest.fixture
def buildah_env(build_env: BuildEnv) -> Iterator[BuildEnv]:
    """The build environment, held alone: one comparison at a time on this machine (other test runs
    wait), since builds share the storage, the apt mirror and the CPU."""
    with open(f"{build_env.dfbuild_dir}.run.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield build_env
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
