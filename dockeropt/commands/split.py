"""``dockeropt split Dockerfile -o DIR``: write base.Dockerfile, target.Dockerfile and build.sh."""

from __future__ import annotations

import os
import shlex
import stat
import sys

from dockeropt.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, parse_build_args
from dockeropt.files.read import InputError, file_kind, read_dockerfile, reason
from dockeropt.files.write import OutputExists, WriteError, write_new_files
from dockeropt.fix.split import SplitError, image_name, render_build_script, split
from dockeropt.syntax.nodes import ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


OUTPUT_NAMES = ("base.Dockerfile", "target.Dockerfile", "build.sh")
# The root and the system's own folders are never an output folder (``-o /`` is a slip, not a wish).
SYSTEM_FOLDERS = frozenset(
    {"/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/run", "/sbin", "/sys", "/usr", "/var"}
)


def _output_folder(folder: str) -> str | None:
    """Make the output folder if needed; None, or the one-line reason it cannot be used."""
    real = os.path.realpath(folder)
    if real in SYSTEM_FOLDERS or real.startswith(("/proc/", "/sys/", "/dev/")):
        return f"{folder}: a system folder; give a folder of your own (e.g. -o split)"
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        try:
            os.makedirs(folder)
        except OSError as err:
            return f"cannot create the folder {folder}: {reason(err)}"
        return None
    except OSError as err:
        return f"{folder}: {reason(err)}"
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder}: not a folder ({file_kind(st.st_mode) if not stat.S_ISREG(st.st_mode) else 'a file'})"
    return None


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
    image = args.image or image_name(os.path.basename(os.path.dirname(os.path.abspath(path))))
    for option, value in (("--image", image), ("--base-name", args.base_name), ("--registry", args.registry)):
        problem = _bad_name(option, value) if value else None
        if problem:
            print(f"dockeropt split: {option} {value!r}: {problem}", file=sys.stderr)
            return EXIT_USAGE
    try:
        text = read_dockerfile(path)
        result = split(text, context, parse_build_args(args.build_arg), dockerfile_path=path)
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
    problem = _output_folder(args.output)
    if problem is not None:
        print(f"dockeropt: error: {problem}; nothing written", file=sys.stderr)
        return EXIT_USAGE
    out = os.path.normpath(args.output)
    script = render_build_script(result, out, context, args.base_name, image, args.registry or "")
    texts = (result.base_text, result.target_text, script)
    modes = (0o666, 0o666, 0o777)  # less the umask, as any new file
    try:
        write_new_files(
            [
                (os.path.join(out, name), text, mode)
                for name, text, mode in zip(OUTPUT_NAMES, texts, modes, strict=True)
            ],
            overwrite=getattr(args, "force", False),
        )
    except OutputExists as err:
        print(f"dockeropt: error: {err} (--force replaces the files)", file=sys.stderr)
        return EXIT_USAGE
    except WriteError as err:
        print(f"dockeropt: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    base_image = f"{args.base_name}:{result.base_tag}"
    if args.registry:
        base_image = f"{args.registry.rstrip('/')}/{base_image}"
    ctx = shlex.quote(os.path.relpath(context))
    base_file = shlex.quote(os.path.join(out, "base.Dockerfile"))
    target_file = shlex.quote(os.path.join(out, "target.Dockerfile"))
    lines = [f"Split {path}: {result.base_instructions} instruction(s) of the final stage go into the base image."]
    lines.extend(f"  moved: {line}" for line in result.moved)
    lines.extend(f"  left in the target: {note}" for note in result.notes)
    lines += [
        f"  {base_file}    -> {base_image}",
        f"  {target_file}  -> {image} (FROM ${{BASE_IMAGE}})",
        f"Build both with {shlex.quote(os.path.join(out, 'build.sh'))} (from any folder; --registry HOST to pull "
        "and --push the base), or:",
        f"  docker build -f {base_file} -t {base_image} {ctx}",
        f"  docker build -f {target_file} --build-arg BASE_IMAGE={base_image} -t {image} {ctx}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def _bad_name(option: str, value: str) -> str | None:
    """Why ``value`` is not valid for ``option`` (an image name, a registry), or None."""
    from dockeropt.analysis.image_ref import InvalidReference, parse_image_ref

    if value.startswith("-") or any(c.isspace() or ord(c) < 32 for c in value):
        return "not a valid image name"
    try:
        ref = parse_image_ref(value.rstrip("/") + "/x" if option == "--registry" else value)
    except InvalidReference as err:
        return str(err)
    if ref.digest or (ref.tag and option != "--image"):
        return "give the name without a tag or digest"
    return None


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
