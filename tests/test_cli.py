"""``dockeropt check`` and ``dockeropt parse`` as a user runs them: output, exit codes, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("COLUMNS", None)  # reports are wrapped to 100 columns when not on a terminal
    return subprocess.run(
        [sys.executable, "-m", "dockeropt", *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        check=False,
    )


def test_check_prints_findings_and_exits_1() -> None:
    proc = run(
        "check", "--select", "DO101,DO105", "--output-format", "concise", "testdata/examples/python-app/Dockerfile"
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "testdata/examples/python-app/Dockerfile:2:1: DO105 warning MAINTAINER is deprecated; "
        "use LABEL org.opencontainers.image.authors (fixable)",
        "testdata/examples/python-app/Dockerfile:12:1: DO101 warning CMD in shell form runs under /bin/sh, "
        "which does not forward SIGTERM; use JSON form (fixable)",
        "Found 2 problems in 1 file (2 fixable with `dockeropt fix`).",
    ]
    assert proc.stderr == ""


def test_fail_on_error_and_exit_zero(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM alpine:3.20\nMAINTAINER x\n")
    assert main(["check", "--select", "DO105", "--fail-on", "error", str(f)]) == 0
    assert main(["check", "--select", "DO105", str(f)]) == 1
    assert main(["check", "--select", "DO105", "--exit-zero", str(f)]) == 0
    assert main(["check", "--fail-on", "bogus", str(f)]) == 2


def test_clean_file_exits_0(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text('FROM alpine:3.20\nCMD ["sh"]\n')
    proc = run("check", "--select", "DO1", str(f))
    assert proc.returncode == 0
    assert proc.stdout == "All checks passed (1 file).\n"


def test_directory_search_finds_dockerfile_names_and_skips_vendored(tmp_path: Path) -> None:
    for rel in [
        "Dockerfile",
        "svc/api.Dockerfile",
        "svc/worker.dockerfile",
        "svc/Dockerfile.dev",
        "svc/Containerfile",
        "svc/Dockerfile.dockerignore",
        "node_modules/pkg/Dockerfile",
        ".git/Dockerfile",
        "env/pyvenv.cfg",
        "env/Dockerfile",
        "README.md",
    ]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("FROM alpine:3.20\n")
    proc = run("check", "--format", "json", str(tmp_path))
    found = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(proc.stdout)["files"]]
    assert found == [
        "Dockerfile",
        "svc/Containerfile",
        "svc/Dockerfile.dev",
        "svc/api.Dockerfile",
        "svc/worker.dockerfile",
    ]


def test_json_format_schema() -> None:
    proc = run("check", "--select", "DO105", "--format", "json", "testdata/examples/python-app/Dockerfile")
    doc = json.loads(proc.stdout)
    assert doc["version"] == 1
    (finding,) = doc["files"][0]["findings"]
    assert finding["rule"] == "DO105"
    assert finding["range"] == {"start_line": 2, "start_col": 1, "end_line": 2, "end_col": 11}
    assert finding["fix"]["edits"][0]["new_text"] == 'LABEL org.opencontainers.image.authors="data-team@example.com"'
    # replacing MAINTAINER by a LABEL changes the configuration, not the layers: nothing saved
    saving = {"bytes_low": 0, "bytes_high": 0, "layers": 0, "files": 0}
    assert doc["summary"] == {"files": 1, "findings": 1, "by_severity": {"warning": 1}, "saving": saving}
    assert doc["files"][0]["estimate"]["saving"]["fixes"] == 1


@pytest.mark.parametrize(
    ("content", "expected", "code"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", ":1:8: DO001 error binary file (NUL byte): not a Dockerfile", 2),
        (
            b"FROM alpine\nRUN echo caf\xe9\n",
            ":2:13: DO001 error not valid UTF-8 (byte 0xe9); save the file as UTF-8",
            2,
        ),
        (
            "FROM alpine\n".encode("utf-16"),
            ":1:1: DO001 error the file is UTF-16; Docker reads Dockerfiles as UTF-8",
            2,
        ),
        (b"", ":1:1: DO001 error file with no instructions", 1),
        (b"# just a comment\n# and another\n", ":2:1: DO001 error file with no instructions", 1),
        (b"FROM alpine\nRUN <<EOF\necho hi\n", ":2:1: DO001 error unterminated heredoc", 1),
        (b"FROM alpine\nRUNN echo\n", ":2:1: DO001 error unknown instruction: RUNN", 1),
        (b"FROM alpine\nCOPY --form=build /a /b\n", ":2:6: DO001 error unknown flag: form", 1),
    ],
    ids=["binary", "invalid-utf8", "utf16", "empty", "only-comments", "unterminated-heredoc", "unknown", "bad-flag"],
)
def test_bad_input_gives_a_finding_not_a_traceback(tmp_path: Path, content: bytes, expected: str, code: int) -> None:
    f = tmp_path / "Dockerfile"
    f.write_bytes(content)
    proc = run("check", "--select", "DO001", "--format", "concise", str(f))
    assert proc.returncode == code
    assert "Traceback" not in proc.stderr
    assert proc.stdout.splitlines()[0].startswith(str(f) + expected)


def test_missing_file_and_no_arguments(tmp_path: Path) -> None:
    proc = run("check", "does/not/exist/Dockerfile")
    assert proc.returncode == 2
    assert "cannot read: No such file or directory" in proc.stdout
    proc = run("check", cwd=tmp_path)  # no path: the working directory, which has no Dockerfile
    assert proc.returncode == 2
    assert proc.stderr.startswith("dockeropt: error: no Dockerfiles found in . (looked for Dockerfile, ")


@pytest.mark.slow
def test_ten_megabyte_file(tmp_path: Path) -> None:
    block = "RUN echo building step && \\\n    ls -la /usr/local/bin\nENV STEP=value\n"
    text = "FROM alpine:3.20\n" + block * (10_000_000 // len(block)) + 'CMD ["sh"]\n'
    f = tmp_path / "Dockerfile"
    f.write_text(text)
    proc = run("check", "--select", "DO001,DO101", str(f))
    assert proc.returncode == 0, proc.stdout[-500:] + proc.stderr[-500:]


def test_stdin_with_filename() -> None:
    proc = run(
        "check",
        "--select",
        "DO105",
        "--format",
        "concise",
        "--stdin-filename",
        "web/Dockerfile",
        "-",
        stdin=b"FROM a:1\nMAINTAINER me\n",
    )
    assert proc.stdout.splitlines()[0].startswith("web/Dockerfile:2:1: DO105 warning")


def test_parse_json_has_buildkit_fields_and_columns() -> None:
    proc = run("parse", "testdata/parser/heredocs.Dockerfile")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    run_inst = doc[1]
    assert {k: run_inst[k] for k in ("cmd", "sub_cmd", "json", "flags", "value", "start_line", "end_line")} == {
        "cmd": "RUN",
        "sub_cmd": None,
        "json": False,
        "flags": [],
        "value": ["<<EOF"],
        "start_line": 3,
        "end_line": 8,
    }
    assert run_inst["heredocs"] == [
        {
            "name": "EOF",
            "content": "set -eux\napt-get update\napt-get install -y --no-install-recommends ca-certificates curl\n"
            "rm -rf /var/lib/apt/lists/*\n",
        }
    ]
    assert run_inst["range"]["start_col"] == 1


def test_parse_dot_draws_the_stage_graph() -> None:
    proc = run("parse", "--format", "dot", "testdata/parser/args-and-edges.Dockerfile")
    lines = proc.stdout.splitlines()
    assert lines[0] == "digraph stages {"
    assert '  stage0 -> stage3 [style=dashed, label="COPY --from (line 24)"];' in lines
    assert '  stage2 -> stage3 [style=dashed, label="COPY --from (line 23)"];' in lines
    assert '  stage1 -> stage3 [style=dashed, label="COPY --from (line 25)"];' in lines
    assert '  stage0 -> stage1 [style=solid, label="FROM (line 16)"];' in lines


def test_parse_error_exit_code(tmp_path: Path) -> None:
    f = tmp_path / "Dockerfile"
    f.write_text("FROM a\nRUN <<EOF\n")
    proc = run("parse", str(f))
    assert proc.returncode == 2
    assert proc.stderr == f"{f}:2:1: parse error: unterminated heredoc\n"


def test_rules_lists_every_rule() -> None:
    proc = run("rules", "--format", "json")
    ids = [r["id"] for r in json.loads(proc.stdout)]
    assert ids == sorted(ids)
    assert {"DO001", "DO101", "DO105"} <= set(ids)


def test_readme_sample_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("$ dockeropt check testdata/examples/python-app/Dockerfile\n", 1)[1].split("```", 1)[0]
    proc = run("check", "testdata/examples/python-app/Dockerfile")
    assert proc.stdout == block


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "Dockerfile"],
        ["check", "a/Dockerfile", "b", "c.Dockerfile"],
        ["check", "x y", "ünïcode", "@file", "--"],
        ["check", "-", "Dockerfile"],
        ["check", "--format", "json", "Dockerfile"],
        ["check"],
        ["check", ""],
        ["fix", "Dockerfile"],
    ],
)
def test_a_plain_check_is_read_as_the_parser_reads_it(argv: list[str]) -> None:
    from dockeropt.cli import build_parser, plain_check

    plain = plain_check(argv)
    if any(w.startswith("-") or not w for w in argv[1:]) or argv[0] != "check" or len(argv) < 2:
        assert plain is None
        return
    assert plain is not None
    assert vars(plain) == vars(build_parser().parse_args(argv)) == vars(build_parser("check").parse_args(argv))


def test_a_plain_check_does_not_import_argparse(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nMAINTAINER me\n")
    code = (
        "import sys\nfrom dockeropt.cli import main\ncode = main(['check', sys.argv[1]])\n"
        "print(code, 'argparse' in sys.modules, 'gettext' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(dockerfile)], capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines()[-1] == "1 False False"
    assert "DO105" in proc.stdout


def test_a_plain_check_does_not_load_hashlib(tmp_path: Path) -> None:
    # hashlib loads OpenSSL (a tenth of a small check): the file writer's temporary names do
    # without it, and neither a report to the terminal nor ShellCheck's scratch scripts (when it is
    # installed) import the writer at all
    code = (
        "import sys\nfrom dockeropt.cli import main\ncode = main(['check', sys.argv[1]])\n"
        "print(code, 'hashlib' in sys.modules, 'secrets' in sys.modules, 'dockeropt.files.write' in sys.modules)"
    )
    with_run = tmp_path / "run" / "Dockerfile"
    with_run.parent.mkdir()
    with_run.write_text("FROM alpine:3.20\nRUN apk add curl\n")
    proc = subprocess.run([sys.executable, "-c", code, str(with_run)], capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines()[-1] == "0 False False False"
    assert f"{with_run}:2:5: DO203 info\n    apk add without --no-cache" in proc.stdout
    without_run = tmp_path / "plain" / "Dockerfile"
    without_run.parent.mkdir()
    without_run.write_text("FROM alpine:3.20\nMAINTAINER me\n")
    proc = subprocess.run([sys.executable, "-c", code, str(without_run)], capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines()[-1] == "1 False False False"


def test_a_check_that_exits_without_teardown_still_writes_all_its_output(tmp_path: Path) -> None:
    # `check` ends with os._exit after the atexit functions and a flush: every line of a big
    # report must reach the pipe, and the exit code is the check's
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\n" + "MAINTAINER me\n" * 3000)
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert sum(1 for line in lines if ": DO105 " in line) == 3000
    assert lines[-1].startswith("Found ") and f"{dockerfile}:3001:1: DO105" in proc.stdout


def test_a_check_whose_reader_has_gone_exits_quietly(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nMAINTAINER me\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dockeropt", "check", str(dockerfile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` that has read enough
    errors = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0  # as for any broken pipe: the reader has what it wanted
    assert errors == ""


def test_the_parser_has_every_command() -> None:
    from dockeropt.commands.arguments import SUBCOMMANDS
    from dockeropt.commands.common import COMMANDS

    assert list(SUBCOMMANDS) == list(COMMANDS)
