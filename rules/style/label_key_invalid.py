"""DO128 label-key-invalid: a LABEL key outside Docker's key format."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.lazyre import lazy_compile

# hadolint's reading of Docker's guidelines: starts with a lower-case letter, ends with one or a
# digit, only [a-z0-9._/-], no `..` or `--`, not in Docker's reserved namespaces.
_VALID = lazy_compile(r"[a-z](?:[a-z0-9._/-]*[a-z0-9])?\Z")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")
# Docker's own documentation tells extension authors to use these.
_RESERVED_BUT_DOCUMENTED = ("com.docker.desktop.extension.", "com.docker.extension.")


_NOT_FOUND = "tools that read labels by their conventional names will not find it"


def key_problem(key: str) -> tuple[str, str] | None:
    """What is wrong with ``key`` and what it costs, or None."""
    if not _VALID.match(key):
        return "use lower-case letters, digits, '.' and '-', starting with a letter", _NOT_FOUND
    if ".." in key or "--" in key:
        return "no '..' or '--'", _NOT_FOUND
    if key.startswith(_RESERVED) and not key.startswith(_RESERVED_BUT_DOCUMENTED):
        namespace = ".".join(key.split(".")[:2])
        return f"{namespace}.* is reserved for Docker", "Docker's own tools set these keys and may overwrite it"
    return None


class LabelKeyInvalid(Rule):
    id = "DO128"
    name = "label-key-invalid"
    category = Category.STYLE
    severity = Severity.STYLE
    summary = "LABEL keys should follow Docker's key format"
    aliases = ("DL3048", "DO903")  # DO903 until 0.2: the id moved into the style range
    docs = """
Docker's guidelines for label keys: lower-case letters, digits, `.` and `-`, starting with a
letter, no repeated separators, reverse-DNS prefixes for your own namespaces
(`com.example.team`), and nothing under `com.docker.*`, `io.docker.*` or `org.dockerproject.*`.
Tools that read labels (registries, scanners, `docker image ls --filter label=…`) look for the
conventional keys, such as the OCI ones (`org.opencontainers.image.source`), and matching is
case-sensitive: `Version` is not `version`.

Keys written with a variable are not judged.
"""
    bad_example = """\
FROM alpine:3.20
LABEL Version=1.2.0 Description="cache warmer"
"""
    good_example = """\
FROM alpine:3.20
LABEL org.opencontainers.image.version=1.2.0 org.opencontainers.image.description="cache warmer"
"""

    trigger_instructions = ("LABEL",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.name != "LABEL":
                continue
            for kv in inst.pairs:
                key = kv.key
                if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
                    key = key[1:-1]
                if "$" in key:
                    continue
                problem = key_problem(key)
                if problem is not None:
                    why, cost = problem
                    ctx.report(self, kv.span, f"label key '{key}' breaks Docker's key format ({why}): {cost}")
