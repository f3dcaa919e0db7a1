"""The language server's logic without a server: settings, "ignore here", "fix all", hover text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.api.config import clear_cache
from dockeropt.engine.check import check_text
from dockeropt.engine.registry import all_rules
from dockeropt.fix.apply import apply_edits
from dockeropt.lsp.analysis import (
    Settings,
    analyze,
    findings_at,
    fix_all_edit,
    hover_text,
    ignore_edit,
    minimal_edit,
)

ROOT = Path(__file__).resolve().parents[2]
RULES = {r.id: r for r in all_rules()}


def test_settings_from_client_json() -> None:
    settings, problems = Settings.from_dict(
        {
            "select": ["DO1", "DO6,DO2"],
            "ignore": "DO105",
            "debounceMs": 50,
            "unsafeFixes": True,
            "configFile": " ",
            "buildArgs": {"PY": "3.12"},
            "somethingElse": 1,
        }
    )
    assert problems == []
    assert settings.select == ["DO1", "DO6", "DO2"]
    assert settings.ignore == ["DO105"]
    assert settings.debounce_ms == 50
    assert settings.unsafe_fixes is True
    assert settings.config_file is None
    assert settings.build_args == {"PY": "3.12"}
    bad, problems = Settings.from_dict({"enable": "yes", "debounceMs": -1, "select": [1]})
    assert bad == Settings()
    assert problems == [
        "dockeropt.enable: expected true or false, got 'yes'; ignored",
        "dockeropt.debounceMs: expected milliseconds between 0 and 10000, got -1; ignored",
        "dockeropt.select: expected a list of rule ids, got [1]; ignored",
    ]
    assert Settings.from_dict([1]) == (Settings(), ["dockeropt: settings must be an object, not list"])


def test_unknown_rules_in_settings_are_named_and_the_setting_dropped() -> None:
    # a typo must not turn the checks off: the default rules run, and the client is told why
    settings, problems = Settings.from_dict({"select": ["DO101", "DO3O3"], "ignore": ["DO105"]})
    assert settings.select is None and settings.ignore == ["DO105"]
    assert problems == [
        "dockeropt.select: no rule matches 'DO3O3' (did you mean 'DO303'?); `dockeropt rules` lists them; ignored"
    ]


def _finding(text: str, rule_id: str):  # type: ignore[no-untyped-def]
    result = check_text(text, "Dockerfile", select=["DO101", "DO105"])
    return result, next(f for f in result.findings if f.rule_id == rule_id)


@pytest.mark.parametrize(
    ("text", "rule_id", "expected"),
    [
        (
            "FROM a:1\n\tMAINTAINER me\n",
            "DO105",
            "FROM a:1\n\t# dockeropt: ignore=DO105 -- reason\n\tMAINTAINER me\n",
        ),
        (
            "FROM a:1\r\nMAINTAINER me\r\n",
            "DO105",
            "FROM a:1\r\n# dockeropt: ignore=DO105 -- reason\r\nMAINTAINER me\r\n",
        ),
        # an ignore comment already above gets the id appended
        (
            "FROM a:1\n# dockeropt: ignore=DO101 -- shell needed\n# more words\nCMD run a\n",
            "DO101",
            None,
        ),
        (
            "FROM a:1\n# dockeropt: ignore=DO999 -- elsewhere\nMAINTAINER me\n",
            "DO105",
            "FROM a:1\n# dockeropt: ignore=DO999,DO105 -- elsewhere\nMAINTAINER me\n",
        ),
        # a finding inside a continuation line: above the instruction's first line
        (
            "FROM a:1\nCMD run \\\n  a\n",
            "DO101",
            "FROM a:1\n# dockeropt: ignore=DO101 -- reason\nCMD run \\\n  a\n",
        ),
    ],
    ids=["tab-indent", "crlf", "already-ignored", "append", "continuation"],
)
def test_ignore_edit(text: str, rule_id: str, expected: str | None) -> None:
    if expected is None:
        # the finding is suppressed already: nothing to find, nothing to edit
        result = check_text(text, "Dockerfile", select=["DO101"])
        assert result.findings == []
        return
    result, finding = _finding(text, rule_id)
    edit = ignore_edit(result, finding)
    assert edit is not None
    fixed = apply_edits(text, [edit])
    assert fixed == expected
    assert [f.rule_id for f in check_text(fixed, "Dockerfile", select=[rule_id]).findings] == []


def test_minimal_edit() -> None:
    assert minimal_edit("abc", "abc") is None
    edit = minimal_edit("FROM a\nCMD x\nEND\n", 'FROM a\nCMD ["x"]\nEND\n')
    assert edit is not None and (edit.start, edit.end, edit.new_text) == (11, 12, '["x"]')
    for before, after in [("aaa", "aa"), ("", "x"), ("xy", ""), ("abab", "ab")]:
        e = minimal_edit(before, after)
        assert e is not None and apply_edits(before, [e]) == after


def test_fix_all_edit_and_analysis(tmp_path: Path) -> None:
    clear_cache()
    path = tmp_path / "Dockerfile"
    text = (ROOT / "testdata" / "report" / "quickfix.Dockerfile").read_text()
    settings, _ = Settings.from_dict({"select": ["DO101", "DO105"]})
    analysis = analyze(text, str(path), settings, version=3)
    assert analysis.version == 3 and analysis.config_error is None and analysis.elapsed_ms > 0
    fixed = fix_all_edit(analysis, settings)
    assert fixed is not None
    edit, count = fixed
    assert count == 2
    assert apply_edits(text, [edit]) == (ROOT / "testdata" / "report" / "quickfix.after-fix-all.Dockerfile").read_text()
    assert fix_all_edit(analyze("FROM a:1\n", str(path), settings), settings) is None


def test_config_errors_do_not_stop_checking(tmp_path: Path) -> None:
    clear_cache()
    (tmp_path / ".dockeropt.toml").write_text("nope = 1\n")
    analysis = analyze("FROM a:1\nMAINTAINER me\n", str(tmp_path / "Dockerfile"), Settings())
    assert analysis.config_error is not None and analysis.config_error.startswith(str(tmp_path / ".dockeropt.toml"))
    assert [f.rule_id for f in analysis.result.findings] == ["DO105"]


def test_hover_text() -> None:
    result, finding = _finding("FROM a:1\nMAINTAINER me\n", "DO105")
    assert findings_at(result, finding.span.start + 3) == [finding]
    assert findings_at(result, 2) == []
    plain = hover_text([finding], RULES, markdown=False)
    assert plain.startswith(
        "DO105 maintainer-deprecated (warning)\n\nMAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
        "\n\nFix: replace MAINTAINER with LABEL org.opencontainers.image.authors (safe)\n\n\n`MAINTAINER` has been"
    )
    assert plain.endswith("Docs: https://github.com/dockeropt/dockeropt/blob/main/docs/rules/DO105.md")


def test_check_does_not_import_pygls() -> None:
    code = (
        "import sys; from dockeropt.cli import main; main(['check', '--select', 'DO105', '--format', 'sarif', "
        "'testdata/report/quickfix.Dockerfile']); "
        "sys.stderr.write(','.join(m for m in ('pygls', 'lsprotocol', 'cattrs') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.stderr == ""


def test_a_target_the_file_does_not_have_is_named_and_the_last_stage_checked(tmp_path: Path) -> None:
    settings, _ = Settings.from_dict({"target": "nostage", "select": ["DO105"]})
    text = "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS app\nMAINTAINER me\n"
    analysis = analyze(text, str(tmp_path / "Dockerfile"), settings)
    assert analysis.config_error == (
        "dockeropt.target 'nostage': this file has no stage of that name (its stages: build, app)"
    )
    assert [f.rule_id for f in analysis.result.findings] == ["DO105"]
