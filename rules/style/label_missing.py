"""DO139 label-missing: an image lacks a label the configuration's label-schema requires."""

from __future__ import annotations

from dockeropt.analysis.labels import stage_labels
from dockeropt.analysis.stages import image_stages
from dockeropt.api import Category, CheckContext, Rule, Severity


class LabelMissing(Rule):
    id = "DO139"
    name = "label-missing"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "An image lacks a label that label-schema requires"
    aliases = ("DL3049",)
    docs = """
With a `label-schema` in the configuration, every image the file builds must carry each label
the schema names (registries, scanners and deployment tools read them: the source repository,
the revision, the licence, an owner to contact):

```toml
[tool.dockeropt]
label-schema = { "org.opencontainers.image.source" = "url", "org.opencontainers.image.licenses" = "spdx" }
```

Images are the stages nothing else in the file builds on or copies from: the final stage and
other `--target`s. A label set in a stage of the file that an image is built `FROM` counts, as
it does in the image. Nothing is checked without a `label-schema`. As hadolint's DL3049, the
finding points at the image's FROM.
"""
    bad_example = """\
FROM python:3.12-slim
LABEL org.opencontainers.image.source=https://github.com/example/app
CMD ["python", "-m", "app"]
"""
    good_example = """\
FROM python:3.12-slim
LABEL org.opencontainers.image.source=https://github.com/example/app \\
      org.opencontainers.image.licenses=MIT
CMD ["python", "-m", "app"]
"""

    def check(self, ctx: CheckContext) -> None:
        schema = ctx.config.label_schema
        if not schema:
            return
        for stage in image_stages(ctx.graph):
            present = stage_labels(ctx.graph, stage)
            missing = [key for key in schema if key not in present]
            if missing:
                names = ", ".join(missing)
                ctx.report(
                    self,
                    stage.from_inst.keyword_span,
                    f"the image built from stage {stage.display} lacks label{'s' if len(missing) > 1 else ''} "
                    f"{names}, which label-schema requires",
                )
