"""Former name-list API over the dependency readers, kept so existing imports work: see ``deps``.
Each function returns the normalized names of the runtime requirements (optional groups
included; build-system and setup_requires left out), in file order, each once."""

from __future__ import annotations

import os

from dockeropt.knowledge.packages import MANAGERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.context.depmodel import Dependencies

_BUILD_GROUPS = frozenset({"build-system", "setup_requires"})


def _runtime_names(deps: Dependencies) -> list[str]:
    return list(dict.fromkeys(r.name for r in deps.requirements if r.name and r.group not in _BUILD_GROUPS))


# The readers are imported on use: this module is imported on the check path.
def pyproject_dependencies(path: str) -> list[str]:
    from dockeropt.context.tomlfiles import read_pyproject

    return _runtime_names(read_pyproject(path))


def setup_cfg_dependencies(path: str) -> list[str]:
    from dockeropt.context.setupfiles import read_setup_cfg

    return _runtime_names(read_setup_cfg(path))


def setup_py_dependencies(path: str) -> list[str]:
    from dockeropt.context.setupfiles import read_setup_py

    return _runtime_names(read_setup_py(path))


def environment_yml_dependencies(path: str) -> list[str]:
    """Conda packages and the nested pip list (python and pip themselves left out)."""
    from dockeropt.context.envfiles import read_environment_yml

    return [n for n in _runtime_names(read_environment_yml(path)) if n not in ("python", "pip")]


def project_dependencies(folder: str) -> tuple[list[str], list[str]]:
    """Dependencies of the Python project in ``folder`` (``pip install .``): names and the files
    that declared some."""
    names: list[str] = []
    files: list[str] = []
    readers = {"pyproject.toml": pyproject_dependencies, "setup.cfg": setup_cfg_dependencies}
    for name in MANAGERS["pip"].project_files:
        reader = readers.get(name, setup_py_dependencies)
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            found = reader(path)
            if found:
                names.extend(found)
                files.append(name)
    return names, files
