"""Small project files of the build context read as text: manifests, build files, configurations.

Only regular files are read (a FIFO or a device in a context must not hang a linter) and only up
to ``limit`` bytes: these files are small, and a larger one is treated as unreadable.
"""

from __future__ import annotations

import os
import stat

LIMIT = 1024 * 1024


def read_text(path: str, limit: int = LIMIT) -> str | None:
    """The UTF-8 text of the regular file ``path`` (symlinks followed, as the build's COPY does),
    or None when it is missing, not a regular file, unreadable or larger than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > limit:
        return None
    return data.decode("utf-8", "replace")


def is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False
