"""The ``dockeropt`` command line.

Each command's module is imported only when that command runs, and the argument parser
(``dockeropt.commands.arguments``, argparse) only when the command line needs it: a plain
``dockeropt check PATH...`` (what editors and hooks run on every save) is read without it.
"""

from __future__ import annotations

import sys

from dockeropt.commands.common import CHECK_DEFAULTS, COMMANDS, EXIT_OK, EXIT_USAGE, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


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
        args = build_parser(words[0] if words and words[0] in COMMANDS else None).parse_args(words)
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
        if args.command == "rules":
            from dockeropt.commands.rules import run_rules

            return run_rules(args)
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
    sys.exit(main())
