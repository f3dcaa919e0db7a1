"""``dockeropt fix PATH...`` and ``dockeropt check --fix``: apply fixes in place (atomically, the
file locked while it is fixed), print them as a diff, or, for ``-``, read stdin and write the fixed
text to stdout."""

from __future__ import annotations

import os
import sys

from dockeropt.api.config import ConfigError
from dockeropt.api.finding import Finding, Severity
from dockeropt.commands.check import (
    CheckOptions,
    dockerfiles,
    input_error_result,
    report_and_exit,
    unknown_target_error,
)
from dockeropt.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from dockeropt.engine.check import FileResult, run_project_rules
from dockeropt.files.read import MAX_AUX_BYTES, InputError, decode, read_dockerfile, read_stdin
from dockeropt.files.write import FileChanged, Original, WriteError, edit, write_new_files
from dockeropt.fix.engine import FixRefused, FixResult, fix_text, unified_diff

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import TextIO

MAX_ATTEMPTS = 3  # a file edited while it is fixed is read and fixed again, this many times in all


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


def fix_one(path: str, text: str, opts: CheckOptions, unsafe: bool) -> FixResult:
    """Fix one file's text. Raises FixRefused and ConfigError, and UsageError for a --target the
    file has no stage of."""
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


def _internal_errors(path: str, result: FixResult) -> bool:
    """Say so when rules crashed: the file is then not fixed (what they would have said is unknown)."""
    if not result.internal_errors:
        return False
    for problem in result.internal_errors:
        print(f"dockeropt: {problem}", file=sys.stderr)
    print(f"{path}: not fixed (internal error)", file=sys.stderr)
    return True


def _link_out_of(path: str, given: list[str]) -> str | None:
    """The folder ``path`` was found in when it is a link leading out of it (a checkout under
    review must not get ``fix`` to rewrite files elsewhere); a file named itself is fixed as named."""
    if path in given or not os.path.islink(path):
        return None
    real = os.path.realpath(path)
    for folder in given:
        root = os.path.realpath(folder)
        if os.path.isdir(folder) and (path.startswith(os.path.join(folder, "")) or folder in (".", "")):
            rel = os.path.relpath(real, root)
            return None if rel != ".." and not rel.startswith("../") else folder
    return None


def _edited(path: str, given: list[str], work: Callable[[], int]) -> int:
    """Run ``work`` (which edits ``path``) unless ``path`` is a link out of a folder given; again when
    the file changed meanwhile; write errors as one line."""
    outside = _link_out_of(path, given)
    if outside is not None:
        print(
            f"error: {path}: a symbolic link out of {outside}; not fixed (name it to fix its target)", file=sys.stderr
        )
        return EXIT_USAGE
    for attempt in range(MAX_ATTEMPTS):
        try:
            return work()
        except FileChanged as err:
            if attempt + 1 < MAX_ATTEMPTS:
                continue  # edited meanwhile: fix what is there now
            print(f"error: {err}", file=sys.stderr)
        except WriteError as err:
            print(f"error: {err}", file=sys.stderr)
        break
    return EXIT_USAGE


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

        def work(path: str = path) -> int:
            return _fix_file(path, args, opts, remaining)

        status = max(status, _edited(path, args.paths, work))
    if not args.diff:
        status = max(status, _report_left(remaining, fail_on, args.unsafe))
    return status


def _fix_file(path: str, args: argparse.Namespace, opts: CheckOptions, remaining: list[FileResult]) -> int:
    """Fix one file (or print its diff); what is left goes to ``remaining``; the exit status it asks for."""
    if args.diff:
        try:
            text = read_dockerfile(path)
        except InputError as err:
            print(f"{path}:{err.line}:{err.col}: error: {err.message}; not fixed", file=sys.stderr)
            return EXIT_USAGE
        return _apply(path, text, None, args, opts, remaining)
    with edit(path) as original:
        try:
            text = decode(original.data)
        except InputError as err:
            print(f"{path}:{err.line}:{err.col}: error: {err.message}; not fixed", file=sys.stderr)
            return EXIT_USAGE
        return _apply(path, text, original, args, opts, remaining)


def _apply(
    path: str,
    text: str,
    original: Original | None,
    args: argparse.Namespace,
    opts: CheckOptions,
    remaining: list[FileResult],
) -> int:
    try:
        result = fix_one(path, text, opts, args.unsafe)
    except FixRefused as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as err:
        raise UsageError(str(err)) from None
    if _internal_errors(path, result):
        return EXIT_USAGE
    if original is None:  # --diff
        if not result.changed:
            return EXIT_OK
        sys.stdout.write(unified_diff(path, result.original, result.text))
        sys.stderr.write(describe(path, result, wrote=False))
        return EXIT_FINDINGS
    if result.changed and args.verify:
        verdict = _verify(path, result, opts.context, args.builder)
        if verdict is not None:
            return verdict
    if result.changed:
        original.replace(result.text)
        sys.stdout.write(describe(path, result, wrote=True))
    if result.remaining is not None:
        remaining.append(result.remaining)
    return EXIT_OK


def _report_left(remaining: list[FileResult], fail_on: str, unsafe: bool) -> int:
    """``path: N problems left`` per file, counted as ``dockeropt check`` counts them (every severity,
    the cross-file rules included); exit 1 when one is at or above ``fail_on``."""
    run_project_rules(remaining)
    status = EXIT_OK
    for result in remaining:
        left = result.findings
        if not left:
            continue
        print(_left(result.path, left, unsafe, see=True))
        if any(Severity.rank(f.severity) >= Severity.rank(fail_on) for f in left):
            status = EXIT_FINDINGS
    return status


def _left(name: str, left: list[Finding], unsafe: bool, see: bool) -> str:
    """``path: N problems left (see `dockeropt check path`; M fixable with --unsafe)``."""
    more = sum(1 for f in left if f.fix is not None and not f.fix.safe) if not unsafe else 0
    notes = [f"see `dockeropt check {name}`"] if see else []
    notes += [f"{more} fixable with --unsafe"] if more else []
    return f"{name}: {_plural(len(left), 'problem')} left" + (f" ({'; '.join(notes)})" if notes else "")


def _fix_stdin(args: argparse.Namespace, opts: CheckOptions, fail_on: str) -> int:
    """``dockeropt fix -``: the fixed text on stdout (the text unchanged when there is nothing to fix,
    so it works as a filter); what was fixed on stderr."""
    name = args.stdin_filename or "-"
    try:
        text = decode(read_stdin(sys.stdin.buffer))
    except InputError as err:
        print(f"{name}:{err.line}:{err.col}: error: {err.message}; not fixed", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = fix_one(name, text, opts, args.unsafe)
    except FixRefused as err:
        print(f"error: {err}", file=sys.stderr)
        sys.stdout.write(text)
        return EXIT_USAGE
    except ConfigError as err:
        raise UsageError(str(err)) from None
    if _internal_errors(name, result):
        sys.stdout.write(text)
        return EXIT_USAGE
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
        sys.stderr.write(_left(name, left, args.unsafe, see=False) + "\n")
    return EXIT_FINDINGS if any(Severity.rank(f.severity) >= Severity.rank(fail_on) for f in left) else EXIT_OK


# -- dockeropt check --fix / --diff -------------------------------------------------------------------


class _CheckFix:
    """What ``check --fix`` gathers over the files: what is left of each, the counts, the notes."""

    def __init__(self, args: argparse.Namespace, opts: CheckOptions, notes: TextIO) -> None:
        self.args = args
        self.opts = opts
        self.notes = notes
        self.results: list[FileResult] = []
        self.fixed = 0
        self.hidden = 0  # left for --unsafe-fixes
        self.changed = False
        self.failed = False  # a file that could not be written

    def file(self, path: str, text: str | None, original: Original | None) -> int:
        """Fix ``text`` (stdin) or the file ``original`` holds; a file that does not parse or cannot
        be fixed is checked instead, so the report says why."""
        from dockeropt.commands.check import check_one

        args = self.args
        try:
            source = text if text is not None else decode(original.data) if original is not None else None
            if source is None:
                source = read_dockerfile(path)
            result = fix_one(path, source, self.opts, args.unsafe_fixes)
        except (InputError, FixRefused):
            self.results.append(check_one(path, self.opts, text, path))
            return EXIT_OK
        except ConfigError as err:
            raise UsageError(str(err)) from None
        if result.internal_errors:
            checked = check_one(path, self.opts, source, path)  # reports the crash like check does
            self.results.append(checked)
            return EXIT_OK
        if result.changed and original is not None and not args.diff:
            original.replace(result.text)  # first: a file changed meanwhile is fixed again, counted once
        self.fixed += len(result.applied)
        self.hidden += 0 if args.unsafe_fixes else _unsafe_left(result)
        if result.changed:
            self.changed = True
            if args.diff:
                sys.stdout.write(unified_diff(path, result.original, result.text))
            if args.show_fixes or args.diff:
                self.notes.write(describe(path, result, wrote=not args.diff))
        if text is not None and not args.diff:
            sys.stdout.write(result.text)
        if result.remaining is not None:
            self.results.append(result.remaining)
        return EXIT_OK


def _unsafe_left(result: FixResult) -> int:
    remaining = result.remaining.findings if result.remaining is not None else []
    return sum(1 for f in remaining if f.fix is not None and not f.fix.safe)


def run_check_fix(args: argparse.Namespace, opts: CheckOptions, paths: list[str]) -> int:
    """``check --fix``: apply the fixes, then report what is left as ``check`` would. ``check --diff``:
    print the diffs only, write nothing, exit 1 when there is one."""
    machine = args.format not in ("text", "concise")
    notes: TextIO = sys.stderr if machine or args.diff or paths == ["-"] else sys.stdout
    run = _CheckFix(args, opts, notes)
    status = EXIT_OK
    if paths == ["-"]:
        name = args.stdin_filename or "-"
        try:
            text = decode(read_stdin(sys.stdin.buffer))
        except InputError as err:
            return report_and_exit(args, opts, [input_error_result(name, err)], sys.stderr)
        run.file(name, text, None)
    else:
        for path in dockerfiles(paths, "check"):
            if args.diff:
                status = max(status, run.file(path, None, None))
                continue

            def work(path: str = path) -> int:
                with edit(path) as original:
                    return run.file(path, None, original)

            status = max(status, _edited(path, paths, work))
    more = f" ({run.hidden} more with --unsafe-fixes)" if run.hidden else ""
    if args.diff:
        notes.write(f"Would fix {_plural(run.fixed, 'problem')}{more}.\n" if run.fixed else f"Nothing to fix{more}.\n")
        return max(status, EXIT_FINDINGS if run.changed else EXIT_OK)
    run_project_rules(run.results)
    if run.fixed or run.hidden:
        notes.write(f"Fixed {_plural(run.fixed, 'problem')}{more}.\n")
    code = report_and_exit(args, opts, run.results, sys.stderr if paths == ["-"] else None)
    return max(status, code)


# -- dockeropt fix --dockerignore ---------------------------------------------------------------------


def _dockerignore_only(paths: list[str], opts: CheckOptions, diff: bool) -> int:
    """Write (or with ``diff`` show) each context's .dockerignore; the Dockerfiles are not touched."""
    from dockeropt.syntax.nodes import ParseError

    status = EXIT_OK
    for path in paths:
        try:
            status = max(status, _write_dockerignore(path, read_dockerfile(path), opts.context, diff))
        except InputError as err:
            print(f"{path}:{err.line}:{err.col}: error: {err.message}; no .dockerignore written", file=sys.stderr)
            status = EXIT_USAGE
        except ParseError as err:
            print(
                f"{path}:{err.line}:{err.col}: error: does not parse ({err.message}); no .dockerignore written",
                file=sys.stderr,
            )
            status = EXIT_USAGE
        except WriteError as err:
            print(f"error: {err}", file=sys.stderr)
            status = EXIT_USAGE
    return status


def _write_dockerignore(path: str, text: str, context: str | None, diff: bool) -> int:
    """Write the .dockerignore made from ``text``; never through a link."""
    from dockeropt.fix.dockerignore import describe as describe_ignore
    from dockeropt.fix.dockerignore import generate
    from dockeropt.syntax.parser import parse

    context_dir = context or os.path.dirname(os.path.abspath(path))
    target = os.path.join(context_dir, ".dockerignore")
    new = generate(parse(text, path), context_dir)
    shown = os.path.relpath(target)
    what = describe_ignore(new)
    if os.path.islink(target):
        raise WriteError(f"{shown}: is a symbolic link; not written (a generated file never writes through a link)")
    if not os.path.lexists(target):
        if diff:
            sys.stdout.write(unified_diff(shown, "", new))
            return EXIT_FINDINGS
        write_new_files([(target, new, 0o666)])
        sys.stdout.write(f"Wrote {shown} ({what}).\n")
        return EXIT_OK
    with edit(target, MAX_AUX_BYTES) as original:
        old = original.data.decode("utf-8", "replace")
        if old == new:
            sys.stdout.write(f"{shown} is up to date ({what}).\n")
            return EXIT_OK
        if diff:
            sys.stdout.write(unified_diff(shown, old, new))
            return EXIT_FINDINGS
        original.replace(new)
    sys.stdout.write(f"Rewrote {shown} ({what}).\n")
    return EXIT_OK


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
