"""Real builds (buildah, local bases): the pairs of testdata/buildverify and the project's own fixes.

Each pair folder holds original.Dockerfile, rewritten.Dockerfile, expected.txt (the differences, one per
line; empty = same) and optionally allowed-changes.txt. Images are built once per Dockerfile text and
context in a test run and compared as often as needed.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dockeropt.fix.engine import fix_text
from dockeropt.verify.build import build_image, verify_same_image
from dockeropt.verify.imgdiff import NOISE_PATHS, Image, compare_images, manifest_of_directory, read_image
from tests.buildverify.conftest import BuildEnv

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "buildverify"
HERE = Path(__file__).resolve().parent
PAIRS = sorted(p.parent for p in DATA.glob("*/rewritten.Dockerfile"))
TRIXIE_ONLY = {"heredoc-to-chain"}  # bookworm's buildah 1.28 rejects heredocs
HOST_BUILDAH = "/usr/bin/buildah"  # from apt, as dfbuild-env.sh installs it

pytestmark = pytest.mark.build

build_seconds: dict[tuple[str, str], float] = {}
_built: dict[tuple[str, str], Image] = {}


def built(text: str, context: Path) -> Image:
    """The image of a Dockerfile text, built once per test run (``build_seconds`` keeps how long it took)."""
    key = (text, str(context))
    if key not in _built:
        started = time.monotonic()
        _built[key] = build_image(text, str(context), "buildah")
        build_seconds[key] = time.monotonic() - started
    return _built[key]


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def _skip_unless_buildable(case: Path, env: BuildEnv) -> None:
    if case.name in TRIXIE_ONLY and not env.trixie:
        pytest.skip("heredocs need buildah >= 1.35 (DOCKEROPT_BUILD_TRIXIE=0 turned it off)")


@pytest.mark.parametrize("case", PAIRS, ids=[p.name for p in PAIRS])
def test_pair_gives_the_expected_differences(case: Path, buildah_env: BuildEnv) -> None:
    _skip_unless_buildable(case, buildah_env)
    original = built((case / "original.Dockerfile").read_text(), case)
    rewritten = built((case / "rewritten.Dockerfile").read_text(), case)
    allowed = _lines(case / "allowed-changes.txt")
    result = compare_images(original, rewritten, allowed)
    assert result.differences == _lines(case / "expected.txt")
    if allowed:
        # what the declaration excused is exactly what differs without it
        assert result.allowed, "the declared change did not happen"
        assert compare_images(original, rewritten).differences == result.allowed


def test_apt_build_noise_is_covered_by_the_default_noise_paths(buildah_env: BuildEnv) -> None:
    case = DATA / "apt-lists-removed"
    original = built((case / "original.Dockerfile").read_text(), case)
    rewritten = built((case / "rewritten.Dockerfile").read_text(), case)
    raw = compare_images(original, rewritten, noise=())
    paths = [line.split(": ", 1)[0] for line in raw.differences]
    lists = [p for p in paths if p.startswith("/var/lib/apt/lists/")]
    assert any(p.endswith("_Packages") for p in lists), paths
    noise_re = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in NOISE_PATHS))
    others = [p for p in paths if p not in lists]
    assert others and all(noise_re.match(p) for p in others), others


def test_flattened_layers_equal_the_mounted_root_file_system(buildah_env: BuildEnv, tmp_path: Path) -> None:
    case = DATA / "flatten-whiteouts"
    tag = "localhost/dockeropt-verify-flatten"
    run = _buildah
    run("bud", "-q", "--format", "docker", "-f", str(case / "Dockerfile"), "-t", tag, str(case))
    container = ""
    try:
        run("push", "-q", tag, f"docker-archive:{tmp_path}/i.tar:{tag}")
        run("push", "-q", "--disable-compression", tag, f"oci:{tmp_path}/layout")
        from_archive = read_image(str(tmp_path / "i.tar")).files
        from_layout = read_image(str(tmp_path / "layout")).files
        container = run("from", "-q", "--pull=never", tag).strip()
        mounted = manifest_of_directory(run("mount", container).strip())
    finally:
        if container:
            run("rm", container)
        run("rmi", "-f", tag)
    assert from_archive == mounted
    assert from_layout == mounted
    # what the Dockerfile did, seen through the whiteouts and links
    assert "/etc/motd" not in mounted and "/var/lib/apt" not in mounted
    assert not [p for p in mounted if p.startswith("/usr/share/doc/")]
    assert mounted["/usr/share/info"]["type"] == "file"
    assert mounted["/etc/passwd.hardlink"] == mounted["/etc/passwd"]
    assert mounted["/opt/data"]["mode"] == "0o4755"
    assert mounted["/opt/data/sub/one"]["owner"] == "12:34"
    assert mounted["/opt/data/fifo"]["type"] == "fifo"
    assert mounted["/opt/data/link"]["target"] == "../data/sub/one"


def _buildah(*args: str) -> str:
    """The host's buildah, also in trixie mode: a mount made by the trixie shim ends with the shim."""
    proc = subprocess.run([HOST_BUILDAH, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# --- the project's own fixes, proven by building --------------------------------------------------

FIXABLE = ["merge-two-runs", "merge-cd-subshell", "merge-forgets-cd", "cmd-exec-form", "apt-lists-removed"]


@pytest.mark.parametrize("name", FIXABLE)
def test_safe_fixes_of_dockeropt_keep_the_image(name: str, buildah_env: BuildEnv) -> None:
    case = DATA / name
    text = (case / "original.Dockerfile").read_text()
    fixed = fix_text(text, str(case / "original.Dockerfile"), None, context_dir=str(case))
    assert fixed.changed, "no safe fix applied: this case no longer tests a fix"
    result = compare_images(built(text, case), built(fixed.text, case), fixed.changes())
    assert result.differences == [], f"{[f.rule_id for f in fixed.applied]}:\n{fixed.text}"


def test_unsafe_copy_chown_fix_is_offered_only_when_the_parent_exists(buildah_env: BuildEnv) -> None:
    # COPY --chown also owns the directories it makes: the pair copy-chown-new-parents shows that moving
    # `chown -R /srv/app` into COPY changes /srv's owner when /srv did not exist, so no fix is offered there.
    case = DATA / "copy-chown-new-parents"
    text = (case / "original.Dockerfile").read_text()
    assert fix_text(text, str(case / "original.Dockerfile"), None, unsafe=True, context_dir=str(case)).applied == []
    case = DATA / "copy-chown"
    text = (case / "original.Dockerfile").read_text()
    fixed = fix_text(text, str(case / "original.Dockerfile"), None, unsafe=True, context_dir=str(case))
    assert [(f.rule_id, f.safe) for f in fixed.applied] == [("DO210", False)]
    assert compare_images(built(text, case), built(fixed.text, case), fixed.changes()).differences == []


# --- the harness as contributors run it ----------------------------------------------------------


def test_compare_script_exit_codes_and_output(buildah_env: BuildEnv) -> None:
    def compare(name: str, *extra: str) -> subprocess.CompletedProcess[str]:
        case = DATA / name
        args = [str(case / "original.Dockerfile"), str(case / "rewritten.Dockerfile"), str(case), *extra]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHON": sys.executable}
        return subprocess.run(
            ["bash", str(HERE / "dfbuild-compare.sh"), *args], capture_output=True, text=True, env=env, check=False
        )

    same = compare("merge-cd-subshell")
    assert (same.returncode, same.stdout) == (0, "identical\n"), same.stderr
    different = compare("merge-forgets-cd")
    assert different.returncode == 1, different.stderr
    assert different.stdout.splitlines() == _lines(DATA / "merge-forgets-cd" / "expected.txt")
    allowed = compare("cmd-exec-form", "--allow", "config:Cmd")
    assert allowed.returncode == 0 and allowed.stdout.splitlines()[-1] == "identical", allowed.stderr


def test_verify_same_image_end_to_end(buildah_env: BuildEnv) -> None:
    case = DATA / "env-reordered"
    original, rewritten = (case / "original.Dockerfile").read_text(), (case / "rewritten.Dockerfile").read_text()
    result = verify_same_image(original, rewritten, str(case), builder="buildah")
    assert result.builder == "buildah"
    assert (result.same, result.differences) == (False, _lines(case / "expected.txt"))
    assert 0 < result.seconds < 300
