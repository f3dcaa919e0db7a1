"""Does ``dockeropt fix`` give one answer whatever order it is run in, and is it a fixed point?

    python -m bench.fix_order PATH... [--list FILE] [--jobs N] [--json] [--show N]

For every Dockerfile under the PATHs (folders are searched like ``dockeropt check`` does; a
file's folder is its build context) it compares, with all rules on, as a user would run them:

  order      ``fix --unsafe`` of the original  vs  ``fix --unsafe`` of the output of ``fix``
  safe       ``fix`` of the output of ``fix``: changes nothing (idempotent)
  unsafe     ``fix --unsafe`` of the output of ``fix --unsafe``: changes nothing

Files that do not parse (``fix`` refuses them) are counted apart. The counts of the three checks
are the figures issue 12 asks for; the target is 0 for each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dockeropt.fix.engine import FixRefused, fix_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


class FileOutcome:
    __slots__ = ("order", "path", "refused", "safe", "unsafe")

    def __init__(self, path: str) -> None:
        self.path = path
        self.refused = False
        self.order = False  # True: the two orders differ
        self.safe = False  # True: a second `fix` changed the file
        self.unsafe = False  # True: a second `fix --unsafe` changed the file


def _fix(text: str, path: str, unsafe: bool) -> str:
    return fix_text(text, path, unsafe=unsafe, context_dir=os.path.dirname(path) or ".").text


def check_file(path: str, text: str | None = None) -> FileOutcome:
    """The three comparisons for one Dockerfile."""
    out = FileOutcome(path)
    if text is None:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    try:
        safe_once = _fix(text, path, unsafe=False)
        unsafe_once = _fix(text, path, unsafe=True)
    except FixRefused:
        out.refused = True
        return out
    out.safe = _fix(safe_once, path, unsafe=False) != safe_once
    out.unsafe = _fix(unsafe_once, path, unsafe=True) != unsafe_once
    out.order = _fix(safe_once, path, unsafe=True) != unsafe_once
    return out


def dockerfiles(paths: Iterable[str]) -> list[str]:
    """The Dockerfiles under ``paths`` (``dockeropt check``'s search), sorted."""
    from dockeropt.commands.check import discover

    return sorted(discover(list(paths)))


def run(paths: Sequence[str], jobs: int = 1) -> list[FileOutcome]:
    files = dockerfiles(paths)
    if jobs <= 1:
        return [check_file(p) for p in files]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(check_file, files, chunksize=4))


CHECKS = ("order_differs", "fix_not_idempotent", "unsafe_fix_not_idempotent")


def summary(outcomes: list[FileOutcome]) -> dict[str, int | list[str]]:
    """The counts: files, refused, and for each check of CHECKS the paths that fail it."""
    checked = [o for o in outcomes if not o.refused]
    return {
        "files": len(outcomes),
        "refused": len(outcomes) - len(checked),
        "order_differs": sorted(o.path for o in checked if o.order),
        "fix_not_idempotent": sorted(o.path for o in checked if o.safe),
        "unsafe_fix_not_idempotent": sorted(o.path for o in checked if o.unsafe),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fix_order", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--list", help="a file listing Dockerfile paths, one a line (e.g. a corpus's paths.txt)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=10, help="paths to list per failing check")
    args = parser.parse_args(argv)
    paths = list(args.paths)
    if args.list:
        paths += [line.strip() for line in Path(args.list).read_text().splitlines() if line.strip()]
    if not paths:
        parser.error("give Dockerfiles or folders, or --list FILE")
    result = summary(run(paths, args.jobs))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['files']} Dockerfiles, {result['refused']} refused (do not parse)")
    failing = 0
    for key in CHECKS:
        failed = result[key]
        assert isinstance(failed, list)
        failing += len(failed)
        if not args.json:
            print(f"{key}: {len(failed)}")
            for p in failed[: args.show]:
                print(f"  {p}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
