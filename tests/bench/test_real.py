"""bench/real.py: the file-by-file comparison with hadolint, run with a stand-in hadolint."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from bench import real, tools

# A hadolint stand-in: "lints" by sleeping a little, and reports DL1000 (cannot parse) for files
# that hold UNPARSABLE, in its JSON format when asked for it.
HADOLINT = """#!{python}
import json, sys, time
fmt = "json" if "--format" in sys.argv else "tty"
path = sys.argv[-1]
broken = "UNPARSABLE" in open(path).read()
time.sleep(0.01)
if fmt == "json":
    print(json.dumps([{{"code": "DL1000", "line": 1}}] if broken else []))
sys.exit(1 if broken else 0)
"""


def write_hadolint(folder: Path) -> str:
    path = folder / "hadolint"
    path.write_text(HADOLINT.format(python=sys.executable))
    path.chmod(0o755)
    return str(path)


def test_dockerfile_names() -> None:
    named = ["Dockerfile", "Containerfile", "Dockerfile.dev", "api.Dockerfile", "web.dockerfile", "x.containerfile"]
    assert all(real.is_dockerfile_name(n) for n in named)
    assert not any(real.is_dockerfile_name(n) for n in ["README.md", "Dockerfile_old.txt", "dockerfiles", "main.go"])


def test_pick_takes_evenly_spaced_files_within_the_line_range(tmp_path: Path) -> None:
    for name, count in {"a": 5, "b": 10, "c": 50, "d": 120, "e": 200, "f": 201}.items():
        (tmp_path / name).write_text("FROM alpine\n" + "RUN true\n" * (count - 1))
    files = sorted(tmp_path.iterdir())
    assert [(f.name, n) for f, n in real.pick(files, 0)] == [("b", 10), ("c", 50), ("d", 120), ("e", 200)]
    assert [f.name for f, _ in real.pick(files, 2)] == ["b", "d"]


def test_measure_real_pairs_the_tools_per_file_and_leaves_out_what_hadolint_cannot_parse(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for folder, body in {"one": "MAINTAINER me\n", "two": "RUN apk add curl\n", "three": "UNPARSABLE\n"}.items():
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "Dockerfile").write_text("FROM alpine:3.20\n" + body * 10)
    (corpus / "one" / "notes.md").write_text("# not a Dockerfile\n" * 20)
    ours = tools.Tool("dockeropt", [sys.executable, "-m", "dockeropt", "check"])
    hadolint = tools.Tool("hadolint", [write_hadolint(tmp_path)])
    result = real.measure_real([ours, hadolint], corpus, sample=0, runs=2, names=True)
    assert [row["file"] for row in result["files"]] == ["one/Dockerfile", "two/Dockerfile"]
    assert result["left_out"] == ["three/Dockerfile"]
    for row in result["files"]:
        assert row["lines"] == 11 and row["ok"]
        assert row["dockeropt_ms"] > 0 and row["hadolint_ms"] >= 10
        assert row["ratio"] == round(row["dockeropt_ms"] / row["hadolint_ms"], 3)
    assert result["median_ratio"] is not None
    shown = real.render(result)
    assert "one/Dockerfile" in shown and "left out (1, hadolint cannot parse them): three/Dockerfile" in shown
    assert json.loads(json.dumps(result)) == result


# A dockeropt stand-in that "runs ShellCheck" (a finding, and a little more time) when a
# `shellcheck` is on its PATH, as DO100 does; STUBBORN makes it find one whatever the PATH.
DOCKEROPT = """#!{python}
import shutil, sys, time
time.sleep(0.005)
if {stubborn} or shutil.which("shellcheck"):
    time.sleep(0.01)
    print(sys.argv[-1] + ":3:8: SC2086 info Double quote to prevent globbing and word splitting.")
"""


def write_dockeropt(folder: Path, stubborn: bool = False, name: str = "dockeropt") -> tools.Tool:
    path = folder / name
    path.write_text(DOCKEROPT.format(python=sys.executable, stubborn=stubborn))
    path.chmod(0o755)
    return tools.Tool("dockeropt", [str(path), "check"])


def write_shellcheck(folder: Path) -> str:
    folder.mkdir()
    path = folder / "shellcheck-0.11"  # any name: the benchmark links it as `shellcheck`
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return str(path)


def corpus_of_two(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    for folder in ("one", "two"):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "Dockerfile").write_text("FROM alpine:3.20\n" + "RUN apk add curl\n" * 10)
    return corpus


def test_measure_real_times_dockeropt_with_and_without_shellcheck(tmp_path: Path) -> None:
    corpus = corpus_of_two(tmp_path)
    hadolint = tools.Tool("hadolint", [write_hadolint(tmp_path)])
    shellcheck = write_shellcheck(tmp_path / "sc")
    ours = write_dockeropt(tmp_path)
    result = real.measure_real([ours, hadolint], corpus, sample=0, runs=2, shellcheck=shellcheck)
    assert result["dockeropt_shellcheck"] is True and result["shellcheck"] == shellcheck
    assert [row["file"] for row in result["files"]] == ["one/Dockerfile", "two/Dockerfile"]
    for row in result["files"]:
        assert row["ok"]
        assert row["dockeropt_ms"] >= 15 and row["dockeropt_nosc_ms"] >= 5  # the stand-in's sleeps
        assert row["ratio"] == round(row["dockeropt_ms"] / row["hadolint_ms"], 3)
        assert row["ratio_nosc"] == round(row["dockeropt_nosc_ms"] / row["hadolint_ms"], 3)
    assert result["median_ratio_nosc"] is not None and result["median_dockeropt_nosc_cpu_ms"] is not None
    shown = real.render(result)
    assert f"dockeropt with ShellCheck ({shellcheck}) and without" in shown
    assert "no SC ms" in shown and shown.splitlines()[-1].endswith(
        " with ShellCheck; " + f"{result['median_ratio_nosc']:.2f} without)"
    )
    assert json.loads(json.dumps(result)) == result


def test_measure_real_without_a_shellcheck_measures_dockeropt_as_it_is(tmp_path: Path) -> None:
    corpus = corpus_of_two(tmp_path)
    hadolint = tools.Tool("hadolint", [write_hadolint(tmp_path)])
    ours = write_dockeropt(tmp_path)
    env = real.without_shellcheck(dict(os.environ))
    result = real.measure_real([ours, hadolint], corpus, sample=0, runs=1, env=env)
    assert result["dockeropt_shellcheck"] is False and "median_ratio_nosc" not in result
    assert "dockeropt_nosc_ms" not in result["files"][0]
    assert "without ShellCheck (none found)" in real.render(result)


def test_a_dockeropt_that_finds_shellcheck_anyway_cannot_be_measured_without_it(tmp_path: Path) -> None:
    corpus = corpus_of_two(tmp_path)
    hadolint = tools.Tool("hadolint", [write_hadolint(tmp_path)])
    shellcheck = write_shellcheck(tmp_path / "sc")
    ours = write_dockeropt(tmp_path, stubborn=True)
    with pytest.raises(SystemExit, match="finds a ShellCheck beside its own Python"):
        real.measure_real([ours, hadolint], corpus, sample=0, runs=1, shellcheck=shellcheck)


def test_shellcheck_option(tmp_path: Path) -> None:
    assert real.shellcheck_of("none") is None
    binary = write_shellcheck(tmp_path / "sc")
    assert real.shellcheck_of(binary) == binary
    with pytest.raises(SystemExit, match="not an executable file"):
        real.shellcheck_of(str(tmp_path / "missing"))


def test_files_from_a_list_keeps_only_the_files_it_names(tmp_path: Path) -> None:
    corpus = corpus_of_two(tmp_path)
    listing = tmp_path / "list.txt"
    listing.write_text(f"# the corpus's manifest\n\n{corpus / 'two' / 'Dockerfile'}\n")
    assert real.listed_files(listing) == [corpus / "two" / "Dockerfile"]
    hadolint = tools.Tool("hadolint", [write_hadolint(tmp_path)])
    result = real.measure_real(
        [write_dockeropt(tmp_path), hadolint],
        corpus,
        sample=0,
        runs=1,
        env=dict(os.environ),
        listed=[Path("two/Dockerfile")],
    )
    assert [row["file"] for row in result["files"]] == ["two/Dockerfile"] and result["candidates"] == 1
