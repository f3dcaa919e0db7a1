"""Which images are named as development, CI, test or builder images (their compilers are on purpose)."""

from __future__ import annotations

from pathlib import Path

from dockeropt.analysis.stages import named_as_tool_image


def test_only_the_path_inside_the_checkout_counts(tmp_path: Path) -> None:
    # a CI runner's checkout folder (/tmp/ci/…, /builds/…) says nothing about the image
    repo = tmp_path / "ci" / "test-runner" / "project"
    (repo / ".git").mkdir(parents=True)
    for folder in ("services/api", "ci/images/lint", ".devcontainer"):
        (repo / folder).mkdir(parents=True)
        (repo / folder / "Dockerfile").write_text("FROM debian:12\n")
    assert not named_as_tool_image(str(repo / "services" / "api" / "Dockerfile"), None)
    assert named_as_tool_image(str(repo / "ci" / "images" / "lint" / "Dockerfile"), None)
    assert named_as_tool_image(str(repo / ".devcontainer" / "Dockerfile"), None)


def test_file_names_and_folders() -> None:
    assert named_as_tool_image("src/sdk/8.0/Dockerfile", None)
    assert named_as_tool_image("images/Dockerfile.test", None)
    assert not named_as_tool_image("images/Dockerfile", None)
