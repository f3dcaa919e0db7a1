"""Dependencies read statically from pyproject.toml, setup.py (libcst, never executed) and
environment.yml, and the heavy installs they reveal."""

from __future__ import annotations

from pathlib import Path

from dockeropt.context.deps import project_dependencies, read_environment_yml, read_pyproject, read_setup_py
from dockeropt.engine.check import check_text

DATA = Path(__file__).resolve().parents[2] / "testdata" / "rules" / "DO501"


def test_pyproject_dependencies_and_extras() -> None:
    deps = read_pyproject(str(DATA / "pyproject-app/pyproject.toml"))
    assert [r.name for r in deps.runtime] == ["fastapi", "torch", "numpy", "nvidia-cudnn-cu12"]


def test_setup_py_is_read_without_running_it() -> None:
    deps = read_setup_py(str(DATA / "setuppy-app/setup.py"))
    assert [r.name for r in deps.runtime] == ["requests", "tensorflow", "pandas", "xgboost"]


def test_environment_yml_with_nested_pip_list() -> None:
    deps = read_environment_yml(str(DATA / "conda-app/environment.yml"))
    assert [r.name for r in deps.runtime if r.name not in ("python", "pip")] == [
        "opencv",
        "opencv-python",
        "transformers",
    ]


def test_project_dependencies_names_the_files_read() -> None:
    runtime = project_dependencies(str(DATA / "setuppy-app")).runtime
    assert {Path(r.source_file).name for r in runtime} == {"setup.py"}


def test_pip_install_dot_reports_heavy_packages_from_the_project(tmp_path: Path) -> None:
    text = "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n"
    context = DATA / "pyproject-app"
    result = check_text(text, str(context / "Dockerfile"), select=["DO501"], context_dir=str(context))
    ((finding),) = result.findings
    assert finding.message.startswith("torch, nvidia-cudnn-cu12 (from pyproject.toml):")


def test_conda_environment_file_feeds_the_ml_rules() -> None:
    text = "FROM continuumio/miniconda3:24.7.1-0\nCOPY . /app\nRUN conda env create -f /app/environment.yml\n"
    context = DATA / "conda-app"
    result = check_text(text, str(context / "Dockerfile"), select=["DO503"], context_dir=str(context))
    ((finding),) = result.findings
    assert finding.message.startswith("opencv-python, transformers (~")
    assert "are installed after the sources are copied (line 2)" in finding.message
