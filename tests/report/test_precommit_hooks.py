"""The pre-commit manifest: pre-commit's required keys, commands that exist, and a file pattern that
picks the same files as ``dockeropt check DIR``."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from dockeropt.cli import build_parser
from dockeropt.commands.check import is_dockerfile_name

ROOT = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
NAMES = [
    "Dockerfile",
    "dockerfile",
    "Containerfile",
    "Dockerfile.dev",
    "prod.Dockerfile",
    "api.dockerfile",
    "svc/api/Dockerfile",
    "svc/worker.containerfile",
    "Dockerfile.dockerignore",
    "Dockerfile.md",
    "docs/Dockerfile.txt",
    "README.md",
    "mydockerfile",
    "Dockerfiles/notes.yaml",
    "setup.py",
]


def test_manifest_keys() -> None:
    assert [h["id"] for h in HOOKS] == ["dockeropt", "dockeropt-fix"]
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        # the entry is a real subcommand that takes file names
        args = build_parser().parse_args([*shlex.split(hook["entry"])[1:], "Dockerfile"])
        assert args.paths == ["Dockerfile"]


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_files_pattern_matches_what_check_finds(hook: dict[str, str]) -> None:
    files = re.compile(hook["files"])
    exclude = re.compile(hook["exclude"])
    chosen = [n for n in NAMES if files.search(n) and not exclude.search(n)]
    assert chosen == [n for n in NAMES if is_dockerfile_name(n.rsplit("/", 1)[-1])]
    assert "api.dockerfile" in chosen and "dockerfile" in chosen
