"""``dockeropt split Dockerfile -o DIR``: write base.Dockerfile, target.Dockerfile and build.sh."""

from __future__ import annotations

import os
import sys

from dockeropt.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, parse_build_args
from dockeropt.files.read import InputError, read_dockerfile
from dockeropt.files.write import write_atomically
from dockeropt.fix.split import SplitError, render_build_script, split
from dockeropt.syntax.nodes import ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def _write(path: str, text: str, mode: int = 0o644) -> None:
    if os.path.exists(path):
        write_atomically(path, text)
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    os.chmod(path, mode)


def run_split(args: argparse.Namespace) -> int:
    path = args.path
    if path == "-":
        raise UsageError(
            "split needs a Dockerfile path, not - (stdin): the build context is read from the Dockerfile's folder "
            "(or --context) and build.sh refers to the file; save the text to a file first"
        )
    if args.context is not None and not os.path.isdir(args.context):
        raise UsageError(f"--context {args.context}: not a folder")
    context = args.context or os.path.dirname(os.path.abspath(path)) or "."
    try:
        text = read_dockerfile(path)
        result = split(text, context, parse_build_args(args.build_arg))
    except InputError as err:
        print(f"{path}:{err.line}:{err.col}: error: {err.message}", file=sys.stderr)
        return EXIT_USAGE
    except ParseError as err:
        print(f"{path}:{err.line}:{err.col}: error: does not parse ({err.message}); not split", file=sys.stderr)
        return EXIT_USAGE
    except SplitError as err:
        print(f"{path}: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.verify:
        refused = _verify(text, result.base_text, result.target_text, context, parse_build_args(args.build_arg), args)
        if refused is not None:
            return refused
    os.makedirs(args.output, exist_ok=True)
    image = args.image or os.path.basename(os.path.dirname(os.path.abspath(path))).lower() or "app"
    _write(os.path.join(args.output, "base.Dockerfile"), result.base_text)
    _write(os.path.join(args.output, "target.Dockerfile"), result.target_text)
    script = render_build_script(result, args.output, os.path.relpath(context), args.base_name, image)
    _write(os.path.join(args.output, "build.sh"), script, 0o755)
    base_image = f"{args.base_name}:{result.base_tag}"
    sys.stdout.write(
        f"Split {path}: {result.base_instructions} instruction(s) of the final stage go into the base image.\n"
        f"  {args.output}/base.Dockerfile    -> {base_image}\n"
        f"  {args.output}/target.Dockerfile  -> {image} (FROM ${{BASE_IMAGE}})\n"
        f"Build both with {args.output}/build.sh, or:\n"
        f"  docker build -f {args.output}/base.Dockerfile -t {base_image} {os.path.relpath(context)}\n"
        f"  docker build -f {args.output}/target.Dockerfile --build-arg BASE_IMAGE={base_image} "
        f"-t {image} {os.path.relpath(context)}\n"
    )
    return EXIT_OK


def _verify(
    original: str, base: str, target: str, context: str, build_args: dict[str, str], args: argparse.Namespace
) -> int | None:
    """Build and compare; the exit code when the split must not be written, else None."""
    from dockeropt.verify.build import VerifyError, verify_split

    try:
        outcome = verify_split(original, base, target, context, args.builder, build_args=build_args)
    except VerifyError as err:  # no builder, or a side that does not build
        print(f"{args.path}: cannot verify: {err}\nnothing written", file=sys.stderr)
        return EXIT_USAGE
    if not outcome.same:
        shown = "\n".join(f"  {line}" for line in outcome.differences)
        print(
            f"{args.path}: base then target does not give the original's image ({outcome.builder}, "
            f"{outcome.seconds:.0f} s); nothing written:\n{shown}",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    print(f"Verified with {outcome.builder} in {outcome.seconds:.0f} s: base then target gives the original's image.")
    return None
