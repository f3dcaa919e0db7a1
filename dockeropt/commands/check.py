"""``dockeropt check PATH...``"""

from __future__ import annotations

import os
import sys

from dockeropt.api.config import Config, ConfigError, config_for
from dockeropt.api.finding import Severity
from dockeropt.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, parse_build_args, split_ids
from dockeropt.engine.check import FileResult, check_text, parse_error_finding, run_project_rules
from dockeropt.files.read import InputError, decode, read_dockerfile, read_stdin

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator, Sequence
    from typing import Any

REPORT_FORMATS = ("text", "json", "sarif", "gitlab", "github", "lsp", "html")
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
                    yield os.path.join(root, name)


class CheckOptions:
    """The command-line options that apply to every file (config files may add to them)."""

    __slots__ = (
        "build_args",
        "config_path",
        "context",
        "estimate",
        "ignore",
        "memory",
        "no_config",
        "select",
        "target",
        "warn_unused",
    )

    def __init__(self, args: argparse.Namespace) -> None:
        self.select = split_ids(args.select)
        self.ignore = split_ids(args.ignore) or []
        self.build_args = parse_build_args(args.build_arg)
        self.target: str | None = args.target
        self.context: str | None = args.context
        self.config_path: str | None = args.config
        self.no_config: bool = args.no_config
        self.warn_unused: bool = getattr(args, "warn_unused_ignores", False)
        self.memory: str | None = getattr(args, "memory", None)
        # estimate each image and what the fixes would save (the text, json and html reports show it)
        self.estimate = False


def check_one(path: str, opts: CheckOptions, text: str | None = None, display: str | None = None) -> FileResult:
    shown = display or path
    try:
        if text is None:
            text = read_dockerfile(path)
    except InputError as err:
        result = FileResult(shown, None)
        result.input_error = True
        result.findings.append(parse_error_finding(shown, err.message, err.line, err.col, None))
        return result
    cfg = config_for(path if path != "-" else os.getcwd(), opts.config_path, not opts.no_config)
    context_dir = opts.context or (os.path.dirname(os.path.abspath(path)) if path != "-" else None)
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
        pictures=opts.estimate,
    )
    if opts.estimate:
        from dockeropt.fix.saving import estimate_saving

        result.saving = estimate_saving(
            result, text, cfg, opts.select, opts.ignore, opts.build_args, opts.target, context_dir
        )
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


def run_check(args: argparse.Namespace) -> int:
    opts = CheckOptions(args)
    opts.estimate = any(fmt in ESTIMATING_FORMATS for fmt in _formats(args))
    if not args.paths:
        raise UsageError("no paths given (try: dockeropt check Dockerfile)")
    try:
        fail_on = Severity.parse(args.fail_on) if args.fail_on else None
    except ValueError as err:
        raise UsageError(str(err)) from None
    worker_count(args.jobs, 1)  # --jobs -1 is refused before anything runs
    try:
        if args.paths == ["-"]:
            display = args.stdin_filename or "-"
            try:
                text = decode(read_stdin(sys.stdin.buffer))
            except InputError as err:
                result = FileResult(display, None)
                result.input_error = True
                result.findings.append(parse_error_finding(display, err.message, err.line, err.col, None))
                results = [result]
            else:
                results = [check_one(args.stdin_filename or "-", opts, text, display)]
        else:
            paths = list(discover(args.paths))
            if not paths:
                raise UsageError(f"no Dockerfiles found in {', '.join(args.paths)}")
            results = check_many(paths, opts, args.jobs)
            run_project_rules(results)
    except ConfigError as err:
        raise UsageError(str(err)) from None

    findings = [f for r in results for f in r.findings]
    for result in results:
        for problem in result.internal_errors:
            print(f"dockeropt: {problem}", file=sys.stderr)
    if getattr(args, "verbose", False):
        for note in dict.fromkeys(n for r in results for n in r.notes):
            print(f"dockeropt: {note}", file=sys.stderr)
    _write_reports(args, results)
    if getattr(args, "explain_memory", False):
        sys.stdout.write(explain_memory([r.path for r in results if not r.input_error], opts))
    if any(r.input_error or r.internal_errors for r in results):
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_OK
    threshold = fail_on or _config_fail_on(args, results)
    rank = Severity.rank(threshold)
    return EXIT_FINDINGS if any(Severity.rank(f.severity) >= rank for f in findings) else EXIT_OK


def _config_fail_on(args: argparse.Namespace, results: list[FileResult]) -> str:
    if args.no_config:
        return Severity.WARNING
    try:
        cfg: Config = config_for(args.config or (results[0].path if results else "."), args.config, True)
    except ConfigError:
        return Severity.WARNING
    return cfg.fail_on


ESTIMATING_FORMATS = ("text", "json", "html")  # the reports that show image sizes and savings


def _formats(args: argparse.Namespace) -> list[str]:
    """The formats this run writes: ``--format`` and each ``--output``'s."""
    out = [args.format]
    for spec in args.output:
        fmt, sep, _ = spec.partition(":")
        out.append(fmt if sep and fmt in REPORT_FORMATS else args.format)
    return out


def _write_reports(args: argparse.Namespace, results: list[FileResult]) -> None:
    from dockeropt.report import render_report

    color_stream = sys.stdout
    sys.stdout.write(render_report(args.format, results, color_stream, **_report_options(args)))
    if not args.output:
        return
    from dockeropt.files.write import WriteError, write_report

    for spec in args.output:
        fmt, sep, dest = spec.partition(":")
        if not sep or fmt not in REPORT_FORMATS:
            fmt, dest = args.format, spec
        content = render_report(fmt, results, None, **_report_options(args))
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
        cfg = config_for(path, opts.config_path, not opts.no_config)
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
