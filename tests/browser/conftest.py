"""A real browser for the HTML report's tests: Debian's ``chromium`` driven by PyPI's ``playwright``.

Playwright's own browser download is not used (it needs a host this machine cannot reach): the
session fixture launches ``/usr/bin/chromium``, installing Debian's package with apt first when it
is missing and the tests run as root on Debian (CI does: ``.ci/run`` runs the README's test
command as root; the first run spends a minute or two on apt). Tests are skipped, with the reason,
when chromium is missing and cannot be installed, or playwright is not importable.

``DOCKEROPT_BROWSER_TESTS=0`` skips them; ``=1`` turns every reason to skip into a failure (so
that a broken set-up cannot pass as skipped).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM = "/usr/bin/chromium"
INSTALL_TIMEOUT = 1200  # seconds: apt over a slow mirror
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _give_up(reason: str) -> NoReturn:
    if os.environ.get("DOCKEROPT_BROWSER_TESTS") == "1":
        pytest.fail(f"DOCKEROPT_BROWSER_TESTS=1 but: {reason}", pytrace=False)
    pytest.skip(reason)


def _install_chromium() -> None:
    """``apt-get install chromium`` (after ``apt-get update`` when the package is not known yet),
    one installer at a time on this machine."""
    if os.geteuid() != 0:
        _give_up(f"{CHROMIUM} is missing and installing Debian's chromium needs root")
    if not Path("/etc/debian_version").is_file() or shutil.which("apt-get") is None:
        _give_up(f"{CHROMIUM} is missing and this is not Debian with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with open(os.path.join(tempfile.gettempdir(), "dockeropt-chromium.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(CHROMIUM):
            return
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
        try:
            proc = subprocess.run(install, capture_output=True, text=True, env=env, timeout=INSTALL_TIMEOUT)
            if proc.returncode != 0:
                update = subprocess.run(
                    ["apt-get", "update", "-q"], capture_output=True, text=True, env=env, timeout=INSTALL_TIMEOUT
                )
                if update.returncode != 0:
                    _give_up(f"apt-get update failed: {update.stderr.strip()[-300:]}")
                proc = subprocess.run(install, capture_output=True, text=True, env=env, timeout=INSTALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            _give_up(f"installing chromium took over {INSTALL_TIMEOUT} s")
        if proc.returncode != 0 or not os.path.exists(CHROMIUM):
            _give_up(f"apt-get install chromium failed: {proc.stderr.strip()[-300:]}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless chromium for one test module. Playwright starts it with a fresh, temporary
    ``--user-data-dir`` of its own (and removes it afterwards); each test opens its own context.
    Not for the whole session: playwright's synchronous API runs an event loop in the main thread
    while it is open, and the asyncio tests that follow (tests/lsp) cannot start theirs."""
    if os.environ.get("DOCKEROPT_BROWSER_TESTS") == "0":
        pytest.skip("browser tests turned off (DOCKEROPT_BROWSER_TESTS=0)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _give_up("playwright is not installed (pip install -e '.[test]')")
    if not os.path.exists(CHROMIUM):
        _install_chromium()
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        except Exception as err:  # a chromium that does not start: say why, once
            _give_up(f"{CHROMIUM} does not start under playwright: {str(err).splitlines()[0]}")
        try:
            yield chromium
        finally:
            chromium.close()
