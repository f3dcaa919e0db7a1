"""DO701 build-step-memory: a build step's estimated peak memory against the CI runner's limit."""

from __future__ import annotations

from dockeropt.analysis.memory import CLOSE, FITS, OVER, enforced_limit, estimate_steps, step_verdict
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.finding import Impact, Severity
from dockeropt.units import format_memory, format_memory_range


def _fixes(reason: str) -> str:
    if "pip installing" in reason and "cache on" in reason:
        return "add --no-cache-dir (or a cache mount), use CPU-only wheels, or move the install into a base image"
    if "pip installing" in reason:
        return "install the heaviest packages in a step of their own or in a base image, and use CPU-only wheels"
    if "compile" in reason or "make" in reason or "cargo" in reason or "core" in reason:
        return "bound the parallelism (make -j2, MAX_JOBS=2, CARGO_BUILD_JOBS=2)"
    if "Node" in reason or "front-end" in reason:
        return "bound Node's heap (ENV NODE_OPTIONS=--max-old-space-size=1536)"
    if "solver" in reason:
        return "use mamba/micromamba, or an environment lock file"
    return "split the step, or move it into a base image"


class BuildStepMemory(Rule):
    id = "DO701"
    name = "build-step-memory"
    category = Category.MEMORY
    severity = Severity.WARNING
    summary = "A build step's estimated peak memory exceeds (or nears) the CI runner's memory limit"
    docs = """
`Container 'docker' exceeded memory limit` (Bitbucket Pipelines), `cannot allocate memory`, and
pip or a compiler `Killed` halfway: the build ran out of the memory its CI machine gives it.
dockeropt finds that limit — `--memory 4g`, `memory = "4g"` in the configuration, or the CI
configuration next to the Dockerfile (`bitbucket-pipelines.yml`: the docker service's memory,
1024 MB unless set; GitHub Actions runner labels; GitLab hosted-runner tags; `docker build -m`
in scripts, which only the legacy builder, `DOCKER_BUILDKIT=0`, enforces) — estimates each
RUN's peak (heavy pip wheels, compiles and their parallelism, front-end builds, conda's
solver …; see docs/memory.md) and reports the steps that go over it
(warning) or come within 20% of it (info). When the limit is itself inferred (a GitHub-hosted
label in a repository whose visibility is unknown: 7 GB assumed, where public repositories get
16 GB) and only the high end of the estimate goes over it, the finding is info.
`dockeropt check --explain-memory` lists every step with its estimate, highest first.

**Fix** what makes the step heavy (the message says which): `--no-cache-dir` or a cache mount,
CPU-only wheels, `make -j2` / `MAX_JOBS=2`, `NODE_OPTIONS=--max-old-space-size=…`, a heavy
install in a step of its own or in a base image (`dockeropt split`) — or raise the CI setting
(for Bitbucket: `definitions.services.docker.memory`, or `size: 2x`, which costs twice the build
minutes).
"""
    bad_example = """\
# bitbucket-pipelines.yml runs `docker build .` with the docker service's default 1024 MB
FROM python:3.11-slim
RUN pip install torch==2.3.1
"""
    good_example = """\
FROM python:3.11-slim
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1
"""

    def check(self, ctx: CheckContext) -> None:
        limit = ctx.memory_limit()
        for refusal in limit.refused if limit is not None else ():
            first = ctx.dockerfile.instructions[0] if ctx.dockerfile.instructions else None
            if first is not None:
                ctx.report(
                    self,
                    first.keyword_span,
                    f"{refusal}: the memory limit it may set for this build is unknown",
                    severity=Severity.WARNING,
                )
        # BuildKit accepts `docker build --memory` and ignores it: nothing kills the build at that figure
        enforced = enforced_limit(limit)
        if limit is None or enforced is None:
            return
        for step in estimate_steps(ctx):
            judged = step_verdict(step.low, step.high, enforced)
            if judged == FITS:
                continue
            over = judged == OVER
            may = judged != CLOSE
            verdict = "exceeds" if over else ("may exceed" if may else "comes close to")
            raise_hint = f"; or {limit.raise_hint}" if limit.raise_hint and may else ""
            span = step.inst.keyword_span
            ctx.report(
                self,
                span,
                f"estimated peak ~{format_memory_range(step.low, step.high)} ({step.reason}) {verdict} the "
                f"{format_memory(enforced)} limit of {limit.source}: {_fixes(step.reason)}{raise_hint}",
                impact=Impact(memory_low=step.low, memory_high=step.high, source="dockeropt memory estimates"),
                # a limit that is itself a guess, reached only by the estimate's high end: a note
                severity=Severity.WARNING if over or (may and limit.confidence != "inferred") else Severity.INFO,
            )
