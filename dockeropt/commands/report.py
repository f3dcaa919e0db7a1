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
    opts.estimate = opts.pictures = True
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
    for result in results:
        if result.input_error:  # listed in the page too; the run fails (exit 2)
            for finding in result.findings:
                where = f"{finding.path}:{finding.span.start_line}:{finding.span.start_col}"
                print(f"{where}: {finding.message}", file=sys.stderr)
        for problem in result.internal_errors:
            print(f"dockeropt: {problem}", file=sys.stderr)
    from dockeropt.report.html import render

    page = render(results, args.title)
    if args.output == "-":
        sys.stdout.write(page)
    else:
        from dockeropt.files.write import WriteError, write_report

        try:
            write_report(args.output, page)
        except WriteError as err:
            raise UsageError(str(err)) from None
        findings = sum(len(r.findings) for r in results)
        print(
            f"Wrote {args.output}: {len(results)} Dockerfile{'s' if len(results) != 1 else ''}, "
            f"{findings} finding{'s' if findings != 1 else ''}.",
            file=sys.stderr,
        )
    return EXIT_USAGE if any(r.input_error or r.internal_errors for r in results) else EXIT_OK
