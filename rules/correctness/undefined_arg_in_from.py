"""DO109 undefined-arg-in-from: FROM uses a variable no global ARG declares."""

from __future__ import annotations

from dockeropt.analysis.variables import PLATFORM_ARGS, declared_global_args, find_reference, from_environment, suggest
from dockeropt.api import Category, CheckContext, Rule, Severity


class UndefinedArgInFrom(Rule):
    id = "DO109"
    name = "undefined-arg-in-from"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "FROM must use ARGs declared before the first FROM"
    aliases = ("UndefinedArgInFrom",)
    docs = """
`FROM` (its image and its `--platform`) only sees the ARGs declared before the first `FROM`,
plus BuildKit's automatic platform ARGs. A variable declared nowhere, or declared inside a stage,
expands to an empty string: `FROM node:${NODE_VERSION}-alpine` becomes `FROM node:-alpine`, and
the build fails or pulls an image you did not mean.

Declare the ARG (with a default) at the top of the file. The message suggests the closest
declared name when the variable looks like a typo.
"""
    bad_example = """\
FROM node:${NODE_VERSION}-alpine
ARG NODE_VERSION=20
"""
    good_example = """\
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-alpine
"""

    trigger_words = ("$",)

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        declared = declared_global_args(graph)
        known = declared | set(PLATFORM_ARGS) | set(graph.build_args)
        env = from_environment(graph)
        in_stage: dict[str, int] = {}
        for inst in ctx.dockerfile.instructions:
            if inst.name == "ARG" and graph.stage(inst) is not None:
                for kv in inst.pairs:
                    in_stage.setdefault(kv.key, inst.start_line)
        for stage in graph.stages:
            inst = stage.from_inst
            words = [inst.args[0].value] if inst.args else []
            platform = inst.flag("platform")
            if platform is not None and platform.value:
                words.append(platform.value)
            reported: set[str] = set()
            for word in words:
                if "$" not in word:
                    continue
                for name in sorted(graph.expand(word, env)[1] - known - reported):
                    reported.add(name)
                    span = find_reference(ctx.dockerfile, inst.span.start, inst.span.end, name) or inst.span
                    if name in in_stage:
                        hint = (
                            f"; the ARG {name} on line {in_stage[name]} is inside a stage, "
                            "move it before the first FROM"
                        )
                    else:
                        close = suggest(name, sorted(declared | set(PLATFORM_ARGS)))
                        hint = f" (did you mean ${close}?)" if close else ""
                    ctx.report(
                        self,
                        span,
                        f"FROM uses ${name}, which no ARG before the first FROM declares: it expands to an empty "
                        f"string, so the stage is built from the wrong image or the build fails{hint}",
                    )
