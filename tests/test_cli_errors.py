"""Bad input on the command line and in configuration: exit 2 and one line on stderr that names the
problem and the option or file at fault, with the value probably meant. A typo must never turn the
gate off. Every case runs the real command in a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MULTISTAGE = 'FROM golang:1.22 AS builder\nRUN go build ./...\nFROM debian:12 AS runtime\nCMD ["/app"]\n'
PLAIN = "FROM alpine:3.20\nMAINTAINER me\nCMD run\n"


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "dockeropt", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def usage_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The one line of a usage error (exit 2, nothing on stdout, no usage dump, no traceback)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "usage:" not in proc.stderr and "Traceback" not in proc.stderr
    return lines[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(PLAIN)
    return tmp_path


# -- rule selectors on the command line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--select", "DO999"],
            "--select: no rule matches 'DO999' (did you mean 'DO909'?); `dockeropt rules` lists them",
        ),
        (
            ["--select", "DO101,DO3O3"],
            "--select: no rule matches 'DO3O3' (did you mean 'DO303'?); `dockeropt rules` lists them",
        ),
        (
            ["--ignore", "bloaat"],
            "--ignore: no rule matches 'bloaat' (did you mean 'bloat'?); `dockeropt rules` lists them",
        ),
        (
            ["--extend-select", "json-arg"],
            "--extend-select: no rule matches 'json-arg' (did you mean 'json-args-recommended'?); "
            "`dockeropt rules` lists them",
        ),
        (
            ["--select", "DO1", "--select", "maintainer-deprecatd"],
            "--select: no rule matches 'maintainer-deprecatd' (did you mean 'maintainer-deprecated'?); "
            "`dockeropt rules` lists them",
        ),
        (
            ["--select", "SC9999"],
            "--select: no rule matches 'SC9999' (DO100 reports codes SC1000 to SC3999); `dockeropt rules` lists them",
        ),
        (
            ["--ignore", "SC2O86"],
            "--ignore: no rule matches 'SC2O86' (did you mean 'SC2086'?); `dockeropt rules` lists them",
        ),
        (["--select", ""], "--select: no rule given; an empty selection would check nothing (ALL: every rule)"),
        (["--select", " , "], "--select: no rule given; an empty selection would check nothing (ALL: every rule)"),
    ],
    ids=[
        "unknown-id",
        "typo-in-list",
        "category",
        "name-prefix",
        "name",
        "shellcheck-number",
        "shellcheck-letter",
        "empty",
        "only-commas",
    ],
)
@pytest.mark.parametrize("command", ["check", "fix"])
def test_unknown_rule_selectors_are_errors(project: Path, command: str, args: list[str], message: str) -> None:
    before = (project / "Dockerfile").read_text()
    line = usage_error(run(command, *args, "Dockerfile", cwd=project))
    assert line == f"dockeropt: error: {message}"
    assert (project / "Dockerfile").read_text() == before


def test_known_selectors_of_every_kind_are_accepted(project: Path) -> None:
    for selector in ("DO105", "DO1", "maintainer-deprecated", "MaintainerDeprecated", "DL4000", "correctness", "ALL"):
        proc = run("check", "--select", selector, "--format", "concise", "Dockerfile", cwd=project)
        assert proc.returncode == 1, (selector, proc.stderr)
        assert "DO105" in proc.stdout
    # codes of another tool that a rule reports (ShellCheck's, through DO100) select and ignore too
    for option, codes in (("--select", "SC2086"), ("--extend-select", "SC2"), ("--ignore", "SC2086,SC1")):
        proc = run("check", option, codes, "--format", "concise", "Dockerfile", cwd=project)
        assert proc.returncode in (0, 1) and proc.stderr == "", (option, proc.stderr)


def test_shellcheck_codes_select_and_ignore_exactly_their_findings(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        'FROM debian:12\nARG SRC=a\nRUN cp $SRC /tmp/ && [ "$SRC" == a ]\nCMD ["sh"]\n'
    )
    every = run("check", "--select", "DO100", "--format", "concise", "Dockerfile", cwd=tmp_path)
    assert every.stdout.splitlines() == [
        "Dockerfile:3:8: SC2086 info Double quote to prevent globbing and word splitting.",
        "Dockerfile:3:31: SC3014 error In dash, == in place of = is not supported.",
        "Found 2 problems in 1 file.",
    ]
    for option, codes, found in (
        ("--select", "SC2086", ["SC2086"]),
        ("--select", "SC20", ["SC2086"]),
        ("--select", "SC2", ["SC2086"]),
        ("--select", "SC3", ["SC3014"]),
        ("--select", "SC1", []),
        ("--ignore", "SC2086", ["SC3014"]),
    ):
        args = [option, codes] if option == "--select" else ["--select", "DO100", option, codes]
        proc = run("check", *args, "--format", "json", "Dockerfile", cwd=tmp_path)
        assert proc.stderr == "", (codes, proc.stderr)
        assert [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]] == found, codes


# -- rule selectors in the configuration ---------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('select = ["DO1", "DO3O3"]', "tool.dockeropt.select: no rule matches 'DO3O3' (did you mean 'DO303'?)"),
        ('ignore = ["DO999"]', "tool.dockeropt.ignore: no rule matches 'DO999'"),
        (
            'extend-select = ["healthcheck-mising"]',
            "tool.dockeropt.extend-select: no rule matches 'healthcheck-mising' (did you mean 'healthcheck-missing'?)",
        ),
        ('severity = { DO1O5 = "error" }', "tool.dockeropt.severity: no rule matches 'DO1O5' (did you mean 'DO105'?)"),
        (
            'severity = { DO1 = "error" }',
            "tool.dockeropt.severity: 'DO1' is not one rule; give a rule id, name or alias",
        ),
        (
            'per-path-ignores = { "legacy/**" = ["bloaat"] }',
            "tool.dockeropt.per-path-ignores.'legacy/**': no rule matches 'bloaat' (did you mean 'bloat'?)",
        ),
    ],
    ids=["select", "ignore", "extend-select", "severity", "severity-prefix", "per-path-ignores"],
)
def test_unknown_rules_in_the_configuration_are_errors(project: Path, table: str, message: str) -> None:
    (project / "pyproject.toml").write_text(f"[tool.dockeropt]\n{table}\n")
    for command in ("check", "fix"):
        line = usage_error(run(command, "Dockerfile", cwd=project))
        assert line.startswith(f"dockeropt: error: {project / 'pyproject.toml'}: {message}"), line


def test_a_typo_in_the_configuration_never_passes_the_gate(project: Path) -> None:
    # before: select = ["DO999"] checked nothing and printed "All checks passed"
    (project / ".dockeropt.toml").write_text('select = ["DO999"]\n')
    proc = run("check", "--format", "json", ".", cwd=project)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "no rule matches 'DO999'" in proc.stderr


# -- inline suppressions ---------------------------------------------------------------------------


def test_unknown_ids_in_suppression_comments_are_reported(project: Path) -> None:
    (project / "Dockerfile").write_text(
        "FROM alpine:3.20\n# dockeropt: ignore=DO1O5 -- the letter O, not a zero\nMAINTAINER me\n"
        "# hadolint ignore=DL3059,SC2086 # other tools' codes are theirs\nRUN echo $HOME\n"
    )
    proc = run("check", "--format", "concise", "Dockerfile", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "Dockerfile:2:21: DO003 warning no rule is named 'DO1O5' (did you mean 'DO105'?): this suppression "
        "suppresses nothing",
        "Dockerfile:3:1: DO105 warning MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors (fixable)",
        "Found 2 problems in 1 file (1 fixable with `dockeropt fix`).",
    ]
    # like any rule it can be turned off (a plugin pack installed on some machines only)
    proc = run("check", "--format", "concise", "--ignore", "unknown-ignore", "Dockerfile", cwd=project)
    assert "DO003" not in proc.stdout


def test_a_comment_like_ours_that_is_no_suppression_is_reported(project: Path) -> None:
    (project / "Dockerfile").write_text("FROM alpine:3.20\n# dockeropt: ignroe=DO105\nMAINTAINER me\n")
    proc = run("check", "--format", "concise", "--select", "DO003", "Dockerfile", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "Dockerfile:2:1: DO003 warning `# dockeropt: ignroe` is no suppression (did you mean 'ignore'?); it "
        "suppresses nothing: write `# dockeropt: ignore=ID,ID -- why` (or ignore-file=)"
    )


# -- option values ---------------------------------------------------------------------------------


def test_format_typo_says_what_was_meant_without_the_usage(project: Path) -> None:
    line = usage_error(run("check", "--format", "jsn", "Dockerfile", cwd=project))
    assert line == (
        "dockeropt check: error: argument --format/--output-format: unknown format 'jsn' (did you mean 'json'?); "
        "choose from text, concise, json, sarif, gitlab, github, lsp, html (see `dockeropt check --help`)"
    )


def test_output_with_an_unknown_format_is_an_error_and_writes_nothing(project: Path) -> None:
    line = usage_error(run("check", "--output", "bogus:x.json", "Dockerfile", cwd=project))
    assert line.startswith("dockeropt check: error: argument --output: unknown format 'bogus' in 'bogus:x.json'; ")
    assert "for a file whose name has a colon, write ./bogus:x.json" in line
    assert not (project / "bogus:x.json").exists()
    line = usage_error(run("check", "--output", "sarf:x.sarif", "Dockerfile", cwd=project))
    assert "unknown format 'sarf' in 'sarf:x.sarif' (did you mean 'sarif'?)" in line
    # a colon in a plain path still works, and FORMAT:FILE too
    proc = run("check", "--output", "./a:b.txt", "--output", "json:out.json", "Dockerfile", cwd=project)
    assert proc.returncode == 1
    assert (project / "a:b.txt").read_text().startswith("Dockerfile:2:1: DO105 warning")
    assert json.loads((project / "out.json").read_text())["summary"]["findings"] == 2


def test_memory_that_is_not_a_size_is_an_error(tmp_path: Path) -> None:
    # before: --memory 4x was ignored, and it also dropped the limit found in bitbucket-pipelines.yml
    case = tmp_path / "bb"
    case.mkdir()
    for name in ("Dockerfile", "bitbucket-pipelines.yml"):
        (case / name).write_text((ROOT / "testdata/memory/bitbucket-2x" / name).read_text())
    line = usage_error(run("check", "--memory", "4x", "--select", "DO701", "Dockerfile", cwd=case))
    assert line == (
        "dockeropt check: error: argument --memory: '4x' is not a memory size: write it as docker build --memory "
        "takes it, e.g. 4g, 3.5g, 7168m (see `dockeropt check --help`)"
    )
    proc = run("check", "--select", "DO701", "--format", "concise", "Dockerfile", cwd=case)
    assert "6.0 GiB limit of" in proc.stdout  # the file's own limit is used without --memory
    (case / ".dockeropt.toml").write_text('memory = "4x"\n')
    line = usage_error(run("check", "Dockerfile", cwd=case))
    assert line.endswith("""memory: must be a size such as "4g" or "512m", not '4x'""")


def test_target_that_is_no_stage_names_the_stages(project: Path) -> None:
    (project / "Dockerfile").write_text(MULTISTAGE)
    line = usage_error(run("check", "--target", "nostage", "Dockerfile", cwd=project))
    assert line == (
        "dockeropt: error: --target nostage: Dockerfile has no stage of that name; its stages are builder, runtime"
    )
    line = usage_error(run("fix", "--target", "biulder", "Dockerfile", cwd=project))
    assert line == (
        "dockeropt: error: --target biulder: Dockerfile has no stage of that name (did you mean 'builder'?); "
        "its stages are builder, runtime"
    )
    line = usage_error(run("parse", "--format", "dot", "--target", "nostage", "Dockerfile", cwd=project))
    assert line.startswith("dockeropt: error: --target nostage: Dockerfile has no stage of that name")
    assert run("check", "--target", "BUILDER", "Dockerfile", cwd=project).returncode in (0, 1)  # names ignore case


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["check", "--color", "alway"],
            "argument --color: unknown colour mode 'alway' (did you mean 'always'?); choose from auto, always, never",
        ),
        (
            ["check", "--fail-on", "warn"],
            "argument --fail-on: unknown severity 'warn' (did you mean 'warning'?); "
            "choose from error, warning, info, style",
        ),
        (
            ["parse", "--format", "jsn"],
            "argument --format: unknown format 'jsn' (did you mean 'json'?); choose from json, dot",
        ),
        (
            ["fix", "--builder", "podmn"],
            "argument --builder: unknown builder 'podmn' (did you mean 'podman'?); "
            "choose from docker, buildx, buildah, podman",
        ),
    ],
    ids=["color", "fail-on", "parse-format", "builder"],
)
def test_bad_option_values_name_the_option(project: Path, args: list[str], message: str) -> None:
    line = usage_error(run(*args, "Dockerfile", cwd=project))
    assert line == f"dockeropt {args[0]}: error: {message} (see `dockeropt {args[0]} --help`)"


def test_unknown_options_and_commands_say_what_was_meant(project: Path) -> None:
    line = usage_error(run("check", "--selct", "DO1", "Dockerfile", cwd=project))
    assert line == "dockeropt: error: unknown option '--selct' (did you mean '--select'?) (see `dockeropt --help`)"
    line = usage_error(run("chek", "Dockerfile", cwd=project))
    assert line == "dockeropt: error: argument COMMAND: invalid choice 'chek' (did you mean 'check'?) " + (
        "(see `dockeropt --help`)"
    )


def test_context_and_config_that_do_not_exist(project: Path) -> None:
    assert usage_error(run("check", "--context", "nope", "Dockerfile", cwd=project)) == (
        "dockeropt: error: --context nope: not a folder"
    )
    assert usage_error(run("check", "--config", "nope.toml", "Dockerfile", cwd=project)) == (
        "dockeropt: error: --config nope.toml: no such file"
    )


# -- paths -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_folder_without_dockerfiles_is_an_error(tmp_path: Path, command: str) -> None:
    (tmp_path / "empty").mkdir()
    line = usage_error(run(command, "empty", cwd=tmp_path))
    assert line.startswith("dockeropt: error: no Dockerfiles found in empty (looked for Dockerfile, Containerfile")


def test_fix_reads_stdin_and_writes_the_fixed_text_to_stdout(tmp_path: Path) -> None:
    proc = run("fix", "-", cwd=tmp_path, stdin=PLAIN)
    assert proc.returncode == 0
    assert proc.stdout == 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="me"\nCMD ["run"]\n'
    assert proc.stderr.splitlines()[0] == "Fixed 2 problems in -:"
    # nothing to fix: the text goes through unchanged (it works as an editor filter)
    clean = 'FROM alpine:3.20\nCMD ["run"]\n'
    proc = run("fix", "--stdin-filename", "web/Dockerfile", "-", cwd=tmp_path, stdin=clean)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, clean, "")
    # a file that does not parse comes back as it was, with exit 2
    broken = "FROM alpine\nRUN <<EOF\n"
    proc = run("fix", "-", cwd=tmp_path, stdin=broken)
    assert (proc.returncode, proc.stdout) == (2, broken)
    assert "does not parse (unterminated heredoc); not fixed" in proc.stderr


def test_parse_reads_stdin(tmp_path: Path) -> None:
    proc = run("parse", "-", cwd=tmp_path, stdin=PLAIN)
    assert proc.returncode == 0
    assert [i["cmd"] for i in json.loads(proc.stdout)] == ["FROM", "MAINTAINER", "CMD"]


def test_split_says_it_needs_a_file(tmp_path: Path) -> None:
    line = usage_error(run("split", "-", "-o", "out", cwd=tmp_path, stdin=PLAIN))
    assert line.startswith("dockeropt: error: split needs a Dockerfile path, not - (stdin): ")
    assert not (tmp_path / "out").exists()
