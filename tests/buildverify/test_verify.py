"""``verify_same_image`` without a real builder: detection, commands, and a fake ``docker`` on PATH."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from dockeropt.verify import build as verify
from dockeropt.verify.build import (
    BuildFailed,
    VerifyUnavailable,
    build_commands,
    detect_builder,
    main,
    verify_same_image,
)


def _which_only(*present: str) -> object:
    return lambda name: f"/usr/bin/{name}" if name in present else None


def test_docker_is_preferred_when_a_daemon_socket_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", _which_only("docker", "buildah"))
    monkeypatch.setenv("DOCKER_HOST", "unix:///run/user/1000/docker.sock")
    assert detect_builder() == "docker"


def test_a_docker_cli_without_daemon_gives_way_to_buildah_then_podman(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    monkeypatch.setattr(verify, "_DOCKER_SOCKETS", ("/nonexistent/docker.sock",))
    monkeypatch.setattr(shutil, "which", _which_only("docker", "buildah", "podman"))
    assert detect_builder() == "buildah"
    monkeypatch.setattr(shutil, "which", _which_only("docker", "podman"))
    assert detect_builder() == "podman"
    monkeypatch.setattr(shutil, "which", _which_only("docker"))
    assert detect_builder() == "docker"


def test_no_builder_is_a_clear_verify_unavailable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", _which_only())
    with pytest.raises(VerifyUnavailable, match="install docker, buildah or podman"):
        verify_same_image("FROM a\n", "FROM a\n", str(tmp_path))
    monkeypatch.setattr(shutil, "which", _which_only("docker"))
    with pytest.raises(VerifyUnavailable, match=r"builder 'buildah' is not installed"):
        verify_same_image("FROM a\n", "FROM a\n", str(tmp_path), builder="buildah")
    with pytest.raises(VerifyUnavailable, match="unknown builder 'kaniko'"):
        verify_same_image("FROM a\n", "FROM a\n", str(tmp_path), builder="kaniko")


def test_build_commands_keep_what_the_comparison_needs() -> None:
    steps, cleanup = build_commands("buildah", "/w/a.Dockerfile", "/ctx", "/w/a.tar", "localhost/t", {"V": "1"}, "app")
    build = ["buildah", "bud", "-q", "--no-cache", "--format", "docker", "-f", "/w/a.Dockerfile", "-t", "localhost/t"]
    assert steps == [
        [*build, "--build-arg", "V=1", "--target", "app", "/ctx"],
        ["buildah", "push", "-q", "localhost/t", "docker-archive:/w/a.tar:localhost/t"],
    ]
    assert cleanup == [["buildah", "rmi", "-f", "localhost/t"]]
    steps, cleanup = build_commands("buildx", "/w/a.Dockerfile", "/ctx", "/w/a.tar", "localhost/t")
    assert steps[0][:3] == ["docker", "buildx", "build"]
    assert "type=oci,dest=/w/a.tar,compression=uncompressed" in steps[0] and cleanup == []
    steps, cleanup = build_commands("docker", "/w/a.Dockerfile", "/ctx", "/w/a.tar", "localhost/t")
    assert [s[:2] for s in steps] == [["docker", "build"], ["docker", "save"]]
    assert cleanup == [["docker", "image", "rm", "-f", "localhost/t"]]
    steps, _ = build_commands("podman", "/w/a.Dockerfile", "/ctx", "/w/a.tar", "localhost/t")
    assert steps[0][:2] == ["podman", "build"] and "--format" in steps[0]
    assert steps[1] == ["podman", "save", "-q", "--format", "docker-archive", "-o", "/w/a.tar", "localhost/t"]


# --- a fake docker: `build` records the Dockerfile, `save` writes an archive made from it ------------

FAKE_DOCKER = """#!/bin/sh
# build: remember the Dockerfile by tag; save: turn "WRITE path content" lines into a one-layer image
log=$FAKE_DOCKER_DIR/calls.log
echo "$*" >> "$log"
case $1 in
  build)
    shift; df=; tag=
    while [ $# -gt 0 ]; do case $1 in -f) df=$2; shift;; -t) tag=$2; shift;; esac; shift; done
    grep -q FAIL "$df" && { echo "step 2/2: exit code 1" >&2; exit 1; }
    cp "$df" "$FAKE_DOCKER_DIR/$(echo "$tag" | tr / _).df";;
  save)
    exec "$FAKE_PYTHON" "$FAKE_DOCKER_DIR/save.py" "$3" "$FAKE_DOCKER_DIR/$(echo "$4" | tr / _).df";;
  image) rm -f "$FAKE_DOCKER_DIR/$(echo "$4" | tr / _).df";;
esac
"""

FAKE_SAVE = """import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.buildverify.layers import Member, image_config, layer_bytes, write_docker_archive
archive, dockerfile = sys.argv[1], sys.argv[2]
members, env = [Member("app", "dir", mode=0o755)], []
for line in Path(dockerfile).read_text().splitlines():
    word, _, rest = line.partition(" ")
    if word == "WRITE":
        path, _, content = rest.partition(" ")
        members.append(Member(path.lstrip("/"), content=content.encode()))
    elif word == "ENV":
        env.append(rest)
write_docker_archive(Path(archive), [layer_bytes(members)], image_config({{"Env": env}}))
"""


@pytest.fixture
def fake_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docker = bin_dir / "docker"
    docker.write_text(FAKE_DOCKER)
    docker.chmod(docker.stat().st_mode | stat.S_IXUSR)
    root = str(Path(__file__).resolve().parents[2])
    (tmp_path / "save.py").write_text(FAKE_SAVE.format(root=root))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_DOCKER_DIR", str(tmp_path))
    monkeypatch.setenv("FAKE_PYTHON", shutil.which("python3") or "python3")
    return tmp_path


def test_docker_builder_builds_saves_compares_and_removes_both_images(fake_docker: Path) -> None:
    original = "FROM x\nWRITE /app/a one\nWRITE /app/b two\nENV A=1\n"
    rewritten = "FROM x\nENV A=1\nWRITE /app/b two\nWRITE /app/a one\n"
    result = verify_same_image(original, rewritten, str(fake_docker), builder="docker")
    assert (result.same, result.differences, result.builder) == (True, [], "docker")
    calls = (fake_docker / "calls.log").read_text().splitlines()
    assert [c.split()[0] for c in calls] == ["build", "save", "image"] * 2
    assert not list(fake_docker.glob("*.df")), "the images were not removed"


def test_docker_builder_reports_each_difference(fake_docker: Path) -> None:
    original = "FROM x\nWRITE /app/a one\nENV A=1\n"
    rewritten = "FROM x\nWRITE /app/a 1\nWRITE /app/c three\n"
    result = verify_same_image(original, rewritten, str(fake_docker), ["/app/c"], builder="docker")
    assert result.same is False
    a_one = "content sha256:7692c3ad3540 -> sha256:6b86b273ff34"  # sha256 of "one" and of "1"
    assert result.differences == [f"/app/a: size 3 -> 1; {a_one}", 'config:Env: ["A=1"] -> unset']
    assert result.allowed == ["/app/c: only in the rewritten image (file, 0o644, 0:0, 5 bytes)"]


def test_a_side_that_does_not_build_raises_build_failed_naming_it(fake_docker: Path) -> None:
    with pytest.raises(BuildFailed, match="exit code 1") as err:
        verify_same_image("FROM x\n", "FROM x\nFAIL\n", str(fake_docker), builder="docker")
    assert err.value.side == "rewritten"
    assert err.value.command[:2] == ["docker", "build"]
    assert not list(fake_docker.glob("*.df"))


def test_command_line_exit_codes(fake_docker: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (fake_docker / "a.Dockerfile").write_text("FROM x\nWRITE /app/a one\n")
    (fake_docker / "b.Dockerfile").write_text("FROM x\nWRITE /app/a one\n")
    (fake_docker / "c.Dockerfile").write_text("FROM x\nWRITE /app/a two\n")
    (fake_docker / "d.Dockerfile").write_text("FAIL\n")
    a, b, c, d = (str(fake_docker / f"{n}.Dockerfile") for n in "abcd")
    assert main([a, b, "--builder", "docker"]) == 0
    assert capsys.readouterr().out == "identical\n"
    assert main([a, c, str(fake_docker), "--builder", "docker"]) == 1
    assert capsys.readouterr().out.startswith("/app/a: content sha256:")
    assert main([a, c, "--builder", "docker", "--allow", "/app/*"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "identical"
    assert main([a, d, "--builder", "docker"]) == 2
    assert "the rewritten Dockerfile did not build" in capsys.readouterr().err


def test_the_command_line_offers_the_builders_verify_knows() -> None:
    from dockeropt.commands import arguments
    from dockeropt.verify import build as verify

    assert arguments.BUILDERS == verify.BUILDERS
