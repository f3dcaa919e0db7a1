"""DO141 label-value-invalid: a label of the label-schema is empty or not of its kind."""

from __future__ import annotations

from dockeropt.analysis.labels import label_pairs, value_problem
from dockeropt.api import Category, CheckContext, Rule, Severity


class LabelValueInvalid(Rule):
    id = "DO141"
    name = "label-value-invalid"
    category = Category.STYLE
    severity = Severity.WARNING
    summary = "A label named by label-schema is empty or does not hold the kind of value the schema says"
    aliases = ("DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058")
    docs = """
The `label-schema` of the configuration says what each label holds, and tools rely on it: a
registry links `org.opencontainers.image.source` only if it is a URL, a licence scanner reads an
SPDX expression, release tooling compares semantic versions.

| kind | a valid value | hadolint |
|---|---|---|
| `text` | anything but empty | DL3051 (empty) |
| `url` | `https://github.com/example/app` (a scheme and the rest) | DL3052 |
| `rfc3339` | `2024-05-01T12:00:00Z` | DL3053 |
| `spdx` | `MIT`, `Apache-2.0 OR MIT` | DL3054 |
| `hash` | a git commit: 7 to 40 lower-case hex digits (64 for SHA-256 repositories) | DL3055 |
| `semver` | `1.4.2`, `2.0.0-rc.1` | DL3056 |
| `email` | `ops@example.com` | DL3058 |

Values are read as BuildKit reads them: quotes removed, build arguments expanded with their
defaults. A value that comes from a build argument without a default
(`org.opencontainers.image.revision=$GIT_SHA`) is known only at build time and is not judged
(hadolint judges the text `$GIT_SHA`). hadolint accepts a git hash of exactly 7 or 40 digits and
a single SPDX licence id; dockeropt accepts any abbreviation git prints and licence expressions,
checking their form (not each id against the SPDX list).
"""
    bad_example = """\
FROM alpine:3.20
LABEL org.opencontainers.image.source=github.com/example/app org.opencontainers.image.version=v1.2
"""
    good_example = """\
FROM alpine:3.20
LABEL org.opencontainers.image.source=https://github.com/example/app org.opencontainers.image.version=1.2.0
"""

    def check(self, ctx: CheckContext) -> None:
        schema = ctx.config.label_schema
        if not schema:
            return
        for inst in ctx.dockerfile.instructions:
            if inst.name != "LABEL":
                continue
            for kv, key, value in label_pairs(ctx.graph, inst):
                kind = schema.get(key)
                if kind is None or value is None:
                    continue
                problem = value_problem(kind, value)
                if problem is not None:
                    shown = f"'{value}'" if value else "the value"
                    ctx.report(self, kv.span, f"label {key}: {shown} is {problem} (label-schema says {kind})")
