"""``--format json``: a stable, documented schema (docs/output.md).

{"version": 1, "tool": "dockeropt", "tool_version": "...",
 "files": [{"path": ..., "findings": [
    {"rule": "DO101", "name": "...", "severity": "warning", "message": "...",
     "range": {"start_line", "start_col", "end_line", "end_col"},
     "fix": null | {"description", "safe", "edits": [{"start_line",...,"new_text"}]},
     "impact": null | {...}}]}],
 "summary": {"files": n, "findings": n, "by_severity": {...}}}
"""

from __future__ import annotations

import json

from dockeropt import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Finding, Fix
    from dockeropt.syntax.span import LineIndex


def fix_dict(fix: Fix, index: LineIndex | None) -> dict[str, object]:
    edits = []
    for e in fix.edits:
        entry: dict[str, object] = {"start": e.start, "end": e.end, "new_text": e.new_text}
        if index is not None:
            entry.update(index.span(e.start, e.end).as_dict())
        edits.append(entry)
    return {"description": fix.description, "safe": fix.safe, "changes": list(fix.changes), "edits": edits}


def finding_dict(f: Finding, index: LineIndex | None = None) -> dict[str, object]:
    return {
        "rule": f.rule_id,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "range": f.span.as_dict(),
        "fix": fix_dict(f.fix, index) if f.fix is not None else None,
        "impact": f.impact.as_dict() if f.impact is not None else None,
    }


def render(
    files: Sequence[tuple[str, Sequence[Finding], LineIndex | None]],
    estimates: Sequence[dict[str, object] | None] | None = None,
    saving: dict[str, object] | None = None,
) -> str:
    """The document; ``estimates`` (one per file, aligned with ``files``) and the total ``saving``
    are added when the check estimated the images (``dockeropt check`` does)."""
    out_files = []
    by_sev: dict[str, int] = {}
    total = 0
    for i, (path, findings, index) in enumerate(files):
        entry: dict[str, object] = {"path": path, "findings": [finding_dict(f, index) for f in findings]}
        if estimates is not None:
            entry["estimate"] = estimates[i]
        out_files.append(entry)
        for f in findings:
            by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
            total += 1
    doc = {
        "version": 1,
        "tool": "dockeropt",
        "tool_version": __version__,
        "files": out_files,
        "summary": {"files": len(out_files), "findings": total, "by_severity": by_sev},
    }
    if saving is not None:
        summary = doc["summary"]
        assert isinstance(summary, dict)
        summary["saving"] = saving
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
