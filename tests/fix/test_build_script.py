"""The build.sh that ``dockeropt split`` writes, run for real with a fake docker/podman/buildah on PATH:
it builds from any folder, pulls and pushes the base through a registry, and runs nothing that a
Dockerfile or a folder name smuggles in (the hostile inputs are made here, in temporary folders)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A builder that records its arguments (one JSON list per call) and answers like the real one:
# `image inspect`/`inspect` succeed for images listed in $FAKE_PRESENT, `pull` for $FAKE_PULLABLE.
FAKE_BUILDER = f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps([os.path.basename(sys.argv[0])] + args) + "\\n")
present = os.environ.get("FAKE_PRESENT", "").split()
pullable = os.environ.get("FAKE_PULLABLE", "").split()
if args[:2] == ["image", "inspect"] or args[:1] == ["inspect"]:
    sys.exit(0 if args[-1] in present else 1)
if args[:1] == ["pull"]:
    sys.exit(0 if args[-1] in pullable else 1)
if args[:1] in (["build"], ["bud"]):
    dockerfile = args[args.index("-f") + 1]
    assert os.path.isfile(dockerfile), dockerfile
    assert os.path.isdir(args[-1]), args[-1]
sys.exit(0)
"""


def _fake_bin(tmp_path: Path, *names: str) -> Path:
    """A folder for PATH with the fake builders ``names`` and the one other program build.sh runs."""
    folder = tmp_path / ("bin-" + "-".join(names))
    folder.mkdir(exist_ok=True)
    for name in names:
        path = folder / name
        path.write_text(FAKE_BUILDER)
        path.chmod(0o755)
    dirname = folder / "dirname"
    if not dirname.exists():
        dirname.symlink_to(shutil.which("dirname") or "/usr/bin/dirname")
    return folder


def _split(dockerfile: Path, out: Path, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockeropt", "split", str(dockerfile), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _run_script(
    script: Path, tmp_path: Path, *args: str, cwd: Path, bins: tuple[str, ...] = ("docker",), **env: str
) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    log = tmp_path / "builder.log"
    log.write_text("")
    fake = _fake_bin(tmp_path, *bins)
    environment = {"PATH": str(fake), "FAKE_LOG": str(log), "HOME": str(tmp_path), **env}
    proc = subprocess.run(
        ["/bin/sh", str(script), *args], capture_output=True, text=True, check=False, cwd=cwd, env=environment
    )
    return proc, [json.loads(line) for line in log.read_text().splitlines()]


def _project(folder: Path, dockerfile: str, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Dockerfile").write_text(dockerfile)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder / "Dockerfile"


def _created(root: Path, *names: str) -> list[str]:
    """Files called ``names`` anywhere under ``root`` or in the current folder: what an injected
    ``touch NAME`` would leave."""
    found = [str(p) for p in root.rglob("*") if p.name in names]
    return found + [n for n in names if Path(n).exists()]


PY_APP = (
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n'
)


def test_a_file_name_with_a_newline_does_not_reach_the_script(tmp_path: Path) -> None:
    hostile_dir = "x\ntouch PWNED #"
    dockerfile = _project(
        tmp_path / "proj",
        'FROM python:3.12-slim\nCOPY ["x\\ntouch PWNED #/requirements.txt", "./"]\n'
        "RUN pip install -r requirements.txt\nCOPY . .\n",
        {f"{hostile_dir}/requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"},
    )
    proc = _split(dockerfile, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / "out" / "build.sh"
    assert "PWNED" not in script.read_text()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done, calls = _run_script(script, tmp_path, cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert _created(tmp_path, "PWNED") == []
    assert [c[:2] for c in calls] == [["docker", "image"], ["docker", "build"], ["docker", "build"]]


def test_a_context_folder_named_like_a_command_is_quoted_and_the_image_name_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "app$(touch pwned)`touch pwned2`"
    dockerfile = _project(folder, PY_APP, {"requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"})
    proc = _split(dockerfile, folder / "out")
    assert proc.returncode == 0, proc.stderr
    assert "-t app-touch-pwned-touch-pwned2 " in proc.stdout
    for bins, builder in ((("docker",), "docker"), (("buildah",), "buildah"), (("podman",), "podman")):
        done, calls = _run_script(folder / "out" / "build.sh", tmp_path, cwd=tmp_path, bins=bins)
        assert done.returncode == 0, done.stderr
        assert _created(tmp_path, "pwned", "pwned2") == []
        target = calls[-1]
        assert target[0] == builder and target[1] == "build"
        assert target[target.index("-t") + 1] == "app-touch-pwned-touch-pwned2"
        assert Path(target[-1]).resolve() == folder.resolve()  # the real folder, its name intact


def test_the_script_builds_from_any_folder_with_paths_relative_to_itself(tmp_path: Path) -> None:
    dockerfile = _project(tmp_path / "svc", PY_APP, {"requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"})
    proc = _split(Path("svc/Dockerfile"), Path("build/out/"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "build/out/base.Dockerfile " in proc.stdout and "//" not in proc.stdout
    script = tmp_path / "build" / "out" / "build.sh"
    for cwd in (tmp_path, tmp_path / "svc", Path("/")):
        done, calls = _run_script(script, tmp_path, cwd=cwd)
        assert done.returncode == 0, done.stderr
        base_build, target_build = calls[1], calls[2]
        assert Path(base_build[base_build.index("-f") + 1]) == script.parent.resolve() / "base.Dockerfile"
        assert Path(base_build[-1]).resolve() == dockerfile.parent.resolve()
        assert Path(target_build[-1]).resolve() == dockerfile.parent.resolve()


def test_the_base_is_pulled_from_the_registry_and_pushed_when_asked(tmp_path: Path) -> None:
    _project(tmp_path / "svc", PY_APP, {"requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"})
    proc = _split(tmp_path / "svc" / "Dockerfile", tmp_path / "out", "--base-name", "team/svc-base")
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / "out" / "build.sh"
    tag = next(line.split("=", 1)[1] for line in script.read_text().splitlines() if line.startswith("base_tag="))
    remote = f"registry.example.com:5000/team/svc-base:{tag}"
    # a fresh runner: the base is in the registry, pulled, not rebuilt
    done, calls = _run_script(
        script, tmp_path, cwd=tmp_path, BASE_REGISTRY="registry.example.com:5000", FAKE_PULLABLE=remote
    )
    assert done.returncode == 0, done.stderr
    assert [c[1] for c in calls] == ["image", "pull", "build"]
    assert calls[1][-1] == remote and f"BASE_IMAGE={remote}" in calls[2]
    assert f"base image {remote}: pulled" in done.stdout
    # not in the registry yet: built, then pushed with --push (and only then)
    done, calls = _run_script(script, tmp_path, "--registry", "registry.example.com:5000/", "--push", cwd=tmp_path)
    assert [c[1] for c in calls] == ["image", "pull", "build", "push", "build"]
    assert calls[3][-1] == remote
    done, calls = _run_script(script, tmp_path, "--registry=registry.example.com:5000", cwd=tmp_path)
    assert [c[1] for c in calls] == ["image", "pull", "build", "build"]
    # already here: nothing pulled or built for the base
    done, calls = _run_script(script, tmp_path, cwd=tmp_path, FAKE_PRESENT=f"team/svc-base:{tag}")
    assert [c[1] for c in calls] == ["image", "build"]
    # without a registry a local name is never pulled (it would ask Docker Hub)
    done, calls = _run_script(script, tmp_path, cwd=tmp_path)
    assert [c[1] for c in calls] == ["image", "build", "build"]


def test_the_script_refuses_unknown_options_and_builders(tmp_path: Path) -> None:
    _project(tmp_path / "svc", PY_APP, {"requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"})
    assert _split(tmp_path / "svc" / "Dockerfile", tmp_path / "out").returncode == 0
    script = tmp_path / "out" / "build.sh"
    done, calls = _run_script(script, tmp_path, "--frobnicate", cwd=tmp_path)
    assert done.returncode == 2 and calls == [] and "unknown option: --frobnicate" in done.stderr
    done, calls = _run_script(script, tmp_path, "--builder", "kaniko", cwd=tmp_path)
    assert done.returncode == 2 and calls == [] and "unknown builder: kaniko" in done.stderr
    done, calls = _run_script(script, tmp_path, cwd=tmp_path, bins=())
    assert done.returncode == 2 and "no docker, podman or buildah on PATH" in done.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--image", "Bad Name", "not a valid image name"),
        ("--image", "-rf", "not a valid image name"),
        ("--base-name", "base:1.0", "give the name without a tag or digest"),
        ("--registry", "reg.example.com/$(id)", "invalid reference format"),
    ],
)
def test_names_given_on_the_command_line_are_checked(tmp_path: Path, option: str, value: str, message: str) -> None:
    _project(tmp_path / "svc", PY_APP, {"requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"})
    proc = _split(tmp_path / "svc" / "Dockerfile", tmp_path / "out", f"{option}={value}")
    assert proc.returncode == 2 and not (tmp_path / "out").exists()
    assert proc.stderr.startswith(f"dockeropt split: {option} {value!r}: ") and message in proc.stderr
    assert proc.stderr.count("\n") == 1
