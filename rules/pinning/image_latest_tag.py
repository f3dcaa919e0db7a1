"""DO902 image-latest-tag: FROM ``image:latest`` without a digest."""

from __future__ import annotations

from dockeropt.analysis.image_ref import try_parse_image_ref
from dockeropt.analysis.stages import external_base, resolved_note
from dockeropt.api import Category, CheckContext, Rule, Severity


class ImageLatestTag(Rule):
    id = "DO902"
    name = "image-latest-tag"
    category = Category.PINNING
    severity = Severity.WARNING
    summary = "Do not build on the :latest tag"
    aliases = ("DL3007",)
    docs = """
`latest` is not a version: it moves with every release of the image. A build on `node:latest`
changes Node's major version the day Node ships one, breaking native modules or the API your
code uses, and the same commit builds differently on two days. Pin the release you test with
(`node:20-alpine`), or a digest.

`image:latest@sha256:…` is pinned by its digest and not reported. Build arguments are
resolved first (`ARG TAG=latest` then `FROM node:${TAG}` is reported).
"""
    bad_example = """\
FROM node:latest
"""
    good_example = """\
FROM node:20-alpine
"""

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            image = external_base(stage)
            if image is None:
                continue
            ref = try_parse_image_ref(image)
            if ref is None or ref.tag != "latest" or ref.digest is not None:
                continue
            ctx.report(
                self,
                stage.from_inst.args[0].span,
                f"FROM {image} uses the 'latest' tag{resolved_note(stage)}: it moves with every release, so the "
                "same Dockerfile builds a different image from one day to the next; pin a version tag or digest",
            )
