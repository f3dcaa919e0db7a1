"""Reading hostile inputs ends, with a one-line error: FIFOs, devices, oversized files, and
manifests or config files in the build context that are FIFOs or lead outside the context."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dockeropt.context.requirements_txt import read_requirements_txt
from dockeropt.files.read import MAX_AUX_BYTES, MAX_BYTES, FileTooLarge, NotRegularFile, read_bytes
from tests.reliability.common import make_fifo, run

COMMANDS = {
    "check": ("check", "{path}"),
    "parse": ("parse", "{path}"),
    "fix": ("fix", "{path}"),
    "fix --diff": ("fix", "--diff", "{path}"),
    "split": ("split", "{path}", "-o", "{out}"),
}


def _args(command: str, path: Path, tmp_path: Path) -> list[str]:
    return [a.format(path=path, out=tmp_path / "out") for a in COMMANDS[command]]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_fifo_as_the_dockerfile_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = make_fifo(tmp_path / "Dockerfile")  # nobody ever writes to it: reading it would block
    proc = run(*_args(command, fifo, tmp_path))
    assert proc.returncode == 2
    assert "not a regular file (a FIFO)" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_dev_zero_as_the_dockerfile_is_refused_at_once(tmp_path: Path, command: str) -> None:
    link = tmp_path / "Dockerfile"
    link.symlink_to("/dev/zero")  # endless: stat says size 0, so the size limit alone would not stop it
    proc = run(*_args(command, link, tmp_path))
    assert proc.returncode == 2
    assert "not a regular file (a character device)" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_fifo_found_by_walking_a_folder_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    make_fifo(tmp_path / "Dockerfile")
    (tmp_path / "api.Dockerfile").write_text('FROM alpine:3.20\nCMD ["sh"]\n')
    proc = run("check", "--select", "DO1", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stdout.splitlines() == [
        f"{tmp_path}/Dockerfile:1:1: DO001 error not a regular file (a FIFO)",
        "Found 1 problem in 2 files.",
    ]


def test_the_size_limit_is_enforced_while_reading(tmp_path: Path) -> None:
    big = tmp_path / "Dockerfile"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    proc = run("check", str(big))
    assert proc.returncode == 2
    assert proc.stdout.startswith(f"{big}:1:1: DO001 error file too large (the limit is 64 MiB)")
    with pytest.raises(FileTooLarge):
        read_bytes(str(big), MAX_AUX_BYTES)
    # the bound is the read itself: a file that grows after its stat is still cut off
    assert len(read_bytes(str(big), 1000, head=True)) == 1000


def test_standard_input_is_read_up_to_the_limit(tmp_path: Path) -> None:
    proc = run("check", "-", stdin=b"FROM alpine:3.20\n" + b"#" * MAX_BYTES)
    assert proc.returncode == 2
    assert proc.stdout.startswith("-:1:1: DO001 error standard input is larger than the 64 MiB limit")


def test_reading_refuses_special_files_before_opening_them(tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "requirements.txt")
    started = time.monotonic()
    with pytest.raises(NotRegularFile, match=r"not a regular file \(a FIFO\)"):
        read_bytes(str(fifo))
    with pytest.raises(NotRegularFile, match="is a directory"):
        read_bytes(str(tmp_path))
    assert time.monotonic() - started < 1


def _hostile_context(root: Path) -> Path:
    """A Python project whose every manifest, include and registry file is a FIFO."""
    (root / "Dockerfile").write_text(
        "FROM python:3.12-slim\n"
        "WORKDIR /app\n"
        "COPY requirements.txt setup.cfg pyproject.toml environment.yml ./\n"
        "RUN pip install -r requirements.txt && pip install . && conda env create -f environment.yml\n"
        "COPY . /app\n"
        'CMD ["python", "-m", "app"]\n'
    )
    (root / "requirements.txt").write_text("-r more.txt\n-c constraints.txt\ntorch==2.3.1\n")
    (root / "setup.cfg").write_text("[options]\ninstall_requires = file: reqs-cfg.txt\n")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndynamic = ["dependencies"]\n'
        '[tool.setuptools.dynamic]\ndependencies = {file = ["reqs-dyn.txt"]}\n'
    )
    (root / "environment.yml").write_text("dependencies:\n  - python=3.12\n  - pip:\n    - -r reqs-env.txt\n")
    for name in (
        "more.txt",
        "constraints.txt",
        "reqs-cfg.txt",
        "reqs-dyn.txt",
        "reqs-env.txt",
        ".npmrc",
        ".yarnrc.yml",
        ".pypirc",
        ".dockerignore",
        "bitbucket-pipelines.yml",
    ):
        make_fifo(root / name)
    return root / "Dockerfile"


@pytest.mark.parametrize("command", ["check", "fix --diff", "fix", "split"])
def test_fifos_in_the_build_context_are_not_read(tmp_path: Path, command: str) -> None:
    dockerfile = _hostile_context(tmp_path)
    started = time.monotonic()
    proc = run(*_args(command, dockerfile, tmp_path))
    assert time.monotonic() - started < 20
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_each_manifest_reader_reports_a_fifo_it_was_asked_to_read(tmp_path: Path) -> None:
    from dockeropt.context.deps import read_manifest

    _hostile_context(tmp_path)
    context = str(tmp_path)
    problems = {
        name: [p for _, _, p in read_manifest(str(tmp_path / name), context_dir=context).problems]
        for name in ("requirements.txt", "setup.cfg", "pyproject.toml", "environment.yml")
    }
    fifo = "cannot read: not a regular file (a FIFO)"
    assert problems == {
        "requirements.txt": [fifo, fifo],
        "setup.cfg": [fifo],
        "pyproject.toml": [fifo],
        "environment.yml": [fifo],
    }


def test_includes_outside_the_context_are_reported_not_read(tmp_path: Path) -> None:
    context = tmp_path / "ctx"
    (context / "sub").mkdir(parents=True)
    requirements = context / "sub" / "requirements.txt"
    requirements.write_text("-r /dev/zero\n-r ../../../../../../etc/passwd\n-c ../../outside.txt\nflask\n")
    (tmp_path / "outside.txt").write_text("requests\n")
    (context / "linked.txt").symlink_to(tmp_path / "outside.txt")
    deps = read_requirements_txt(str(requirements), context_dir=str(context))
    assert [r.name for r in deps.requirements] == ["flask"]
    assert [(line, message) for _, line, message in deps.problems] == [
        (1, "/dev/zero is outside the build context; not read"),
        (2, "../../../../../../etc/passwd is outside the build context; not read"),
        (3, "../../outside.txt is outside the build context; not read"),
    ]
    linked = read_requirements_txt(str(context / "linked.txt"), context_dir=str(context))
    assert linked.requirements == []
    assert [m for _, _, m in linked.problems] == ["outside the build context (a link leads out of it); not read"]


def test_requirements_including_dev_zero_check_cleanly(tmp_path: Path) -> None:
    """``-r /dev/zero``: five rules used to read it until MemoryError, print an internal error and
    still say "All checks passed"; now it is not read at all."""
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
    )
    (tmp_path / "requirements.txt").write_text("-r /dev/zero\n-r ../../etc/passwd\ntorch==2.3.1\n")
    proc = run("check", "--select", "DO2,DO5", str(tmp_path / "Dockerfile"))
    assert proc.stderr == ""
    assert proc.returncode == 1  # the torch findings, read from the file's own lines
    assert "DO503" in proc.stdout


def test_a_config_file_that_is_a_fifo_is_passed_over(tmp_path: Path) -> None:
    make_fifo(tmp_path / ".dockeropt.toml")
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    proc = run("check", "--select", "DO1", str(tmp_path / "Dockerfile"))
    assert (proc.returncode, proc.stderr) == (0, "")
    proc = run("check", "--config", str(tmp_path / ".dockeropt.toml"), str(tmp_path / "Dockerfile"))
    assert proc.returncode == 2
    assert proc.stderr == f"dockeropt: error: {tmp_path}/.dockeropt.toml: cannot read: not a regular file (a FIFO)\n"


def test_files_are_read_only_through_dockeropt_files() -> None:
    """Every reader of user files goes through dockeropt.files (regular files only, bounded): no
    other module calls open(), Path.read_text/read_bytes or tomllib.load (verify/ reads the
    builders' own output in a folder of its own)."""
    import ast

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in sorted([*(root / "dockeropt").rglob("*.py"), *(root / "rules").rglob("*.py")]):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("dockeropt/files/", "dockeropt/verify/")):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            builtin_open = isinstance(func, ast.Name) and func.id == "open"
            path_method = isinstance(func, ast.Attribute) and func.attr in (
                "read_text",
                "read_bytes",
                "write_text",
                "write_bytes",
            )
            toml_load = isinstance(func, ast.Attribute) and func.attr == "load" and ast.unparse(func.value) == "tomllib"
            if builtin_open or path_method or toml_load:
                offenders.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert offenders == [], "\n".join(offenders)
