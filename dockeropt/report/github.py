"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::warning file=Dockerfile,line=2,endLine=2,col=1,endColumn=10,title=DO105 maintainer-deprecated::message``

Paths are relative to ``$GITHUB_WORKSPACE`` (the repository) when set, else to the working
directory. Columns are given only for one-line ranges (GitHub ignores them otherwise) and are
inclusive. Values are escaped as @actions/core escapes them: ``%``, CR and LF in the message;
also ``:`` and ``,`` in properties. GitHub shows at most 10 annotations of each level per step;
the summary line after them says how many there are in all.
"""

from __future__ import annotations

import os

from dockeropt.report.common import full_message, last_line, report_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Finding
    from dockeropt.engine.check import FileResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "style": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    s = finding.span
    end = last_line(s.start_line, s.end_line, s.end_col)
    props = [("file", path), ("line", str(s.start_line)), ("endLine", str(end))]
    if s.start_line == s.end_line:
        props += [("col", str(s.start_col)), ("endColumn", str(max(s.start_col, s.end_col - 1)))]
    props.append(("title", f"{finding.rule_id} {finding.name}".strip()))
    message = full_message(finding)
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS.get(finding.severity, 'warning')} {head}::{escape_data(message)}"


def _count(n: int, noun: str) -> str:
    """``1 warning``, ``2 warnings``; severities ``info`` and ``style`` are not counted nouns."""
    plural = noun if n == 1 or noun in ("info", "style") else noun + "s"
    return f"{n} {plural}"


def render(results: Sequence[FileResult], base: str | None = None) -> str:
    root = base or os.environ.get("GITHUB_WORKSPACE") or None
    lines = []
    counts: dict[str, int] = {}
    for result in results:
        path = report_path(result.path, root)
        for finding in result.findings:
            lines.append(annotation(finding, path))
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
    total = sum(counts.values())
    if total:
        detail = ", ".join(_count(counts[s], s) for s in ("error", "warning", "info", "style") if s in counts)
        lines.append(f"dockeropt: {_count(total, 'problem')} in {_count(len(results), 'file')} ({detail})")
    else:
        lines.append(f"dockeropt: no problems in {_count(len(results), 'file')}")
    return "\n".join(lines) + "\n"
