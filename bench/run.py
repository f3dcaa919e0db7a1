"""Time and peak memory of ``dockeropt check`` against hadolint and tally on a directory of Dockerfiles.

    python -m bench.run DIR [--runs 5] [--json] [--dockeropt-cmd dockeropt]

Scenarios, each a whole process per call (start-up included, as in CI or a pre-commit hook):
  single  one typical file (50-150 lines; the one closest to 100 lines unless --typical is given)
  batch   every file of DIR in one call (files tally cannot parse are left out for every tool,
          because one unparsable file makes tally abort the whole call)
  loop    one call per file over an evenly spaced sample of DIR (--loop-sample; 0 skips it)
  real    each of an evenly spaced sample of the files of DIR with 10-200 lines, dockeropt and
          hadolint paired per file (bench/real.py; --real-sample 0 skips it): the median of the
          per-file ratios
  lsp     the language server re-diagnosing the file of DIR closest to 300 lines after each of
          30 edits, as the server measures its own time (bench/lsp.py; --no-lsp skips it)
  scaling pathological inputs at n and 10n, in this process (bench/scaling.py; --no-scaling)
Every input is copied to ``<tmp>/NNNN/Dockerfile`` first: tally lints only files named like a
Dockerfile, and all tools then read the same paths. Figures are medians over --runs repetitions
(after one warm-up), with the tools interleaved within each repetition. The report ends with the
targets of issues 6 and 11 and whether this run met them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import scaling
from bench.lsp import measure_lsp
from bench.lsp import render as render_lsp
from bench.real import MAX_MEDIAN_RATIO, measure_real, shellcheck_of
from bench.real import render as render_real
from bench.scaling import render as render_scaling
from bench.tools import Measurement, Tool, default_tools, line_count, list_inputs, measure, stage

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

TYPICAL_RANGE = (50, 150)
TYPICAL_LINES = 100
LSP_LINES = 300
# issue 6: dockeropt's figure over the peer's (time, memory) and absolute bounds
MAX_SINGLE_VS_HADOLINT = 1.0
MAX_SINGLE_VS_TALLY = 0.2
MAX_SINGLE_PEAK_MIB = 60.0
MAX_BATCH_VS_HADOLINT = 0.2
MAX_LSP_MS = 10.0
MAX_SCALING_RATIO = 12.0


def pick_typical(files: Sequence[Path], lines: int = TYPICAL_LINES, within: tuple[int, int] = TYPICAL_RANGE) -> Path:
    """The file whose line count is within ``within`` and closest to ``lines`` (by default 50-150, 100;
    the first one on ties); the closest of all when none fits."""
    lengths = [(line_count(f), i) for i, f in enumerate(files)]
    fitting = [(abs(n - lines), i) for n, i in lengths if within[0] <= n <= within[1]]
    if not fitting:
        fitting = [(abs(n - lines), i) for n, i in lengths]
    return files[min(fitting)[1]]


def spread(items: Sequence[Path], count: int) -> list[Path]:
    """``count`` evenly spaced items (all of them when count is 0 or larger than the list)."""
    if count <= 0 or count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def tally_rejects(tally: Tool, files: Sequence[Path], cwd: Path, chunk: int = 50, jobs: int = 2) -> list[Path]:
    """Files that make a batch ``tally lint`` fail (exit 2 for the whole call).

    tally lints every file before it gives up, naming one culprit, so the files are screened in
    chunks: a failing chunk loses the file it names and runs again until it passes.
    """

    def screen(group: list[Path]) -> list[Path]:
        rejected: list[Path] = []
        while group:
            run = measure(tally.argv(group), cwd=cwd)
            if tally.ok(run):
                break
            culprit = next((f for f in group if f"failed to lint {f}" in run.stderr), None)
            if culprit is None:  # no file named: test them one by one
                return rejected + [f for f in group if not tally.ok(measure(tally.argv([f]), cwd=cwd))]
            group.remove(culprit)
            rejected.append(culprit)
        return rejected

    groups = [list(files[i : i + chunk]) for i in range(0, len(files), chunk)]
    with ThreadPoolExecutor(jobs) as pool:
        found = [f for rejected in pool.map(screen, groups) for f in rejected]
    order = {f: i for i, f in enumerate(files)}
    return sorted(found, key=order.__getitem__)


class Series:
    """Repeated measurements of one tool in one scenario."""

    __slots__ = ("codes", "ok", "peaks_kib", "walls_s")

    def __init__(self) -> None:
        self.walls_s: list[float] = []
        self.peaks_kib: list[int] = []
        self.codes: list[int] = []
        self.ok = True

    def add(self, wall_s: float, peak_kib: int, code: int, ok: bool) -> None:
        self.walls_s.append(wall_s)
        self.peaks_kib.append(peak_kib)
        self.codes.append(code)
        self.ok = self.ok and ok

    def wall_ms(self) -> float:
        return statistics.median(self.walls_s) * 1000

    def peak_mib(self) -> float:
        return statistics.median(self.peaks_kib) / 1024

    def as_dict(self) -> dict[str, object]:
        return {
            "wall_ms": {
                "median": round(self.wall_ms(), 2),
                "min": round(min(self.walls_s) * 1000, 2),
                "max": round(max(self.walls_s) * 1000, 2),
                "runs": [round(w * 1000, 2) for w in self.walls_s],
            },
            "peak_rss_mib": {
                "median": round(self.peak_mib(), 2),
                "max": round(max(self.peaks_kib) / 1024, 2),
            },
            "exit_codes": sorted(set(self.codes)),
            "ok": self.ok,
        }


def run_once(tool: Tool, files: Sequence[Path], cwd: Path, per_file: bool, env: dict[str, str]) -> Measurement:
    """One call with every file, or (per_file) one call per file summed: wall added, peak the largest."""
    if not per_file:
        return measure(tool.argv(files), cwd=cwd, env=env)
    total, peak, worst, errors = 0.0, 0, 0, ""
    for f in files:
        run = measure(tool.argv([f]), cwd=cwd, env=env)
        total += run.wall_s
        peak = max(peak, run.peak_rss_kib)
        if not tool.ok(run):
            worst, errors = run.code, errors or run.stderr  # the first failure's output tells why
    return Measurement(total, peak, worst, "", errors)


def benchmark(
    tools: Sequence[Tool], files: Sequence[Path], cwd: Path, runs: int, per_file: bool, env: dict[str, str]
) -> dict[str, Series]:
    series = {t.name: Series() for t in tools}
    for repetition in range(runs + 1):  # repetition 0 warms the page cache and is not counted
        order = list(tools[repetition % len(tools) :]) + list(tools[: repetition % len(tools)])
        for tool in order:
            run = run_once(tool, files, cwd, per_file, env)
            if repetition:
                series[tool.name].add(run.wall_s, run.peak_rss_kib, run.code, tool.ok(run))
    return series


def ratios(series: dict[str, Series]) -> dict[str, dict[str, float]]:
    """dockeropt's figure divided by each peer's (above 1: dockeropt takes more)."""
    ours = series.get("dockeropt")
    if ours is None:
        return {}
    out = {}
    for name, other in series.items():
        if name != "dockeropt" and other.wall_ms() > 0 and other.peak_mib() > 0:
            out[name] = {
                "time": round(ours.wall_ms() / other.wall_ms(), 2),
                "memory": round(ours.peak_mib() / other.peak_mib(), 2),
            }
    return out


def versions(tools: Sequence[Tool]) -> dict[str, str]:
    found = {}
    for tool in tools:
        flag = ["version"] if tool.name == "tally" else ["--version"]
        prefix = tool.prefix[:-1] if tool.name == "dockeropt" else tool.prefix[:1]  # drop "check" / "lint ..."
        try:
            run = measure([*prefix, *flag])
            found[tool.name] = (run.stdout or run.stderr).strip().splitlines()[0] if run.stdout or run.stderr else "?"
        except OSError as exc:
            found[tool.name] = f"not runnable: {exc}"
    return found


def targets(report: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Each target of issue 6 this run measured: (what, the figure, met)."""
    out: list[tuple[str, str, bool]] = []
    scenarios = report["scenarios"]
    single = scenarios.get("single")
    if single and "dockeropt" in single["tools"]:
        ours = single["tools"]["dockeropt"]
        peak = ours["peak_rss_mib"]["median"]
        out.append(("single file: peak memory <= 60 MiB", f"{peak:.1f} MiB", peak <= MAX_SINGLE_PEAK_MIB))
        for peer, bound in (("hadolint", MAX_SINGLE_VS_HADOLINT), ("tally", MAX_SINGLE_VS_TALLY)):
            ratio = single["ratios"].get(peer)
            if ratio:
                what = f"single file: time <= {bound:g} x {peer}'s"
                out.append((what, f"{ratio['time']:.2f}x", ratio["time"] <= bound))
    batch = scenarios.get("batch")
    if batch and batch["ratios"].get("hadolint"):
        ratio = batch["ratios"]["hadolint"]["time"]
        shown = f"{ratio:.3f}x ({1 / ratio:.1f} times faster)" if ratio else "0x"
        out.append(
            (f"{batch['files']} files in one call: >= 5x faster than hadolint", shown, ratio <= MAX_BATCH_VS_HADOLINT)
        )
    real = report.get("real")
    if real and real["median_ratio"] is not None:
        shellcheck = " (with ShellCheck)" if real.get("dockeropt_shellcheck") else " (without ShellCheck)"
        out.append(
            (
                f"{len(real['files'])} real files of 10-200 lines: median time <= {MAX_MEDIAN_RATIO:g} x hadolint's"
                + shellcheck,
                f"{real['median_ratio']:.2f}x",
                real["median_ratio"] <= MAX_MEDIAN_RATIO,
            )
        )
        if real.get("median_ratio_nosc") is not None:
            out.append(
                (
                    f"{len(real['files'])} real files of 10-200 lines, dockeropt without ShellCheck: median time "
                    f"<= {MAX_MEDIAN_RATIO:g} x hadolint's",
                    f"{real['median_ratio_nosc']:.2f}x",
                    real["median_ratio_nosc"] <= MAX_MEDIAN_RATIO,
                )
            )
    lsp = report.get("lsp")
    if lsp:
        out.append(
            (
                f"lsp re-check of a {lsp['lines']}-line file < 10 ms",
                f"{lsp['server_ms']:.2f} ms",
                lsp["server_ms"] < MAX_LSP_MS,
            )
        )
    for case in report.get("scaling") or []:
        ratio = case["ratio"]
        out.append(
            (
                f"{case['case']}: 10x the input <= ~12x the time",
                f"{ratio}x",
                ratio is not None and ratio <= MAX_SCALING_RATIO,
            )
        )
    return out


def render_table(report: dict[str, Any]) -> str:
    excluded = report["excluded_from_batch"]
    lines = [
        f"directory: {report['directory']}  files: {report['files']}  batch: {report['batch_files']} files"
        + (f" ({len(excluded)} left out: tally cannot parse them)" if excluded else ""),
        f"typical file: {report['typical']['file']} ({report['typical']['lines']} lines)",
        "runs (medians of): " + ", ".join(f"{k} {v}" for k, v in report["runs"].items()) + f"   cpus: {report['cpus']}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()),
        "",
        f"{'scenario':<30}{'tool':<11}{'wall ms':>10}{'peak MiB':>10}   dockeropt ÷ tool (time, memory)",
    ]
    for data in report["scenarios"].values():
        label = data["label"]
        for tool, figures in data["tools"].items():
            failed = "" if figures["ok"] else f"  (failed: exit {figures['exit_codes']})"
            ratio = data["ratios"].get(tool)
            shown = f"{ratio['time']:.2f}x, {ratio['memory']:.2f}x" if ratio else ""
            lines.append(
                f"{label:<30}{tool:<11}{figures['wall_ms']['median']:>10.1f}"
                f"{figures['peak_rss_mib']['median']:>10.1f}   {shown}{failed}"
            )
            label = ""
        lines.append("")
    if report.get("real"):
        lines.append(render_real(report["real"]).rstrip())
        lines.append("")
    if report.get("lsp"):
        lines.append(render_lsp(report["lsp"]).rstrip())
        lines.append("")
    if report.get("scaling"):
        lines.append(render_scaling(report["scaling"]).rstrip())
        lines.append("")
    checked = report.get("targets") or []
    if checked:
        lines.append("targets (issues 6 and 11):")
        lines += [f"  {'met    ' if met else 'NOT MET'}  {what}: {figure}" for what, figure, met in checked]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="directory of Dockerfiles (any file names)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions per scenario (default 5)")
    parser.add_argument("--dockeropt-cmd", default="dockeropt", help="command that takes `check FILE...`")
    parser.add_argument("--hadolint", help="hadolint executable (default: found on PATH or beside Python)")
    parser.add_argument("--tally", help="tally executable (default: the native binary of tally-cli)")
    parser.add_argument("--only", help="comma-separated tools to run (dockeropt,hadolint,tally)")
    parser.add_argument("--typical", type=Path, help="the file for the single-file scenario")
    parser.add_argument("--batch-runs", type=int, help="repetitions of the batch scenario (default: --runs)")
    parser.add_argument("--loop-sample", type=int, default=50, help="files in the per-file loop (0: skip)")
    parser.add_argument("--loop-runs", type=int, default=1, help="repetitions of the per-file loop (default 1)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N files of DIR")
    parser.add_argument("--unset-env", action="append", default=[], help="remove a variable for the tools")
    parser.add_argument("--real-sample", type=int, default=40, help="files in the real-files scenario (0: skip)")
    parser.add_argument("--real-runs", type=int, default=11, help="paired runs per file there (default 11)")
    parser.add_argument("--names", action="store_true", help="real-files scenario: only files named like Dockerfiles")
    parser.add_argument(
        "--shellcheck",
        help="real-files scenario: dockeropt with this ShellCheck and without any (default: one on PATH or "
        "beside this Python; 'none': dockeropt as it is)",
    )
    parser.add_argument("--lsp-file", type=Path, help="the file for the lsp scenario (default: closest to 300 lines)")
    parser.add_argument("--lsp-edits", type=int, default=30, help="edits in the lsp scenario (default 30)")
    parser.add_argument("--no-lsp", action="store_true", help="skip the language server scenario")
    parser.add_argument("--no-scaling", action="store_true", help="skip the pathological inputs")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)

    inputs = list_inputs(args.directory)[: args.limit or None]
    if not inputs:
        parser.error(f"no files under {args.directory}")
    tools = default_tools(args.dockeropt_cmd, args.hadolint, args.tally)
    if args.only:
        wanted = set(args.only.split(","))
        tools = [t for t in tools if t.name in wanted]
    env = {k: v for k, v in os.environ.items() if k not in set(args.unset_env)}
    typical_source = args.typical or pick_typical(inputs)

    with tempfile.TemporaryDirectory(prefix="dockeropt-bench-") as tmp:
        work = Path(tmp)
        staged = stage(inputs, work / "files")
        by_source = dict(zip(inputs, staged, strict=True))
        typical = by_source.get(typical_source) or stage([typical_source], work / "typical")[0]
        tally = next((t for t in tools if t.name == "tally"), None)
        rejected = tally_rejects(tally, staged, work) if tally else []
        batch = [f for f in staged if f not in set(rejected)]
        loop = spread(batch, args.loop_sample) if args.loop_sample else []

        plan = [("single", "single file (whole process)", [typical], False, args.runs)]
        batch_runs = args.batch_runs or args.runs
        plan.append(("batch", f"all {len(batch)} files, one call", batch, False, batch_runs))
        if loop:
            plan.append(("loop", f"{len(loop)} files, one call each", loop, True, args.loop_runs))
        scenarios: dict[str, Any] = {}
        for key, label, files, per_file, runs in plan:
            series = benchmark(tools, files, work, runs, per_file, env)
            scenarios[key] = {
                "label": label,
                "files": len(files),
                "tools": {name: s.as_dict() for name, s in series.items()},
                "ratios": ratios(series),
            }

        real_result = None
        names = {t.name for t in tools}
        if args.real_sample and {"dockeropt", "hadolint"} <= names:
            pair = [t for t in tools if t.name in ("dockeropt", "hadolint")]
            real_result = measure_real(
                pair, args.directory, args.real_sample, args.real_runs, args.names, env, shellcheck_of(args.shellcheck)
            )

        lsp_result = None
        if not args.no_lsp and any(t.name == "dockeropt" for t in tools):
            lsp_source = args.lsp_file or pick_typical(inputs, LSP_LINES, (LSP_LINES // 2, LSP_LINES * 2))
            lsp_file = stage([lsp_source], work / "lsp")[0]
            lsp_result = measure_lsp(args.dockeropt_cmd, lsp_file, args.lsp_edits)
            lsp_result["file"] = str(lsp_source)

        source_of = {v: k for k, v in by_source.items()}
        report: dict[str, Any] = {
            "directory": str(args.directory),
            "files": len(inputs),
            "batch_files": len(batch),
            "excluded_from_batch": [str(source_of[f].relative_to(args.directory)) for f in rejected],
            "typical": {"file": str(typical_source), "lines": line_count(typical_source)},
            "runs": {"single": args.runs, "batch": args.batch_runs or args.runs, "loop": args.loop_runs},
            "cpus": os.cpu_count(),
            "commands": {t.name: t.prefix for t in tools},
            "versions": versions(tools),
            "scenarios": scenarios,
            "real": real_result,
            "lsp": lsp_result,
            "scaling": None if args.no_scaling else [scaling.measure(name) for name in scaling.CASES],
        }
        report["targets"] = targets(report)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        sys.stdout.write(render_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
