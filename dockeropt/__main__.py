"""``python -m dockeropt``.

Python puts the current folder first on ``sys.path`` for ``-m``: every module imported later
(rule packs, and the modules dockeropt imports only when it needs them, such as ``tomllib`` or
``yaml``) would be looked for first in the folder being checked, which may be an untrusted
checkout. dockeropt is already imported by now and needs nothing from the current folder.
"""

import os
import sys

if not sys.flags.safe_path and sys.path and sys.path[0] in ("", ".", os.getcwd()):
    del sys.path[0]

from dockeropt.cli import entry

entry()
