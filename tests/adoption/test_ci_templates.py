"""The GitHub Action and the GitLab CI template, run here with the commands CI runs (see cirun.py):
dockeropt installed from its source as the action and the template install it, then checked
against a real-looking project. Slow: each run installs dockeropt into a new environment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.adoption.cirun import ACTION, GITLAB_TEMPLATE, ROOT, copy_source, fresh_python, run_action, run_gitlab_job
from tests.report.test_sarif import assert_valid

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def toolbox(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the dockeropt source as a checkout of the action holds it, a fresh Python's bin folder)."""
    base = tmp_path_factory.mktemp("ci")
    return copy_source(base / "source"), fresh_python(base / "python")


def _project(tmp_path: Path) -> Path:
    """A repository with the example Python app (warnings and info findings, no error)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "testdata/examples/python-app", repo / "app")
    return repo


def _expected(repo: Path) -> tuple[int, dict[str, int]]:
    """What `dockeropt check` of this checkout finds in the project: (findings, count by severity)."""
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", "--format", "json", "app"],
        capture_output=True,
        text=True,
        cwd=repo,
        check=False,
    )
    summary = json.loads(proc.stdout)["summary"]
    assert summary["by_severity"].get("warning") and "error" not in summary["by_severity"]
    return summary["findings"], summary["by_severity"]


def _github_summary(total: int, by_severity: dict[str, int]) -> str:
    return f"dockeropt: {total} problems in 1 file ({by_severity['warning']} warnings, {by_severity['info']} info)"


class Uses:
    """What the action's ``uses:`` steps get: setup-python gives our fresh Python; upload-sarif
    records the file it would upload."""

    def __init__(self, python_bin: Path) -> None:
        self.python_bin = python_bin
        self.uploaded: list[str] = []

    def table(self) -> dict[str, object]:
        return {
            "actions/setup-python": lambda given: {"python-path": str(self.python_bin / "python")},
            "github/codeql-action/upload-sarif": self._upload,
        }

    def _upload(self, given: dict[str, str]) -> dict[str, str]:
        self.uploaded.append(given["sarif_file"])
        return {}


def test_the_action_is_a_composite_action_with_the_documented_inputs() -> None:
    doc = yaml.safe_load(ACTION.read_text())
    assert doc["runs"]["using"] == "composite"
    assert set(doc["inputs"]) == {"paths", "fail-on", "args", "sarif", "sarif-file", "python-version", "install-from"}
    uses = [step["uses"] for step in doc["runs"]["steps"] if "uses" in step]
    assert uses == ["actions/setup-python@v5", "github/codeql-action/upload-sarif@v3"]
    # inputs reach scripts through env, never pasted into the script text (no injection)
    for step in doc["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_action_annotates_uploads_sarif_and_fails_on_warnings(toolbox: tuple[Path, Path], tmp_path: Path) -> None:
    source, python_bin = toolbox
    repo = _project(tmp_path)
    total, by_severity = _expected(repo)
    uses = Uses(python_bin)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    run = run_action({}, repo, source, temp, uses.table())  # type: ignore[arg-type]
    install = run.step("install")
    assert (install.code, install.stdout) == (0, "dockeropt 0.1.0\n"), install.stderr
    assert run.step("actions/setup-python@v5").with_ == {"python-version": "3.12", "update-environment": "false"}
    check = run.step("check")
    assert check.code == 0  # the step records the exit code; the last step fails the job
    annotations = check.stdout.splitlines()
    # (which rules report on the example changes as rules are added: one known annotation, exactly)
    assert (
        "::warning file=app/Dockerfile,line=2,endLine=2,col=1,endColumn=10,title=DO105 maintainer-deprecated::"
        "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
    ) in annotations
    assert annotations[-1] == _github_summary(total, by_severity)
    assert len(annotations) == total + 1
    assert uses.uploaded == ["dockeropt.sarif"]
    log = json.loads((repo / "dockeropt.sarif").read_text())
    assert_valid(log)
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]] == [
        "app/Dockerfile"
    ] * total
    fail = run.step("Fail on findings")
    assert (fail.skipped, fail.code) == (False, 1)
    assert fail.stdout == "::error::dockeropt found problems at or above warning\n"
    assert run.failed and run.outputs == {"exit-code": "1", "sarif-file": "dockeropt.sarif"}

    # fail-on error, no SARIF: the same findings are annotated, the job passes, nothing is uploaded
    uses.uploaded.clear()
    (repo / "dockeropt.sarif").unlink()
    run = run_action({"fail-on": "error", "sarif": "false", "paths": "app"}, repo, source, temp, uses.table())  # type: ignore[arg-type]
    assert run.step("check").stdout.splitlines()[-1] == _github_summary(total, by_severity)
    assert run.step("Upload SARIF").skipped and run.step("Fail on findings").skipped
    assert not run.failed and run.outputs == {"exit-code": "0", "sarif-file": ""}
    assert uses.uploaded == [] and not (repo / "dockeropt.sarif").exists()

    # a typo in args is a usage error: the job fails, and says why
    run = run_action({"args": "--select DO3O3"}, repo, source, temp, uses.table())  # type: ignore[arg-type]
    check = run.step("check")
    assert check.stderr == (
        "dockeropt: error: --select: no rule matches 'DO3O3' (did you mean 'DO303'?); `dockeropt rules` lists them\n"
    )
    assert run.outputs["exit-code"] == "2" and run.step("Upload SARIF").skipped
    assert run.step("Fail on findings").stdout == (
        "::error::dockeropt check could not run (exit 2): see its message above\n"
    )
    assert run.failed


def test_gitlab_job_writes_a_code_quality_report_and_fails_on_warnings(
    toolbox: tuple[Path, Path], tmp_path: Path
) -> None:
    source, python_bin = toolbox
    repo = _project(tmp_path)
    total, _ = _expected(repo)
    env = {**os.environ, "PATH": f"{python_bin}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    # the template installs from a tarball of the main branch; here from this source, with the same command
    job = run_gitlab_job(repo, {"DOCKEROPT_INSTALL": f"dockeropt[shellcheck] @ {source.as_uri()}"}, env)
    assert job.code == 1, job.log
    # (pip's warnings about this machine's local package index are not the job's)
    log = [line for line in job.log.splitlines() if not line.startswith("WARNING: Location 'file:")]
    assert log[:3] == [
        '$ python -m pip install --quiet "$DOCKEROPT_INSTALL"',
        "$ dockeropt --version",
        "dockeropt 0.1.0",
    ]
    assert log[3].startswith("$ dockeropt check $DOCKEROPT_PATHS --fail-on")
    assert "app/Dockerfile:2:1: DO105 warning MAINTAINER is deprecated; use LABEL" in log[4:]
    assert any(line.startswith(f"Found {total} problems in 1 file (") for line in log[-4:])
    assert "Estimated saving with `dockeropt fix" in "\n".join(log[-4:])
    (report,) = job.artifacts
    issues = json.loads(report.read_text())
    assert report == repo / "gl-code-quality-report.json"
    assert len(issues) == total and "DO105" in {i["check_name"] for i in issues}
    assert {i["location"]["path"] for i in issues} == {"app/Dockerfile"}
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_template_is_one_job_with_a_code_quality_report() -> None:
    doc = yaml.safe_load(GITLAB_TEMPLATE.read_text())
    assert list(doc) == ["dockeropt"]
    job = doc["dockeropt"]
    assert job["artifacts"] == {"when": "always", "reports": {"codequality": "gl-code-quality-report.json"}}
    assert job["variables"]["DOCKEROPT_INSTALL"].startswith(
        "dockeropt[shellcheck] @ https://github.com/dockeropt/dockeropt/archive/"
    )
