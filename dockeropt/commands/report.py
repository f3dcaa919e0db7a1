"""``dockeropt report PATH... -o report.html``"""

from __future__ import annotations

import sys

from dockeropt.api.config import ConfigError
from dockeropt.commands.check import CheckOptions, check_many, discover
from dockeropt.commands.common import EXIT_OK, EXIT_USAGE, UsageError
from dockeropt.engine.check import run_project_rules

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run_report(args: argparse.Namespace) -> int:
    if not args.paths:
        raise UsageError("no paths given (try: dockeropt report . -o report.html)")
    opts = CheckOptions(args)
    opts.estimate = True
    paths = list(discover(args.paths))
    if not paths:
        raise UsageError(f"no Dockerfiles found in {', '.join(args.paths)}")
    if "-" in paths:
        raise UsageError("report reads files, not stdin: give the Dockerfile's path")
    try:
        results = check_many(paths, opts, args.jobs)
        run_project_rules(results)
    except ConfigError as err:
        raise UsageError(str(err)) from None
    from dockeropt.report.html import render

    page = render(results, args.title)
    if args.output == "-":
        sys.stdout.write(page)
    else:
        try:
            _write(args.output, page)
        except OSError as err:
            raise UsageError(f"cannot write {args.output}: {err.strerror or err}") from None
        findings = sum(len(r.findings) for r in results)
        print(
            f"Wrote {args.output}: {len(results)} Dockerfile{'s' if len(results) != 1 else ''}, "
            f"{findings} finding{'s' if findings != 1 else ''}.",
            file=sys.stderr,
        )
    return EXIT_USAGE if any(r.input_error for r in results) else EXIT_OK


def _write(path: str, text: str) -> None:
    """The whole page or nothing: a temporary file beside ``path``, then a rename."""
    import os

    if os.path.exists(path):
        from dockeropt.files.write import write_atomically

        write_atomically(path, text)
        return
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".dockeropt-", suffix=".html", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
