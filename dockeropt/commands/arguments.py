"""The command line's options, with argparse (``dockeropt.cli`` builds the parser only when it needs one).

argparse rather than click: click costs about 35 ms to import, close to a whole lint run of a
small Dockerfile.
"""

from __future__ import annotations

import argparse
import functools
import sys

from dockeropt import __version__
from dockeropt.commands.common import CHECK_DEFAULTS, COMMANDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

CHECK_FORMATS = ("text", "json", "sarif", "gitlab", "github", "lsp", "html")
BUILDERS = ("docker", "buildx", "buildah", "podman")  # for --verify (dockeropt.verify.build.BUILDERS)


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


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def _add_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="IDS",
        help="only these rules (ids, prefixes, names, aliases, categories; comma-separated)",
    )
    p.add_argument("--ignore", action="append", default=[], metavar="IDS", help="skip these rules")
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


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="Dockerfiles or folders (searched recursively); - for stdin"
    )
    _add_selection(check)
    check.add_argument(
        "--format", choices=CHECK_FORMATS, default=CHECK_DEFAULTS["format"], help="output format (default: text)"
    )
    check.add_argument(
        "--output",
        action="append",
        default=[],
        metavar="[FORMAT:]FILE",
        help="also write a report to FILE (repeatable), e.g. sarif:out.sarif",
    )
    check.add_argument(
        "--fail-on",
        metavar="SEVERITY",
        help="exit 1 when a finding is at or above this severity (error, warning, info, style; default warning)",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    check.add_argument(
        "--warn-unused-ignores", action="store_true", help="report suppression comments that suppress nothing"
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default=CHECK_DEFAULTS["color"])
    check.add_argument("--stdin-filename", metavar="PATH", help="the path to report for text read from stdin")
    check.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=CHECK_DEFAULTS["jobs"],
        metavar="N",
        help="worker processes for many files (default: all cores)",
    )
    check.add_argument("--memory", metavar="SIZE", help="the CI runner's memory for the build, e.g. 4g")
    check.add_argument(
        "--explain-memory", action="store_true", help="list the build steps with their estimated peak memory"
    )
    check.add_argument(
        "--verbose", "-v", action="store_true", help="also say what the check itself could not do (e.g. no ShellCheck)"
    )


def _fix_arguments(fix: argparse.ArgumentParser) -> None:
    fix.add_argument("paths", nargs="*", metavar="PATH", help="Dockerfiles or folders")
    _add_selection(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff, write nothing (exit 1 on changes)")
    fix.add_argument("--unsafe", action="store_true", help="also apply fixes that can change behaviour in edge cases")
    fix.add_argument(
        "--verify",
        action="store_true",
        help="build the original and the fixed file (docker, buildx, buildah or podman) and write only if the "
        "images are the same, apart from what the fixes declare they change",
    )
    fix.add_argument("--builder", choices=BUILDERS, help="the builder for --verify")
    fix.add_argument(
        "--dockerignore",
        action="store_true",
        help="also write the build context's .dockerignore from what the Dockerfile copies",
    )
    fix.add_argument("--fail-on", metavar="SEVERITY", help="exit 1 when a finding at or above this severity remains")


def _split_arguments(split_cmd: argparse.ArgumentParser) -> None:
    split_cmd.add_argument("path", metavar="DOCKERFILE")
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
    split_cmd.add_argument("--build-arg", action="append", default=[], metavar="NAME=VALUE")
    split_cmd.add_argument(
        "--verify",
        action="store_true",
        help="build the original, and the base then the target (docker, buildah or podman); write the files "
        "only if the target image is the same as the original's",
    )
    split_cmd.add_argument("--builder", choices=BUILDERS, help="the builder for --verify")


def _parse_arguments(parse: argparse.ArgumentParser) -> None:
    parse.add_argument("path", metavar="FILE")
    parse.add_argument("--format", choices=("json", "dot"), default="json")
    parse.add_argument("--target", metavar="STAGE")
    parse.add_argument("--build-arg", action="append", default=[], metavar="NAME=VALUE")


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
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--write-docs", metavar="DIR", help="write one Markdown page per rule into DIR (docs/rules)")


# each command of commands.common.COMMANDS: (help, description, what it takes)
SUBCOMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("lint Dockerfiles", "Lint Dockerfiles and report findings.", _check_arguments),
    "fix": (
        "rewrite Dockerfiles: apply the findings' fixes",
        "Apply the fixes of the findings, in place (atomically) or as a diff.",
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
