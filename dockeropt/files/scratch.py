"""Files dockeropt writes for its own use, in a folder it made (the scripts it hands to ShellCheck,
ShellCheck's comments kept in the cache folder).

Apart from :mod:`dockeropt.files.write` (edits of the user's files), so that a check that only
reads the user's files does not load the machinery for writing them.
"""

from __future__ import annotations

import os

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def write_scratch(path: str, data: str | bytes) -> None:
    """A new file in a folder dockeropt made for itself (``tempfile.mkdtemp``, its cache folder), e.g.
    the scripts it hands to ShellCheck: created, never opened through a link or over an existing file.
    Text is written as UTF-8."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
