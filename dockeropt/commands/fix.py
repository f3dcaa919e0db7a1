"""``dockeropt fix PATH...`` and ``dockeropt check --fix``: apply fixes in place (atomically), print
them as a diff, or, for ``-``, read stdin and write the fixed text to stdout."""

from __future__ import annotations

import os
import sys

from dockeropt.api.config import ConfigError
from dockeropt.api.finding import Severity
from dockeropt.commands.check import (
    CheckOptions,
    dockerfiles,
    input_error_result,
    read_stdin,
    report_and_exit,
    unknown_target_error,
)
from dockeropt.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from dockeropt.engine.check import FileResult, run_project_rules
from dockeropt.files.read import InputError, read_dockerfile
from dockeropt.files.write import write_atomically
from dockeropt.fix.engine import FixRefused, FixResult, fix_text, unified_diff

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import TextIO


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def describe(path: str, result: FixResult, wrote: bool) -> str:
    n = len(result.applied)
    verb = "Fixed" if wrote else "Would fix"
    lines = [f"{verb} {_plural(n, 'problem')} in {path}:"]
    for fix in sorted(result.applied, key=lambda f: (f.line, f.rule_id)):
        unsafe = " (unsafe)" if not fix.safe else ""
        lines.append(f"  line {fix.line}: {fix.rule_id} {fix.description}{unsafe}")
    for note in result.dropped:
        lines.append(f"  skipped: {note}")
    return "\n".join(lines) + "\n"


def _fix_one(path: str, text: str, opts: CheckOptions, unsafe: bool) -> FixResult:
    """Fix one file's text; raises FixRefused, ConfigError, or UsageError for an unknown --target."""
    result = fix_text(
        text,
        path,
        opts.config(path),
        unsafe=unsafe,
        select=opts.select,
        ignore=opts.ignore,
        build_args=opts.build_args,
        target=opts.target,
        context_dir=opts.context_for(path),
        extend_select=opts.extend_select,
    )
    if result.remaining is not None and result.remaining.unknown_target is not None:
        raise unknown_target_error(opts.target, result.remaining)
    return result


def _hidden_unsafe(result: FixResult) -> int:
    """Findings left that an unsafe fix would fix."""
    remaining = result.remaining.findings if result.remaining is not None else []
    return sum(1 for f in remaining if f.fix is not None and not f.fix.safe)


# -- dockeropt fix ----------------------------------------------------------------------------------


def run_fix(args: argparse.Namespace) -> int:
    if not args.paths:
        raise UsageError("no paths given (try: dockeropt fix Dockerfile, or dockeropt fix . for every one here)")
    if "-" in args.paths and len(args.paths) > 1:
        raise UsageError("- (stdin) cannot be given with other paths")
    opts = CheckOptions(args)
    fail_on = args.fail_on or Severity.WARNING
    if args.paths == ["-"]:
        if args.dockerignore:
            raise UsageError("--dockerignore needs a Dockerfile path: it writes .dockerignore beside it")
        if args.verify:
            raise UsageError("--verify needs a Dockerfile path: its folder is the build context")
        return _fix_stdin(args, opts, fail_on)
    paths = dockerfiles(args.paths, "fix")
    if args.dockerignore:
        return _dockerignore_only(paths, opts, args.diff)
    status = EXIT_OK
    remaining: list[FileResult] = []
    for path in paths:
        try:
            result = _fix_one(path, read_dockerfile(path), opts, args.unsafe)
        except InputError as err:
            print(f"{path}:{err.line}:{err.col}: error: {err.message}; not fixed", file=sys.stderr)
            status = EXIT_USAGE
            continue
        except FixRefused as err:
            print(f"error: {err}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        except ConfigError as err:
            raise UsageError(str(err)) from None
        if args.diff:
            if result.changed:
                sys.stdout.write(unified_diff(path, result.original, result.text))
                sys.stderr.write(describe(path, result, wrote=False))
                status = max(status, EXIT_FINDINGS)
            continue
        if result.changed and args.verify:
            verdict = _verify(path, result, opts.context, args.builder)
            if verdict is not None:
                status = max(status, verdict)
                continue
        if result.changed:
            write_atomically(path, result.text)
            sys.stdout.write(describe(path, result, wrote=True))
        if result.remaining is not None:
            remaining.append(result.remaining)
    if not args.diff:
        status = max(status, _report_left(remaining, fail_on, args.unsafe))
    return status


def _report_left(remaining: list[FileResult], fail_on: str, unsafe: bool) -> int:
    """``path: N problems left`` per file, counted as ``dockeropt check`` counts them (every severity,
    the cross-file rules included); exit 1 when one is at or above ``fail_on``."""
    run_project_rules(remaining)
    status = EXIT_OK
    for result in remaining:
        left = result.findings
        if not left:
            continue
        more = sum(1 for f in left if f.fix is not None and not f.fix.safe) if not unsafe else 0
        hint = f"; {more} fixable with --unsafe" if more else ""
        print(f"{result.path}: {_plural(len(left), 'problem')} left (see `dockeropt check {result.path}`{hint})")
        if any(Severity.rank(f.severity) >= Severity.rank(fail_on) for f in left):
            status = EXIT_FINDINGS
    return status


def _fix_stdin(args: argparse.Namespace, opts: CheckOptions, fail_on: str) -> int:
    """``dockeropt fix -``: the fixed text on stdout (the text unchanged when there is nothing to fix,
    so it works as a filter); what was fixed on stderr."""
    name = args.stdin_filename or "-"
    text = read_stdin()
    if isinstance(text, InputError):
        print(f"{name}:{text.line}:{text.col}: error: {text.message}; not fixed", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = _fix_one(name, text, opts, args.unsafe)
    except FixRefused as err:
        print(f"error: {err}", file=sys.stderr)
        sys.stdout.write(text)
        return EXIT_USAGE
    except ConfigError as err:
        raise UsageError(str(err)) from None
    if args.diff:
        sys.stdout.write(unified_diff(name, result.original, result.text))
        if result.changed:
            sys.stderr.write(describe(name, result, wrote=False))
        return EXIT_FINDINGS if result.changed else EXIT_OK
    sys.stdout.write(result.text)
    if result.changed:
        sys.stderr.write(describe(name, result, wrote=True))
    left = result.remaining.findings if result.remaining is not None else []
    if left:
        sys.stderr.write(f"{name}: {_plural(len(left), 'problem')} left\n")
    return EXIT_FINDINGS if any(Severity.rank(f.severity) >= Severity.rank(fail_on) for f in left) else EXIT_OK


# -- dockeropt check --fix / --diff -------------------------------------------------------------------


def run_check_fix(args: argparse.Namespace, opts: CheckOptions, paths: list[str]) -> int:
    """``check --fix``: apply the fixes, then report what is left as ``check`` would. ``check --diff``:
    print the diffs only, write nothing, exit 1 when there is one."""
    from dockeropt.commands.check import check_one

    diff_only = args.diff
    machine = args.format not in ("text", "concise")
    notes: TextIO = sys.stderr if machine or diff_only or paths == ["-"] else sys.stdout
    stdin_text: str | None = None
    if paths == ["-"]:
        text = read_stdin()
        if isinstance(text, InputError):
            return report_and_exit(args, opts, [input_error_result(args.stdin_filename or "-", text)], sys.stderr)
        stdin_text = text
        files = [args.stdin_filename or "-"]
    else:
        files = dockerfiles(paths, "check")
    results: list[FileResult] = []
    fixed = 0
    hidden = 0
    changed_any = False
    for path in files:
        try:
            text = stdin_text if stdin_text is not None else read_dockerfile(path)
            result = _fix_one(path, text, opts, args.unsafe_fixes)
        except (InputError, FixRefused):
            results.append(check_one(path, opts, stdin_text, path))  # the report says why
            continue
        except ConfigError as err:
            raise UsageError(str(err)) from None
        fixed += len(result.applied)
        hidden += _hidden_unsafe(result) if not args.unsafe_fixes else 0
        if result.changed:
            changed_any = True
            if diff_only:
                sys.stdout.write(unified_diff(path, result.original, result.text))
            elif stdin_text is not None:
                pass
            else:
                write_atomically(path, result.text)
            if args.show_fixes or diff_only:
                notes.write(describe(path, result, wrote=not diff_only))
        if stdin_text is not None and not diff_only:
            sys.stdout.write(result.text)
        assert result.remaining is not None
        results.append(result.remaining)
    more = f" ({hidden} more with --unsafe-fixes)" if hidden else ""
    if diff_only:
        notes.write(f"Would fix {_plural(fixed, 'problem')}{more}.\n" if fixed else f"Nothing to fix{more}.\n")
        return EXIT_FINDINGS if changed_any else EXIT_OK
    run_project_rules(results)
    if fixed or hidden:
        notes.write(f"Fixed {_plural(fixed, 'problem')}{more}.\n")
    return report_and_exit(args, opts, results, sys.stderr if stdin_text is not None else None)


# -- dockeropt fix --dockerignore ---------------------------------------------------------------------


def _dockerignore_only(paths: list[str], opts: CheckOptions, diff: bool) -> int:
    """Write (or with ``diff`` show) each context's .dockerignore; the Dockerfiles are not touched."""
    from dockeropt.fix.dockerignore import describe as describe_ignore
    from dockeropt.fix.dockerignore import generate
    from dockeropt.syntax.nodes import ParseError
    from dockeropt.syntax.parser import parse

    status = EXIT_OK
    for path in paths:
        context_dir = opts.context or os.path.dirname(os.path.abspath(path))
        target = os.path.join(context_dir, ".dockerignore")
        try:
            new = generate(parse(read_dockerfile(path), path), context_dir)
        except InputError as err:
            print(f"{path}:{err.line}:{err.col}: error: {err.message}; no .dockerignore written", file=sys.stderr)
            status = EXIT_USAGE
            continue
        except ParseError as err:
            print(
                f"{path}:{err.line}:{err.col}: error: does not parse ({err.message}); no .dockerignore written",
                file=sys.stderr,
            )
            status = EXIT_USAGE
            continue
        old = ""
        if os.path.exists(target):
            with open(target, encoding="utf-8", errors="replace") as fh:
                old = fh.read()
        shown = os.path.relpath(target)
        what = describe_ignore(new)
        if old == new:
            sys.stdout.write(f"{shown} is up to date ({what}).\n")
            continue
        if diff:
            sys.stdout.write(unified_diff(shown, old, new))
            status = max(status, EXIT_FINDINGS)
            continue
        if old:
            write_atomically(target, new)
        else:
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(new)
        verb = "Rewrote" if old else "Wrote"
        sys.stdout.write(f"{verb} {shown} ({what}).\n")
    return status


def _verify(path: str, result: FixResult, context: str | None, builder: str | None) -> int | None:
    """Build both versions; ``None`` when they give the same image, else the exit status (not written)."""
    from dockeropt.verify.build import VerifyError, verify_same_image

    context_dir = context or os.path.dirname(os.path.abspath(path))
    try:
        verdict = verify_same_image(result.original, result.text, context_dir, result.changes(), builder)
    except VerifyError as err:
        print(f"{path}: cannot verify, not written: {err}", file=sys.stderr)
        return EXIT_USAGE
    if verdict.same:
        allowed = f"; allowed changes: {', '.join(verdict.allowed[:5])}" if verdict.allowed else ""
        sys.stdout.write(f"{path}: verified with {verdict.builder} in {verdict.seconds:.0f} s{allowed}\n")
        return None
    print(f"{path}: the fixed file builds a different image; not written:", file=sys.stderr)
    for line in verdict.differences[:20]:
        print(f"  {line}", file=sys.stderr)
    return EXIT_FINDINGS
