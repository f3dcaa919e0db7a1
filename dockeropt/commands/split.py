"""``dockeropt split Dockerfile -o DIR``: write base.Dockerfile, target.Dockerfile and build.sh."""

from __future__ import annotations

import os
import sys

from dockeropt.cli import EXIT_OK, EXIT_USAGE, parse_build_args
from dockeropt.engine.source import InputError, read_dockerfile
from dockeropt.fix.engine import write_atomically
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
