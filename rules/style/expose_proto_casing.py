"""DO118 expose-proto-casing: ``EXPOSE 80/TCP``."""

from __future__ import annotations

from dockeropt.analysis.ports import expose_specs
from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity


class ExposeProtoCasing(Rule):
    id = "DO118"
    name = "expose-proto-casing"
    category = Category.STYLE
    severity = Severity.STYLE
    summary = "The protocol in EXPOSE should be lowercase"
    aliases = ("ExposeProtoCasing",)
    fixable = True
    docs = """
`EXPOSE 53/UDP` works: BuildKit lower-cases the protocol and records `53/udp` in the image.
Writing it in lower case keeps the Dockerfile equal to what the image says (and to what
`docker inspect` and Compose show), and silences BuildKit's warning on every build.

**Fix** (safe): the protocol is lower-cased; the image is unchanged.
"""
    bad_example = """\
FROM coredns/coredns:1.11.1
EXPOSE 53/UDP 53/TCP
"""
    good_example = """\
FROM coredns/coredns:1.11.1
EXPOSE 53/udp 53/tcp
"""

    trigger_instructions = ("EXPOSE",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.name != "EXPOSE":
                continue
            for arg, spec, literal in expose_specs(ctx, inst):
                if not spec.proto or spec.proto == spec.proto.lower():
                    continue
                span, fix = arg.span, None
                if literal and ctx.dockerfile.text[arg.span.start : arg.span.end] == arg.value:
                    start = arg.span.start + spec.proto_offset
                    span = ctx.dockerfile.index.span(start, start + len(spec.proto))
                    # BuildKit lowercases the protocol itself; buildah and the legacy builder keep
                    # "8080/TCP" in ExposedPorts (seen by building), so the key may change there
                    fix = Fix(
                        [Edit(start, span.end, spec.proto.lower())],
                        f"write '{spec.proto.lower()}'",
                        changes=("config:ExposedPorts",),
                    )
                ctx.report(
                    self,
                    span,
                    f"protocol '{spec.proto}' in EXPOSE {spec.raw} should be lowercase: "
                    f"the image records '{spec.proto.lower()}' anyway",
                    fix,
                )
