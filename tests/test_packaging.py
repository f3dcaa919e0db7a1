"""The wheel carries the whole package and the built-in rule pack; ``dockeropt check`` runs from it."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _packages_on_disk() -> set[str]:
    found = set()
    for base, prefix in ((ROOT / "dockeropt", "dockeropt"), (ROOT / "rules", "dockeropt.rules")):
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base)
            found.add(".".join([prefix, *rel.parts]) if rel.parts else prefix)
    return found


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    assert listed == _packages_on_disk()


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_checks_a_dockerfile(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("dockeropt-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    example = tmp_path / "Dockerfile"
    example.write_text("FROM python:3.12-slim\nMAINTAINER me@example.com\n")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [str(env_dir / "bin" / "dockeropt"), "check", "--select", "DO105", "--format", "concise", str(example)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"{example}:2:1: DO105 warning MAINTAINER is deprecated")
    # the rule pack came from the wheel, not from this checkout
    where = subprocess.run(
        [str(py), "-c", "import dockeropt.rules as r; print(r.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout
    assert where.startswith(str(env_dir))
    # split's jinja2 templates ship in the wheel too
    out = tmp_path / "split"
    dockerfile = tmp_path / "split.Dockerfile"
    dockerfile.write_text("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\nCOPY . /app\n")
    proc = subprocess.run(
        [str(env_dir / "bin" / "dockeropt"), "split", str(dockerfile), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "target.Dockerfile").read_text().count("FROM ${BASE_IMAGE}") == 1
    # the heavy-package data file ships in the wheel too: DO501 reads its sizes
    ml = tmp_path / "ml.Dockerfile"
    ml.write_text("FROM python:3.12-slim\nRUN pip install torch==2.5.1\n")
    proc = subprocess.run(
        [str(env_dir / "bin" / "dockeropt"), "check", "--format", "concise", "--select", "DO501", str(ml)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert f"{ml}:2:5: DO501 warning torch: ~" in proc.stdout
    # and so do the HTML report's template and style sheet
    page = tmp_path / "report.html"
    proc = subprocess.run(
        [str(env_dir / "bin" / "dockeropt"), "report", str(dockerfile), "-o", str(page)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    html = page.read_text()
    assert html.count('<g class="stage-node') == 1
    assert "svg.bars .bar {" in html  # the inlined CSS
