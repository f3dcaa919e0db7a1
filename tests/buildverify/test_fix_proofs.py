"""dockeropt's fixes and splits proven by real builds (buildah, local bases).

Fixes: each folder of testdata/fixproof (see its README) is fixed, the result compared with its
golden ``fixed.Dockerfile``, fixed again (no change), read by BuildKit's parser, and both images
built and compared, allowing only what the applied fixes declare they change.

Splits: each folder of testdata/splitproof is split; building base.Dockerfile, then
target.Dockerfile on it, must give the original's image; splitting the target again moves nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import dockerfile
import pytest

from dockeropt.fix.engine import fix_text
from dockeropt.fix.split import SplitError, split
from dockeropt.verify.build import build_image, build_split_image, verify_split
from dockeropt.verify.imgdiff import compare_images
from tests.buildverify.conftest import BuildEnv
from tests.buildverify.test_build_pairs import build_seconds, built

if TYPE_CHECKING:
    from dockeropt.verify.imgdiff import Manifest

ROOT = Path(__file__).resolve().parents[2]
FIX_CASES = sorted(p.parent for p in (ROOT / "testdata" / "fixproof").glob("*/fix.txt"))
SPLIT_CASES = sorted(p.parent for p in (ROOT / "testdata" / "splitproof").glob("*/Dockerfile"))
HEREDOC_CASES = {"heredoc-apt-lists"}  # bookworm's buildah 1.28 rejects heredocs

pytestmark = pytest.mark.build


def _spec(case: Path) -> tuple[bool, list[str]]:
    fields = dict(line.split(": ", 1) for line in (case / "fix.txt").read_text().splitlines() if ": " in line)
    assert fields["fixes"] in ("safe", "unsafe"), fields
    return fields["fixes"] == "unsafe", fields["rules"].split()


def test_every_transformation_the_issue_names_has_a_case() -> None:
    names = {p.name for p in FIX_CASES} | {p.name for p in SPLIT_CASES}
    for needed in ("apt", "pip", "npm", "multistage", "heredoc", "cache-mount", "merge-export", "requirements-first"):
        assert any(needed in name for name in names), needed
    assert len(SPLIT_CASES) >= 3


@pytest.mark.parametrize("case", FIX_CASES, ids=[p.name for p in FIX_CASES])
def test_fix_gives_the_golden_text_and_is_idempotent(case: Path) -> None:
    unsafe, rules = _spec(case)
    path = str(case / "Dockerfile")
    fixed = fix_text((case / "Dockerfile").read_text(), path, None, unsafe=unsafe, context_dir=str(case))
    assert sorted({f.rule_id for f in fixed.applied}) == rules
    assert fixed.text == (case / "fixed.Dockerfile").read_text()
    again = fix_text(fixed.text, path, None, unsafe=unsafe, context_dir=str(case))
    assert not again.changed, [f.rule_id for f in again.applied]
    dockerfile.parse_string(fixed.text)  # BuildKit's parser reads it (raises otherwise)


@pytest.mark.parametrize("case", FIX_CASES, ids=[p.name for p in FIX_CASES])
def test_fixed_dockerfile_builds_the_same_image(case: Path, buildah_env: BuildEnv) -> None:
    if case.name in HEREDOC_CASES and not buildah_env.trixie:
        pytest.skip("heredocs need buildah >= 1.35 (DOCKEROPT_BUILD_TRIXIE=0 turned it off)")
    unsafe, _ = _spec(case)
    text = (case / "Dockerfile").read_text()
    fixed = fix_text(text, str(case / "Dockerfile"), None, unsafe=unsafe, context_dir=str(case))
    result = compare_images(built(text, case), built(fixed.text, case), fixed.changes())
    assert result.differences == [], f"{[f.rule_id for f in fixed.applied]}:\n{fixed.text}"


@pytest.mark.parametrize("case", SPLIT_CASES, ids=[p.name for p in SPLIT_CASES])
def test_split_builds_the_same_image(case: Path, buildah_env: BuildEnv) -> None:
    text = (case / "Dockerfile").read_text()
    result = split(text, str(case))
    assert result.base_instructions > 0, "nothing went into the base: this case no longer tests a split"
    original = built(text, case)
    target = build_split_image(result.base_text, result.target_text, str(case), "buildah")
    assert compare_images(original, target).differences == []
    # the target's own final stage has nothing left to move into a base
    with pytest.raises(SplitError):
        split(result.target_text, str(case))


def test_verify_split_reports_what_differs(buildah_env: BuildEnv, tmp_path: Path) -> None:
    case = SPLIT_CASES[0]
    text = (case / "Dockerfile").read_text()
    result = split(text, str(case))
    # a target that forgets the last instruction of the original's final stage
    broken_target = result.target_text.rstrip("\n").rsplit("\n", 1)[0] + "\n"
    outcome = verify_split(text, result.base_text, broken_target, str(case), "buildah")
    assert not outcome.same and outcome.differences


def test_split_verify_cli_writes_a_verified_split(buildah_env: BuildEnv, tmp_path: Path) -> None:
    import subprocess
    import sys

    case = ROOT / "testdata" / "splitproof" / "multistage-app"
    out = tmp_path / "out"
    args = ["split", str(case / "Dockerfile"), "-o", str(out), "--verify", "--builder", "buildah"]
    proc = subprocess.run([sys.executable, "-m", "dockeropt", *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Verified with buildah in ")
    assert sorted(p.name for p in out.iterdir()) == ["base.Dockerfile", "build.sh", "target.Dockerfile"]


def _fields(case: Path) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in (case / "fix.txt").read_text().splitlines() if ": " in line)


CONVERSIONS = [case for case in FIX_CASES if "DO604" in _fields(case)["rules"].split()]


def _size(files: Manifest) -> int:
    return sum(int(entry.get("size", 0)) for entry in files.values())


def _inside(files: Manifest, folder: str) -> Manifest:
    return {p: e for p, e in files.items() if p == folder or p.startswith(folder.rstrip("/") + "/")}


@pytest.mark.parametrize("case", CONVERSIONS, ids=[p.name for p in CONVERSIONS])
def test_multi_stage_conversion_ships_the_same_program_without_the_toolchain(case: Path, buildah_env: BuildEnv) -> None:
    """DO604's conversion may drop files (declared "/*"): it must keep each artifact byte for byte (a
    folder: every file in it, nothing more) and the whole config (the runtime stage starts from the same
    base here), add no path, drop the toolchain the build installed, and the program must run there."""
    fields = _fields(case)
    text = (case / "Dockerfile").read_text()
    fixed = fix_text(text, str(case / "Dockerfile"), None, unsafe=True, context_dir=str(case))
    original = built(text, case)
    converted = built(fixed.text, case)
    seconds = [build_seconds[(t, str(case))] for t in (text, fixed.text)]
    assert original.config == converted.config
    for artifact in fields["artifacts"].split():
        kept = _inside(original.files, artifact)
        assert kept, f"the original image has no {artifact}"
        assert _inside(converted.files, artifact) == kept, artifact
    assert set(converted.files) <= set(original.files), sorted(set(converted.files) - set(original.files))[:10]
    for tool in fields["toolchain"].split():
        assert _inside(original.files, tool), f"the original has no {tool}: this case no longer tests its removal"
        assert not _inside(converted.files, tool), tool
    before, after = _size(original.files) / 2**20, _size(converted.files) / 2**20
    print(
        f"\n{case.name}: image files {before:.1f} MiB -> {after:.1f} MiB ({len(original.files)} -> "
        f"{len(converted.files)} paths); built in {seconds[0]:.0f} s and {seconds[1]:.0f} s"
    )
    assert _size(converted.files) * 2 < _size(original.files)
    if "runs" in fields:  # the program starts in the runtime stage: its libraries are there
        build_image(fixed.text + f"RUN {fields['runs']}\n", str(case), "buildah")


def test_build_script_of_a_split_builds_the_original_image(buildah_env: BuildEnv, tmp_path: Path) -> None:
    """The generated build.sh itself, run with buildah from another folder: base, then target, gives the
    original's image; run again, it finds the base and rebuilds only the target."""
    import os
    import subprocess
    import sys
    import uuid

    from dockeropt.verify.imgdiff import read_image

    case = ROOT / "testdata" / "splitproof" / "copy-before-installs"
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "split", str(case / "Dockerfile"), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    image = f"localhost/dockeropt-proof-{uuid.uuid4().hex[:12]}"
    script = [str(out / "build.sh"), "--builder", "buildah", "--image", image]
    archive = tmp_path / "target.tar"
    try:
        run = subprocess.run(["sh", *script], capture_output=True, text=True, check=False, cwd="/")
        assert run.returncode == 0, run.stdout + run.stderr
        again = subprocess.run(["sh", *script], capture_output=True, text=True, check=False, cwd="/")
        assert again.returncode == 0 and ": already here" in again.stdout, again.stdout + again.stderr
        subprocess.run(["buildah", "push", "-q", image, f"docker-archive:{archive}:{image}"], check=True)
        target = read_image(str(archive))
    finally:
        tag = next(line.split("=", 1)[1] for line in (out / "build.sh").read_text().splitlines() if "base_tag=" in line)
        for name in (image, f"dockeropt-base:{tag}"):
            subprocess.run(["buildah", "rmi", "-f", name], capture_output=True, check=False, env=os.environ)
    assert compare_images(built((case / "Dockerfile").read_text(), case), target).differences == []
