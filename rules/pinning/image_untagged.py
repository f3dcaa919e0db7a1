"""DO901 image-untagged: FROM an image without a tag or digest (build arguments resolved)."""

from __future__ import annotations

from dockeropt.analysis.image_ref import try_parse_image_ref
from dockeropt.analysis.stages import external_base, resolved_note
from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


class ImageUntagged(Rule):
    id = "DO901"
    name = "image-untagged"
    category = Category.PINNING
    severity = Severity.WARNING
    summary = "Pin the base image to a tag or digest"
    aliases = ("DL3006",)
    docs = """
`FROM python` means `python:latest` at the moment of each build: two builds a day apart can get
different major versions, so the image changes (or breaks) without any change in your
repository, and a rollback rebuilds something else. Pin a tag (`python:3.12-slim`), or a digest
for byte-for-byte reproducibility (`python:3.12-slim@sha256:…`, kept fresh by Renovate or
Dependabot).

dockeropt resolves build arguments first: `ARG BASE=python:3.12` then `FROM ${BASE}` is pinned
and not reported (a classic hadolint false positive), while `ARG BASE=python` is. A FROM that
names an earlier stage, `scratch`, or a variable without a default is not judged.
"""
    bad_example = """\
FROM python
"""
    good_example = """\
FROM python:3.12-slim
"""

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            image = external_base(stage)
            if image is None:
                continue
            ref = try_parse_image_ref(image)
            if ref is None or ref.tag is not None or ref.digest is not None:
                continue
            ctx.report(
                self,
                stage.from_inst.args[0].span,
                f"FROM {image} has no tag{resolved_note(stage)}: every build pulls whatever 'latest' is that day, "
                "so the image changes or breaks without a change here; pin a tag or digest",
            )
