"""``dockeropt fix PATH...``: apply fixes in place (atomically), or print them as a diff."""

from __future__ import annotations

import os
import sys

from dockeropt.api.config import ConfigError, config_for
from dockeropt.api.finding import Severity
from dockeropt.commands.check import CheckOptions, discover
from dockeropt.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from dockeropt.files.read import InputError, read_dockerfile
from dockeropt.files.write import write_atomically
from dockeropt.fix.engine import FixRefused, FixResult, fix_text, unified_diff

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def describe(path: str, result: FixResult, wrote: bool) -> str:
    n = len(result.applied)
    verb = "Fixed" if wrote else "Would fix"
    lines = [f"{verb} {n} problem{'s' if n != 1 else ''} in {path}:"]
    for fix in sorted(result.applied, key=lambda f: (f.line, f.rule_id)):
        unsafe = " (unsafe)" if not fix.safe else ""
        lines.append(f"  line {fix.line}: {fix.rule_id} {fix.description}{unsafe}")
    for note in result.dropped:
        lines.append(f"  skipped: {note}")
    return "\n".join(lines) + "\n"


def run_fix(args: argparse.Namespace) -> int:
    if not args.paths:
        raise UsageError("no paths given (try: dockeropt fix Dockerfile)")
    opts = CheckOptions(args)
    try:
        fail_on = Severity.parse(args.fail_on) if args.fail_on else Severity.WARNING
    except ValueError as err:
        raise UsageError(str(err)) from None
    status = EXIT_OK
    for path in discover(args.paths):
        try:
            text = read_dockerfile(path)
            cfg = config_for(path, opts.config_path, not opts.no_config)
            result = fix_text(
                text,
                path,
                cfg,
                unsafe=args.unsafe,
                select=opts.select,
                ignore=opts.ignore,
                build_args=opts.build_args,
                target=opts.target,
                context_dir=opts.context or os.path.dirname(os.path.abspath(path)),
            )
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
        if getattr(args, "dockerignore", False):
            _write_dockerignore(path, result.text, opts.context, args.diff)
        if args.diff:
            if result.changed:
                sys.stdout.write(unified_diff(path, result.original, result.text))
                sys.stderr.write(describe(path, result, wrote=False))
                status = max(status, EXIT_FINDINGS)
            continue
        if result.changed and getattr(args, "verify", False):
            verdict = _verify(path, result, opts.context, getattr(args, "builder", None))
            if verdict is not None:
                status = max(status, verdict)
                continue
        if result.changed:
            write_atomically(path, result.text)
            sys.stdout.write(describe(path, result, wrote=True))
        remaining = result.remaining.findings if result.remaining is not None else []
        left = [f for f in remaining if Severity.rank(f.severity) >= Severity.rank(fail_on)]
        if left:
            n = len(left)
            print(f"{path}: {n} problem{'s' if n != 1 else ''} left (see `dockeropt check {path}`)")
            status = max(status, EXIT_FINDINGS)
    return status


def _write_dockerignore(path: str, text: str, context: str | None, diff: bool) -> None:
    from dockeropt.fix.dockerignore import generate
    from dockeropt.syntax.parser import parse

    context_dir = context or os.path.dirname(os.path.abspath(path))
    target = os.path.join(context_dir, ".dockerignore")
    new = generate(parse(text, path), context_dir)
    old = ""
    if os.path.exists(target):
        with open(target, encoding="utf-8", errors="replace") as fh:
            old = fh.read()
    if old == new:
        return
    if diff:
        sys.stdout.write(unified_diff(os.path.relpath(target), old, new))
        return
    if old:
        write_atomically(target, new)
    else:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(new)
    sys.stdout.write(f"Wrote {os.path.relpath(target)} ({new.count(chr(10)) - 1} patterns)\n")


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
