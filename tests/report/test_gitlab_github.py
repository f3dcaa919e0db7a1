"""GitLab Code Quality JSON and GitHub workflow-command annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockeropt.api.finding import Finding, Impact, Severity
from dockeropt.engine.check import check_text
from dockeropt.report import github, gitlab
from dockeropt.syntax.span import Span

REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}


def _results(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    out = []
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        out.append(check_text(text, str(path), select=["DO101", "DO105"]))
    return out


def test_gitlab_report_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    same = "FROM alpine:3.20\nMAINTAINER me\nCMD run a\nCMD run a\n"
    results = _results(tmp_path, {"Dockerfile": same, "svc/api/Dockerfile": same})
    text = gitlab.render(results)
    assert not text.startswith("\ufeff")
    issues = json.loads(text)
    assert isinstance(issues, list) and len(issues) == 6
    for issue in issues:
        assert set(issue) >= REQUIRED
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == 6  # unique across files and repeated instructions
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in issues] == [
        ("Dockerfile", 2, "DO105"),
        ("Dockerfile", 3, "DO101"),
        ("Dockerfile", 4, "DO101"),
        ("svc/api/Dockerfile", 2, "DO105"),
        ("svc/api/Dockerfile", 3, "DO101"),
        ("svc/api/Dockerfile", 4, "DO101"),
    ]
    assert issues[0] == {
        "type": "issue",
        "check_name": "DO105",
        "description": "DO105 MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
        "categories": ["Bug Risk"],
        "fingerprint": issues[0]["fingerprint"],
        "severity": "major",
        "location": {"path": "Dockerfile", "lines": {"begin": 2, "end": 2}},
    }


def test_gitlab_fingerprints_survive_moved_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = json.loads(gitlab.render(_results(tmp_path, {"Dockerfile": "FROM a:1\nMAINTAINER me\nCMD x y\n"})))
    after = json.loads(
        gitlab.render(_results(tmp_path, {"Dockerfile": "FROM a:1\n\nENV A=1\nCMD x y\nMAINTAINER me\n"}))
    )
    assert {i["fingerprint"] for i in before} == {i["fingerprint"] for i in after}
    assert [i["location"]["lines"]["begin"] for i in after] == [4, 5]


def test_gitlab_severity_order() -> None:
    assert [gitlab.SEVERITIES[s] for s in ("style", "info", "warning", "error")] == [
        "info",
        "minor",
        "major",
        "blocker",
    ]


def test_github_escaping() -> None:
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    results = _results(tmp_path, {"a,b:c/Dockerfile": "FROM alpine:3.20\nMAINTAINER me\nCMD run a\n"})
    result = results[0]
    # a multi-line finding with a message that needs escaping, and an info one with an impact
    result.findings.append(
        Finding("DO999", "made-up", Severity.INFO, "50% of\nthe layer", Span(1, 1, 3, 1, 0, 0), None, Impact(layers=1))
    )
    lines = github.render(results).splitlines()
    assert lines == [
        "::warning file=a%2Cb%3Ac/Dockerfile,line=2,endLine=2,col=1,endColumn=10,title=DO105 maintainer-deprecated::"
        "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
        "::warning file=a%2Cb%3Ac/Dockerfile,line=3,endLine=3,col=1,endColumn=9,title=DO101 json-args-recommended::"
        "CMD in shell form runs under /bin/sh, which does not forward SIGTERM; use JSON form",
        "::notice file=a%2Cb%3Ac/Dockerfile,line=1,endLine=2,title=DO999 made-up::50%25 of%0Athe layer [1 layer]",
        "dockeropt: 3 problems in 1 file (2 warnings, 1 info)",
    ]


def test_github_paths_relative_to_the_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    results = _results(tmp_path, {"sub/Dockerfile": "FROM a:1\nMAINTAINER me\n"})
    assert github.render(results).startswith("::warning file=sub/Dockerfile,line=2,")
