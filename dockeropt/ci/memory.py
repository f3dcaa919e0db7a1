"""Which memory limit applies to a Dockerfile's build, and where that figure comes from.

In order: ``--memory``, ``memory`` in the configuration, then what the CI configuration next to the
Dockerfile says (:func:`dockeropt.ci.limits.find_memory_limit`: Bitbucket Pipelines, GitHub Actions,
GitLab CI, ``docker build --memory`` in scripts and Makefiles).
"""

from __future__ import annotations

from dockeropt.ci.limits import find_memory_limit as find_in_ci
from dockeropt.ci.model import MemoryLimit
from dockeropt.ci.sizes import parse_size

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.engine.rule import CheckContext

__all__ = ["MemoryLimit", "find_memory_limit", "memory_limit", "parse_size"]


def find_memory_limit(
    dockerfile: str, explicit: str | None = None, configured: str | None = None
) -> MemoryLimit | None:
    if configured and not explicit:
        return MemoryLimit(parse_size(configured), f"memory = {configured!r} in the configuration", "explicit")
    return find_in_ci(dockerfile, explicit or None)


def memory_limit(ctx: CheckContext) -> MemoryLimit | None:
    """The limit for the file being checked (cached for the check)."""
    key = ("memory_limit",)
    if key not in ctx.cache:
        configured = getattr(ctx.config, "memory", None)
        try:
            ctx.cache[key] = find_memory_limit(ctx.path or "Dockerfile", ctx.memory, configured)
        except ValueError:
            ctx.cache[key] = None
    value = ctx.cache[key]
    return value if isinstance(value, MemoryLimit) else None
