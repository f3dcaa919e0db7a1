"""DO119 expose-invalid-format: EXPOSE with an IP address or a host port."""

from __future__ import annotations

from dockeropt.analysis.ports import expose_specs
from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity


class ExposeInvalidFormat(Rule):
    id = "DO119"
    name = "expose-invalid-format"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "EXPOSE should not map a host port or an IP address"
    aliases = ("ExposeInvalidFormat",)
    fixable = True
    docs = """
`EXPOSE` documents which ports the container listens on; it cannot publish them.
`EXPOSE 8080:80` or `EXPOSE 127.0.0.1:8080:80` looks like a port mapping, but BuildKit keeps only
the container port (`80/tcp`) and drops the rest silently, so whoever reads the Dockerfile
expects the service on 8080 and finds nothing there. BuildKit plans to make this an error, which
will break the build.

**Fix** (safe): only the container port (and protocol) is kept, which is exactly what the
image records today. Publish ports when running: `docker run -p 8080:80`, or `ports:` in
Compose.
"""
    bad_example = """\
FROM nginx:1.27-alpine
EXPOSE 8080:80
"""
    good_example = """\
FROM nginx:1.27-alpine
EXPOSE 80
"""

    trigger_instructions = ("EXPOSE",)

    def check(self, ctx: CheckContext) -> None:
        text = ctx.dockerfile.text
        for inst in ctx.dockerfile.instructions:
            if inst.name != "EXPOSE":
                continue
            for arg, spec, literal in expose_specs(ctx, inst):
                if not spec.ip and not spec.host:
                    continue
                kept = spec.raw[spec.container_offset :]
                fix = None
                if literal and text[arg.span.start : arg.span.end] == arg.value:
                    fix = Fix([Edit(arg.span.start, arg.span.end, kept)], f"keep only '{kept}'")
                mapping = "an IP address and a host port" if spec.ip else "a host port"
                ctx.report(
                    self,
                    arg.span,
                    f"EXPOSE {spec.raw} gives {mapping}, which EXPOSE cannot publish: the image only records "
                    f"{kept} and the rest is silently dropped (a future BuildKit rejects it); "
                    f"publish with `docker run -p {spec.raw}`",
                    fix,
                )
