"""The terminal report: ``path:line:col: ID severity message [impact]``."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Finding
    from dockeropt.engine.check import FileResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "style": "\033[35m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"
SAVING_LINES = 10  # files listed under the estimated saving


def use_color(stream: object, mode: str = "auto") -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def format_finding(f: Finding, color: bool = False) -> str:
    loc = f"{f.path}:{f.span.start_line}:{f.span.start_col}:"
    sev = f.severity
    impact = f.impact.summary() if f.impact is not None else ""
    tail = f" [{impact}]" if impact else ""
    fixable = " (fixable)" if f.fix is not None else ""
    if color:
        return (
            f"{_BOLD}{loc}{_RESET} {_BOLD}{f.rule_id}{_RESET} {_COLORS.get(sev, '')}{sev}{_RESET} "
            f"{f.message}{_DIM}{tail}{fixable}{_RESET}"
        )
    return f"{loc} {f.rule_id} {sev} {f.message}{tail}{fixable}"


def render(
    findings: Sequence[Finding], files_checked: int, color: bool = False, statistics: bool = False, failed: int = 0
) -> str:
    """The findings, one a line, and a summary; ``failed`` rules crashed (the run did not pass)."""
    lines = [format_finding(f, color) for f in findings]
    if statistics and findings:
        counts: dict[tuple[str, str], int] = {}
        for f in findings:
            counts[(f.rule_id, f.name)] = counts.get((f.rule_id, f.name), 0) + 1
        lines.append("")
        for (rule_id, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:6d}  {rule_id}  {name}")
    fixable = sum(1 for f in findings if f.fix is not None)
    noun = "file" if files_checked == 1 else "files"
    if findings:
        summary = f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} in {files_checked} {noun}"
        if fixable:
            summary += f" ({fixable} fixable with `dockeropt fix`)"
        lines.append(summary + ".")
    elif not failed:
        lines.append(f"All checks passed ({files_checked} {noun}).")
    if failed:
        lines.append(
            f"{failed} rule run{'s' if failed != 1 else ''} failed with an internal error (see above): "
            "not all checks ran."
        )
    return "\n".join(lines) + "\n"


def saving_summary(results: Sequence[FileResult]) -> str:
    """What the fixes would save, per file and in total (nothing when they save nothing)."""
    from dockeropt.report.common import SavingTotal, saving_words, size_words

    total = SavingTotal(results)
    if not total.files:
        return ""
    command = "`dockeropt fix --unsafe`" if total.unsafe else "`dockeropt fix`"
    note = " (files copied from new build stages not counted)" if total.uncertain else ""
    words = saving_words(total.bytes_low, total.bytes_high, total.layers)
    if total.files == 1 and len(results) == 1:
        saving = results[0].saving
        if saving is not None:
            before = size_words(saving.before.low, saving.before.high, saving.before.unknown_layers)
            after = size_words(saving.after.low, saving.after.high, saving.after.unknown_layers)
            return f"Estimated saving with {command}: {words} (layers added to the base: {before} -> {after}){note}.\n"
    lines = [f"Estimated saving with {command}: {words} in {total.files} file{'s' if total.files != 1 else ''}{note}:"]
    saved = [r for r in results if r.saving is not None and r.saving.any]
    # the biggest savings first; a long run lists the first ones (the JSON report has every file)
    saved.sort(
        key=lambda r: (-r.saving.bytes_high, -r.saving.layers, r.path) if r.saving is not None else (0, 0, r.path)
    )
    for result in saved[:SAVING_LINES]:
        saving = result.saving
        assert saving is not None
        lines.append(f"  {result.path}: {saving_words(saving.bytes_low, saving.bytes_high, saving.layers)}")
    if len(saved) > SAVING_LINES:
        lines.append(f"  … and {len(saved) - SAVING_LINES} more files (--format json lists each one)")
    return "\n".join(lines) + "\n"
