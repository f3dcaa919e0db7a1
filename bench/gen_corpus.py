"""Write a deterministic synthetic corpus of Dockerfiles shaped like public ones.

    python -m bench.gen_corpus OUT_DIR [-n 1000] [--seed 0]

File ``i`` depends only on ``(seed, i)``: a larger ``-n`` adds files and leaves the first ones unchanged.
Lengths follow the line-count curve measured on public Dockerfiles (bench/synth/pools.py); content is
written by the generator from its own word lists.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import archetypes, pools
from bench.synth.writer import DockerfileWriter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

TINY_LIMIT = 8  # files this short are written by the ``tiny`` archetype


def target_lines(rng: random.Random, quantiles: Sequence[tuple[float, int]] = pools.LINE_COUNT_QUANTILES) -> int:
    """Inverse-CDF draw from the piecewise-linear line-count curve."""
    u = rng.random()
    for (p0, n0), (p1, n1) in itertools.pairwise(quantiles):
        if u <= p1:
            frac = 0.0 if p1 == p0 else (u - p0) / (p1 - p0)
            return max(1, round(n0 + frac * (n1 - n0)))
    return quantiles[-1][1]


def generate_one(seed: int, index: int) -> tuple[str, str]:
    """(archetype name, Dockerfile text) for file ``index`` of corpus ``seed``."""
    rng = random.Random(f"dockeropt-bench:{seed}:{index}")
    target = target_lines(rng)
    kind: Callable[[DockerfileWriter], None] = archetypes.tiny
    if target > TINY_LIMIT:
        kinds = archetypes.ARCHETYPES
        kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
    writer = DockerfileWriter(rng, target)
    kind(writer)
    return kind.__name__, writer.text()


def file_name(index: int, kind: str) -> str:
    return f"{index:04d}-{kind.replace('_', '-')}.Dockerfile"


def write_corpus(out: Path, count: int, seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        kind, text = generate_one(seed, index)
        path = out / file_name(index, kind)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


FEATURES = {
    "multi_stage": re.compile(r"(?ms)^FROM\b.*^FROM\b"),
    "heredoc": re.compile(r"(?m)^(RUN|COPY|ADD)\b[^\n]*<<-?['\"]?[A-Za-z]"),
    "copy_from": re.compile(r"(?m)^COPY --from="),
    "run_mount": re.compile(r"(?m)^RUN --mount="),
    "syntax_directive": re.compile(r"\A# syntax="),
    "escape_directive": re.compile(r"\A# escape="),
    "torch": re.compile(r"\btorch\b"),
    "tensorflow": re.compile(r"\btensorflow\b"),
    "apt": re.compile(r"apt-get install"),
    "apk": re.compile(r"apk add"),
    "pip": re.compile(r"pip3? install"),
    "npm": re.compile(r"\bnpm (ci|install)\b"),
}


def line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def quantile(sorted_values: Sequence[int], p: float) -> int:
    return sorted_values[min(len(sorted_values) - 1, round(p * (len(sorted_values) - 1)))]


def summarize(paths: Sequence[Path]) -> dict[str, object]:
    lengths: list[int] = []
    kinds: dict[str, int] = {}
    features = dict.fromkeys(FEATURES, 0)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lengths.append(line_count(text))
        kind = path.name.split("-", 1)[1].removesuffix(".Dockerfile")
        kinds[kind] = kinds.get(kind, 0) + 1
        for name, pattern in FEATURES.items():
            features[name] += bool(pattern.search(text))
    lengths.sort()
    return {
        "files": len(paths),
        "lines_total": sum(lengths),
        "line_quantiles": {f"p{int(p * 100)}": quantile(lengths, p) for p in (0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1)},
        "archetypes": dict(sorted(kinds.items())),
        "features": features,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write the Dockerfiles into")
    parser.add_argument("-n", "--count", type=int, default=1000, help="number of files (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.count, args.seed)
    summary = summarize(paths)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"wrote {summary['files']} Dockerfiles ({summary['lines_total']} lines) to {args.out}")
        for key in ("line_quantiles", "archetypes", "features"):
            print(f"{key}: " + ", ".join(f"{k}={v}" for k, v in summary[key].items()))  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
