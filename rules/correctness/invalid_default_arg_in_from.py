"""DO115 invalid-default-arg-in-from: with the ARG defaults, FROM is not a valid image reference."""

from __future__ import annotations

from dockeropt.analysis.image_ref import InvalidReference, parse_image_ref
from dockeropt.analysis.variables import PLATFORM_ARGS, declared_global_args, from_environment
from dockeropt.api import Category, CheckContext, Rule, Severity


class InvalidDefaultArgInFrom(Rule):
    id = "DO115"
    name = "invalid-default-arg-in-from"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "With the ARG defaults, FROM gives an empty or invalid image reference"
    aliases = ("InvalidDefaultArgInFrom",)
    docs = """
`ARG TAG` without a default, then `FROM python:${TAG}`, gives `FROM python:` unless every build
passes `--build-arg TAG=…`: a plain `docker build .`, an IDE, Dependabot or a colleague's
machine fails with "invalid reference format". Give the ARG a working default.

dockeropt expands the FROM line with the defaults alone, as BuildKit's check does, and parses
the result with Docker's reference grammar. A FROM without any variable that is not a valid
reference (`FROM Python:3.12`: repository names must be lower case) fails every build, and is
reported as an error.
"""
    bad_example = """\
ARG PYTHON_VERSION
FROM python:${PYTHON_VERSION}-slim
"""
    good_example = """\
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim
"""

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        env = from_environment(graph, with_build_args=False)
        declared = declared_global_args(graph) | set(PLATFORM_ARGS)
        for stage in graph.stages:
            inst = stage.from_inst
            if not inst.args:
                continue
            written = inst.args[0].value
            value, unmatched = graph.expand(written, env)
            if value.lower() == "scratch" or unmatched - declared:
                continue  # an undeclared variable: DO109 reports the cause
            try:
                parse_image_ref(value)
            except InvalidReference as err:
                if "$" in written:
                    message = (
                        f"with the ARG defaults, FROM {written} gives '{value}', which is not a valid image "
                        f"reference ({err}): every build without --build-arg fails; give the ARG a default"
                    )
                    ctx.report(self, inst.args[0].span, message)
                else:
                    message = f"'{written}' is not a valid image reference ({err}): the build fails"
                    ctx.report(self, inst.args[0].span, message, severity=Severity.ERROR)
