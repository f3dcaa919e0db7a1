"""``dockeropt fix --dockerignore``: an allow-list or deny-list that never excludes a copied path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from dockeropt.context.dockerignore import DockerIgnore
from dockeropt.fix.dockerignore import copied_sources, generate
from dockeropt.syntax.parser import parse

ROOT = Path(__file__).resolve().parents[2]


def test_allow_list_from_the_copied_paths() -> None:
    case = ROOT / "testdata/split/multistage"
    text = generate(parse((case / "Dockerfile").read_text()), str(case))
    ignore = DockerIgnore.from_text(text)
    sources, whole = copied_sources(parse((case / "Dockerfile").read_text()))
    assert not whole
    assert sources == ["web/package.json", "web/package-lock.json", "web", "requirements.txt", "src"]
    for src in sources:
        assert not ignore.matches(src)
    assert ignore.matches("tests/test_app.py") and ignore.matches("README.md")
    assert ignore.matches("src/__pycache__/app.cpython-312.pyc") and not ignore.matches("src/app.py")


def test_whole_context_gets_a_deny_list_that_spares_what_is_copied(tmp_path: Path) -> None:
    for d in (".git", "node_modules", "build", "src"):
        (tmp_path / d).mkdir()
    (tmp_path / ".env").write_text("TOKEN=x\n")
    tree = parse("FROM node:22\nCOPY . /app\nCOPY build/assets /srv/assets\n")
    ignore = DockerIgnore.from_text(generate(tree, str(tmp_path)))
    assert ignore.matches(".git/HEAD") and ignore.matches("node_modules/x/index.js") and ignore.matches(".env")
    assert not ignore.matches("build/assets")  # `build` would be excluded, but a COPY needs it
    assert not ignore.matches("src/index.js")


def test_cli_writes_only_the_dockerignore_with_true_counts_then_leaves_it_alone(tmp_path: Path) -> None:
    case = tmp_path / "app"
    shutil.copytree(ROOT / "testdata/split/multistage", case, ignore=shutil.ignore_patterns("expected"))
    dockerfile = (case / "Dockerfile").read_text()
    cmd = [sys.executable, "-m", "dockeropt", "fix", "--dockerignore", str(case / "Dockerfile")]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = (case / ".dockerignore").read_text()
    patterns = [line for line in written.splitlines() if line and not line.startswith("#")]
    assert written.splitlines()[2] == "*"
    assert proc.stdout == (
        f"Wrote app/.dockerignore ({len(patterns)} patterns: an allow-list, everything out but what the "
        "Dockerfile copies).\n"
    )
    # --dockerignore does only that: the Dockerfile's own findings are left for `dockeropt fix`
    assert (case / "Dockerfile").read_text() == dockerfile
    again = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert again.stdout == f"app/.dockerignore is up to date ({len(patterns)} patterns: an allow-list, " + (
        "everything out but what the Dockerfile copies).\n"
    )
    assert (case / ".dockerignore").read_text() == written


def test_cli_deny_list_counts_its_patterns_not_its_comments(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nMAINTAINER me\n")
    cmd = [sys.executable, "-m", "dockeropt", "fix", "--dockerignore", "Dockerfile"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    patterns = [line for line in lines if line and not line.startswith("#")]
    assert lines[1] == "# The Dockerfile copies the whole context: keep out what no image needs."
    assert ".git" in patterns and "**/node_modules" in patterns
    assert proc.stdout == (
        f"Wrote .dockerignore ({len(patterns)} patterns: a deny-list, since the Dockerfile copies the whole context).\n"
    )
    assert "MAINTAINER me" in (tmp_path / "Dockerfile").read_text()
