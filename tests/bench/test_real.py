"""bench/real.py: the file-by-file comparison with hadolint, run with a stand-in hadolint."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
