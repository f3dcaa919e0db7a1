"""Prove a rewrite by building: build the original and the rewritten Dockerfile, compare the images.

Both Dockerfile texts are built from the same context with the builder at hand, exported as image
archives and flattened (see ``imgdiff``); the files (type, mode, owner, content, link target,
xattrs; never mtimes) and the config (Env, WorkingDir, User, Cmd, Entrypoint, ExposedPorts, Labels,
Volumes, Healthcheck, Shell, StopSignal, OnBuild, Author) must be the same, except what the fixes
declare they change (``allowed_changes``: path globs and ``config:Key``) and known build noise.

Builders, chosen with ``shutil.which`` only (no process is started to detect them):

``docker``  ``docker build`` then ``docker save`` (any daemon; the image is removed afterwards)
``buildx``  ``docker buildx build --output type=oci`` (a docker-container or other non-default driver)
``buildah`` ``buildah bud --format docker`` then ``buildah push docker-archive:`` (daemonless, rootless ok)
``podman``  ``podman build --format docker`` then ``podman save --format docker-archive``

Run it from a shell: ``python -m dockeropt.verify.build ORIGINAL REWRITTEN [CONTEXT] [--allow GLOB]...``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

from dockeropt.verify.imgdiff import NOISE_PATHS, Image, ImageFormatError, compare_images, read_image

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

BUILDERS: tuple[str, ...] = ("docker", "buildx", "buildah", "podman")

# Where a Docker daemon usually listens; a docker CLI without any of these is not worth trying first.
_DOCKER_SOCKETS = ("/var/run/docker.sock", "~/.docker/run/docker.sock", "$XDG_RUNTIME_DIR/docker.sock")


class VerifyError(Exception):
    """Verification could not give an answer."""


class VerifyUnavailable(VerifyError):
    """No usable builder: none of docker, buildah, podman is installed (or the one asked for is missing)."""


class BuildFailed(VerifyError):
    """One side did not build. ``side`` is ``original`` or ``rewritten``; ``output`` is the builder's log."""

    def __init__(self, side: str, command: Sequence[str], output: str) -> None:
        tail = "\n".join(output.strip().splitlines()[-15:])
        super().__init__(f"the {side} Dockerfile did not build ({' '.join(command[:3])} ...):\n{tail}")
        self.side = side
        self.command = list(command)
        self.output = output


class VerifyResult:
    """``same`` when no unexpected difference was found; ``differences`` are one line each, naming the
    path or ``config:Key``; ``allowed`` lists the differences that ``allowed_changes`` covered."""

    __slots__ = ("allowed", "builder", "differences", "same", "seconds")

    def __init__(
        self, same: bool, differences: list[str], builder: str, seconds: float, allowed: list[str] | None = None
    ) -> None:
        self.same = same
        self.differences = differences
        self.builder = builder
        self.seconds = seconds
        self.allowed = allowed or []

    def __repr__(self) -> str:
        return (
            f"VerifyResult(same={self.same}, differences={len(self.differences)}, "
            f"builder={self.builder!r}, seconds={self.seconds:.1f})"
        )


def _docker_daemon_likely() -> bool:
    if os.environ.get("DOCKER_HOST") or os.environ.get("DOCKER_CONTEXT"):
        return True
    return any(os.path.exists(os.path.expandvars(os.path.expanduser(s))) for s in _DOCKER_SOCKETS)


def detect_builder() -> str:
    """The builder to use: docker when a daemon socket is there, else buildah, podman, then docker."""
    has_docker = shutil.which("docker") is not None
    if has_docker and _docker_daemon_likely():
        return "docker"
    for name in ("buildah", "podman"):
        if shutil.which(name):
            return name
    if has_docker:
        return "docker"
    raise VerifyUnavailable("no image builder found: install docker, buildah or podman to verify rewrites by building")


def _build_options(build_args: Mapping[str, str], target: str | None) -> list[str]:
    opts: list[str] = []
    for key, value in build_args.items():
        opts += ["--build-arg", f"{key}={value}"]
    if target:
        opts += ["--target", target]
    return opts


def build_commands(
    builder: str,
    dockerfile: str,
    context_dir: str,
    archive: str,
    tag: str,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
) -> tuple[list[list[str]], list[list[str]]]:
    """The commands that build ``dockerfile`` and write the image to ``archive``, and the clean-up commands."""
    opts = _build_options(build_args or {}, target)
    if builder == "docker":
        build = ["docker", "build", "--no-cache", "-q", "-f", dockerfile, "-t", tag, *opts, context_dir]
        return [build, ["docker", "save", "-o", archive, tag]], [["docker", "image", "rm", "-f", tag]]
    if builder == "buildx":
        output = f"type=oci,dest={archive},compression=uncompressed"
        build = ["docker", "buildx", "build", "--no-cache", "-q", "-f", dockerfile, "--output", output, *opts]
        return [[*build, context_dir]], []
    if builder in ("buildah", "podman"):
        verb = "bud" if builder == "buildah" else "build"
        # --format docker keeps HEALTHCHECK, SHELL and ONBUILD (the OCI config has no place for them)
        build = [builder, verb, "-q", "--no-cache", "--format", "docker", "-f", dockerfile, "-t", tag, *opts]
        if builder == "buildah":
            save = ["buildah", "push", "-q", tag, f"docker-archive:{archive}:{tag}"]
        else:
            save = ["podman", "save", "-q", "--format", "docker-archive", "-o", archive, tag]
        return [[*build, context_dir], save], [[builder, "rmi", "-f", tag]]
    raise VerifyUnavailable(f"unknown builder {builder!r} (choose one of {', '.join(BUILDERS)})")


def _executable(builder: str) -> str:
    return "docker" if builder == "buildx" else builder


def _run(command: list[str], side: str, timeout: float | None) -> None:
    try:
        proc = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as err:
        raise BuildFailed(side, command, f"timed out after {timeout} s") from err
    except OSError as err:
        raise VerifyUnavailable(f"cannot run {command[0]}: {err}") from err
    if proc.returncode != 0:
        raise BuildFailed(side, command, proc.stdout + proc.stderr)


def build_image(
    text: str,
    context_dir: str,
    builder: str | None = None,
    *,
    side: str = "original",
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    timeout: float | None = None,
) -> Image:
    """Build one Dockerfile text from ``context_dir`` and flatten the image (which is then removed)."""
    chosen = _usable_builder(builder)
    if not os.path.isdir(context_dir):
        raise VerifyError(f"build context {context_dir!r} is not a directory")
    context_dir = os.path.abspath(context_dir)  # builders may run elsewhere (a VM, a chroot)
    workdir = tempfile.mkdtemp(prefix="dockeropt-verify-")
    try:
        dockerfile = os.path.join(workdir, f"{side}.Dockerfile")
        with open(dockerfile, "w", encoding="utf-8") as out:
            out.write(text)
        archive = os.path.join(workdir, f"{side}.tar")
        tag = f"localhost/dockeropt-verify-{uuid.uuid4().hex[:12]}-{side}"
        steps, cleanup = build_commands(chosen, dockerfile, context_dir, archive, tag, build_args, target)
        try:
            for command in steps:
                _run(command, side, timeout)
        finally:
            for command in cleanup:
                subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False)
        try:
            return read_image(archive)
        except (ImageFormatError, OSError) as err:
            raise VerifyError(f"cannot read the {side} image: {err}") from err
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def build_split_image(
    base_text: str,
    target_text: str,
    context_dir: str,
    builder: str | None = None,
    *,
    build_args: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Image:
    """Build ``base_text``, then ``target_text`` on it (``--build-arg BASE_IMAGE=<the base>``), as the
    build.sh of ``dockeropt split`` does, and flatten the target image. The base is removed after."""
    chosen = _usable_builder(builder)
    if not os.path.isdir(context_dir):
        raise VerifyError(f"build context {context_dir!r} is not a directory")
    context_dir = os.path.abspath(context_dir)
    # the target must find the base in the local image store: buildx's OCI output is not one
    local = "docker" if chosen == "buildx" else chosen
    workdir = tempfile.mkdtemp(prefix="dockeropt-verify-")
    base_tag = f"localhost/dockeropt-verify-{uuid.uuid4().hex[:12]}-base"
    try:
        dockerfile = os.path.join(workdir, "base.Dockerfile")
        with open(dockerfile, "w", encoding="utf-8") as out:
            out.write(base_text)
        steps, cleanup = build_commands(
            local, dockerfile, context_dir, os.path.join(workdir, "base.tar"), base_tag, build_args
        )
        try:
            _run(steps[0], "base", timeout)  # the build alone: the base stays in the image store
            target_args = {**(build_args or {}), "BASE_IMAGE": base_tag}
            return build_image(target_text, context_dir, local, side="target", build_args=target_args, timeout=timeout)
        finally:
            for command in cleanup:
                subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def verify_split(
    original: str,
    base_text: str,
    target_text: str,
    context_dir: str,
    builder: str | None = None,
    *,
    noise: Sequence[str] = NOISE_PATHS,
    build_args: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> VerifyResult:
    """Build the original, and the base then the target; compare the original with the target."""
    chosen = _usable_builder(builder)
    started = time.monotonic()
    original_image = build_image(original, context_dir, chosen, build_args=build_args, timeout=timeout)
    split_image = build_split_image(base_text, target_text, context_dir, chosen, build_args=build_args, timeout=timeout)
    comparison = compare_images(original_image, split_image, (), noise)
    return VerifyResult(not comparison.differences, comparison.differences, chosen, time.monotonic() - started)


def _usable_builder(builder: str | None) -> str:
    chosen = builder or detect_builder()
    if chosen not in BUILDERS:
        raise VerifyUnavailable(f"unknown builder {chosen!r} (choose one of {', '.join(BUILDERS)})")
    if shutil.which(_executable(chosen)) is None:
        raise VerifyUnavailable(f"builder {chosen!r} is not installed ({_executable(chosen)} is not on PATH)")
    return chosen


def verify_same_image(
    original: str,
    rewritten: str,
    context_dir: str,
    allowed_changes: Sequence[str] = (),
    builder: str | None = None,
    *,
    noise: Sequence[str] = NOISE_PATHS,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    timeout: float | None = None,
) -> VerifyResult:
    """Build both Dockerfile texts from ``context_dir`` and compare the images.

    ``allowed_changes``: path globs (fnmatch; ``*`` also crosses ``/``) and ``config:Key`` entries that
    the applied fixes declare they change. ``noise``: path globs ignored on both sides (default
    ``imgdiff.NOISE_PATHS``). Raises ``VerifyUnavailable`` without a builder, ``BuildFailed`` when a
    side does not build (``.side`` says which); ``timeout`` bounds each build step, in seconds.
    """
    chosen = _usable_builder(builder)
    started = time.monotonic()
    images = [
        build_image(text, context_dir, chosen, side=side, build_args=build_args, target=target, timeout=timeout)
        for side, text in (("original", original), ("rewritten", rewritten))
    ]
    comparison = compare_images(images[0], images[1], allowed_changes, noise)
    return VerifyResult(
        not comparison.differences,
        comparison.differences,
        chosen,
        time.monotonic() - started,
        comparison.allowed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m dockeropt.verify.build ORIGINAL REWRITTEN [CONTEXT]``: exit 0 same, 1 different, 2 no answer."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dockeropt.verify.build", description=main.__doc__)
    parser.add_argument("original", help="the original Dockerfile")
    parser.add_argument("rewritten", help="the rewritten Dockerfile")
    parser.add_argument("context", nargs="?", help="build context (default: the original's folder)")
    parser.add_argument("--allow", action="append", default=[], metavar="GLOB|config:KEY", help="declared change")
    parser.add_argument("--ignore", action="append", default=[], metavar="GLOB", help="more noise paths")
    parser.add_argument("--builder", choices=BUILDERS, help="default: detected")
    parser.add_argument("--build-arg", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--target", help="stage to build on both sides")
    args = parser.parse_args(argv)
    with open(args.original, encoding="utf-8") as a, open(args.rewritten, encoding="utf-8") as b:
        original, rewritten = a.read(), b.read()
    context = args.context or os.path.dirname(os.path.abspath(args.original))
    build_args = dict(item.partition("=")[::2] for item in args.build_arg)
    try:
        result = verify_same_image(
            original,
            rewritten,
            context,
            args.allow,
            args.builder,
            noise=(*NOISE_PATHS, *args.ignore),
            build_args=build_args,
            target=args.target,
        )
    except VerifyError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for line in result.allowed:
        print(f"allowed: {line}")
    print("\n".join(result.differences) if result.differences else "identical")
    print(f"({result.builder}, {result.seconds:.1f} s)", file=sys.stderr)
    return 0 if result.same else 1


if __name__ == "__main__":
    sys.exit(main())
