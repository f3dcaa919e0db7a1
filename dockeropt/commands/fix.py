"""``dockeropt fix PATH...``: apply fixes in place (atomically), or print them as a diff."""

from __future__ import annotations

import os
import sys

from dockeropt.api.config import ConfigError, config_for
from dockeropt.api.finding import Severity
from dockeropt.commands.check import CheckOptions, discover
from dockeropt.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from dockeropt.files.read import MAX_AUX_BYTES, InputError, decode, read_dockerfile
from dockeropt.files.write import FileChanged, Original, WriteError, edit, write_new_files
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
    paths = list(discover(args.paths))
    if not paths:
        raise UsageError(f"no Dockerfiles found in {', '.join(args.paths)}")
    status = EXIT_OK
    for path in paths:
        outside = _link_out_of(path, args.paths)
        if outside is not None:
            print(
                f"error: {path}: a symbolic link out of {outside}; not fixed (name it to fix its target)",
                file=sys.stderr,
            )
            status = EXIT_USAGE
            continue
        for attempt in range(MAX_ATTEMPTS):
            try:
                status = max(status, _fix_one(path, args, opts, fail_on))
            except FileChanged as err:
                if attempt + 1 < MAX_ATTEMPTS:
                    continue  # edited meanwhile: fix what is there now
                print(f"error: {err}", file=sys.stderr)
                status = EXIT_USAGE
            except WriteError as err:
                print(f"error: {err}", file=sys.stderr)
                status = EXIT_USAGE
            break
    return status


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


MAX_ATTEMPTS = 3  # a file edited while it is fixed is read and fixed again, this many times in all


def _fix_one(path: str, args: argparse.Namespace, opts: CheckOptions, fail_on: str) -> int:
    """Fix one file; the exit status it asks for."""
    if args.diff:
        try:
            text = read_dockerfile(path)
        except InputError as err:
            print(f"{path}:{err.line}:{err.col}: error: {err.message}; not fixed", file=sys.stderr)
            return EXIT_USAGE
        return _apply(path, text, None, args, opts, fail_on)
    with edit(path) as original:
        try:
            text = decode(original.data)
        except InputError as err:
            print(f"{path}:{err.line}:{err.col}: error: {err.message}; not fixed", file=sys.stderr)
            return EXIT_USAGE
        return _apply(path, text, original, args, opts, fail_on)


def _apply(
    path: str, text: str, original: Original | None, args: argparse.Namespace, opts: CheckOptions, fail_on: str
) -> int:
    status = EXIT_OK
    try:
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
    except FixRefused as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as err:
        raise UsageError(str(err)) from None
    if result.internal_errors:
        for problem in result.internal_errors:
            print(f"dockeropt: {problem}", file=sys.stderr)
        print(f"{path}: not fixed (internal error)", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "dockerignore", False):
        _write_dockerignore(path, result.text, opts.context, args.diff)
    if original is None:
        if result.changed:
            sys.stdout.write(unified_diff(path, result.original, result.text))
            sys.stderr.write(describe(path, result, wrote=False))
            status = EXIT_FINDINGS
        return status
    if result.changed and getattr(args, "verify", False):
        verdict = _verify(path, result, opts.context, getattr(args, "builder", None))
        if verdict is not None:
            return verdict
    if result.changed:
        original.replace(result.text)
        sys.stdout.write(describe(path, result, wrote=True))
    remaining = result.remaining.findings if result.remaining is not None else []
    left = [f for f in remaining if Severity.rank(f.severity) >= Severity.rank(fail_on)]
    if left:
        n = len(left)
        print(f"{path}: {n} problem{'s' if n != 1 else ''} left (see `dockeropt check {path}`)")
        status = EXIT_FINDINGS
    return status


def _write_dockerignore(path: str, text: str, context: str | None, diff: bool) -> None:
    from dockeropt.fix.dockerignore import generate
    from dockeropt.syntax.parser import parse

    context_dir = context or os.path.dirname(os.path.abspath(path))
    target = os.path.join(context_dir, ".dockerignore")
    new = generate(parse(text, path), context_dir)
    shown = os.path.relpath(target)
    if os.path.islink(target):
        raise WriteError(f"{shown}: is a symbolic link; not written (a generated file never writes through a link)")
    if not os.path.lexists(target):
        if diff:
            sys.stdout.write(unified_diff(shown, "", new))
            return
        write_new_files([(target, new, 0o666)])
    else:
        with edit(target, MAX_AUX_BYTES) as original:
            old = original.data.decode("utf-8", "replace")
            if old == new:
                return
            if diff:
                sys.stdout.write(unified_diff(shown, old, new))
                return
            original.replace(new)
    sys.stdout.write(f"Wrote {shown} ({new.count(chr(10)) - 1} patterns)\n")


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
