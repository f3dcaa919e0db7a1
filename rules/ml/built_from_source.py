"""DO504 built-from-source: heavy native packages compiled during the build."""

from __future__ import annotations

from dockeropt.analysis.installs import HeavyInstall, heavy_installs
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.finding import Impact, Severity
from dockeropt.knowledge.heavy import COMPILE_SWITCHES, table_source
from dockeropt.units import format_size_range

_MUSL_HINTS = ("alpine", "musl")
_BUILD_TOOLS = frozenset({"make", "ninja", "cmake"})


def _is_musl(image: str) -> bool:
    low = image.lower()
    return any(h in low for h in _MUSL_HINTS)


class BuiltFromSource(Rule):
    id = "DO504"
    name = "built-from-source"
    category = Category.ML
    severity = Severity.WARNING
    summary = "Heavy native packages are compiled during the build (no wheels for the platform, or unbounded jobs)"
    docs = """
Three ways a build ends up compiling large C++/CUDA code, taking tens of minutes and gigabytes
of memory per compiler process:

- **Alpine (musl)**: PyPI has no musllinux wheels for torch, tensorflow, opencv, lightgbm, xgboost,
  jaxlib … so pip builds them from source, or fails. Use a Debian/Ubuntu-based image
  (`python:3.12-slim`), where the manylinux wheels install in seconds.
- **Source-only packages** (detectron2, flash-attn, deepspeed ops, fbprophet): they compile at
  install time. Bound the parallelism (`MAX_JOBS=2`), or install a prebuilt wheel.
- **Unbounded parallel builds**: `make -j` without a number starts as many jobs as there are
  targets; `ninja` and PyTorch's extension builder use every core. Each C++ job can take 1-2 GB:
  on a 2-core, 4 GB CI runner the build is OOM-killed. Use `make -j2` or `MAX_JOBS=2`.

Estimates from dockeropt's heavy-package table (docs/knowledge.md).
"""
    bad_example = """\
FROM python:3.12-alpine
RUN apk add --no-cache build-base && pip install --no-cache-dir lightgbm==4.5.0
"""
    good_example = """\
FROM python:3.12-slim
RUN pip install --no-cache-dir lightgbm==4.5.0
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("pip", "uv", "conda", "mamba", "make")

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for found in heavy_installs(ctx):
            stage = graph.stage(found.inst)
            if stage is None:
                continue
            bases = [s.base_resolved for s in graph.shipped_stages(stage)] or [stage.base_resolved]
            no_wheels = [p for p in found.packages if not p.musl_wheels] if any(_is_musl(b) for b in bases) else []
            source_only = [p for p in found.packages if p.builds_from_source and _compiles_now(ctx, found, p.name)]
            bounded = "MAX_JOBS" in found.op.command.assignments or "MAX_JOBS" in ctx.graph.state(found.inst).env
            targets = no_wheels + [p for p in source_only if p not in no_wheels and not bounded]
            if not targets:
                continue
            peak_high = max(p.peak[1] for p in targets)
            why = (
                f"the base ({stage.base_resolved}) uses musl, and PyPI has no musllinux wheels"
                if no_wheels
                else "it has no wheels and compiles at install time; bound it with MAX_JOBS=2"
            )
            ctx.report(
                self,
                found.rs.command_span(found.op.command),
                f"{', '.join(p.name for p in targets)} will be compiled from source: {why} "
                f"(peak memory up to ~{format_size_range(None, peak_high)})",
                impact=Impact(memory_high=peak_high, source=table_source()),
            )
        for rs in ctx.all_scripts():
            for cmd in rs.script.find("make"):
                words = [w.text for w in cmd.args]
                unbounded = any(
                    w in ("-j", "--jobs")
                    and not (i + 1 < len(words) and (words[i + 1].isdigit() or "$" in words[i + 1]))
                    for i, w in enumerate(words)
                )
                if unbounded and "MAKEFLAGS" not in ctx.graph.state(rs.inst).env and "MAKEFLAGS" not in cmd.assignments:
                    ctx.report(
                        self,
                        rs.command_span(cmd),
                        "`make -j` without a number starts every job at once: on a small CI runner the compile "
                        "is OOM-killed; use `make -j$(nproc)` or a fixed `-j2`",
                        impact=Impact(rebuild="peak memory grows with the number of parallel compile jobs"),
                    )


def _compiles_now(ctx: CheckContext, found: HeavyInstall, name: str) -> bool:
    """Whether the install compiles the package: always, or when its build switch is on
    (``DS_BUILD_OPS=1 pip install deepspeed``; without it DeepSpeed compiles its ops at run time)."""
    prefix = COMPILE_SWITCHES.get(name)
    if prefix is None:
        return True
    env = {**ctx.graph.state(found.inst).env, **found.op.command.assignments}
    return any(k.startswith(prefix) and str(v).strip("'\"") not in ("", "0") for k, v in env.items())
