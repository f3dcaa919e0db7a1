"""DO803 untrusted-registry: an image from a registry outside ``trusted-registries``."""

from __future__ import annotations

from dockeropt.analysis.image_ref import DEFAULT_DOMAIN, try_parse_image_ref
from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.graph.model import Edge

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Flag


def registry_allowed(registry: str, patterns: list[str]) -> bool:
    """hadolint's matching: ``*`` alone, ``*.suffix``, ``prefix*`` or the exact host."""
    for pattern in patterns:
        if pattern == "*" or registry == pattern:
            return True
        if pattern.startswith("*") and registry.endswith(pattern[1:]):
            return True
        if pattern.endswith("*") and registry.startswith(pattern[:-1]):
            return True
    return False


def _mount_flag(flags: list[Flag], image: str) -> Flag | None:
    for flag in flags:
        if flag.name == "mount" and flag.value and image in flag.value:
            return flag
    return None


class UntrustedRegistry(Rule):
    id = "DO803"
    name = "untrusted-registry"
    category = Category.SECURITY
    severity = Severity.ERROR
    summary = "Images should come from the registries the project trusts"
    aliases = ("DL3026",)
    security_severity = 6.5
    docs = """
Organisations often require base images from an internal mirror or a vetted registry (scanned,
signed, kept available). An image pulled from elsewhere bypasses that: it may be unscanned,
disappear, or be replaced upstream.

List the allowed registries in the configuration, and dockeropt checks every `FROM`,
`COPY --from=<image>` and `RUN --mount=from=<image>`, after expanding build arguments (so
`FROM ${REGISTRY}/python:3.12` is judged by the registry it really uses):

    [tool.dockeropt]
    trusted-registries = ["registry.example.com", "*.gcr.io", "docker.io"]

A pattern is a host, `*.suffix`, `prefix*` or `*`. Images without a registry host are Docker
Hub (`docker.io`). The rule does nothing until the list is configured.
"""
    bad_example = """\
FROM quay.io/someone/python:3.12
"""
    good_example = """\
FROM registry.example.com/base/python:3.12
"""

    def check(self, ctx: CheckContext) -> None:
        patterns = list(ctx.config.trusted_registries)
        if not patterns:
            return
        for edge in ctx.graph.edges:
            image = edge.source_image
            if edge.source_stage is not None or not image or image.lower() == "scratch" or "$" in image:
                continue
            if image.isdigit():
                continue  # a stage index (a wrong one is DO122's business)
            if edge.kind == Edge.FROM and edge.stage.unresolved:
                continue  # a variable without a value: the registry is not known
            ref = try_parse_image_ref(image)
            if ref is None:
                continue
            allowed = registry_allowed(ref.domain, patterns) or (
                ref.domain == DEFAULT_DOMAIN and registry_allowed("hub.docker.com", patterns)
            )
            if allowed:
                continue
            inst = edge.instruction
            if edge.kind == Edge.FROM:
                span = inst.args[0].span
            else:
                flag = inst.flag("from") if edge.kind == Edge.COPY else _mount_flag(inst.flags, image)
                span = flag.span if flag is not None else inst.keyword_span
            ctx.report(
                self,
                span,
                f"{image} comes from {ref.domain}, which is not in trusted-registries "
                f"({', '.join(patterns)}): it bypasses the registries your project vets",
            )
