"""The command line's options, with argparse (``dockeropt.cli`` builds the parser only when it needs one).

argparse rather than click: click costs about 35 ms to import, close to a whole lint run of a
small Dockerfile.

Every mistake on the command line is one line on stderr and exit 2, naming the option at fault
and, where one is close, the value that was probably meant (argparse's own errors included: they
would print the whole usage).
"""

from __future__ import annotations

import argparse
import functools
import re
import sys

from dockeropt import __version__
from dockeropt.commands.common import CHECK_DEFAULTS, COMMANDS, EXIT_USAGE, did_you_mean
from dockeropt.report import FORMATS, format_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

BUILDERS = ("docker", "buildx", "buildah", "podman")  # for --verify (dockeropt.verify.build.BUILDERS)
SEVERITIES = ("error", "warning", "info", "style")  # dockeropt.api.finding.Severity.ALL
COLORS = ("auto", "always", "never")


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, without its ``import shutil`` (~3 ms of every start, help or not)
    to learn the terminal's width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, width if width is not None else _columns() - 2)


@functools.cache  # asked once: argparse makes a formatter for every argument it adds
def _columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)$")
_UNRECOGNIZED = re.compile(r"^unrecognized arguments: (.*)$")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        """One line, with a guess where one is close; not argparse's usage dump."""
        message = self._with_guess(message)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")

    def _with_guess(self, message: str) -> str:
        m = _INVALID_CHOICE.search(message)
        if m:  # a command name (option values are checked by _choice, which guesses itself)
            choices = [c.strip().strip("'") for c in m.group(2).split(",")]
            return message[: m.start()] + f"invalid choice {m.group(1)!r}{did_you_mean(m.group(1), choices)}"
        m = _UNRECOGNIZED.match(message)
        if m:
            options = sorted(_option_strings(self))
            first = m.group(1).split()[0]
            word = first.split("=", 1)[0]
            if word.startswith("-"):
                return f"unknown option {word!r}{did_you_mean(word, options)}"
            return f"unexpected argument {first!r}"
        return message


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    """Every option of ``parser`` and of its commands."""
    out: set[str] = set()
    for action in parser._actions:
        out.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out |= _option_strings(sub)
    return out


def _choice(what: str, choices: Sequence[str], aliases: dict[str, str] | None = None) -> Callable[[str], str]:
    """An argparse ``type`` that takes one of ``choices`` (any case) and says which was meant."""

    def parse(value: str) -> str:
        key = value.strip().lower()
        key = (aliases or {}).get(key, key)
        if key in choices:
            return key
        raise argparse.ArgumentTypeError(
            f"unknown {what} {value!r}{did_you_mean(value, choices)}; choose from {', '.join(choices)}"
        )

    return parse


def _format(value: str) -> str:
    name = format_name(value)
    if name is None:
        raise argparse.ArgumentTypeError(
            f"unknown format {value!r}{did_you_mean(value, list(FORMATS))}; choose from {', '.join(FORMATS)}"
        )
    return name


_FORMAT_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_-]+$")


def _output(value: str) -> tuple[str | None, str]:
    """``--output [FORMAT:]FILE`` -> (format or None for --format's, file)."""
    prefix, colon, rest = value.partition(":")
    if colon and _FORMAT_WORD.match(prefix):  # one letter before ':' is a Windows drive, not a format
        name = format_name(prefix)
        if name is None:
            raise argparse.ArgumentTypeError(
                f"unknown format {prefix!r} in {value!r}{did_you_mean(prefix, list(FORMATS))}; choose from "
                f"{', '.join(FORMATS)} (for a file whose name has a colon, write ./{value})"
            )
        if not rest:
            raise argparse.ArgumentTypeError(f"{value!r} names no file (write {name}:FILE)")
        return name, rest
    if not value:
        raise argparse.ArgumentTypeError("empty file name")
    return None, value


def _size(value: str) -> str:
    from dockeropt.units import parse_docker_size as parse_size

    try:
        if parse_size(value) <= 0:
            raise ValueError(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a memory size: write it as docker build --memory takes it, e.g. 4g, 3.5g, 7168m"
        ) from None
    return value.strip()


def _add_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="RULES",
        help="only these rules: ids, id prefixes (DO3), names, aliases (DL3008), categories, or ALL "
        "(every rule, opt-in ones too); comma-separated, repeatable",
    )
    p.add_argument(
        "--extend-select",
        action="append",
        default=[],
        metavar="RULES",
        help="these rules as well as the selected ones (e.g. an opt-in rule)",
    )
    p.add_argument("--ignore", action="append", default=[], metavar="RULES", help="skip these rules")
    p.add_argument("--config", metavar="FILE", help="use this configuration file (pyproject.toml or .dockeropt.toml)")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--target", metavar="STAGE", help="the stage to build (default: the last one)")
    p.add_argument(
        "--build-arg",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a build argument, as docker build takes it",
    )
    p.add_argument("--context", metavar="DIR", help="the build context (default: the Dockerfile's folder)")


def _format_help() -> str:
    return "; ".join(f"{name}: {what}" for name, what in FORMATS.items())


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="Dockerfiles or folders (searched recursively; default: .); - reads stdin",
    )
    _add_selection(check)
    check.add_argument(
        "--format",
        "--output-format",
        dest="format",
        type=_format,
        default=CHECK_DEFAULTS["format"],
        metavar="FORMAT",
        help=f"the report on stdout: {_format_help()}",
    )
    check.add_argument(
        "--output",
        action="append",
        type=_output,
        default=[],
        metavar="[FORMAT:]FILE",
        help="also write a report to FILE (repeatable), e.g. sarif:out.sarif; without FORMAT, --format's",
    )
    check.add_argument(
        "--fail-on",
        type=_choice("severity", SEVERITIES),
        metavar="SEVERITY",
        help="exit 1 when a finding is at or above this severity (error, warning, info, style; default warning)",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    check.add_argument(
        "--warn-unused-ignores", action="store_true", help="report suppression comments that suppress nothing"
    )
    check.add_argument(
        "--color",
        type=_choice("colour mode", COLORS),
        default=CHECK_DEFAULTS["color"],
        metavar="WHEN",
        help="colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never",
    )
    check.add_argument("--stdin-filename", metavar="PATH", help="the path to report for text read from stdin")
    check.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=CHECK_DEFAULTS["jobs"],
        metavar="N",
        help="worker processes for many files (default: all cores)",
    )
    check.add_argument("--memory", type=_size, metavar="SIZE", help="the CI runner's memory for the build, e.g. 4g")
    check.add_argument(
        "--explain-memory", action="store_true", help="list the build steps with their estimated peak memory"
    )
    check.add_argument(
        "--verbose", "-v", action="store_true", help="also say what the check itself could not do (e.g. no ShellCheck)"
    )
    fixing = check.add_argument_group("fixing (as ruff check does)")
    fixing.add_argument("--fix", action="store_true", help="apply the safe fixes, then report what is left")
    fixing.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: also the fixes that can change behaviour in edge cases",
    )
    fixing.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; write nothing (exit 1 on changes)"
    )
    fixing.add_argument("--show-fixes", action="store_true", help="with --fix: list each fix applied")


def _fix_arguments(fix: argparse.ArgumentParser) -> None:
    fix.add_argument("paths", nargs="*", metavar="PATH", help="Dockerfiles or folders; - reads stdin")
    _add_selection(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff, write nothing (exit 1 on changes)")
    fix.add_argument(
        "--unsafe",
        "--unsafe-fixes",
        dest="unsafe",
        action="store_true",
        help="also apply fixes that can change behaviour in edge cases",
    )
    fix.add_argument(
        "--verify",
        action="store_true",
        help="build the original and the fixed file (docker, buildx, buildah or podman) and write only if the "
        "images are the same, apart from what the fixes declare they change",
    )
    fix.add_argument("--builder", type=_choice("builder", BUILDERS), metavar="BUILDER", help="the builder for --verify")
    fix.add_argument(
        "--dockerignore",
        action="store_true",
        help="write only the build context's .dockerignore, made from what the Dockerfile copies "
        "(the Dockerfile itself is left alone)",
    )
    fix.add_argument(
        "--fail-on",
        type=_choice("severity", SEVERITIES),
        metavar="SEVERITY",
        help="exit 1 when a finding at or above this severity remains (default warning)",
    )
    fix.add_argument("--stdin-filename", metavar="PATH", help="the path to report for text read from stdin")


def _split_arguments(split_cmd: argparse.ArgumentParser) -> None:
    split_cmd.add_argument(
        "path", metavar="DOCKERFILE", help="the Dockerfile to split (a file: its folder is the context)"
    )
    split_cmd.add_argument("-o", "--output", required=True, metavar="DIR", help="where to write the files")
    split_cmd.add_argument("--force", action="store_true", help="replace the files if they exist")
    split_cmd.add_argument("--context", metavar="DIR", help="the build context (default: the Dockerfile's folder)")
    split_cmd.add_argument("--base-name", default="dockeropt-base", metavar="NAME", help="the base image's name")
    split_cmd.add_argument("--image", metavar="NAME", help="the application image's name")
    split_cmd.add_argument(
        "--registry",
        metavar="HOST[/PATH]",
        help="the registry build.sh pulls the base image from (and pushes it to with --push); "
        "$BASE_REGISTRY overrides it when build.sh runs",
    )
    split_cmd.add_argument(
        "--build-arg",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a build argument, as docker build takes it",
    )
    split_cmd.add_argument(
        "--verify",
        action="store_true",
        help="build the original, and the base then the target (docker, buildah or podman); write the files "
        "only if the target image is the same as the original's",
    )
    split_cmd.add_argument(
        "--builder", type=_choice("builder", BUILDERS), metavar="BUILDER", help="the builder for --verify"
    )


def _parse_arguments(parse: argparse.ArgumentParser) -> None:
    parse.add_argument("path", metavar="FILE", help="the Dockerfile; - reads stdin")
    parse.add_argument(
        "--format",
        type=_choice("format", ("json", "dot")),
        default="json",
        metavar="FORMAT",
        help="json: the instructions with BuildKit's fields and column ranges (default); dot: the stage graph "
        "for Graphviz",
    )
    parse.add_argument("--target", metavar="STAGE", help="with --format dot: the stage built (default: the last one)")
    parse.add_argument(
        "--build-arg",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="with --format dot: a build argument, for the stage graph's FROM lines",
    )


def _lsp_arguments(lsp: argparse.ArgumentParser) -> None:
    lsp.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default and only transport)")
    lsp.add_argument("--log-file", metavar="FILE", help="write the server's log here (default: stderr)")
    lsp.add_argument("--verbose", "-v", action="store_true", help="log debug messages")


def _report_arguments(report: argparse.ArgumentParser) -> None:
    report.add_argument("paths", nargs="*", metavar="PATH", help="Dockerfiles or folders (searched recursively)")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write (- for stdout)")
    _add_selection(report)
    report.add_argument("--memory", metavar="SIZE", help="the CI runner's memory for the build, e.g. 4g")
    report.add_argument("--title", default="dockeropt report", help="the page's title")
    report.add_argument(
        "--jobs", "-j", type=int, default=0, metavar="N", help="worker processes for many files (default: all cores)"
    )


def _rules_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument(
        "--format",
        type=_choice("format", ("text", "json")),
        default="text",
        metavar="FORMAT",
        help="text: one line per rule (default); json: a list of objects",
    )
    rules.add_argument("--write-docs", metavar="DIR", help="write one Markdown page per rule into DIR (docs/rules)")


def _rule_arguments(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("rule", metavar="RULE", help="a rule id, name or alias")


# each command of commands.common.COMMANDS: (help, description, what it takes)
SUBCOMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("lint Dockerfiles", "Lint Dockerfiles and report findings.", _check_arguments),
    "fix": (
        "rewrite Dockerfiles: apply the findings' fixes",
        "Apply the fixes of the findings, in place (atomically) or as a diff. "
        "With - the text is read from stdin and the fixed text written to stdout.",
        _fix_arguments,
    ),
    "split": (
        "split a Dockerfile into a stable base image and a thin target",
        "Write base.Dockerfile (system packages, dependency installs) and target.Dockerfile "
        "(the application, FROM ${BASE_IMAGE}) plus build.sh.",
        _split_arguments,
    ),
    "parse": (
        "print the parse of a Dockerfile",
        "Print how dockeropt (and BuildKit) reads a Dockerfile.",
        _parse_arguments,
    ),
    "lsp": ("run the language server (stdio)", "A language server for editors, over stdio.", _lsp_arguments),
    "report": (
        "write an HTML report: stages, layers, memory, findings",
        "Check Dockerfiles and write one self-contained HTML page: the stage graph, the estimated "
        "layers before and after `dockeropt fix --unsafe`, each build step's peak memory against the CI "
        "runner's limit, and the findings with code frames and fixes.",
        _report_arguments,
    ),
    "rules": ("list the rules", "List every rule with its id, name and summary.", _rules_arguments),
    "rule": (
        "print a rule's documentation",
        "Print the documentation of a rule, named by id, name or alias (e.g. DO303, DL3008).",
        _rule_arguments,
    ),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``command``, one that knows only that subcommand.

    Each subcommand's parser costs about 1 ms to build (argparse looks up its translations on the
    disk for every title), and a run needs one: ``main`` asks only for the one on its command line.
    Parsing that command's arguments gives the same result and the same messages either way.
    """
    parser = _Parser(
        prog="dockeropt",
        description="Find what makes Docker builds slow, fat and fragile, and rewrite the Dockerfile.",
    )
    parser.add_argument("--version", action="version", version=f"dockeropt {__version__}")
    # prog given: otherwise argparse builds a help formatter here; the subcommands' parsers are _Parser too
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="dockeropt")
    for name in COMMANDS:
        summary, description, arguments = SUBCOMMANDS[name]
        if command is None or name == command:
            arguments(sub.add_parser(name, help=summary, description=description))
    return parser
