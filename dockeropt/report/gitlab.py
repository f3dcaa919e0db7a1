"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality:``).

A JSON array of Code Climate issues. GitLab requires ``description``, ``check_name``,
``fingerprint``, ``severity`` and ``location.path`` with ``location.lines.begin``. Severities
keep our order: error → blocker, warning → major, info → minor, style → info. The fingerprint
hashes the path, the rule, the flagged instruction's normalised text and an occurrence index:
unique in the report, and unchanged when unrelated lines move (GitLab matches issues between
the merge request and its target on it).
"""

from __future__ import annotations

import json

from dockeropt.report.common import fingerprints, full_message, report_path, source_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.engine.check import FileResult

SEVERITIES = {"error": "blocker", "warning": "major", "info": "minor", "style": "info"}
CATEGORIES = {
    "syntax": "Bug Risk",
    "correctness": "Bug Risk",
    "security": "Security",
    "style": "Style",
    "bloat": "Performance",
    "cache": "Performance",
    "context": "Performance",
    "ml": "Performance",
    "memory": "Performance",
    "multistage": "Performance",
    "pinning": "Compatibility",
}


def issues(results: Sequence[FileResult], base: str | None = None) -> list[dict[str, object]]:
    from dockeropt.report.common import rule_for, rules_by_id

    known = rules_by_id()
    out: list[dict[str, object]] = []
    for result in results:
        if not result.findings:
            continue
        path = report_path(result.path, base)
        ids = fingerprints(result, source_text(result), salt=path)
        for finding, fingerprint in zip(result.findings, ids, strict=True):
            rule = rule_for(known, finding.rule_id)
            description = f"{finding.rule_id} {full_message(finding)}"
            issue: dict[str, object] = {
                "type": "issue",
                "check_name": finding.rule_id,
                "description": description,
                "categories": [CATEGORIES.get(rule.category, "Bug Risk") if rule is not None else "Bug Risk"],
                "fingerprint": fingerprint,
                "severity": SEVERITIES.get(finding.severity, "major"),
                "location": {
                    "path": path,
                    "lines": {"begin": finding.span.start_line, "end": finding.span.end_line},
                },
            }
            out.append(issue)
    return out


def render(results: Sequence[FileResult], base: str | None = None) -> str:
    return json.dumps(issues(results, base), indent=2, ensure_ascii=False) + "\n"
