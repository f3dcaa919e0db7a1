"""``dockeropt check PATH...``"""

from __future__ import annotations

import os
import sys

from dockeropt.api.config import Config, ConfigError, config_for
from dockeropt.api.finding import Severity
from dockeropt.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    did_you_mean,
    parse_build_args,
    split_ids,
)
from dockeropt.engine.check import FileResult, check_text, parse_error_finding, run_project_rules
from dockeropt.engine.selection import checked_config
from dockeropt.files.read import InputError, decode, read_dockerfile, read_stdin

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator, Sequence
    from typing import Any, TextIO

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", "__pycache__", ".mypy_cache"})
NOT_DOCKERFILE_SUFFIXES = (".dockerignore", ".md", ".txt", ".orig", ".rej", ".swp", ".bak", ".patch", ".diff")


def is_dockerfile_name(name: str) -> bool:
    low = name.lower()
    if low.endswith(NOT_DOCKERFILE_SUFFIXES):
        return False
    return (
        low in ("dockerfile", "containerfile")
        or low.endswith(".dockerfile")
        or low.endswith(".containerfile")
        or low.startswith(("dockerfile.", "containerfile."))
    )


def discover(paths: Sequence[str]) -> Iterator[str]:
    """Files given, and Dockerfiles found under the folders given (sorted, deterministic)."""
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d for d in dirs if d not in SKIP_DIRS and not os.path.exists(os.path.join(root, d, "pyvenv.cfg"))
            )
            for name in sorted(files):
                if is_dockerfile_name(name):
                    full = os.path.join(root, name)
                    yield full[2:] if full.startswith("./") else full  # "Dockerfile" for ".", as ruff shows it


class CheckOptions:
    """The command-line options that apply to every file (config files may add to them), checked:
    a rule selector that matches no rule, or a context that is not a folder, is a :class:`UsageError`."""

    __slots__ = (
        "build_args",
        "config_path",
        "context",
        "estimate",
        "extend_select",
        "ignore",
        "memory",
        "no_config",
        "pictures",
        "saving_only",
        "select",
        "target",
        "warn_unused",
    )

    def __init__(self, args: argparse.Namespace) -> None:
        self.select = split_ids(args.select)
        if self.select == []:  # --select "" (an unset CI variable): it would check nothing and pass
            raise UsageError("--select: no rule given; an empty selection would check nothing (ALL: every rule)")
        self.extend_select = split_ids(getattr(args, "extend_select", None)) or []
        self.ignore = split_ids(args.ignore) or []
        self.build_args = parse_build_args(args.build_arg)
        self.target: str | None = args.target
        self.context: str | None = args.context
        self.config_path: str | None = args.config
        self.no_config: bool = args.no_config
        self.warn_unused: bool = getattr(args, "warn_unused_ignores", False)
        self.memory: str | None = getattr(args, "memory", None)
        # estimate each image and what the fixes would save (the text, json and html reports show
        # it); the memory of each step and the stages (json, html); only the saving (text alone)
        self.estimate = self.pictures = self.saving_only = False
        self._check_rules()
        if self.context is not None and not os.path.isdir(self.context):
            raise UsageError(f"--context {self.context}: not a folder")
        if self.config_path is not None and not os.path.lexists(self.config_path):
            raise UsageError(f"--config {self.config_path}: no such file")

    def _check_rules(self) -> None:
        from dockeropt.api.rule import RuleLoadError
        from dockeropt.engine.registry import all_rules
        from dockeropt.engine.selection import SelectionError, check_selectors

        try:
            rules = all_rules()
        except RuleLoadError as err:
            raise UsageError(str(err)) from None
        try:
            if self.select is not None:
                check_selectors(self.select, rules, "--select")
            check_selectors(self.extend_select, rules, "--extend-select")
            check_selectors(self.ignore, rules, "--ignore", selecting=False)
        except SelectionError as err:
            raise UsageError(str(err)) from None

    def config(self, path: str) -> Config:
        """The configuration for ``path`` (``-``: the working directory), its rule names checked."""
        return checked_config(path if path != "-" else os.getcwd(), self.config_path, not self.no_config)

    def context_for(self, path: str) -> str | None:
        return self.context or (os.path.dirname(os.path.abspath(path)) if path != "-" else None)


def unknown_target_error(target: str | None, result: FileResult) -> UsageError:
    stages = result.unknown_target or []
    where = result.path or "-"
    have = f"its stages are {', '.join(stages)}" if stages else "its stages have no names (FROM image AS name)"
    hint = did_you_mean(target or "", stages)
    return UsageError(f"--target {target}: {where} has no stage of that name{hint}; {have}")


def check_one(path: str, opts: CheckOptions, text: str | None = None, display: str | None = None) -> FileResult:
    shown = display or path
    try:
        if text is None:
            text = read_dockerfile(path)
    except InputError as err:
        return input_error_result(shown, err)
    cfg = opts.config(path)
    context_dir = opts.context_for(path)
    result = check_text(
        text,
        shown,
        cfg,
        opts.build_args,
        opts.target,
        context_dir,
        opts.select,
        opts.ignore,
        warn_unused_ignores=opts.warn_unused,
        memory=opts.memory,
        estimate=opts.estimate,
        pictures=opts.pictures,
        saving_only=opts.saving_only,
        extend_select=opts.extend_select,
    )
    if opts.estimate and result.image is not None:
        from dockeropt.fix.saving import estimate_saving

        result.saving = estimate_saving(
            result, text, cfg, opts.select, opts.ignore, opts.build_args, opts.target, context_dir
        )
    return result


def input_error_result(path: str, err: InputError) -> FileResult:
    """A file that cannot be read or decoded, as one DO001 finding (exit 2)."""
    result = FileResult(path, None)
    result.input_error = True
    result.findings.append(parse_error_finding(path, err.message, err.line, err.col, None))
    return result


def worker_count(jobs: int, files: int) -> int:
    """Worker processes for ``--jobs``: 0 means one per core; never more than the cores or the
    files (more processes than cores only compete for them)."""
    if jobs < 0:
        raise UsageError(f"--jobs {jobs}: must be 0 (one per core) or a positive number")
    cores = os.cpu_count() or 1
    return max(1, min(jobs or cores, cores, files))


def check_many(paths: list[str], opts: CheckOptions, jobs: int) -> list[FileResult]:
    workers = worker_count(jobs, len(paths))
    if workers == 1 or len(paths) < 16:
        return [check_one(p, opts) for p in paths]
    from concurrent.futures import ProcessPoolExecutor

    from dockeropt.engine.registry import all_rules

    # load the rules (and, for the estimates, the fix engine) here, once: forked workers inherit
    # them instead of each importing them again (the project rules need them here anyway)
    all_rules()
    if opts.estimate:
        import dockeropt.fix.saving  # noqa: F401
    chunk = max(1, len(paths) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_worker, [(p, opts) for p in paths], chunksize=chunk))


def _worker(item: tuple[str, CheckOptions]) -> FileResult:
    result = check_one(*item)
    result.tree = None  # trees and graphs stay in the worker: findings and the line index travel back
    result.graph = None
    result.text = None
    return result


def dockerfiles(paths: Sequence[str], command: str) -> list[str]:
    """The files to work on: ``paths`` with folders searched; a UsageError when there are none."""
    found = list(discover(paths))
    if not found:
        shown = ", ".join(paths)
        raise UsageError(
            f"no Dockerfiles found in {shown} (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*; "
            f"name a file to {command} it under another name)"
        )
    return found


def run_check(args: argparse.Namespace) -> int:
    paths = args.paths or ["."]
    if "-" in paths and len(paths) > 1:
        raise UsageError("- (stdin) cannot be given with other paths")
    opts = CheckOptions(args)
    formats = _formats(args)
    opts.estimate = any(fmt in ESTIMATING_FORMATS for fmt in formats)
    opts.pictures = any(fmt in PICTURE_FORMATS for fmt in formats)
    opts.saving_only = opts.estimate and all(fmt in SAVING_ONLY_FORMATS for fmt in formats)
    worker_count(args.jobs, 1)  # --jobs -1 is refused before anything runs
    if args.fix or args.diff:
        from dockeropt.commands.fix import run_check_fix

        return run_check_fix(args, opts, paths)
    if args.unsafe_fixes or args.show_fixes:
        flag = "--unsafe-fixes" if args.unsafe_fixes else "--show-fixes"
        raise UsageError(f"{flag} goes with --fix or --diff")
    try:
        if paths == ["-"]:
            display = args.stdin_filename or "-"
            try:
                text = decode(read_stdin(sys.stdin.buffer))
            except InputError as err:
                results = [input_error_result(display, err)]
            else:
                results = [check_one(args.stdin_filename or "-", opts, text, display)]
        else:
            results = check_many(dockerfiles(paths, "check"), opts, args.jobs)
            run_project_rules(results)
    except ConfigError as err:
        raise UsageError(str(err)) from None
    return report_and_exit(args, opts, results)


def report_and_exit(
    args: argparse.Namespace, opts: CheckOptions, results: list[FileResult], stream: TextIO | None = None
) -> int:
    """Write the reports of ``results`` (on ``stream``, default stdout, and to every --output) and give
    the exit code: 2 for unreadable input, else 1 when a finding is at or above the threshold."""
    for result in results:
        if result.unknown_target is not None:
            raise unknown_target_error(opts.target, result)
    findings = [f for r in results for f in r.findings]
    shown: set[str] = set()
    for result in results:
        for problem in result.internal_errors:
            print(f"dockeropt: {problem}", file=sys.stderr)
    verbose = getattr(args, "verbose", False)
    named = named_rules(opts) if not verbose and any(r.notes for r in results) else set()
    for result in results:
        for note in result.notes:
            if (verbose or result.note_rules.get(note) in named) and note not in shown:
                shown.add(note)
                print(f"dockeropt: {note}", file=sys.stderr)
    write_reports(args, results, stream or sys.stdout)
    if getattr(args, "explain_memory", False):
        (stream or sys.stdout).write(explain_memory([r.path for r in results if not r.input_error], opts))
    if any(r.input_error or r.internal_errors for r in results):
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_OK
    threshold = args.fail_on or _config_fail_on(args, results)
    rank = Severity.rank(threshold)
    return EXIT_FINDINGS if any(Severity.rank(f.severity) >= rank for f in findings) else EXIT_OK


def named_rules(opts: CheckOptions) -> set[str]:
    """The ids of the rules named one by one in --select/--extend-select (by id, name, alias or one
    of their codes, as SC2086 names DO100): what such a rule says about the check itself (ShellCheck
    is not installed) is shown without --verbose, since the user asked for that rule."""
    from dockeropt.engine.registry import all_rules
    from dockeropt.engine.selection import names_rule

    keys = [*(opts.select or []), *opts.extend_select]
    if not keys:
        return set()
    return {r.id for r in all_rules() if any(names_rule(r, k) or r.names_code(k) for k in keys)}


def _config_fail_on(args: argparse.Namespace, results: list[FileResult]) -> str:
    if args.no_config:
        return Severity.WARNING
    try:
        cfg: Config = config_for(args.config or (results[0].path if results else "."), args.config, True)
    except ConfigError:
        return Severity.WARNING
    return cfg.fail_on


ESTIMATING_FORMATS = ("text", "json", "html")  # the reports that show image sizes and savings
PICTURE_FORMATS = ("json", "html")  # ... and each step's memory (json, html) and the stages (html)
SAVING_ONLY_FORMATS = ("text", "concise")  # the reports that show no estimate but the saving


def _formats(args: argparse.Namespace) -> list[str]:
    """The formats this run writes: ``--format`` and each ``--output``'s."""
    return [args.format, *(fmt or args.format for fmt, _ in args.output)]


def write_reports(args: argparse.Namespace, results: list[FileResult], stream: TextIO) -> None:
    from dockeropt.report import render_report

    stream.write(render_report(args.format, results, stream, **_report_options(args)))
    if not args.output:
        return
    from dockeropt.files.write import WriteError, write_report

    for fmt, dest in args.output:
        content = render_report(fmt or args.format, results, None, **_report_options(args))
        try:
            write_report(dest, content)
        except WriteError as err:
            raise UsageError(str(err)) from None


def _report_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "color": getattr(args, "color", "auto"),
        "statistics": getattr(args, "statistics", False),
        "sarif_category": getattr(args, "sarif_category", None),
    }


def explain_memory(paths: list[str], opts: CheckOptions) -> str:
    """``--explain-memory``: every RUN's estimated peak, highest first, and the limit it meets."""
    from dockeropt.analysis.memory import estimate_steps
    from dockeropt.api.context import CheckContext
    from dockeropt.graph.model import Graph
    from dockeropt.syntax.nodes import ParseError
    from dockeropt.syntax.parser import parse
    from dockeropt.units import format_memory, format_memory_range

    lines: list[str] = []
    for path in paths:
        try:
            tree = parse(read_dockerfile(path), path)
        except (InputError, ParseError):
            continue
        cfg = opts.config(path)
        context_dir = opts.context or os.path.dirname(os.path.abspath(path))
        ctx = CheckContext(tree, Graph(tree, opts.build_args, opts.target), path, context_dir, cfg, opts.memory)
        limit = ctx.memory_limit()
        steps = sorted(estimate_steps(ctx), key=lambda s: (-s.high, s.inst.start_line))
        lines.append("")
        if limit is None:
            lines.append(f"{path}: memory limit unknown (give --memory, or a CI configuration beside the file)")
        elif limit.bytes is None:
            lines.append(f"{path}: memory limit unknown: {limit.source}" + (f" ({limit.note})" if limit.note else ""))
        else:
            lines.append(f"{path}: memory limit {format_memory(limit.bytes)} from {limit.source}")
        lines.append(f"  {'line':>5}  {'estimated peak':>16}  why")
        for step in steps:
            mark = " !" if limit is not None and limit.bytes is not None and step.high > limit.bytes else "  "
            peak = format_memory_range(step.low, step.high)
            lines.append(f"{mark}{step.inst.start_line:>5}  {peak:>16}  {step.reason}")
    return "\n".join(lines) + "\n"
