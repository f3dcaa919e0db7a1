"""DO604 single-stage-build: a single-stage Dockerfile compiles its artifacts in the image it ships."""

from __future__ import annotations

from dockeropt.analysis.stages import named_as_tool_image
from dockeropt.api import Category, CheckContext, Impact, Rule, Severity
from dockeropt.knowledge.runtimes import C_COMPILERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.graph.model import Stage
    from dockeropt.shell.model import Command, Script
    from dockeropt.syntax.nodes import Instruction

_REMOVES = ("apt", "apk", "dnf", "yum", "microdnf", "zypper")


def build_step(cmd: Command, script: Script | None = None) -> str | None:
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
    if name in ("rustc", "javac", "tsc") and any(not w.startswith("-") for w in words):
        return name  # (`javac --version` only checks the toolchain)
    if C_COMPILERS.match(name) or name in ("make", "gmake"):
        # a C build that removes its compiler in the same RUN is DO603's (clean-up done); objects
        # only (-c) are linked by a later command
        if script is not None and script.package_ops(_REMOVES, "remove"):
            return None
        if name in ("make", "gmake") or ("-o" in words and "-c" not in words):
            return name
    return None


def _pip_compiles(ctx: CheckContext, stage: Stage) -> tuple[Instruction, Command] | None:
    """The last ``pip install`` of ``stage`` when a C compiler installed before it stays in the stage
    (pip builds C extensions with it: a build whose compiler ships), else None."""
    from dockeropt.knowledge.runtimes import toolchain_of

    compiler = False
    found: tuple[Instruction, Command] | None = None
    for inst in stage.instructions:
        if inst.name != "RUN":
            continue
        for rs in ctx.run_scripts(inst):
            removed = {p.name for op in rs.script.package_ops(_REMOVES, "remove") for p in op.packages}
            for op in rs.script.package_ops(_REMOVES, "install"):
                compiler = compiler or any(toolchain_of("c", p.name) and p.name not in removed for p in op.packages)
            if rs.script.package_ops(_REMOVES, "remove") and compiler:
                return None  # the compiler is removed again: DO603's clean-up, not a build stage
            if not compiler:
                continue
            from dockeropt.rewrite.artifacts import pip_install_words  # (a big module: only with a compiler)

            for cmd in rs.script.commands:
                if pip_install_words(cmd) is not None:
                    found = (inst, cmd)
    return found


_TOOLCHAIN_FINAL = ("golang", "rust", "gcc", "buildpack-deps", "maven", "gradle", "mcr.microsoft.com/dotnet/sdk")
_JDK_IMAGES = ("eclipse-temurin", "openjdk", "amazoncorretto", "sapmachine")


def toolchain_image(stage: Stage) -> str | None:
    """The toolchain image a stage starts from (``golang:1.22``, ``maven:3.9``, a JDK), or None."""
    from dockeropt.analysis.image_ref import try_parse_image_ref
    from dockeropt.analysis.stages import external_base

    base = external_base(stage)
    ref = try_parse_image_ref(base) if base else None
    if ref is None:
        return None
    repository = ref.path.removeprefix("library/") if ref.domain == "docker.io" else f"{ref.domain}/{ref.path}"
    tag = ref.tag or "latest"
    if repository == "buildpack-deps" and tag.endswith(("curl", "scm")):
        return None  # the curl and scm variants have no compiler
    if repository in _TOOLCHAIN_FINAL or (repository in _JDK_IMAGES and "jre" not in tag):
        return base
    return None


class SingleStageBuild(Rule):
    id = "DO604"
    name = "single-stage-build"
    category = Category.MULTISTAGE
    severity = Severity.INFO
    summary = "A single-stage build compiles in the image it ships: use a builder and a runtime stage"
    fixable = True
    docs = """
This Dockerfile builds its artifacts (`go build`, `gcc -o`, `make install`, `cargo build`, `npm run
build`, `mvn package`, `dotnet publish`, `pip install` with a C compiler installed …) in the same
stage it ships. The final image then carries
the compiler, the sources, intermediate objects and the build caches — often ten times the size of
what runs. The rule also reports a multi-stage file whose final stage still starts from a toolchain
image (`golang`, `rust`, `gcc`, `maven`, `gradle`, a JDK, the .NET SDK).

**Fix**: split into a builder stage that compiles and a runtime stage that starts from a base
without the toolchain and copies only the artifacts (`COPY --from=build /out/app /usr/local/bin/app`).

`dockeropt fix --unsafe` makes that split itself where the artifact and the runtime's needs are
known exactly, and says in the fix's description why it chose the runtime base:

- the toolchain was installed in the stage (`apt-get install gcc`): the same base, with that
  install repeated without compilers, headers and build tools (libraries installed next to them
  stay; a JDK becomes its JRE);
- the base image is the toolchain: the OS it is built on, slim (`golang:1.22` is Debian bookworm:
  `debian:bookworm-slim`, with the CA bundle of the build stage), `eclipse-temurin:<N>-jre` for a
  jar, the .NET runtime or ASP.NET image for `dotnet publish`, `nginx` for a front end whose output
  nginx serves;
- a static binary (`CGO_ENABLED=0`, `-static`, a musl target): `gcr.io/distroless/static-debian12`
  when nothing needs a shell (a plain shell-form CMD becomes exec form), else the slim OS.

The configuration (ENV, ARG, WORKDIR, USER, LABEL, EXPOSE, CMD …) is repeated in order, user
set-up RUNs and files copied outside the build folder too. Where the output or the runtime's needs
cannot be known statically (no `-o`, a library linked without its runtime package, a CMD that runs
a program the runtime would not have, a RUN that runs an unknown program) the finding says why and
no fix is offered. docs/rewrites.md explains the choices; proven by building on Debian (Go, C, make,
Rust, a vite front end, a Python package pip compiles): the program byte for byte the same, the config
the same, the toolchain gone.
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
RUN CGO_ENABLED=0 go build -o /usr/local/bin/api ./cmd/api

FROM gcr.io/distroless/static-debian12
WORKDIR /src
COPY --from=build /usr/local/bin/api /usr/local/bin/api
CMD ["api"]
"""

    trigger_instructions = ("RUN",)

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        target = graph.target
        if target is None:
            return
        if any(e.source_stage is not None for s in graph.shipped_stages() for e in s.parents if e.kind != "from"):
            self._toolchain_runtime(ctx, target)  # multi-stage already: does the runtime stage still ship a compiler?
            return
        for stage in graph.shipped_stages():
            # a development, SDK, CI or test image keeps its compiler on purpose (as DO603 tells them)
            tool_image = named_as_tool_image(ctx.path, target)
            compiled = _pip_compiles(ctx, stage) if stage is target and not tool_image else None
            for inst in stage.instructions:
                if inst.name != "RUN":
                    continue
                if compiled is not None and inst is not compiled[0]:
                    continue  # the last RUN that installs with pip is the build
                for rs in ctx.run_scripts(inst):
                    for cmd in rs.script.commands:
                        kind = build_step(cmd, rs.script)
                        if compiled is not None and cmd is compiled[1]:
                            kind = "pip install"
                        if kind is None:
                            continue
                        fix = None
                        why = ""
                        if stage is target:
                            from dockeropt.rewrite.multistage import Refusal, convert  # only when there is a build

                            try:
                                fix = convert(ctx, stage, inst, cmd)
                            except Refusal as refusal:
                                why = f" (no automatic conversion: {refusal})"
                        message = (
                            f"this single-stage build runs `{kind}` (line {inst.start_line}) in the image it ships: "
                            "the compiler, sources and build caches ship too; build in a builder stage and copy "
                            f"only the artifacts into a slim runtime stage{why}"
                        )
                        if kind == "pip install":
                            message = (
                                f"`pip install` (line {inst.start_line}) builds packages without a wheel with the C "
                                "compiler installed in the image it ships: the compiler and headers ship too; install "
                                "in a builder stage "
                                f"and copy only what pip installed into a runtime stage without them{why}"
                            )
                        ctx.report(
                            self,
                            target.from_inst.span,
                            message,
                            fix,
                            impact=Impact(rebuild="toolchain and build intermediates ship in the image"),
                        )
                        return

    def _toolchain_runtime(self, ctx: CheckContext, target: Stage) -> None:
        image = next((toolchain_image(s) for s in ctx.graph.shipped_stages(target) if toolchain_image(s)), None)
        if image is None:
            return
        ctx.report(
            self,
            target.from_inst.span,
            f"the final stage starts from {image}, a toolchain image: the compiler ships with the program; start "
            "it from the OS that image is built on (e.g. golang:1.22 is Debian bookworm: debian:bookworm-slim), "
            "distroless for a static binary, or a JRE or runtime image",
            impact=Impact(rebuild="the toolchain ships in the image"),
        )
