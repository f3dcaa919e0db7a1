"""DO503 heavy-install-with-app: heavy ML installs in the same image as the application's sources."""

from __future__ import annotations

from dockeropt.analysis.installs import heavy_installs
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.finding import Impact, Severity
from dockeropt.knowledge.heavy import table_source, total
from dockeropt.units import format_size_range


class HeavyInstallWithApp(Rule):
    id = "DO503"
    name = "heavy-install-with-app"
    category = Category.ML
    severity = Severity.INFO
    summary = "Heavy ML packages are installed in the same image as the app's sources: move them into a base image"
    docs = """
The stage that ships the application's sources also installs gigabytes of ML packages. On a CI
runner without a warm layer cache (most hosted runners) every build downloads and installs them
again, and when the install comes *after* the sources, every code change invalidates it even
with a cache.

**Fix**: keep the heavy, rarely changing installs in a base image that CI rebuilds only when the
dependencies change, and build the application on top of it: `dockeropt split Dockerfile -o
docker/` writes `base.Dockerfile` (tagged by a hash of its inputs) and a thin `target.Dockerfile`.
Sizes from dockeropt's heavy-package table (docs/knowledge.md).
"""
    bad_example = """\
FROM python:3.11-slim
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1
COPY . /app
CMD ["python", "/app/serve.py"]
"""
    good_example = """\
# base.Dockerfile, built only when it changes
FROM python:3.11-slim
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1

# target.Dockerfile
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY . /app
CMD ["python", "/app/serve.py"]
"""

    trigger_instructions = ("COPY", "ADD")
    trigger_words = ("pip", "uv", "conda", "mamba")

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for found in heavy_installs(ctx):
            stage = graph.stage(found.inst)
            if stage is None or not graph.ships(found.inst):
                continue
            sources = [
                i
                for s in graph.shipped_stages()
                for i in s.instructions
                if i.name in ("COPY", "ADD")
                and i.flag("from") is None
                and any(a.value in (".", "./") for a in i.args[:-1])
            ]
            if not sources:
                continue
            installed = total(found.packages, "installed")
            after = [s for s in sources if s.index < found.inst.index]
            when = (
                f"after the sources are copied (line {after[-1].start_line}): every code change reinstalls them"
                if after
                else f"in the same image as the sources (line {sources[0].start_line}): CI runners without a warm "
                "cache reinstall them on every build"
            )
            ctx.report(
                self,
                found.rs.command_span(found.op.command),
                f"{', '.join(found.names)} (~{format_size_range(*installed)} installed) are installed {when}; "
                "move them into a base image (dockeropt split)",
                impact=Impact(
                    bytes_low=installed[0],
                    bytes_high=installed[1],
                    rebuild="reinstalled on every uncached build",
                    source=table_source(),
                ),
            )
