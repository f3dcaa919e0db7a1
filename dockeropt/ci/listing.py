"""Folder listings, remembered while the folder is unchanged.

The memory-limit search lists the same folders (the Dockerfile's, its parents', their ``scripts/``
…) on every check; the language server checks on every edit. A folder's mtime changes whenever an
entry is added, removed or renamed, so a listing with the same mtime is still right.
"""

from __future__ import annotations

import os
import stat

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
