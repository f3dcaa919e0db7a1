"""Pathological inputs: does ten times the input take about ten times the time?

    python -m bench.scaling [--only NAME,...] [--runs 3] [--json]

Each case is generated at size n and 10n and checked in this process (``check_text`` with every
default rule, as ``dockeropt check`` runs it); the figure is CPU time, best of ``--runs``, so other
processes on the machine count as little as possible. The large sizes are the issue's targets: a
10 MB file, a 100,000-line continuation, 10,000 heredocs, deeply nested ``${}``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# A realistic 40-line build, repeated to make a big file (every instruction kind the rules look at).
REALISTIC_UNIT = """\
# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \\
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends \\
        build-essential \\
        libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --prefix=/install -r requirements.txt
COPY . .
RUN python -m compileall -q . && make -j"$(nproc)" wheels
RUN <<EOF
set -eu
mkdir -p /out
cp -r dist /out/
EOF
FROM python:${PYTHON_VERSION}-slim
LABEL org.opencontainers.image.source="https://example.com/app"
RUN useradd --create-home --uid 1000 app
COPY --from=build /install /usr/local
COPY --from=build --chown=app:app /out/dist /app/dist
WORKDIR /app
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz \\
    && tar -xzf /tmp/tool.tgz -C /usr/local/bin \\
    && rm /tmp/tool.tgz
ENV PATH=/app/bin:$PATH
EXPOSE 8000
HEALTHCHECK --interval=30s CMD curl -fs http://localhost:8000/health || exit 1
USER app
CMD ["gunicorn", "app:create_app()", "--bind", "0.0.0.0:8000"]
"""

# name -> (make(n), n, what n counts); the second size is 10n
CASES: dict[str, tuple[Callable[[int], str], int, str]] = {
    "realistic file": (lambda n: REALISTIC_UNIT * max(1, n // len(REALISTIC_UNIT)), 1_000_000, "bytes"),
    "long continuation": (lambda n: "FROM a\nRUN echo \\\n" + "  word \\\n" * n + "  end\n", 10_000, "lines"),
    "many heredocs": (
        lambda n: "FROM a\n" + "".join(f"RUN <<EOF{i}\necho {i}\nEOF{i}\n" for i in range(n)),
        1_000,
        "heredocs",
    ),
    "many ENV keys": (lambda n: "FROM a\n" + "".join(f"ENV K{i}=v{i} L{i}=$K{i}\n" for i in range(n)), 1_000, "keys"),
    # BuildKit's lexer refuses nesting beyond a bound (so do we, at 64 levels): 6 -> 60 levels
    "deeply nested ${}": (lambda n: "FROM a\nARG X=1\nENV Y=" + "${X:-" * n + "z" + "}" * n + "\n", 6, "levels"),
    "many stages": (
        lambda n: "".join(f"FROM alpine AS s{i}\nCOPY --from=s{max(i - 1, 0)} /a /a\n" for i in range(n)),
        300,
        "stages",
    ),
}


def cpu_time(text: str, runs: int = 3) -> float:
    """Seconds of CPU to check ``text``, best of ``runs`` (the shell analysis cache emptied each time)."""
    from dockeropt.engine.check import check_text
    from dockeropt.shell import parse as shell_parse

    best = float("inf")
    for _ in range(runs):
        shell_parse._cache.clear()
        start = time.process_time()
        check_text(text, "Dockerfile", ignore=["DO100"])  # ShellCheck runs apart: its time is its own
        best = min(best, time.process_time() - start)
    return best


def measure(name: str, runs: int = 3, scale: float = 1.0) -> dict[str, object]:
    """One case at n and 10n (``scale`` shrinks n, for quick runs)."""
    make, n, unit = CASES[name]
    cpu_time("FROM a\nRUN true\n", 1)  # warm up: the first check imports the rules and tree-sitter
    small_n = max(1, int(n * scale))
    small, large = make(small_n), make(small_n * 10)
    t_small, t_large = cpu_time(small, runs), cpu_time(large, runs)
    return {
        "case": name,
        "sizes": [small_n, small_n * 10],
        "unit": unit,
        "bytes": [len(small.encode()), len(large.encode())],
        "cpu_ms": [round(t_small * 1000, 1), round(t_large * 1000, 1)],
        "ratio": round(t_large / t_small, 2) if t_small > 0 else None,
    }


def render(results: list[dict[str, object]]) -> str:
    lines = [f"{'pathological input':<22}{'size (x10)':>22}{'cpu ms':>20}{'ratio':>8}"]
    for r in results:
        sizes = r["sizes"]
        cpu = r["cpu_ms"]
        assert isinstance(sizes, list) and isinstance(cpu, list)
        size = f"{sizes[0]:,} -> {sizes[1]:,} {r['unit']}"
        lines.append(f"{r['case']:<22}{size:>22}{f'{cpu[0]:.1f} -> {cpu[1]:.1f}':>20}{r['ratio']!s:>8}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",")] if args.only else list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    results = [measure(name, args.runs) for name in names]
    sys.stdout.write(json.dumps(results, indent=2) + "\n" if args.json else render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
