"""Which CI files and build scripts a folder has, from folder listings remembered while the folder
is unchanged.

The memory-limit search lists the same folders (the Dockerfile's, its parents', their ``scripts/``
…) on every check; the language server checks on every edit. A folder's mtime changes whenever an
entry is added, removed or renamed, so a listing with the same mtime is still right. The readers
of these files (YAML and shell parsing) are imported only when a folder has one.
"""

from __future__ import annotations

import os
import stat

BITBUCKET_FILE = "bitbucket-pipelines.yml"
GITLAB_FILE = ".gitlab-ci.yml"
MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
# Folders next to a Dockerfile or at a repository root where build scripts usually live.
SCRIPT_FOLDERS = ("", "scripts", "script", "ci", ".ci", "bin", "tools", "build")

_CACHE: dict[str, tuple[int, list[tuple[str, bool]]]] = {}
_CACHE_SIZE = 512


def entries(folder: str) -> list[tuple[str, bool]]:
    """``(name, is a regular file)`` for each entry of ``folder``, in name order; [] if unreadable."""
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return []
    hit = _CACHE.get(folder)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    try:
        with os.scandir(folder) as scan:
            found = sorted((entry.name, _is_file(entry)) for entry in scan)
    except OSError:
        return []
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[folder] = (mtime, found)
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return stat.S_ISREG(entry.stat().st_mode)  # follows symbolic links, as os.path.isfile does
    except OSError:
        return False


def workflow_files(root: str) -> list[str]:
    """The GitHub workflow files under ``root/.github/workflows`` in name order."""
    folder = os.path.join(root, ".github", "workflows")
    return [os.path.join(folder, name) for name, _ in entries(folder) if name.endswith((".yml", ".yaml"))]


def script_files(folder: str) -> list[str]:
    """Makefiles, *.mk and *.sh files in ``folder`` and its usual script subfolders, in name order."""
    files: list[str] = []
    for sub in SCRIPT_FOLDERS:
        path = os.path.join(folder, sub) if sub else folder
        for name, is_file in entries(path):
            if is_file and (name in MAKEFILES or name.endswith((".mk", ".sh"))):
                files.append(os.path.join(path, name))
    return files
