"""What users of ruff and hadolint type without thinking, and counts and words that match what
happens: code frames, the concise form, colour rules, ``check`` with no path, ``check --fix``,
``dockeropt rule``, ``--select ALL``, help for every option. Each case runs the real command."""

from __future__ import annotations

import argparse
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
# DO105 and DO101 have safe fixes, DO202 (info) an unsafe one
SAMPLE = (
    "FROM python:3.12\n"
    "MAINTAINER me\n"
    "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    "CMD run\n"
)
FRAMES = """\
Dockerfile:2:1: DO105 warning MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors
  |
2 | MAINTAINER me
  | ^^^^^^^^^^ DO105
  |
  = fix (`dockeropt fix`): replace MAINTAINER with LABEL org.opencontainers.image.authors

Dockerfile:3:23: DO202 info apt-get install of 1 package(s) without --no-install-recommends also
    installs everything they recommend
  |
3 | RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
  |                       ^^^^^^^^^^^^^^^^^^^^^^^ DO202
  |
  = impact: recommended packages often add 10-100s of MB
  = fix (`dockeropt fix --unsafe`): add --no-install-recommends

Dockerfile:4:1: DO101 warning CMD in shell form runs under /bin/sh, which does not forward SIGTERM;
    use JSON form
  |
4 | CMD run
  | ^^^^^^^ DO101
  |
  = fix (`dockeropt fix`): rewrite CMD in JSON form

Found 3 problems in 1 file (2 fixable with `dockeropt fix`, 1 more with `--unsafe`).
Estimated saving with `dockeropt fix --unsafe`: up to 3.7 MB (layers added to the base:
    ~490 KB-15 MB -> ~490 KB-12 MB).
"""
SUMMARY = "Found 3 problems in 1 file (2 fixable with `dockeropt fix`, 1 more with `--unsafe`)."


def run(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {**os.environ, "NO_COLOR": "1"}
    base.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "dockeropt", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(SAMPLE)
    return tmp_path


# -- the text report -------------------------------------------------------------------------------


def test_default_output_has_code_frames(project: Path) -> None:
    proc = run("check", "Dockerfile", cwd=project)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, FRAMES, "")
    assert run("check", "--format", "full", "Dockerfile", cwd=project).stdout == FRAMES  # ruff's name


def test_concise_is_the_one_line_form(project: Path) -> None:
    for flag in ("--output-format", "--format"):
        proc = run("check", flag, "concise", "Dockerfile", cwd=project)
        assert proc.stdout.splitlines() == [
            "Dockerfile:2:1: DO105 warning MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors "
            "(fixable)",
            "Dockerfile:3:23: DO202 info apt-get install of 1 package(s) without --no-install-recommends also installs "
            "everything they recommend [recommended packages often add 10-100s of MB] (fixable with --unsafe)",
            "Dockerfile:4:1: DO101 warning CMD in shell form runs under /bin/sh, which does not forward SIGTERM; use "
            "JSON form (fixable)",
            SUMMARY,
        ]


def test_long_messages_are_wrapped_to_the_width() -> None:
    # DO502's message alone is over 300 characters
    proc = run("check", "testdata/examples/python-app/Dockerfile", cwd=ROOT)
    assert max(len(line) for line in proc.stdout.splitlines()) <= 100
    assert "DO502" in proc.stdout
    narrow = run("check", "testdata/examples/python-app/Dockerfile", cwd=ROOT, env={"COLUMNS": "70"})
    too_long = [line for line in narrow.stdout.splitlines() if len(line) > 70]
    # only the summary and words that cannot be broken (a URL) may pass the edge
    assert all(" " not in line.strip() or "https://" in line or line.startswith("Found") for line in too_long)


def test_a_long_source_line_is_clipped_around_the_finding(tmp_path: Path) -> None:
    args = " ".join(f"pkg{i}" for i in range(60))
    (tmp_path / "Dockerfile").write_text(f"FROM alpine:3.20\nRUN apk add {args} && echo done\nMAINTAINER me\n")
    proc = run("check", "--select", "DO105,DO203", "Dockerfile", cwd=tmp_path, env={"COLUMNS": "80"})
    frame = [line for line in proc.stdout.splitlines() if line.startswith("2 | ")]
    assert frame and all(len(line) <= 80 for line in frame) and frame[0].endswith("…")


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """The command's output when its stdout is a terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dockeropt", *args], stdout=follower, stderr=follower, cwd=cwd, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_only_on_a_terminal_and_never_with_no_color(project: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    assert "\x1b[" in _on_a_terminal(["check", "Dockerfile"], project, env)
    assert "\x1b[" not in _on_a_terminal(["check", "Dockerfile"], project, {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in _on_a_terminal(["check", "--color", "never", "Dockerfile"], project, env)
    piped = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", "Dockerfile"], capture_output=True, text=True, cwd=project, env=env
    )
    assert "\x1b[" not in piped.stdout
    assert "\x1b[33mwarning" in run("check", "--color", "always", "Dockerfile", cwd=project, env=env).stdout


# -- counts and words ------------------------------------------------------------------------------


def test_fix_counts_what_is_left_as_check_counts_it(project: Path) -> None:
    proc = run("fix", "Dockerfile", cwd=project)
    # DO202 is info (below the warning threshold: exit 0) and unsafe: it is left, and counted
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines() == [
        "Fixed 2 problems in Dockerfile:",
        "  line 2: DO105 replace MAINTAINER with LABEL org.opencontainers.image.authors",
        "  line 4: DO101 rewrite CMD in JSON form",
        "Dockerfile: 1 problem left (see `dockeropt check Dockerfile`; 1 fixable with --unsafe)",
    ]
    check = run("check", "--format", "concise", "Dockerfile", cwd=project)
    assert check.stdout.splitlines()[-1] == "Found 1 problem in 1 file (1 fixable with `dockeropt fix --unsafe`)."
    proc = run("fix", "--unsafe", "Dockerfile", cwd=project)
    assert proc.stdout.splitlines()[0] == "Fixed 1 problem in Dockerfile:"
    assert run("check", "Dockerfile", cwd=project).stdout == "All checks passed (1 file).\n"


def test_fix_from_stdin_counts_what_is_left_the_same_way(project: Path) -> None:
    text = (project / "Dockerfile").read_text()
    proc = run("fix", "-", cwd=project, stdin=text)
    assert proc.returncode == 0
    assert proc.stderr.splitlines()[-1] == "-: 1 problem left (1 fixable with --unsafe)"


def test_github_summary_counts_in_words(project: Path) -> None:
    proc = run("check", "--format", "github", "Dockerfile", cwd=project)
    assert proc.stdout.splitlines()[-1] == "dockeropt: 3 problems in 1 file (2 warnings, 1 info)"


# -- ruff's habits ---------------------------------------------------------------------------------


def test_check_without_a_path_checks_the_working_directory(project: Path) -> None:
    (project / "svc").mkdir()
    (project / "svc" / "api.Dockerfile").write_text('FROM alpine:3.20\nCMD ["sh"]\n')
    proc = run("check", "--format", "concise", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("Dockerfile:2:1: DO105 ")
    assert proc.stdout.splitlines()[-1] == SUMMARY.replace("1 file", "2 files")


def test_check_fix_applies_safe_fixes_and_reports_the_rest(project: Path) -> None:
    proc = run("check", "--fix", "--format", "concise", "Dockerfile", cwd=project)
    assert proc.returncode == 0  # the one left is info
    assert proc.stdout.splitlines() == [
        "Fixed 2 problems (1 more with --unsafe-fixes).",
        "Dockerfile:3:23: DO202 info apt-get install of 1 package(s) without --no-install-recommends also installs "
        "everything they recommend [recommended packages often add 10-100s of MB] (fixable with --unsafe)",
        "Found 1 problem in 1 file (1 fixable with `dockeropt fix --unsafe`).",
    ]
    assert (project / "Dockerfile").read_text() == SAMPLE.replace(
        "MAINTAINER me", 'LABEL org.opencontainers.image.authors="me"'
    ).replace("CMD run", 'CMD ["run"]')


def test_check_fix_unsafe_fixes_and_show_fixes(project: Path) -> None:
    proc = run("check", "--fix", "--unsafe-fixes", "--show-fixes", "Dockerfile", cwd=project)
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "Fixed 3 problems in Dockerfile:",
        "  line 2: DO105 replace MAINTAINER with LABEL org.opencontainers.image.authors",
        "  line 3: DO202 add --no-install-recommends (unsafe)",
        "  line 4: DO101 rewrite CMD in JSON form",
        "Fixed 3 problems.",
        "All checks passed (1 file).",
    ]


def test_check_diff_writes_nothing_and_exits_1(project: Path) -> None:
    proc = run("check", "--diff", "Dockerfile", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "--- a/Dockerfile",
        "+++ b/Dockerfile",
        "@@ -1,4 +1,4 @@",
        " FROM python:3.12",
        "-MAINTAINER me",
        '+LABEL org.opencontainers.image.authors="me"',
        " RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
        "-CMD run",
        '+CMD ["run"]',
    ]
    assert proc.stderr.splitlines()[-1] == "Would fix 2 problems (1 more with --unsafe-fixes)."
    assert (project / "Dockerfile").read_text() == SAMPLE
    (project / "Dockerfile").write_text('FROM alpine:3.20\nCMD ["sh"]\n')
    proc = run("check", "--diff", "Dockerfile", cwd=project)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "Nothing to fix.\n")


def test_check_fix_from_stdin_writes_the_fixed_text(project: Path) -> None:
    proc = run("check", "--fix", "-", cwd=project, stdin="FROM alpine:3.20\nMAINTAINER me\n")
    assert proc.returncode == 0
    assert proc.stdout == 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="me"\n'
    assert proc.stderr.splitlines()[-1] == "All checks passed (1 file)."


def test_unsafe_fixes_without_fix_is_an_error(project: Path) -> None:
    proc = run("check", "--unsafe-fixes", "Dockerfile", cwd=project)
    assert (proc.returncode, proc.stderr) == (2, "dockeropt: error: --unsafe-fixes goes with --fix or --diff\n")


@pytest.mark.parametrize("name", ["DO303", "do303", "copy-all-before-install"])
def test_rule_prints_its_documentation(name: str) -> None:
    proc = run("rule", name, cwd=ROOT)
    assert proc.returncode == 0
    assert proc.stdout == (ROOT / "docs/rules/DO303.md").read_text()


def test_rule_by_alias_and_by_a_former_id() -> None:
    assert run("rule", "DL4000", cwd=ROOT).stdout.startswith("# DO105 maintainer-deprecated\n")
    assert run("rule", "MaintainerDeprecated", cwd=ROOT).stdout.startswith("# DO105 maintainer-deprecated\n")
    assert run("rule", "DO903", cwd=ROOT).stdout.startswith("# DO128 label-key-invalid\n")
    proc = run("rule", "DO3O3", cwd=ROOT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert (
        proc.stderr
        == "dockeropt: error: no rule is named 'DO3O3' (did you mean 'DO303'?); `dockeropt rules` lists them\n"
    )


def test_rule_with_a_shellcheck_code_points_at_its_documentation() -> None:
    proc = run("rule", "sc2086", cwd=ROOT)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert (
        proc.stdout == "SC2086: a code of DO100 shellcheck; its documentation: https://www.shellcheck.net/wiki/SC2086\n"
    )
    proc = run("rule", "SC9999", cwd=ROOT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "dockeropt: error: no rule is named 'SC9999' (DO100 reports codes SC1000 to SC3999); "
        "`dockeropt rules` lists them\n"
    )


def test_select_all_includes_opt_in_rules(project: Path) -> None:
    # DO126 healthcheck-missing is opt-in: not by default, not by its category, but with ALL (ruff's meaning)
    default = run("check", "--format", "concise", "Dockerfile", cwd=project).stdout
    category = run("check", "--format", "concise", "--select", "correctness", "Dockerfile", cwd=project).stdout
    every = run("check", "--format", "concise", "--select", "ALL", "Dockerfile", cwd=project).stdout
    assert "DO126" not in default and "DO126" not in category
    assert "Dockerfile:1:1: DO126 info the final image (stage #0) has no HEALTHCHECK" in every
    assert run("check", "--format", "concise", "--select", "all", "Dockerfile", cwd=project).stdout == every
    named = run("check", "--format", "concise", "--extend-select", "healthcheck-missing", "Dockerfile", cwd=project)
    assert "DO126" in named.stdout and "DO105" in named.stdout


def _options(parser: argparse.ArgumentParser, name: str) -> list[tuple[str, argparse.Action]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for command, sub in action.choices.items():
                assert helps.get(command), f"command {command} has no help"
                out.extend(_options(sub, f"{name} {command}"))
        else:
            out.append((name, action))
    return out


def test_every_option_and_argument_has_help() -> None:
    missing = [
        f"{command}: {'/'.join(action.option_strings) or action.dest}"
        for command, action in _options(build_parser(), "dockeropt")
        if not (action.help and action.help.strip()) or action.help == argparse.SUPPRESS
    ]
    assert missing == []


def test_help_lists_the_formats_from_the_report_package() -> None:
    from dockeropt.report import FORMATS

    proc = run("check", "--help", cwd=ROOT, env={"COLUMNS": "200"})
    assert proc.returncode == 0
    for name, what in FORMATS.items():
        assert f"{name}: {what}" in " ".join(proc.stdout.split())
