"""Issue 7: the CI runner's memory limit, each step's estimated peak, and DO701 against it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.ci.memory import find_memory_limit, parse_size
from dockeropt.engine.check import check_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "memory"
GIB = 1024**3
MIB = 1024**2


@pytest.mark.parametrize(
    ("case", "limit", "source"),
    [
        (
            "bitbucket-default",
            1024 * MIB,
            "bitbucket-pipelines.yml:13: the docker service has 1024 MB (the default) in a 1x",
        ),
        ("bitbucket-2x", 6144 * MIB, "bitbucket-pipelines.yml:4: the docker service has 6144 MB in a 2x step"),
        ("gitlab-dind", None, ".gitlab-ci.yml: docker build in a docker:dind service with no declared limit"),
        ("github-runner", 7 * GIB, ".github/workflows/image.yml:5: runs-on ubuntu-latest has 7 GB in private"),
        ("makefile-memory", 2 * GIB, "Makefile:4: docker build --memory 2g"),
    ],
)
def test_limit_and_where_it_comes_from(
    case: str, limit: int | None, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA / case)
    found = find_memory_limit("Dockerfile")
    assert found is not None
    assert found.bytes == limit
    assert found.source.startswith(source)


def test_explicit_and_configured_limits_win() -> None:
    path = str(DATA / "bitbucket-default" / "Dockerfile")
    assert find_memory_limit(path, "3g") is not None
    assert find_memory_limit(path, "3g").bytes == 3 * GIB  # type: ignore[union-attr]
    assert find_memory_limit(path, None, "1536m").bytes == 1536 * MIB  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("1g", 1, GIB), ("1024m", 1, GIB), ("2GB", 1, 2 * GIB), ("512MiB", 1, 512 * MIB), ("3072", MIB, 3072 * MIB)],
)
def test_parse_size(text: str, unit: int, expected: int) -> None:
    assert parse_size(text, unit) == expected


def _do701(case: str, memory: str | None = None) -> list[tuple[int, str, str]]:
    path = DATA / case / "Dockerfile"
    result = check_text(path.read_text(), str(path), select=["DO701"], context_dir=str(path.parent), memory=memory)
    return [(f.span.start_line, f.severity, f.message) for f in result.findings]


def test_torch_with_the_pip_cache_overflows_bitbucket_default_docker_service() -> None:
    ((line, severity, message),) = _do701("bitbucket-default")
    assert (line, severity) == (5, "warning")
    assert message.startswith("estimated peak ~858 MiB-1.9 GiB (pip installing torch, torchvision with pip's cache on)")
    assert "raise definitions.services.docker.memory (up to 3072 MB with size 1x)" in message


def test_unbounded_make_against_a_2x_step() -> None:
    ((line, severity, message),) = _do701("bitbucket-2x")
    assert (line, severity) == (4, "warning")
    assert "make with 4-16 parallel compile job(s)" in message and "make -j2" in message


def test_unknown_limit_reports_nothing_and_a_roomy_runner_is_quiet() -> None:
    assert _do701("gitlab-dind") == []
    assert _do701("github-runner") == []


def test_cargo_against_docker_build_memory_in_a_makefile() -> None:
    assert [(line, sev) for line, sev, _ in _do701("makefile-memory")] == [(4, "warning")]


def test_warning_band_near_the_limit() -> None:
    # 1.9 GiB high estimate against 2.2 GiB: within 20 % of the limit, below it -> info
    findings = _do701("bitbucket-default", memory="2.2g")
    assert [(line, sev) for line, sev, _ in findings] == [(5, "info")]
    assert "comes close to the 2.2 GiB limit of --memory 2.2g" in findings[0][2]


def test_explain_memory_lists_steps_highest_first() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", "--select", "DO701", "--explain-memory", "Dockerfile"],
        cwd=DATA / "bitbucket-2x",
        capture_output=True,
        text=True,
        check=False,
    )
    table = proc.stdout.split("memory limit 6.0 GiB from bitbucket-pipelines.yml:4", 1)[1].splitlines()
    assert table[1:5] == [
        "   line    estimated peak  why",
        " !    4        1.2-24 GiB  make with 4-16 parallel compile job(s)",
        "      2       238-572 MiB  pip installing torch with --no-cache-dir",
        "      3       100-400 MiB  apt install",
    ]
