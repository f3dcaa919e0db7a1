"""Former name-list API over the dependency readers, kept so existing imports work: see ``deps``.
Each function returns the normalized names of the runtime requirements (optional groups
included; build-system and setup_requires left out), in file order, each once."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.context.depmodel import Dependencies

_BUILD_GROUPS = frozenset({"build-system", "setup_requires"})


def _runtime_names(deps: Dependencies) -> list[str]:
    return list(dict.fromkeys(r.name for r in deps.requirements if r.name and r.group not in _BUILD_GROUPS))


# The readers are imported on use: this module is imported on the check path.
def pyproject_dependencies(path: str, context_dir: str | None = None) -> list[str]:
    from dockeropt.context.tomlfiles import read_pyproject

    return _runtime_names(read_pyproject(path, context_dir=context_dir))


def setup_cfg_dependencies(path: str, context_dir: str | None = None) -> list[str]:
    from dockeropt.context.setupfiles import read_setup_cfg

    return _runtime_names(read_setup_cfg(path, context_dir=context_dir))


def setup_py_dependencies(path: str, context_dir: str | None = None) -> list[str]:
    from dockeropt.context.setupfiles import read_setup_py

    return _runtime_names(read_setup_py(path, context_dir=context_dir))


def environment_yml_dependencies(path: str, context_dir: str | None = None) -> list[str]:
    """Conda packages and the nested pip list (python and pip themselves left out)."""
    from dockeropt.context.envfiles import read_environment_yml

    names = _runtime_names(read_environment_yml(path, context_dir=context_dir))
    return [n for n in names if n not in ("python", "pip")]


def project_dependencies(folder: str, context_dir: str | None = None) -> tuple[list[str], list[str]]:
    """Dependencies of the Python project in ``folder`` (``pip install .``): names and the files
    that declared some (files they include from outside ``context_dir`` are not read)."""
    names: list[str] = []
    files: list[str] = []
    for name, reader in (
        ("pyproject.toml", pyproject_dependencies),
        ("setup.cfg", setup_cfg_dependencies),
        ("setup.py", setup_py_dependencies),
    ):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            found = reader(path, context_dir)
            if found:
                names.extend(found)
                files.append(name)
    return names, files
