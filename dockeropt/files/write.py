"""Writing files the user owns: whole or not at all, keeping what the file was (mode, owner)."""

from __future__ import annotations

import contextlib
import os
import tempfile


def write_atomically(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` through a temporary file and a rename; keep mode and owner."""
    folder = os.path.dirname(os.path.abspath(path))
    st = os.stat(path)
    fd, tmp = tempfile.mkstemp(prefix=".dockeropt-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, st.st_mode & 0o7777)
        with contextlib.suppress(PermissionError, AttributeError):
            os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
