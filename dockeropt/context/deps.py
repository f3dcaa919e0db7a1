"""Dependency manifests, read statically (nothing is installed, imported or executed), and the
table of which manifest and lock files each ecosystem installs from.

The table (``MANIFESTS``, ``find_manifests``) lives in ``ecosystems``, which the context scan
imports without the readers. Every reader returns a ``Dependencies``: ``Requirement(name, spec,
extras, markers, source_file, line, …)`` records (names PEP 503-normalized for Python and conda)
plus the package indexes the files name. The readers live beside this module, one per family:

- ``requirements_txt``: pip requirements and constraints files (``-r``/``-c`` includes, options);
- ``tomlfiles``: ``pyproject.toml`` (PEP 621, PEP 735, Poetry, uv, PDM) and ``Pipfile``;
- ``setupfiles``: ``setup.py`` through libcst (never executed) and ``setup.cfg``;
- ``envfiles``: conda ``environment.yml`` and ``package.json``.
"""

from __future__ import annotations

import os

from dockeropt.context.depmodel import (
    Dependencies,
    IndexUrl,
    Requirement,
    parse_pep508,
    requirement_from_pep508,
)
from dockeropt.context.ecosystems import (
    MANIFEST_FILE_NAMES,
    MANIFESTS,
    SKIP_DIRS,
    Ecosystem,
    ManifestFile,
    find_manifests,
    manifest_role,
)
from dockeropt.context.envfiles import read_environment_yml, read_package_json
from dockeropt.context.requirements_txt import read_requirements_txt
from dockeropt.context.setupfiles import read_setup_cfg, read_setup_py
from dockeropt.context.tomlfiles import read_pipfile, read_pyproject
from dockeropt.knowledge.packages import MANAGERS

__all__ = [
    "MANIFESTS",
    "MANIFEST_FILE_NAMES",
    "SKIP_DIRS",
    "Dependencies",
    "Ecosystem",
    "IndexUrl",
    "ManifestFile",
    "Requirement",
    "find_manifests",
    "manifest_role",
    "parse_pep508",
    "project_dependencies",
    "read_environment_yml",
    "read_manifest",
    "read_package_json",
    "read_pipfile",
    "read_pyproject",
    "read_requirements_txt",
    "read_setup_cfg",
    "read_setup_py",
    "requirement_from_pep508",
]


def _reader_for(name: str) -> str | None:
    if name == "pyproject.toml":
        return "pyproject"
    if name == "Pipfile":
        return "pipfile"
    if name == "setup.py":
        return "setup.py"
    if name == "setup.cfg":
        return "setup.cfg"
    if name in ("environment.yml", "environment.yaml"):
        return "conda"
    if name == "package.json":
        return "npm"
    if name.endswith(".txt"):
        return "constraints" if name.startswith("constraints") else "requirements"
    return None


def read_manifest(path: str, *, context_dir: str | None = None) -> Dependencies:
    """Read any supported manifest by its file name (requirements files: any ``.txt``), and note
    the lock files beside it."""
    name = os.path.basename(path)
    kind = _reader_for(name)
    if kind == "pyproject":
        deps = read_pyproject(path, context_dir=context_dir)
    elif kind == "pipfile":
        deps = read_pipfile(path)
    elif kind == "setup.py":
        deps = read_setup_py(path, context_dir=context_dir)
    elif kind == "setup.cfg":
        deps = read_setup_cfg(path, context_dir=context_dir)
    elif kind == "conda":
        deps = read_environment_yml(path, context_dir=context_dir)
    elif kind == "npm":
        deps = read_package_json(path)
    elif kind is not None:
        deps = read_requirements_txt(path, context_dir=context_dir, constraint=kind == "constraints")
    else:
        deps = Dependencies()
        deps.problems.append((path, 0, "not a manifest dockeropt reads"))
        return deps
    role = manifest_role(name)
    ecosystem = MANIFESTS[role[0]] if role is not None else MANIFESTS["pip"]
    folder = os.path.dirname(path) or "."
    deps.lock_files = [lock for lock in ecosystem.locks if os.path.isfile(os.path.join(folder, lock))]
    return deps


def project_dependencies(folder: str, *, context_dir: str | None = None) -> Dependencies:
    """What ``pip install <folder>`` would read: pyproject.toml, setup.cfg and setup.py, in
    that order (groups tell optional and build-time requirements apart)."""
    deps = Dependencies()
    for name in MANAGERS["pip"].project_files:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            deps.extend(read_manifest(path, context_dir=context_dir))
    return deps
