"""Estimate each build step's peak memory, as a range with its reasons.

The estimate of a RUN is its most demanding command (commands run one after another), from:
- pip: the heavy-package table (pip's cache on or off); otherwise 100-300 MB, more with the
  resolver on many packages;
- apt/apk/dnf: 100-400 MB (package lists and dpkg's database in memory);
- npm/yarn/pnpm install: 300 MB-1.5 GB; front-end builds (``npm run build``): Node's default heap
  (up to ~2-4 GB on 64-bit) unless ``NODE_OPTIONS=--max-old-space-size`` bounds it;
- conda: its solver, 1-3 GB (mamba/micromamba 0.3-1 GB);
- compiles: 0.3-1.5 GB per parallel C/C++ job: ``make -jN`` counts N jobs, a bare ``-j`` or
  ``ninja``/``cargo`` use every core (``cores`` below, 2-4 on hosted CI); ``MAX_JOBS`` bounds
  PyTorch extension builds; JVM builds take 1/4 of the machine by default.
These are estimates for planning, not measurements: real peaks depend on the packages' versions
and on what else runs on the machine.
"""

from __future__ import annotations

import re

from dockeropt.ci.limits import find_memory_limit as find_in_ci
from dockeropt.ci.model import MemoryLimit
from dockeropt.lazyre import lazy_compile
from dockeropt.units import GIB, MIB, parse_docker_size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.facts import Facts
    from dockeropt.shell.model import Command
    from dockeropt.syntax.nodes import Instruction

CORES = (2, 4)  # hosted CI runners
_JOB = (300 * MIB, 1536 * MIB)  # one C/C++ compile job
_HEAP = lazy_compile(r"--max-old-space-size[= ](\d+)")


def find_memory_limit(
    dockerfile: str, explicit: str | None = None, configured: str | None = None
) -> MemoryLimit | None:
    """The memory limit of the build of ``dockerfile``, in order: ``--memory`` (``explicit``),
    ``memory`` in the configuration, then what the CI configuration next to the Dockerfile says
    (:func:`dockeropt.ci.limits.find_memory_limit`: Bitbucket Pipelines, GitHub Actions, GitLab CI,
    ``docker build --memory`` in scripts and Makefiles)."""
    if configured and not explicit:
        return MemoryLimit(parse_docker_size(configured), f"memory = {configured!r} in the configuration", "explicit")
    return find_in_ci(dockerfile, explicit or None)


class StepEstimate:
    __slots__ = ("command", "high", "inst", "low", "reason")

    def __init__(self, inst: Instruction, low: int, high: int, reason: str, command: Command | None) -> None:
        self.inst = inst
        self.low = low
        self.high = high
        self.reason = reason
        self.command = command


def _jobs(cmd: Command, env: dict[str, str]) -> tuple[int, int] | None:
    words = [w.text for w in cmd.args]
    for i, w in enumerate(words):
        if w.startswith("-j") and w[2:].isdigit():
            return int(w[2:]), int(w[2:])
        if w in ("-j", "--jobs"):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt.isdigit():
                return int(nxt), int(nxt)
            if "$" in nxt or "`" in nxt:
                return CORES  # -j "$(nproc)": one job per core
            return CORES[0] * 2, CORES[1] * 4  # unbounded: as many jobs as there are targets
        if w.startswith("-j") and ("$" in w or "`" in w):
            return CORES
    flags = env.get("MAKEFLAGS", "") + " " + cmd.assignments.get("MAKEFLAGS", "")
    m = re.search(r"-j\s*(\d+)", flags)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None


def _command_estimate(cmd: Command, env: dict[str, str]) -> tuple[int, int, str] | None:
    name = cmd.name
    words = [w.text for w in cmd.args]
    if name == "make":
        jobs = _jobs(cmd, env) or (1, 1)
        return jobs[0] * _JOB[0], jobs[1] * _JOB[1], f"make with {jobs[0]}-{jobs[1]} parallel compile job(s)"
    if name in ("ninja", "cmake") and ("--build" in words or name == "ninja"):
        jobs = _jobs(cmd, env) or CORES
        return jobs[0] * _JOB[0], jobs[1] * _JOB[1], f"{name} runs one compile job per core ({jobs[0]}-{jobs[1]})"
    if name == "cargo" and words[:1] in (["build"], ["install"]):
        jobs = _jobs(cmd, env) or CORES
        return jobs[0] * 500 * MIB, jobs[1] * 2 * GIB, "cargo compiles one crate per core"
    if name == "go" and words[:1] == ["build"]:
        return 300 * MIB, 1536 * MIB, "go build"
    if name in ("mvn", "gradle") or name.endswith(("mvnw", "gradlew")):
        return 512 * MIB, 2 * GIB, f"{name}: the JVM takes up to 1/4 of the machine by default"
    if name in ("npm", "yarn", "pnpm") and "build" in words[:2]:
        options = env.get("NODE_OPTIONS", "") + " " + cmd.assignments.get("NODE_OPTIONS", "")
        m = _HEAP.search(options)
        if m:
            heap = int(m.group(1)) * MIB
            return heap // 2, heap + 300 * MIB, f"a front-end build with --max-old-space-size={m.group(1)}"
        return 1 * GIB, 4 * GIB, f"{name} build: Node's default heap grows to 2-4 GB on 64-bit"
    if name in ("gcc", "g++", "cc", "c++", "clang", "clang++"):
        return _JOB[0], _JOB[1], "one C/C++ compile"
    return None


def estimate_steps(ctx: Facts) -> list[StepEstimate]:
    """Each RUN's estimated peak memory (cached for the check)."""
    return ctx.memo("memory_estimates", lambda: _estimate_steps(ctx))


def _estimate_steps(ctx: Facts) -> list[StepEstimate]:
    # (imported here: the heavy-package tables are read only when some limit is known)
    from dockeropt.analysis.installs import heavy_installs
    from dockeropt.knowledge.heavy import total

    heavy = {id(h.op): h for h in heavy_installs(ctx)}
    out: list[StepEstimate] = []
    for inst in ctx.runs():
        env = ctx.graph.state(inst).env
        best: StepEstimate | None = None
        for rs in ctx.run_scripts(inst):
            candidates: list[tuple[int, int, str, Command | None]] = [
                (30 * MIB, 100 * MIB, "a shell and small tools", None)
            ]
            for op in rs.script.packages:
                h = heavy.get(id(op))
                if h is not None:
                    field = "peak" if h.cache_on else "peak_no_cache"
                    low, high = total(h.packages, field)
                    bounded = "MAX_JOBS" in op.command.assignments or "MAX_JOBS" in env
                    if bounded:
                        high = min(high, 4 * GIB)
                    cache = "with pip's cache on" if h.cache_on else "with --no-cache-dir"
                    candidates.append((low, high, f"pip installing {', '.join(h.names)} {cache}", op.command))
                elif op.manager in ("pip", "uv") and op.action == "install":
                    n = len(op.packages) + 10 * len(op.files)
                    candidates.append(
                        (100 * MIB, (300 if n < 20 else 800) * MIB, "pip resolving and installing", op.command)
                    )
                elif op.manager in ("apt", "apk", "dnf", "yum", "microdnf", "zypper") and op.action == "install":
                    candidates.append((100 * MIB, 400 * MIB, f"{op.manager} install", op.command))
                elif op.manager in ("npm", "yarn", "pnpm") and op.action == "install":
                    candidates.append((300 * MIB, 1536 * MIB, f"{op.manager} install", op.command))
                elif op.manager == "conda" and op.action == "install":
                    tool = op.command.name
                    if tool in ("mamba", "micromamba"):
                        candidates.append((300 * MIB, 1 * GIB, f"{tool}'s solver", op.command))
                    else:
                        candidates.append((1 * GIB, 3 * GIB, "conda's solver", op.command))
            for cmd in rs.script.commands:
                found = _command_estimate(cmd, env)
                if found is not None:
                    candidates.append((found[0], found[1], found[2], cmd))
            low, high, reason, command = max(candidates, key=lambda c: (c[1], c[0]))
            if best is None or high > best.high:
                best = StepEstimate(inst, low, high, reason, command)
        if best is not None:
            out.append(best)
    return out


# -- verdicts and the picture of a build's memory --------------------------------------------------

WARNING_BAND = 0.8  # a step whose high estimate passes this share of the limit comes close to it
OVER, MAY_EXCEED, CLOSE, FITS = "over", "may exceed", "close", "fits"


def enforced_limit(limit: MemoryLimit | None) -> int | None:
    """The limit in bytes when one is known and enforced (BuildKit ignores ``docker build --memory``)."""
    if limit is None or limit.bytes is None or limit.confidence == "not-enforced":
        return None
    return limit.bytes


def step_verdict(low: int, high: int, limit: int) -> str:
    """``over`` (even the low estimate passes the limit), ``may exceed``, ``close`` (within 20 %) or ``fits``."""
    if low > limit:
        return OVER
    if high > limit:
        return MAY_EXCEED
    return CLOSE if high > limit * WARNING_BAND else FITS


class StepPeak:
    """One build step's estimated peak, as reports show it (plain data)."""

    __slots__ = ("high", "instruction", "line", "low", "reason", "stage", "verdict")

    def __init__(self, line: int, instruction: str, stage: str, low: int, high: int, reason: str, verdict: str):
        self.line = line
        self.instruction = instruction
        self.stage = stage
        self.low = low
        self.high = high
        self.reason = reason
        self.verdict = verdict  # "" when no enforced limit is known

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "instruction": self.instruction,
            "stage": self.stage,
            "low": self.low,
            "high": self.high,
            "reason": self.reason,
            "verdict": self.verdict or None,
        }


class MemoryPicture:
    """Every RUN's estimated peak and the runner's limit, if known (plain data)."""

    __slots__ = ("limit", "steps")

    def __init__(self, limit: MemoryLimit | None, steps: list[StepPeak]) -> None:
        self.limit = limit
        self.steps = steps

    @property
    def enforced(self) -> int | None:
        return enforced_limit(self.limit)

    @property
    def verdict(self) -> str:
        """The worst step's verdict, ``limit unknown`` or ``no RUN steps``."""
        if not self.steps:
            return "no RUN steps"
        if self.enforced is None:
            return "limit unknown" if self.limit is None or self.limit.bytes is None else "limit not enforced"
        for verdict in (OVER, MAY_EXCEED, CLOSE):
            if any(step.verdict == verdict for step in self.steps):
                return verdict
        return FITS

    def as_dict(self) -> dict[str, object]:
        limit = self.limit
        return {
            "limit": None
            if limit is None
            else {"bytes": limit.bytes, "source": limit.source, "confidence": limit.confidence, "note": limit.note},
            "verdict": self.verdict,
            "steps": [step.as_dict() for step in self.steps],
        }


def memory_picture(ctx: Facts) -> MemoryPicture:
    """Each RUN's estimated peak, in file order, judged against the enforced limit when known."""
    limit = ctx.memory_limit()
    enforced = enforced_limit(limit)
    steps = []
    for step in estimate_steps(ctx):
        inst = step.inst
        stage = ctx.graph.stage(inst)
        text = " ".join(inst.original.split())
        verdict = step_verdict(step.low, step.high, enforced) if enforced is not None else ""
        steps.append(
            StepPeak(
                inst.start_line,
                text if len(text) <= 72 else text[:71].rstrip() + "…",
                stage.label if stage is not None else "",
                step.low,
                step.high,
                step.reason,
                verdict,
            )
        )
    return MemoryPicture(limit, steps)
