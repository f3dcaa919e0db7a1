"""Turn a single-stage build into a builder stage and a runtime stage (DO604's unsafe fix).

Only where the artifact is known exactly and nothing after the build needs the build stage:

- the file has one stage; the build is ``go build -o PATH``, ``pip wheel -w DIR`` or
  ``dotnet publish -o DIR`` with a literal path, run as root in a RUN of its own stage;
- every instruction after that RUN only sets configuration (ENV, LABEL, EXPOSE, USER, WORKDIR,
  CMD, ENTRYPOINT, HEALTHCHECK, STOPSIGNAL, VOLUME, ARG, SHELL).

The stage up to the build becomes ``build``; the runtime stage starts from the same base image (so
the C library and whatever the base ships stay what they were), re-applies the stage's
configuration instructions in their order (so Env, WorkingDir, User, Cmd … come out the same) and
copies the artifact to the same path. What the build stage installed, copied and cached is gone:
that is the point, and why the fix is unsafe (a program may need a file the build left behind).
"""

from __future__ import annotations

import posixpath

from dockeropt.api.finding import STRUCTURE, Edit, Fix

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.facts import Facts
    from dockeropt.graph.model import Stage
    from dockeropt.shell.model import Command
    from dockeropt.shell.words import Word
    from dockeropt.syntax.nodes import Instruction

CONFIG_ONLY = frozenset(
    {"ENV", "LABEL", "EXPOSE", "USER", "WORKDIR", "CMD", "ENTRYPOINT", "HEALTHCHECK", "STOPSIGNAL", "VOLUME", "ARG"}
)
# instructions of the stage that the runtime stage repeats (RUN/COPY/ADD/ONBUILD are the build's)
REPEATED = CONFIG_ONLY | {"SHELL"}
BUILDER_NAMES = ("build", "builder", "build-stage")
# what the build RUN may run besides the build: commands that write nothing the runtime would miss
BUILD_RUN_COMMANDS = frozenset({"cd", "export", "set", "true", "go", "pip", "pip3", "dotnet", "python", "python3"})


def artifact_of(cmd: Command) -> str | None:
    """The path ``cmd`` writes its result to, as written (literal), or None when not known exactly."""
    words = list(cmd.args)
    texts = [w.text for w in words]
    if cmd.name == "go" and texts[:1] == ["build"]:
        return _option(words[1:], ("-o", "--o"))
    if cmd.name in ("pip", "pip3") and texts[:1] == ["wheel"]:
        return _option(words[1:], ("-w", "--wheel-dir"))
    if cmd.name == "dotnet" and texts[:1] == ["publish"]:
        return _option(words[1:], ("-o", "--output"))
    return None


def _option(words: list[Word], names: tuple[str, ...]) -> str | None:
    found = None
    for i, w in enumerate(words):
        if not w.literal:
            continue
        if w.text in names and i + 1 < len(words):
            value = words[i + 1]
            found = value.text if value.literal else ""
        for name in names:
            if w.text.startswith(name + "="):
                found = w.text[len(name) + 1 :]
    if not found or "$" in found or found.endswith("/") or any(c in found for c in "*?["):
        return None
    return found


def conversion(ctx: Facts, stage: Stage, build: Instruction, cmd: Command) -> Fix | None:
    """The edits that split ``stage`` after ``build`` (whose ``cmd`` writes the artifact), or None."""
    graph = ctx.graph
    if len(graph.stages) != 1 or build.name != "RUN" or build.sub is not None:
        return None
    written = artifact_of(cmd)
    if written is None:
        return None
    if any(c.name not in BUILD_RUN_COMMANDS for rs in ctx.run_scripts(build) for c in rs.script.commands):
        return None  # the RUN does more than build: what else it writes would be left behind
    state = graph.state(build)
    if state.user not in (None, "", "root", "0", "0:0", "root:root"):
        return None  # the artifact would be owned by that user: COPY --from gives it to root
    start = state.workdir or "/"
    if cmd.cwd is None:
        return None
    folder = posixpath.join(start, cmd.cwd) if cmd.cwd else start
    artifact = posixpath.normpath(posixpath.join(folder, written))
    if artifact == "/":
        return None
    position = stage.instructions.index(build)
    after = stage.instructions[position + 1 :]
    if not after or any(i.name not in CONFIG_ONLY for i in after):
        return None
    if any(i.name in ("RUN", "COPY", "ADD") for i in after):
        return None
    before_config = [i for i in stage.instructions[:position] if i.name in REPEATED]
    builder = next((n for n in BUILDER_NAMES if n != stage.name), "build-stage")
    tree = ctx.dockerfile
    text = tree.text
    from_inst = stage.from_inst
    base = from_inst.args[0].value if from_inst.args else ""
    flags = "".join(f"{f.raw} " for f in from_inst.flags)
    name = from_inst.args[2].value if stage.name else ""  # as written
    runtime_from = f"FROM {flags}{base}" + (f" AS {name}" if name else "")
    runtime = [runtime_from, *(_instruction_text(text, i) for i in before_config)]
    runtime.append(f"COPY --from={builder} {artifact} {artifact}")
    newline = "\r\n" if text[: build.end].endswith("\r\n") else "\n"  # the file's own line ends
    lead = "" if text[: build.end].endswith("\n") else newline  # a last line without its newline
    runtime = [line.replace("\r\n", "\n").replace("\n", newline) for line in runtime]
    edits = [Edit(build.end, build.end, lead + newline + newline.join(runtime) + newline)]
    # the build stage gets its name: "FROM base AS build" (an existing name moves to the runtime)
    if stage.name:
        name_arg = from_inst.args[2]
        edits.append(Edit(name_arg.span.start, name_arg.span.end, builder))
    else:
        end = from_inst.args[-1].span.end
        edits.append(Edit(end, end, f" AS {builder}"))
    return Fix(
        edits,
        f"build in a `{builder}` stage and copy only {artifact} into a runtime stage from the same base",
        safe=False,
        kind=STRUCTURE,
        changes=("/*",),  # everything but the artifact the build stage wrote is left behind
    )


def _instruction_text(text: str, inst: Instruction) -> str:
    return text[inst.start : inst.end].rstrip("\r\n")
