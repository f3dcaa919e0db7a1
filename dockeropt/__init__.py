"""dockeropt: a Dockerfile static analyzer and optimizer."""

import os as _os

from dockeropt import codecache as _codecache

__version__ = "0.1.0"

# dockeropt's modules are imported from one file of compiled code when it is current (codecache.py)
_codecache.install(_os.path.dirname(_os.path.abspath(__file__)))
