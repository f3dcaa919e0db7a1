"""Issue 7: the CI runner's memory limit, each step's estimated peak, and DO701 against it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.analysis.memory import find_memory_limit
from dockeropt.engine.check import check_text
from dockeropt.units import parse_docker_size

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
            "bitbucket-pipelines.yml:7: step 'Build the API image' uses the 'docker' service with no memory set"
            " (default 1024 MB), size 1x (default)",
        ),
        (
            "bitbucket-2x",
            6144 * MIB,
            "bitbucket-pipelines.yml:4: definitions.services.docker.memory: 6144 for step 'Build', size 2x (line 11)",
        ),
        ("gitlab-dind", None, ".gitlab-ci.yml:1: job 'build-image': the docker:27-dind service"),
        ("github-runner", 7 * GIB, ".github/workflows/image.yml:5: job 'build' runs-on ubuntu-latest"),
        ("makefile-memory", 2 * GIB, "Makefile:4: --memory 2g (DOCKER_BUILDKIT=0)"),
    ],
)
def test_limit_and_where_it_comes_from(
    case: str, limit: int | None, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA / case)
    found = find_memory_limit("Dockerfile")
    assert found is not None
    assert found.bytes == limit
    assert found.source == f"testdata/memory/{case}/{source}"


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
    assert parse_docker_size(text, unit) == expected


def _do701(case: str, memory: str | None = None) -> list[tuple[int, str, str]]:
    path = DATA / case / "Dockerfile"
    result = check_text(path.read_text(), str(path), select=["DO701"], context_dir=str(path.parent), memory=memory)
    return [(f.span.start_line, f.severity, f.message) for f in result.findings]


def test_torch_with_the_pip_cache_overflows_bitbucket_default_docker_service() -> None:
    ((line, severity, message),) = _do701("bitbucket-default")
    assert (line, severity) == (5, "warning")
    assert message.startswith("estimated peak ~529 MiB-1.7 GiB (pip installing torch, torchvision with pip's cache on)")
    assert "; or set definitions.services.docker.memory to 3072 (step size 1x allows up to 3072)" in message


def test_unbounded_make_against_a_2x_step() -> None:
    ((line, severity, message),) = _do701("bitbucket-2x")
    assert (line, severity) == (4, "warning")
    assert "make with 4-16 parallel compile job(s)" in message and "make -j2" in message


def test_unknown_limit_reports_nothing_and_a_roomy_runner_is_quiet() -> None:
    assert _do701("gitlab-dind") == []
    assert _do701("github-runner") == []


def test_cargo_against_docker_build_memory_in_a_makefile() -> None:
    assert [(line, sev) for line, sev, _ in _do701("makefile-memory")] == [(4, "warning")]


def test_docker_build_memory_under_buildkit_is_not_a_limit(tmp_path: Path) -> None:
    # the same Makefile without DOCKER_BUILDKIT=0: BuildKit ignores --memory, so nothing is reported
    for name in ("Dockerfile", "Makefile"):
        (tmp_path / name).write_text((DATA / "makefile-memory" / name).read_text().replace("DOCKER_BUILDKIT=0 ", ""))
    path = tmp_path / "Dockerfile"
    found = find_memory_limit(str(path))
    assert found is not None and (found.bytes, found.confidence) == (2 * GIB, "not-enforced")
    result = check_text(path.read_text(), str(path), select=["DO701"], context_dir=str(tmp_path))
    assert result.findings == []


def test_warning_band_near_the_limit() -> None:
    # 1.7 GiB high estimate against 2 GiB: within 20 % of the limit, below it -> info
    findings = _do701("bitbucket-default", memory="2g")
    assert [(line, sev) for line, sev, _ in findings] == [(5, "info")]
    assert "comes close to the 2.0 GiB limit of --memory 2g" in findings[0][2]


def test_explain_memory_lists_steps_highest_first() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", "--select", "DO701", "--explain-memory", "Dockerfile"],
        cwd=DATA / "bitbucket-2x",
        capture_output=True,
        text=True,
        check=False,
    )
    table = proc.stdout.split("memory limit 6.0 GiB from testdata/memory/bitbucket-2x/bitbucket-pipelines.yml:4", 1)[
        1
    ].splitlines()
    assert table[1:5] == [
        "   line    estimated peak  why",
        " !    4        1.2-24 GiB  make with 4-16 parallel compile job(s)",
        "      3       100-400 MiB  apt install",
        "      2        55-140 MiB  pip installing torch with --no-cache-dir",
    ]


def test_a_guessed_limit_reached_only_by_the_high_estimate_is_info(tmp_path: Path) -> None:
    # review of real files: cargo's 1 GB-8 GB against the 7 GB assumed for ubuntu-latest (public
    # repositories get 16 GB) was a warning; now a note. A sure overflow stays a warning.
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "image.yml").write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: docker build .\n"
    )
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "app"\nversion = "0.1.0"\n')
    text = "FROM rust:1.79\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n"
    (tmp_path / "Dockerfile").write_text(text)
    result = check_text(text, str(tmp_path / "Dockerfile"), select=["DO701"], context_dir=str(tmp_path))
    assert [(f.span.start_line, f.severity) for f in result.findings] == [(4, "info")]
