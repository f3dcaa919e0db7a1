"""Former home of the .dockerignore and context-scan code, kept so existing imports work: the
implementations are in ``dockerignore`` (matching) and ``scan`` (the context walk)."""

from __future__ import annotations

from dockeropt.context.dockerignore import DockerIgnore, IgnorePattern, find_dockerignore, load_dockerignore
from dockeropt.context.scan import MAX_ENTRIES, MAX_SECONDS, ContextScan, NotablePath, cached_scan
from dockeropt.context.scan import scan_context as _scan_context

MAX_FILES = MAX_ENTRIES

__all__ = [
    "MAX_FILES",
    "MAX_SECONDS",
    "ContextScan",
    "DockerIgnore",
    "IgnorePattern",
    "NotablePath",
    "cached_scan",
    "find_dockerignore",
    "load_dockerignore",
    "scan_context",
]


def scan_context(context_dir: str, ignore: DockerIgnore | None) -> ContextScan:
    """The bounded scan the linter uses (see ``scan.cached_scan``)."""
    return _scan_context(context_dir, ignore, max_entries=MAX_ENTRIES, max_seconds=MAX_SECONDS)
