"""bench/run.py and bench/tools.py with stand-in linters (scripts written by the tests)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from bench import run, tools

STAND_IN = '''#!{python}
"""A linter stand-in: counts files; with {marker!r} in a file, fails like tally (exit 2, names it)."""
import sys
args = [a for a in sys.argv[1:] if not a.startswith("-") and a not in ("check", "lint", "off")]
for path in args:
    if {marker!r} in open(path).read():
        print(f"Error: failed to lint {{path}}: dockerfile parse error", file=sys.stderr)
        sys.exit(2)
print(len(args))
sys.exit(1 if args else 0)
'''


def write_stand_in(folder: Path, name: str, marker: str = "BROKEN") -> str:
    path = folder / name
    path.write_text(STAND_IN.format(python=sys.executable, marker=marker))
    path.chmod(0o755)
    return str(path)


def write_files(folder: Path, lengths: dict[str, int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, count in lengths.items():
        (folder / name).write_text("FROM alpine\n" + "RUN true\n" * (count - 1))


def test_measure_reports_wall_time_peak_memory_and_exit_code() -> None:
    code = "import time; b = bytearray(120 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.2); exit(3)"
    result = tools.measure([sys.executable, "-c", code])
    assert result.code == 3
    assert result.wall_s >= 0.2
    assert 120 * 1024 <= result.peak_rss_kib < 400 * 1024


def test_measure_keeps_large_output_without_blocking() -> None:
    code = "import sys; print('x' * 500000); print('e' * 300000, file=sys.stderr)"
    result = tools.measure([sys.executable, "-c", code])
    assert result.code == 0
    assert len(result.stdout) == 500001 and len(result.stderr) == 300001


def test_pick_typical_prefers_the_file_closest_to_100_lines(tmp_path: Path) -> None:
    write_files(tmp_path, {"a": 10, "b": 60, "c": 97, "d": 104, "e": 400})
    files = sorted(tmp_path.iterdir())
    assert run.pick_typical(files).name == "c"
    assert run.pick_typical([tmp_path / "a", tmp_path / "e"]).name == "a"


def test_spread_takes_evenly_spaced_items() -> None:
    items = [Path(str(i)) for i in range(10)]
    assert [p.name for p in run.spread(items, 4)] == ["0", "2", "5", "7"]
    assert run.spread(items, 0) == items and run.spread(items, 20) == items


def test_stage_copies_each_file_to_its_own_dockerfile(tmp_path: Path) -> None:
    write_files(tmp_path / "in", {"x.txt.Dockerfile": 3, "y": 2})
    sources = sorted((tmp_path / "in").iterdir())
    staged = tools.stage(sources, tmp_path / "out")
    assert [p.relative_to(tmp_path / "out").as_posix() for p in staged] == ["0000/Dockerfile", "0001/Dockerfile"]
    assert [p.read_bytes() for p in staged] == [p.read_bytes() for p in sources]


def test_list_inputs_skips_hidden_files_and_context_companions(tmp_path: Path) -> None:
    write_files(tmp_path, {"Dockerfile": 2, "api.Dockerfile": 2})
    (tmp_path / ".dockerignore").write_text("*\n")
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref\n")
    assert [p.name for p in tools.list_inputs(tmp_path)] == ["Dockerfile", "api.Dockerfile"]


def test_tally_rejects_drops_each_file_the_batch_names(tmp_path: Path) -> None:
    write_files(tmp_path, {"a": 3, "b": 3, "c": 3, "d": 3, "e": 3})
    for name in ("b", "d"):
        (tmp_path / name).write_text("FROM alpine\nBROKEN\n")
    fake = tools.Tool("tally", [write_stand_in(tmp_path, "fake-tally"), "lint"])
    files = sorted(p for p in tmp_path.iterdir() if len(p.name) == 1)
    assert [p.name for p in run.tally_rejects(fake, files, tmp_path)] == ["b", "d"]
    for chunk in (1, 2, 3):
        assert [p.name for p in run.tally_rejects(fake, files, tmp_path, chunk=chunk)] == ["b", "d"]


def test_benchmark_interleaves_tools_and_skips_the_warm_up(tmp_path: Path) -> None:
    write_files(tmp_path, {"a": 3})
    log = tmp_path / "calls.log"
    script = tmp_path / "logger"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'a').write(sys.argv[1] + '\\n')\n")
    script.chmod(0o755)
    one, two = tools.Tool("one", [str(script), "one"]), tools.Tool("two", [str(script), "two"])
    series = run.benchmark([one, two], [tmp_path / "a"], tmp_path, runs=3, per_file=False, env=dict(os.environ))
    assert log.read_text().split() == ["one", "two", "two", "one", "one", "two", "two", "one"]
    assert len(series["one"].walls_s) == 3 and series["one"].codes == [0, 0, 0] and series["one"].ok


def test_ratios_divide_dockeropt_by_each_peer() -> None:
    ours, peer = run.Series(), run.Series()
    for wall, peak in ((0.30, 40 * 1024), (0.10, 20 * 1024), (0.20, 30 * 1024)):
        ours.add(wall, peak, 0, True)
    for wall, peak in ((0.05, 10 * 1024), (0.05, 10 * 1024), (0.10, 10 * 1024)):
        peer.add(wall, peak, 1, True)
    assert run.ratios({"dockeropt": ours, "hadolint": peer}) == {"hadolint": {"time": 4.0, "memory": 3.0}}


def test_main_end_to_end_with_stand_ins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    write_files(corpus, {f"f{i}": n for i, n in enumerate((5, 60, 99, 140, 20, 7))})
    (corpus / "f4").write_text("FROM alpine\nBROKEN\n")
    ours = write_stand_in(tmp_path, "dockeropt-stand-in", marker="never")
    hadolint = write_stand_in(tmp_path, "hadolint-stand-in", marker="never")
    tally = write_stand_in(tmp_path, "tally-stand-in")
    argv = [
        str(corpus),
        "--runs",
        "2",
        "--json",
        "--loop-sample",
        "3",
        "--no-lsp",
        "--no-scaling",
        "--real-sample",
        "0",
    ]
    argv += ["--dockeropt-cmd", ours, "--hadolint", hadolint, "--tally", tally]
    assert run.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 6 and report["batch_files"] == 5
    assert report["excluded_from_batch"] == ["f4"]
    assert report["typical"] == {"file": str(corpus / "f2"), "lines": 99}
    assert list(report["scenarios"]) == ["single", "batch", "loop"]
    batch = report["scenarios"]["batch"]
    assert batch["files"] == 5 and set(batch["tools"]) == {"dockeropt", "hadolint", "tally"}
    for figures in batch["tools"].values():
        assert figures["ok"] and figures["exit_codes"] == [1] and len(figures["wall_ms"]["runs"]) == 2
    assert set(batch["ratios"]) == {"hadolint", "tally"}
    assert report["scenarios"]["loop"]["files"] == 3
    assert report["commands"]["dockeropt"] == [ours, "check"]


def test_main_prints_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path / "c", {"a": 80})
    stand_in = write_stand_in(tmp_path, "stand-in", marker="never")
    argv = [str(tmp_path / "c"), "--runs", "1", "--loop-sample", "0", "--no-lsp", "--no-scaling", "--real-sample", "0"]
    argv += ["--dockeropt-cmd", stand_in]
    argv += ["--hadolint", stand_in, "--tally", stand_in]
    assert run.main(argv) == 0
    out = capsys.readouterr().out
    assert "typical file: " in out and "(80 lines)" in out
    assert "single file (whole process)" in out and "all 1 files, one call" in out
    assert out.count("dockeropt ") >= 3 and "loop" not in out.split("cpus")[1]


def test_targets_say_which_figures_meet_issues_6_and_11(tmp_path: Path) -> None:
    def tool(wall_ms: float, peak_mib: float) -> dict[str, object]:
        return {"wall_ms": {"median": wall_ms}, "peak_rss_mib": {"median": peak_mib}}

    report = {
        "scenarios": {
            "single": {
                "tools": {"dockeropt": tool(90, 20), "hadolint": tool(100, 30), "tally": tool(400, 160)},
                "ratios": {"hadolint": {"time": 0.9, "memory": 0.67}, "tally": {"time": 0.225, "memory": 0.12}},
            },
            "batch": {"files": 1000, "ratios": {"hadolint": {"time": 0.05, "memory": 0.6}}},
        },
        "real": {"files": [{}] * 40, "median_ratio": 1.12, "dockeropt_shellcheck": True, "median_ratio_nosc": 0.93},
        "lsp": {"lines": 300, "server_ms": 7.5},
        "scaling": [{"case": "many heredocs", "ratio": 10.4}, {"case": "many stages", "ratio": 12.6}],
    }
    assert run.targets(report) == [
        ("single file: peak memory <= 60 MiB", "20.0 MiB", True),
        ("single file: time <= 1 x hadolint's", "0.90x", True),
        ("single file: time <= 0.2 x tally's", "0.23x", False),
        ("1000 files in one call: >= 5x faster than hadolint", "0.050x (20.0 times faster)", True),
        ("40 real files of 10-200 lines: median time <= 1 x hadolint's (with ShellCheck)", "1.12x", False),
        ("40 real files of 10-200 lines, dockeropt without ShellCheck: median time <= 1 x hadolint's", "0.93x", True),
        ("lsp re-check of a 300-line file < 10 ms", "7.50 ms", True),
        ("many heredocs: 10x the input <= ~12x the time", "10.4x", True),
        ("many stages: 10x the input <= ~12x the time", "12.6x", False),
    ]


def test_lsp_scenario_drives_the_real_server(tmp_path: Path) -> None:
    from bench.lsp import measure_lsp, render

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nMAINTAINER me\nRUN apk add curl\n")
    result = measure_lsp(f"{sys.executable} -m dockeropt", dockerfile, edits=3)
    # DO105 (MAINTAINER), DO203 (apk cache) and DO115 (no USER: root) stay across the edits
    assert (result["lines"], result["edits"]) == (3, 3)
    assert result["diagnostics"] >= 2
    assert 0 < result["server_check_ms"] <= result["server_ms"] <= result["server_max_ms"]
    assert result["round_trip_ms"] > 0
    assert render(result).startswith(f"lsp re-check of {dockerfile} (3 lines, ")


def test_scaling_cases_measure_both_sizes() -> None:
    from bench import scaling

    result = scaling.measure("many stages", runs=1, scale=0.1)
    assert result["sizes"] == [30, 300] and result["unit"] == "stages"
    small, large = result["cpu_ms"]  # type: ignore[misc]
    assert 0 < small < large
    table = scaling.render([result])
    assert "many stages" in table and "30 -> 300 stages" in table


def test_lsp_edits_go_before_the_middle_instruction_or_at_the_end() -> None:
    from bench.lsp import edited_text

    text = "FROM a\nRUN b \\\n    c\nENV X=1\nRUN d \\\n  e\nCMD f\n"
    # the instruction lines are 1, 2, 4, 5 and 7 (3 and 6 continue RUNs); the middle of 7 lines is 3
    assert edited_text(text, 4) == "FROM a\nRUN b \\\n    c\n# edit 4\nENV X=1\nRUN d \\\n  e\nCMD f\n"
    assert edited_text(text, 4, "end") == text + "# edit 4\n"
