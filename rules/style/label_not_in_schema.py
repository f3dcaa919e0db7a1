"""DO140 label-not-in-schema: with strict-labels, a label the label-schema does not name."""

from __future__ import annotations

from dockeropt.analysis.labels import label_pairs
from dockeropt.api import Category, CheckContext, Rule, Severity


class LabelNotInSchema(Rule):
    id = "DO140"
    name = "label-not-in-schema"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "With strict-labels, every label must be one the label-schema names"
    aliases = ("DL3050",)
    docs = """
With `strict-labels = true` next to a `label-schema` in the configuration, labels outside the
schema are reported: a typo (`org.opencontainers.image.licence`) or a home-made key the tools
that read labels will not find.

```toml
[tool.dockeropt]
label-schema = { "org.opencontainers.image.source" = "url" }
strict-labels = true
```

As hadolint's DL3050, except that each stray key is pointed at (hadolint reports the LABEL
instruction once).
"""
    bad_example = """\
FROM alpine:3.20
LABEL org.opencontainers.image.source=https://github.com/example/app maintainer=ops
"""
    good_example = """\
FROM alpine:3.20
LABEL org.opencontainers.image.source=https://github.com/example/app
"""

    def check(self, ctx: CheckContext) -> None:
        schema = ctx.config.label_schema
        if not schema or not ctx.config.strict_labels:
            return
        for inst in ctx.dockerfile.instructions:
            if inst.name != "LABEL":
                continue
            for kv, key, _ in label_pairs(ctx.graph, inst):
                if key not in schema:
                    ctx.report(self, kv.span, f"label {key} is not in label-schema (strict-labels)")
