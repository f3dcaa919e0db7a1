"""DO604 single-stage-build: a single-stage Dockerfile compiles its artifacts in the image it ships."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Impact, Rule, Severity
from dockeropt.rewrite.multistage import conversion

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command


def build_step(cmd: Command) -> str | None:
    """What kind of build ``cmd`` is, if it produces artifacts from sources."""
    name = cmd.name
    words = [w.text for w in cmd.args]
    first = next((w for w in words if not w.startswith("-")), "")
    if name == "go" and first == "build":
        return "go build"
    if name == "cargo" and first in ("build", "install"):
        return f"cargo {first}"
    if name in ("npm", "pnpm") and first in ("run", "run-script") and "build" in words:
        return f"{name} run build"
    if name == "yarn" and ("build" in words[:2]):
        return "yarn build"
    if name in ("mvn", "mvnw", "./mvnw") and any(w in ("package", "install", "verify") for w in words):
        return "mvn package"
    if name in ("gradle", "gradlew", "./gradlew") and any(w in ("build", "assemble", "bootJar", "jar") for w in words):
        return "gradle build"
    if name == "dotnet" and first in ("publish", "build"):
        return f"dotnet {first}"
    if name in ("pip", "pip3") and first == "wheel":
        return "pip wheel"
    if name in ("rustc", "javac", "tsc"):
        return name
    return None  # make/gcc builds that install their compiler are DO603's (and often purge it)


class SingleStageBuild(Rule):
    id = "DO604"
    name = "single-stage-build"
    category = Category.MULTISTAGE
    severity = Severity.INFO
    summary = "A single-stage build compiles in the image it ships: use a builder and a runtime stage"
    docs = """
This Dockerfile builds its artifacts (`go build`, `cargo build`, `npm run build`, `mvn package`,
`pip wheel`, `make` …) in the same stage it ships. The final image then carries the compiler,
the sources, intermediate objects and the build caches — often ten times the size of what
runs.

**Fix**: split into a builder stage that compiles and a runtime stage that starts from a small
base and copies only the artifacts (`COPY --from=build /out/app /usr/local/bin/app`). For Go and
Rust static binaries the runtime can be `gcr.io/distroless/static` or even `scratch`; for a
front-end, copy `dist/` into an nginx or node runtime; for Python, build wheels or a virtualenv
and copy them.

`dockeropt fix --unsafe` makes that split itself where the artifact is known exactly — `go build
-o PATH`, `pip wheel -w DIR`, `dotnet publish -o DIR` with a literal path, run as root in a RUN
that does nothing else (`cd`, `export` and the build tool aside), in a one-stage file whose
instructions after the build only set configuration: the stage up to the
build becomes `build`, and a runtime stage from the same base image repeats the stage's ENV, ARG,
WORKDIR, LABEL … in order and copies the artifact to the same path. The image keeps its program
and its config, and loses what the build installed, copied and cached (proven by building: a Go
build on Debian went from 728 MiB to 117 MiB of files, the binary byte for byte the same). It is
unsafe because a program may need a file the build left behind; a slimmer runtime base
(distroless, scratch) stays your choice.
"""
    bad_example = """\
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/api ./cmd/api
CMD ["api"]
"""
    good_example = """\
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/api /api
CMD ["/api"]
"""

    trigger_instructions = ("RUN",)

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        target = graph.target
        if target is None:
            return
        if any(e.source_stage is not None for s in graph.shipped_stages() for e in s.parents if e.kind != "from"):
            return  # the final image already copies from another stage: it is multi-stage
        for stage in graph.shipped_stages():
            for inst in stage.instructions:
                if inst.name != "RUN":
                    continue
                for rs in ctx.run_scripts(inst):
                    for cmd in rs.script.commands:
                        kind = build_step(cmd)
                        if kind is None:
                            continue
                        ctx.report(
                            self,
                            target.from_inst.span,
                            f"this single-stage build runs `{kind}` (line {inst.start_line}) in the image it ships: "
                            "the compiler, sources and build caches ship too; build in a builder stage and copy "
                            "only the artifacts into a slim runtime stage",
                            conversion(ctx, stage, inst, cmd) if stage is target else None,
                            impact=Impact(rebuild="toolchain and build intermediates ship in the image"),
                        )
                        return
