"""DO124 env-uses-same-statement: an ENV value refers to a variable set in the same ENV."""

from __future__ import annotations

from dockeropt.analysis.variables import find_reference, reference_regex
from dockeropt.api import Category, CheckContext, Rule, Severity


def _is_self_reference(key: str, value: str) -> bool:
    return value in (f"${key}", f"${{{key}}}", f'"${key}"', f'"${{{key}}}"')


class EnvUsesSameStatement(Rule):
    id = "DO124"
    name = "env-uses-same-statement"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    summary = "An ENV value refers to a variable set in the same ENV instruction"
    aliases = ("DL3044",)
    docs = """
All the values of one `ENV` are expanded before any of them is set, so in

    ENV JAVA_HOME=/opt/jdk PATH=$JAVA_HOME/bin:$PATH

`$JAVA_HOME` is the value from *before* this line: empty, or whatever the base image set. `PATH`
then points at the wrong JDK, or at `/bin`, and the container runs a different Java than
the one you installed, with no error.

Split it into two `ENV` instructions. Using a variable to extend itself (`PATH=/x:$PATH`) is fine
and not reported, nor a reference whose earlier value is known to equal the new one.
"""
    bad_example = """\
FROM debian:12-slim
ENV JAVA_HOME=/opt/jdk PATH=$JAVA_HOME/bin:$PATH
"""
    good_example = """\
FROM debian:12-slim
ENV JAVA_HOME=/opt/jdk
ENV PATH=$JAVA_HOME/bin:$PATH
"""

    trigger_instructions = ("ENV",)

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for inst in ctx.dockerfile.instructions:
            if inst.name != "ENV" or len(inst.pairs) < 2:
                continue
            before = graph.state(inst).variables()
            for i, kv in enumerate(inst.pairs):
                for j, other in enumerate(inst.pairs):
                    name = other.key
                    if i == j or other.value is None or _is_self_reference(name, other.value):
                        continue
                    if not reference_regex(name).search(kv.value or ""):
                        continue
                    new = graph.expand(other.value, before)[0]
                    old = before.get(name)
                    if old is not None and old == new:
                        continue
                    was = f"'{old}'" if old is not None else "empty or the base image's value"
                    span = find_reference(ctx.dockerfile, kv.span.start, kv.span.end, name) or kv.span
                    ctx.report(
                        self,
                        span,
                        f"{kv.key} uses ${name}, which this same ENV sets: ENV expands all values first, so "
                        f"${name} here is its earlier value ({was}), not '{new}'; set {name} in an ENV of its own "
                        "before this one",
                    )
                    break
