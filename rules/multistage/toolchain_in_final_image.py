"""DO603 toolchain-in-final-image: compilers and headers installed in the image that ships."""

from __future__ import annotations

from dockeropt.analysis.stages import named_as_tool_image
from dockeropt.api import Category, CheckContext, Impact, Rule, Severity
from dockeropt.knowledge.package_sizes import NAMED_SOURCE, toolchain_size
from dockeropt.knowledge.runtimes import toolchain_packages

_OS_MANAGERS = ("apt", "apk", "dnf", "yum", "microdnf", "zypper")


class ToolchainInFinalImage(Rule):
    id = "DO603"
    name = "toolchain-in-final-image"
    category = Category.MULTISTAGE
    severity = Severity.WARNING
    summary = "Compilers, headers or build tools are installed in the final image"
    docs = """
Compilers (`build-essential`, `gcc`, `build-base`), headers (`*-dev`, `*-devel`), JDKs, Go and
Rust toolchains are needed to *build*, not to *run*. Left in the final image they add
hundreds of megabytes, a larger attack surface, and more CVEs for scanners to report.

**Fix**: build in a separate stage and copy only the results into a slim runtime stage:

```dockerfile
FROM python:3.12 AS build
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
```

or, when a single stage must stay, remove them in the same RUN that used them
(`apk add --virtual .build-deps … && … && apk del .build-deps`).

The finding is a warning when the file already builds in another stage and copies the results
into the final image (`COPY --from=build`): the author meant the final image to be a runtime, and
the toolchain leaked into it (often through a shared base stage), unless the file's path or the
final stage's name says it is a development, SDK, CI, test or builder image (`Dockerfile.sdk`,
`.devcontainer/`, `AS dev`). Otherwise it is info: reviewed
on real Dockerfiles, most single-purpose images with compilers were development, SDK, CI,
cross-compilation or builder images, where the toolchain is the point, and the file cannot say so.
"""
    bad_example = """\
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir psycopg2==2.9.9
"""
    good_example = """\
FROM python:3.12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev
RUN pip wheel --no-cache-dir --wheel-dir /wheels psycopg2==2.9.9

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apt", "apk", "dnf", "yum", "zypper")

    def check(self, ctx: CheckContext) -> None:
        # Development, SDK, CI and builder images ship their compilers on purpose, and a Dockerfile
        # does not say which kind it is. A file that builds in another stage and copies the results
        # into the final image has said it: there, a toolchain left in the final image is a warning.
        split = _splits_build_from_runtime(ctx)
        severity = Severity.WARNING if split and not named_as_tool_image(ctx.path, ctx.graph.target) else Severity.INFO
        for rs in ctx.shipped_scripts():
            removals = rs.script.package_ops(_OS_MANAGERS, "remove")
            if any(
                op.subcommand in ("autoremove", "autopurge")
                or op.has("auto-remove", "autoremove")
                or any("$" in p.spec for p in op.packages)
                for op in removals
            ):
                continue  # build deps marked auto and purged, or removed through a variable
            removed = {p.name for op in removals for p in op.packages}
            virtual_removed = removed
            for op in rs.script.package_ops(_OS_MANAGERS, "install"):
                virtual = op.command.option_value("-t", "--virtual")
                if virtual and virtual in virtual_removed:
                    continue
                names = [p.name for p in op.packages if p.name not in removed]
                tools = toolchain_packages(names)
                if not tools:
                    continue
                low, high = toolchain_size(tools)
                ctx.report(
                    self,
                    rs.command_span(op.command),
                    f"{', '.join(tools)} stay{'s' if len(tools) == 1 else ''} in the final image: build in a "
                    "separate stage and copy only the results, or remove them in the same RUN",
                    impact=Impact(bytes_low=low, bytes_high=high, source=NAMED_SOURCE),
                    severity=severity,
                )


def _splits_build_from_runtime(ctx: CheckContext) -> bool:
    """The final image copies files from (or mounts) a stage outside its own FROM chain."""
    graph = ctx.graph
    shipped = graph.shipped_stages()
    return any(
        e.kind != "from" and e.source_stage is not None and e.source_stage not in shipped
        for stage in shipped
        for e in stage.parents
    )
