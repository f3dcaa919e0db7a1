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


def test_cli_writes_and_then_leaves_it_alone(tmp_path: Path) -> None:
    case = tmp_path / "app"
    shutil.copytree(ROOT / "testdata/split/multistage", case, ignore=shutil.ignore_patterns("expected"))
    cmd = [sys.executable, "-m", "dockeropt", "fix", "--dockerignore", "--select", "DO001", str(case / "Dockerfile")]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.stdout.startswith("Wrote ") and (case / ".dockerignore").read_text().splitlines()[2] == "*"
    again = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert again.stdout == ""
