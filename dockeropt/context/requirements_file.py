"""Former home of the requirements-file reader, kept so existing imports work: see
``requirements_txt`` and ``deps``."""

from __future__ import annotations

from dockeropt.context.depmodel import Dependencies, Requirement
from dockeropt.knowledge.packages import normalize_name as normalize

RequirementsFile = Dependencies

__all__ = ["Requirement", "RequirementsFile", "normalize", "read_requirements"]


def read_requirements(path: str, root: str | None = None) -> Dependencies:
    """Requirements of ``path`` and the files it includes (``root``: the build context, if known)."""
    from dockeropt.context.requirements_txt import read_requirements_txt  # on use: off the check path

    return read_requirements_txt(path, context_dir=root)
