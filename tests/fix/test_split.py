"""``dockeropt split``: base and target files (golden), the content-hash tag, and refusals."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt.fix.split import SplitError, render_build_script, split
from tests.syntax.oracle import theirs

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p.parent for p in (ROOT / "testdata" / "split").glob("*/Dockerfile"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_split_matches_golden_files(case: Path) -> None:
    result = split((case / "Dockerfile").read_text(), str(case))
    expected = case / "expected"
    assert result.base_text == (expected / "base.Dockerfile").read_text()
    assert result.target_text == (expected / "target.Dockerfile").read_text()
    script = render_build_script(result, "out", ".", "registry.example.com/base", case.name)
    assert script == (expected / "build.sh").read_text()
    for text in (result.base_text, result.target_text):
        assert not isinstance(theirs(text), str), "BuildKit's parser rejects a generated file"
    again = split((case / "Dockerfile").read_text(), str(case))
    assert (again.base_text, again.target_text, again.base_tag) == (
        result.base_text,
        result.target_text,
        result.base_tag,
    )


def test_base_tag_changes_only_with_what_the_base_reads(tmp_path: Path) -> None:
    case = tmp_path / "ml-api"
    shutil.copytree(ROOT / "testdata/split/ml-api", case, ignore=shutil.ignore_patterns("expected"))
    first = split((case / "Dockerfile").read_text(), str(case)).base_tag
    (case / "api.py").write_text("# the application changed\n")
    assert split((case / "Dockerfile").read_text(), str(case)).base_tag == first
    (case / "requirements.txt").write_text("fastapi==0.115.0\nuvicorn==0.30.6\nhttpx==0.27.0\n")
    assert split((case / "Dockerfile").read_text(), str(case)).base_tag != first


def test_nothing_to_split_is_a_clear_error() -> None:
    with pytest.raises(SplitError, match="nothing to move into a base image"):
        split("FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n", None)


def test_onbuild_and_volume_stay_in_the_target() -> None:
    text = "FROM debian:12-slim\nRUN apt-get update\nVOLUME /data\nRUN echo hi > /data/x\n"
    result = split(text, None)
    assert "VOLUME /data" not in result.base_text and "VOLUME /data" in result.target_text


def test_cli_writes_three_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "split", "testdata/split/ml-api/Dockerfile", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["base.Dockerfile", "build.sh", "target.Dockerfile"]
    assert (out / "build.sh").stat().st_mode & 0o111
    assert "docker build -f" in proc.stdout


def test_split_verify_refuses_to_write_when_the_images_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dockeropt.cli import main
    from dockeropt.verify import build as verify

    def different(*args: object, **kwargs: object) -> verify.VerifyResult:
        return verify.VerifyResult(
            False, ["/srv/app.py: missing on the right", "config:User: '1000' -> ''"], "buildah", 3.0
        )

    monkeypatch.setattr(verify, "verify_split", different)
    out = tmp_path / "out"
    code = main(
        [
            "split",
            str(ROOT / "testdata" / "split" / "ml-api" / "Dockerfile"),
            "-o",
            str(out),
            "--verify",
            "--builder",
            "buildah",
        ]
    )
    assert code == 1 and not out.exists()
    assert capsys.readouterr().err.endswith(
        "base then target does not give the original's image (buildah, 3 s); nothing written:\n"
        "  /srv/app.py: missing on the right\n  config:User: '1000' -> ''\n"
    )


def test_cli_says_what_moved_and_what_stays(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==3.0.3\n")
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y libpq5\n"
        'RUN python -m compileall .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "split", str(tmp_path / "Dockerfile"), "-o", str(tmp_path / "out/")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1] == "  moved: line 4 (apt-get install -y libpq5) above line 3 (COPY . .)"
    assert lines[2] == (
        "  left in the target: line 6 (pip install -r requirements.txt) stays in the target: it would have to move "
        "above the RUN at line 5, which stays (it runs `python`)"
    )
    assert f"{tmp_path}/out/base.Dockerfile " in proc.stdout and "//" not in proc.stdout
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY . /app\nRUN pip install -e /app\n")
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "split", str(tmp_path / "Dockerfile"), "-o", str(tmp_path / "out2")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and not (tmp_path / "out2").exists()
    assert proc.stderr == (
        f"{tmp_path}/Dockerfile: nothing to move into a base image: line 3 (pip install -e /app) stays in the "
        "target: `pip install -e /app` installs /app from the sources\n"
    )
