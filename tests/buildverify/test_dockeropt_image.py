"""The container image of dockeropt itself: the Dockerfile at the repository root passes dockeropt's
own check, and builds (buildah, as the build proofs build) into an image that runs dockeropt.

The build needs ``debian:bookworm-slim``, which the set-up does not make: the local
``debian:bookworm`` (debootstrap's minbase, about what slim is) is tagged with that name. The build
installs dockeropt's dependencies from PyPI, as a real build does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.buildverify.conftest import BuildEnv

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "localhost/dockeropt-selftest"


def test_the_dockerfile_passes_its_own_check() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", "Dockerfile"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "All checks passed (1 file).\n", "")
    # and its .dockerignore is the one `dockeropt fix --dockerignore` writes for it
    from dockeropt.fix.dockerignore import generate
    from dockeropt.syntax.parser import parse

    assert (ROOT / ".dockerignore").read_text() == generate(parse((ROOT / "Dockerfile").read_text()), str(ROOT))


def _buildah(env: BuildEnv, *args: str, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["buildah", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env.variables},
        timeout=timeout,
        check=False,
    )


@pytest.mark.build
def test_the_image_builds_and_runs_dockeropt(buildah_env: BuildEnv, tmp_path: Path) -> None:
    slim = "docker.io/library/debian:bookworm-slim"
    added_tag = _buildah(buildah_env, "inspect", "--type", "image", slim).returncode != 0
    if added_tag:  # the set-up's minbase image under the name the Dockerfile uses; untagged at the end
        tag = _buildah(buildah_env, "tag", "docker.io/library/debian:bookworm", slim)
        assert tag.returncode == 0, tag.stderr
    build = _buildah(
        buildah_env,
        "bud",
        "-q",
        "--pull=never",
        "--layers=false",
        "-t",
        IMAGE,
        "-f",
        str(ROOT / "Dockerfile"),
        str(ROOT),
    )
    assert build.returncode == 0, build.stderr[-3000:]
    container = _buildah(buildah_env, "from", "--pull=never", IMAGE).stdout.strip()
    try:
        config = _buildah(
            buildah_env, "inspect", "--format", "{{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.User}}", container
        )
        assert config.stdout.strip() == "[dockeropt] 65532:65532"
        version = _buildah(buildah_env, "run", container, "--", "dockeropt", "--version")
        assert (version.returncode, version.stdout) == (0, "dockeropt 0.1.0\n"), version.stderr
        copied = _buildah(
            buildah_env, "copy", container, str(ROOT / "testdata/examples/python-app/Dockerfile"), "/tmp/Dockerfile"
        )
        assert copied.returncode == 0, copied.stderr
        check = _buildah(
            buildah_env,
            "run",
            "--workingdir",
            "/tmp",
            container,
            "--",
            "dockeropt",
            "check",
            "--output-format",
            "concise",
            "--select",
            "DO105,DO101",
            "Dockerfile",
        )
        assert check.returncode == 1, check.stderr
        assert check.stdout.splitlines() == [
            "Dockerfile:2:1: DO105 warning MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors "
            "(fixable)",
            "Dockerfile:12:1: DO101 warning CMD in shell form runs under /bin/sh, which does not forward SIGTERM; "
            "use JSON form (fixable)",
            "Found 2 problems in 1 file (2 fixable with `dockeropt fix`).",
        ]
        # ShellCheck is in the image: DO100 checks RUN scripts (no "ShellCheck is not installed" note)
        script = tmp_path / "Dockerfile"
        script.write_text("FROM debian:12\nARG SRC=a\nRUN cp $SRC /tmp/\n")
        assert _buildah(buildah_env, "copy", container, str(script), "/tmp/sc.Dockerfile").returncode == 0
        shellcheck = _buildah(
            buildah_env,
            "run",
            "--workingdir",
            "/tmp",
            container,
            "--",
            "dockeropt",
            "check",
            "--verbose",
            "--format",
            "concise",
            "--select",
            "DO100",
            "sc.Dockerfile",
        )
        assert shellcheck.stdout.splitlines()[0] == (
            "sc.Dockerfile:3:8: SC2086 info Double quote to prevent globbing and word splitting."
        ), shellcheck.stdout + shellcheck.stderr
        assert "ShellCheck" not in shellcheck.stderr
    finally:
        _buildah(buildah_env, "rm", container)
        _buildah(buildah_env, "rmi", IMAGE)
        if added_tag:  # the image keeps its bookworm name
            _buildah(buildah_env, "rmi", slim)
