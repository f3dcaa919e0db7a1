"""Escape each line of stdin for HTML with markupsafe's C speedups."""

import sys

from markupsafe import _speedups, escape

for line in sys.stdin:
    sys.stdout.write(str(escape(line)))
print(f"escaped with {_speedups.__name__}", file=sys.stderr)
