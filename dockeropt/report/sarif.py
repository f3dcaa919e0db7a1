"""``--format sarif``: one SARIF 2.1.0 run, shaped for GitHub code scanning.

- ``tool.driver.rules`` holds every rule that has a result, with GitHub's required fields
  (``shortDescription``, ``fullDescription``, ``help``), ``helpUri`` to its docs page,
  ``defaultConfiguration.level``, tags, and ``security-severity`` for security rules.
- Results carry ``ruleIndex``, 1-based regions with an exclusive ``endColumn`` counted in code
  points (``columnKind: unicodeCodePoints``), paths relative to ``%SRCROOT%`` (the working
  directory), fingerprints, and ``fixes`` (SARIF replacements) wherever a fix exists.
- ``partialFingerprints``: ``dockeropt/v1`` hashes the rule id, the flagged instruction's
  normalised text and an occurrence index (stable when unrelated lines move);
  ``primaryLocationLineHash`` is what github/codeql-action would compute, so REST uploads and
  upload-sarif agree.
- ``automationDetails.id`` is ``<category>/``: the category comes from ``--sarif-category`` or
  ``DOCKEROPT_SARIF_CATEGORY``, default ``dockeropt``. It takes precedence over upload-sarif's
  ``category`` input, so give each upload of one repository its own category.
- GitHub's limits are kept: at most 25,000 results (the most severe first; a notification says
  how many were left out), 20 tags per rule, 1,024 characters of description.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from dockeropt import __version__
from dockeropt.report.common import (
    LEVELS,
    clip,
    fingerprints,
    first_paragraph,
    full_message,
    line_hashes,
    relative_path,
    rules_by_id,
    source_text,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Finding, Fix
    from dockeropt.api.rule import Rule
    from dockeropt.engine.check import FileResult
    from dockeropt.syntax.span import LineIndex

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dockeropt/dockeropt"
SRCROOT = "%SRCROOT%"
DEFAULT_CATEGORY = "dockeropt"
CATEGORY_ENV = "DOCKEROPT_SARIF_CATEGORY"
# GitHub code scanning limits (docs: "SARIF results exceed limit")
MAX_RESULTS = 25_000
MAX_TAGS = 20
MAX_DESCRIPTION = 1024
MAX_NAME = 255
MAX_MESSAGE = 4096
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2, "style": 3}


def render(results: Sequence[FileResult], category: str | None = None, base: str | None = None) -> str:
    return json.dumps(build_log(results, category, base), indent=2, ensure_ascii=False) + "\n"


def build_log(results: Sequence[FileResult], category: str | None = None, base: str | None = None) -> dict[str, object]:
    """The SARIF log as a dict; ``base`` is the folder URIs are relative to (default: cwd)."""
    root = os.path.realpath(base or os.getcwd())
    known = rules_by_id()
    entries: list[tuple[Finding, dict[str, object]]] = []
    for result in results:
        entries.extend(_file_results(result, root))
    notifications: list[dict[str, object]] = []
    if len(entries) > MAX_RESULTS:
        dropped = len(entries) - MAX_RESULTS
        # keep the most severe (stable: within a severity, file order)
        order = sorted(range(len(entries)), key=lambda i: (SEVERITY_ORDER.get(entries[i][0].severity, 9), i))
        keep = set(order[:MAX_RESULTS])
        entries = [e for i, e in enumerate(entries) if i in keep]
        notifications.append(
            {
                "level": "warning",
                "message": {"text": f"{dropped} results left out: GitHub accepts at most {MAX_RESULTS} per run"},
                "descriptor": {"id": "too-many-results"},
            }
        )
    rule_ids = sorted({f.rule_id for f, _ in entries})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    families = [r for r in known.values() if r.code_prefix]
    descriptors = [
        _descriptor(rule_id, known.get(rule_id), entries)
        if rule_id in known or not any(r.owns_code(rule_id) for r in families)
        else _code_descriptor(rule_id, next(r for r in families if r.owns_code(rule_id)), entries)
        for rule_id in rule_ids
    ]
    sarif_results = []
    for finding, entry in entries:
        entry["ruleIndex"] = index[finding.rule_id]
        sarif_results.append(entry)
    invocation: dict[str, object] = {
        "executionSuccessful": not any(r.input_error or r.internal_errors for r in results),
        "workingDirectory": {"uri": _dir_uri(root)},
    }
    for result in results:
        for problem in result.internal_errors:
            notifications.append(
                {"level": "error", "message": {"text": problem}, "descriptor": {"id": "internal-error"}}
            )
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "dockeropt",
                "semanticVersion": __version__,
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "automationDetails": {"id": _category(category) + "/"},
        "originalUriBaseIds": {SRCROOT: {"uri": _dir_uri(root)}},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _category(category: str | None) -> str:
    value = (category or os.environ.get(CATEGORY_ENV) or DEFAULT_CATEGORY).strip().strip("/")
    return value or DEFAULT_CATEGORY


def _dir_uri(folder: str) -> str:
    uri = _path_uri(folder)
    return uri if uri.endswith("/") else uri + "/"


def _path_uri(path: str) -> str:
    from pathlib import Path

    return Path(path).as_uri()


def artifact_location(path: str, root: str) -> dict[str, object]:
    rel = relative_path(path, root)
    if rel is not None:
        return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}
    if path and path != "-" and os.path.isabs(path):
        return {"uri": _path_uri(path)}
    return {"uri": quote((path or "-").replace(os.sep, "/"), safe="/")}


def _region(start_line: int, start_col: int, end_line: int, end_col: int) -> dict[str, int]:
    return {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}


def _file_results(result: FileResult, root: str) -> list[tuple[Finding, dict[str, object]]]:
    if not result.findings:
        return []
    text = source_text(result)
    location = artifact_location(result.path, root)
    ours = fingerprints(result, text)
    hashes = line_hashes(text) if text is not None else None
    out = []
    for finding, fingerprint in zip(result.findings, ours, strict=True):
        s = finding.span
        message = full_message(finding)
        entry: dict[str, object] = {
            "ruleId": finding.rule_id,
            "level": LEVELS.get(finding.severity, "warning"),
            "message": {"text": clip(message, MAX_MESSAGE)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": _region(s.start_line, s.start_col, s.end_line, s.end_col),
                    }
                }
            ],
        }
        partial = {"dockeropt/v1": fingerprint}
        if hashes is not None and 0 < s.start_line <= len(hashes):
            partial["primaryLocationLineHash"] = hashes[s.start_line - 1]
        entry["partialFingerprints"] = partial
        if finding.fix is not None and finding.fix.edits and result.index is not None:
            entry["fixes"] = [sarif_fix(finding.fix, location, result.index)]
        props: dict[str, object] = {"severity": finding.severity}
        if finding.impact is not None:
            props["impact"] = finding.impact.as_dict()
        entry["properties"] = props
        out.append((finding, entry))
    return out


def sarif_fix(fix: Fix, location: dict[str, object], index: LineIndex) -> dict[str, object]:
    """A SARIF ``fix``: each edit is a replacement (an empty deleted region inserts)."""
    replacements = []
    for edit in fix.edits:
        span = index.span(edit.start, edit.end)
        replacements.append(
            {
                "deletedRegion": _region(span.start_line, span.start_col, span.end_line, span.end_col),
                "insertedContent": {"text": edit.new_text},
            }
        )
    return {
        "description": {"text": fix.description + ("" if fix.safe else " (unsafe)")},
        "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
    }


def _descriptor(rule_id: str, rule: Rule | None, entries: list[tuple[Finding, dict[str, object]]]) -> dict[str, object]:
    """``reportingDescriptor`` of one rule (a rule not in the registry gets what its findings tell)."""
    if rule is None:
        name = next((f.name for f, _ in entries if f.rule_id == rule_id), rule_id)
        return {
            "id": rule_id,
            "name": clip(name or rule_id, MAX_NAME),
            "shortDescription": {"text": name or rule_id},
            "fullDescription": {"text": name or rule_id},
            "help": {"text": name or rule_id},
            "defaultConfiguration": {"level": "warning"},
        }
    from dockeropt.engine.docs import render_rule_page

    summary = clip(rule.summary or rule.name or rule.id, MAX_DESCRIPTION)
    full = clip(first_paragraph(rule.docs) if rule.docs.strip() else summary, MAX_DESCRIPTION)
    tags = [rule.category, *rule.aliases]
    props: dict[str, object] = {}
    if rule.security_severity is not None:
        tags.append("security")
        props["security-severity"] = f"{max(0.0, min(10.0, rule.security_severity)):.1f}"
    else:
        props["problem.severity"] = "recommendation" if rule.severity in ("info", "style") else rule.severity
    props["tags"] = list(dict.fromkeys(tags))[:MAX_TAGS]
    props["precision"] = getattr(rule, "precision", "high")
    help_markdown = render_rule_page(rule)
    return {
        "id": rule.id,
        "name": clip(rule.name or rule.id, MAX_NAME),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "help": {"text": _plain(help_markdown), "markdown": help_markdown},
        "helpUri": rule.docs_url(),
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": props,
    }


def _code_descriptor(code: str, rule: Rule, entries: list[tuple[Finding, dict[str, object]]]) -> dict[str, object]:
    """``reportingDescriptor`` of another tool's code (ShellCheck's ``SC2086``) reported by ``rule``."""
    first = next(f for f, _ in entries if f.rule_id == code)
    url = rule.code_docs_url(code)
    text = clip(f"{code}: {first.message}", MAX_DESCRIPTION)
    return {
        "id": code,
        "name": clip(f"{rule.name}/{code}", MAX_NAME),
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": f"{text} See {url}", "markdown": f"{text} See [{code}]({url})."},
        "helpUri": url,
        "defaultConfiguration": {"level": LEVELS.get(first.severity, "warning")},
        "properties": {
            "tags": [rule.category, rule.name],
            "precision": "high",
            "problem.severity": "recommendation" if first.severity in ("info", "style") else first.severity,
        },
    }


def _plain(markdown: str) -> str:
    """Rule help as plain text: the Markdown page without heading marks, code fences and table rules."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("```") or line.startswith("|---") or line.replace(" ", "") == "|||":
            continue
        if line.startswith("|") and line.endswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            lines.append(": ".join(cells))
        elif line.startswith("#"):
            lines.append(line.lstrip("#").lstrip())
        else:
            lines.append(line)
    return "\n".join(lines).strip() + "\n"
