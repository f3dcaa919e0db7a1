"""The ``dockeropt`` command line.

Each command's module is imported only when that command runs, and the argument parser
(``dockeropt.commands.arguments``, argparse) only when the command line needs it: a plain
``dockeropt check PATH...`` (what editors and hooks run on every save) is read without it.

Every mistake on the command line is one line on stderr and exit 2, naming the option at fault
and, where one is close, the value that was probably meant (see ``dockeropt.commands.arguments``).
"""

from __future__ import annotations

import sys

from dockeropt.commands.common import CHECK_DEFAULTS, COMMANDS, EXIT_OK, EXIT_USAGE, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import NoReturn


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser (see ``dockeropt.commands.arguments.build_parser``)."""
    from dockeropt.commands.arguments import build_parser as build

    return build(command)


def plain_check(words: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of ``check`` followed by paths only, as the parser gives them, without building
    it: argparse, its look-ups of translations on the disk and the parser itself take about a tenth of
    checking a small file. None for any other command line (tests/test_cli.py holds the two equal)."""
    if len(words) < 2 or words[0] != "check" or any(not w or w.startswith("-") for w in words[1:]):
        return None
    from types import SimpleNamespace

    values = {key: list(value) if isinstance(value, list) else value for key, value in CHECK_DEFAULTS.items()}
    return SimpleNamespace(command="check", paths=list(words[1:]), **values)  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = plain_check(words)
    if args is None:
        try:
            args = build_parser(words[0] if words and words[0] in COMMANDS else None).parse_args(words)
        except SystemExit as exit_:  # --help, --version, and argparse's errors (already printed, one line)
            return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if args.command is None:
        build_parser().print_help()
        return EXIT_USAGE
    try:
        if args.command == "check":
            from dockeropt.commands.check import run_check

            return run_check(args)
        if args.command == "fix":
            from dockeropt.commands.fix import run_fix

            return run_fix(args)
        if args.command == "split":
            from dockeropt.commands.split import run_split

            return run_split(args)
        if args.command == "parse":
            from dockeropt.commands.parse import run_parse

            return run_parse(args)
        if args.command == "lsp":
            from dockeropt.commands.lsp import run_lsp

            return run_lsp(args)
        if args.command == "report":
            from dockeropt.commands.report import run_report

            return run_report(args)
        if args.command == "rules":
            from dockeropt.commands.rules import run_rules

            return run_rules(args)
        if args.command == "rule":
            from dockeropt.commands.rules import run_rule

            return run_rule(args)
    except UsageError as err:
        print(f"dockeropt: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    build_parser().print_help()
    return EXIT_USAGE


def entry() -> None:
    if sys.argv[1:2] != ["check"]:
        sys.exit(main())
    # The modules a check needs, imported with the cyclic garbage collector paused, then frozen out
    # of its sight: it would only scan them again and again, and they all live to the end (the
    # check pauses it on its own).
    import gc

    gc.disable()
    import dockeropt.commands.check  # noqa: F401

    gc.freeze()
    gc.enable()
    exit_now(main())


def exit_now(code: int) -> NoReturn:
    """Exit without tearing the interpreter down: freeing every module and object at exit is about
    a tenth of checking a small file, for nothing. What matters of a normal exit is done first:
    the ``atexit`` functions (the code cache is written there) and the output flushed. With other
    threads still running (none in a check), the normal exit, which waits for them."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    import atexit
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            code = EXIT_OK  # the reader is gone (``dockeropt check … | head``), as main() treats it
        except OSError as err:
            print(f"dockeropt: error: cannot write the output: {err}", file=sys.stderr)
            code = EXIT_USAGE
    os._exit(code)
