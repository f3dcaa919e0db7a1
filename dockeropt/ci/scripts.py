"""Shell scripts and Makefiles that build with an explicit memory limit (``docker build --memory 2g``)."""

from __future__ import annotations

import os

from dockeropt.ci.commands import BuildCommand, ShellState, buildx_driver_memory, scan_script
from dockeropt.ci.listing import MAKEFILES
from dockeropt.ci.model import Candidate, MemoryLimit
from dockeropt.files.read import read_text
from dockeropt.units import parse_docker_size

_DIRNAME_SPELLINGS = (
    '"$(dirname "$0")"',
    '"$(dirname "${BASH_SOURCE[0]}")"',
    '"$(dirname "$BASH_SOURCE")"',
    "$(dirname $0)",
    '$(dirname "$0")',
)
_NOT_ENFORCED = (
    "BuildKit (the default builder since Docker Engine 23.0) accepts --memory and ignores it; "
    "only the legacy builder (DOCKER_BUILDKIT=0) enforces it"
)


def _lines(path: str, text: str) -> list[tuple[int, str]]:
    lines = text.split("\n")
    if os.path.basename(path) in MAKEFILES or path.endswith(".mk"):
        # Recipe lines start with a tab; '@', '-' and '+' prefixes are make's, not the shell's.
        return [
            (number, line.lstrip("\t").lstrip("@-+")) for number, line in enumerate(lines, 1) if line.startswith("\t")
        ]
    return list(enumerate(lines, 1))


def _script_dir_idiom(text: str, folder: str) -> str:
    """``$(dirname "$0")`` and its spellings replaced by the script's folder (scripts often cd there)."""
    for spelling in _DIRNAME_SPELLINGS:
        text = text.replace(spelling, folder)
    return text


def candidates(path: str, shown_path: str, invoked_from: str) -> list[Candidate]:
    """A Candidate for each build in the file that sets a memory limit (on itself or on its buildx builder).

    Make runs recipes in the Makefile's folder; a shell script is taken to run from ``invoked_from``
    (the folder it was found from, usually the repository root) until it ``cd``s elsewhere.
    """
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError):
        return []
    folder = os.path.dirname(path)
    is_make = os.path.basename(path) in MAKEFILES or path.endswith(".mk")
    if not is_make:
        text = _script_dir_idiom(text, folder)
    builds: list[BuildCommand] = []
    state = ShellState(folder if is_make else invoked_from, {})
    driver: tuple[str, int] | None = None
    for line, words in scan_script(_lines(path, text), state, shown_path, builds):
        value = buildx_driver_memory(words)
        if value:
            driver = (value, line)
    found: list[Candidate] = []
    for build in builds:
        limit = _limit(build, driver, shown_path)
        if limit is not None:
            found.append(Candidate(build, limit))
    return found


def _limit(build: BuildCommand, driver: tuple[str, int] | None, shown_path: str) -> MemoryLimit | None:
    if build.memory is not None:
        try:
            size = parse_docker_size(build.memory)
        except ValueError:
            return MemoryLimit(None, f"{build.where()}: --memory {build.memory}", "unknown", "not a size Docker reads")
        if build.builder == "docker" and build.legacy_builder:
            return MemoryLimit(
                size, f"{build.where()}: --memory {build.memory} (DOCKER_BUILDKIT=0)", "declared", "", "raise --memory"
            )
        return MemoryLimit(size, f"{build.where()}: --memory {build.memory}", "not-enforced", _NOT_ENFORCED)
    if driver is not None and build.builder == "buildx":
        try:
            size = parse_docker_size(driver[0])
        except ValueError:
            return None
        return MemoryLimit(
            size,
            f"{shown_path}:{driver[1]}: docker buildx create --driver-opt memory={driver[0]}",
            "declared",
            "the docker-container builder's container is limited to this",
            "raise the memory= driver option",
        )
    return None
