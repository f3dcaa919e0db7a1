"""DO120 expose-port-out-of-range: an EXPOSE port that is not a number in 0-65535."""

from __future__ import annotations

from dockeropt.analysis.ports import expose_specs, port_number_error
from dockeropt.api import Category, CheckContext, Rule, Severity

_PROTOCOLS = ("", "tcp", "udp", "sctp")


class ExposePortOutOfRange(Rule):
    id = "DO120"
    name = "expose-port-out-of-range"
    category = Category.CORRECTNESS
    severity = Severity.ERROR
    summary = "EXPOSE ports must be numbers from 0 to 65535, with tcp, udp or sctp"
    aliases = ("DL3011",)
    docs = """
BuildKit parses every `EXPOSE` port when it builds the stage: a port above 65535, a word that is
not a number, a range that ends before it starts or an unknown protocol stops the build with
"invalid containerPort" or "invalid proto". dockeropt reports it before you wait for the build.
Ports that come from a build argument are checked with the argument's default.
"""
    bad_example = """\
FROM node:20-alpine
EXPOSE 80800
"""
    good_example = """\
FROM node:20-alpine
EXPOSE 8080
"""

    trigger_instructions = ("EXPOSE",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.name != "EXPOSE":
                continue
            for arg, spec, _literal in expose_specs(ctx, inst):
                problem = port_number_error(spec.container)
                if problem is None and spec.host:
                    problem = port_number_error(spec.host)
                if problem is None and spec.proto.lower() not in _PROTOCOLS:
                    problem = f"unknown protocol '{spec.proto}' (tcp, udp or sctp)"
                if problem is not None:
                    ctx.report(self, arg.span, f"EXPOSE {spec.raw}: {problem}, so the build fails")
