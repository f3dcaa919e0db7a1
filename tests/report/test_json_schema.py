"""``--format json`` matches the schema published in docs/output.md, for every testdata file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from dockeropt.api.finding import Finding, Fix, Impact
from dockeropt.engine.check import FileResult
from dockeropt.report.json_report import render
from dockeropt.syntax.span import LineIndex
from tests.report.test_sarif import check_file, dockerfiles_in_testdata

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "output.md").read_text()


def _block(tag: str, after: str) -> str:
    section = DOC[DOC.index(after) :]
    m = re.search(r"```" + re.escape(tag) + r"\n(.*?)\n```", section, re.S)
    assert m is not None, f"no ```{tag} block after {after!r} in docs/output.md"
    return m.group(1)


SCHEMA = json.loads(_block("json-schema", "## json"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _errors(doc: object) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


def test_the_schema_is_a_valid_schema_and_the_example_fits() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert _errors(json.loads(_block("json", "## json"))) == []


def test_all_testdata_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    results = [check_file(p) for p in dockerfiles_in_testdata()]
    doc = json.loads(render([(r.path, r.findings, r.index) for r in results]))
    assert _errors(doc) == []
    assert doc["summary"]["findings"] == sum(len(r.findings) for r in results)
    assert [f["path"] for f in doc["files"]] == [str(p.relative_to(ROOT)) for p in dockerfiles_in_testdata()]


def test_impact_and_unsafe_fix_fit_the_schema() -> None:
    text = "FROM a:1\nRUN big\n"
    index = LineIndex(text)
    result = FileResult("Dockerfile", text)
    span = index.span(9, 16)
    fix = Fix([], "nothing", safe=False, changes=("path:/var/cache",))
    impact = Impact(bytes_low=1, bytes_high=2_000_000, layers=1, rebuild="all later layers", memory_high=10, source="x")
    result.findings.append(Finding("DO201", "made-up", "info", "m", span, fix, impact, "Dockerfile"))
    doc = json.loads(render([(result.path, result.findings, index)]))
    assert _errors(doc) == []
    doc["files"][0]["findings"][0]["severity"] = "fatal"
    assert _errors(doc) == [
        "['files', 0, 'findings', 0, 'severity']: 'fatal' is not one of ['error', 'warning', 'info', 'style']"
    ]
