"""DO105 maintainer-deprecated: MAINTAINER is deprecated; use a LABEL."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.syntax.chars import json_quote


class MaintainerDeprecated(Rule):
    id = "DO105"
    name = "maintainer-deprecated"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
    aliases = ("DL4000", "MaintainerDeprecated")
    fixable = True
    docs = """
`MAINTAINER` has been deprecated since Docker 1.13. It sets the image's `Author` field, which
tools no longer read; the OCI annotation `org.opencontainers.image.authors` is where registries
and scanners look for it.

**Fix** (safe; changes the image's metadata, as declared): the instruction becomes
`LABEL org.opencontainers.image.authors="…"`. The old `Author` config field is no longer set.
"""
    bad_example = """\
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
"""
    good_example = """\
FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
"""

    trigger_instructions = ("MAINTAINER",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.name != "MAINTAINER":
                continue
            fix = None
            if inst.args and inst.start_line == inst.end_line:
                value = json_quote(inst.args[0].value)
                fix = Fix(
                    [Edit(inst.keyword_span.start, inst.span.end, f"LABEL org.opencontainers.image.authors={value}")],
                    "replace MAINTAINER with LABEL org.opencontainers.image.authors",
                    changes=("config:Author", "config:Labels"),
                )
            ctx.report(
                self, inst.keyword_span, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors", fix
            )
