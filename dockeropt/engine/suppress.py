"""Inline suppressions: ours, hadolint's pragmas, and BuildKit's ``# check=skip=``.

- ``# dockeropt: ignore=ID[,ID] -- reason``   the next instruction
- ``# dockeropt: ignore-file=ID[,ID] -- reason``   the whole file
- ``# hadolint ignore=DL3008,SC2086``   the next instruction
- ``# hadolint global ignore=…``   the whole file; ``# hadolint stage ignore=…`` the current stage
- ``# check=skip=Rule1,Rule2|all``   parser directive: the whole file; since BuildKit frontend 1.21
  the same comment in the block right above an instruction skips it there only.

IDs may be our ids, rule names, or aliases (DL codes, BuildKit check names), case-insensitive.
"""

from __future__ import annotations

import re

from dockeropt.syntax.nodes import Comment, Directive, Instruction

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.engine.finding import Finding
    from dockeropt.engine.rule import Rule
    from dockeropt.graph.model import Graph
    from dockeropt.syntax.nodes import Dockerfile
    from dockeropt.syntax.span import Span

_OURS = re.compile(r"dockeropt:\s*(ignore|ignore-file)\s*=\s*([^\s#]+(?:\s*,\s*[^\s#]+)*)(?:\s*--\s*(.*))?", re.I)
_HADOLINT = re.compile(r"hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([^\s#]+(?:\s*,\s*[^\s#]+)*)", re.I)
_CHECK = re.compile(r"check\s*=\s*(.*)", re.I)

ALL = "*"


class Suppression:
    """One suppression comment; ``used`` records which of its ids matched a finding."""

    __slots__ = ("first_line", "ids", "last_line", "reason", "scope", "source", "span", "used")

    def __init__(self, ids: list[str], scope: str, span: Span, reason: str, source: str) -> None:
        self.ids = ids
        self.scope = scope  # "instruction" | "stage" | "file"
        self.span = span
        self.reason = reason
        self.source = source  # "dockeropt" | "hadolint" | "buildkit"
        self.used: set[str] = set()
        self.first_line = 0  # line range it covers (for instruction and stage scopes)
        self.last_line = 0

    def covers(self, finding: Finding, keys: set[str]) -> str | None:
        if self.scope != "file" and not (self.first_line <= finding.span.start_line <= self.last_line):
            return None
        for ident in self.ids:
            if ident == ALL or ident.lower() in keys:
                return ident
        return None


def _split_ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def collect(tree: Dockerfile, graph: Graph) -> list[Suppression]:
    out: list[Suppression] = []
    for directive in tree.directives:
        if directive.key == "check":
            ids = _check_skip(directive.value)
            if ids:
                out.append(Suppression(ids, "file", directive.span, "", "buildkit"))
    pending: list[Suppression] = []
    for item in tree.items:
        if isinstance(item, Comment):
            found = _from_comment(item, tree)
            for sup in found:
                if sup.scope == "file":
                    out.append(sup)
                else:
                    pending.append(sup)
            continue
        if isinstance(item, Directive):
            continue
        if isinstance(item, Instruction):
            for sup in pending:
                if sup.scope == "stage":
                    stage = graph.stage(item)
                    if stage is not None:
                        last = stage.instructions[-1] if stage.instructions else stage.from_inst
                        sup.first_line, sup.last_line = item.start_line, last.end_line
                    else:
                        sup.first_line, sup.last_line = item.start_line, item.end_line
                else:
                    sup.first_line, sup.last_line = item.start_line, item.end_line
                out.append(sup)
            pending = []
        else:
            pending = []  # a blank line ends the comment block
    return out


def _from_comment(item: Comment, tree: Dockerfile) -> list[Suppression]:
    content = item.content
    span = tree.index.span(item.start, item.end - (1 if item.text.endswith("\n") else 0))
    m = _OURS.match(content)
    if m:
        scope = "file" if m.group(1).lower() == "ignore-file" else "instruction"
        return [Suppression(_split_ids(m.group(2)), scope, span, (m.group(3) or "").strip(), "dockeropt")]
    m = _HADOLINT.match(content)
    if m:
        kind = (m.group(1) or "").lower()
        scope = {"global": "file", "stage": "stage"}.get(kind, "instruction")
        return [Suppression(_split_ids(m.group(2)), scope, span, "", "hadolint")]
    m = _CHECK.match(content)
    if m:
        ids = _check_skip(m.group(1))
        if ids:
            return [Suppression(ids, "instruction", span, "", "buildkit")]
    return []


def _check_skip(value: str) -> list[str]:
    """``skip=A,B;error=true`` -> [A, B]; ``skip=all`` -> every rule."""
    ids: list[str] = []
    for option in value.split(";"):
        key, _, val = option.partition("=")
        if key.strip().lower() != "skip":
            continue
        val = val.split("//", 1)[0]
        for ident in _split_ids(val):
            ids.append(ALL if ident.lower() == "all" else ident)
    return ids


def apply(findings: list[Finding], suppressions: list[Suppression], rules: dict[str, Rule]) -> list[Finding]:
    """Drop suppressed findings (never parse errors); mark which suppressions were used."""
    kept: list[Finding] = []
    for finding in findings:
        rule = rules.get(finding.rule_id.lower())
        keys = {finding.rule_id.lower(), finding.name.lower()}
        if rule is not None:
            keys.update(a.lower() for a in rule.aliases)
        suppressed = False
        if rule is None or rule.category != "syntax":
            for sup in suppressions:
                # BuildKit's skip=all covers BuildKit's checks only
                if sup.source == "buildkit" and ALL in sup.ids and not _is_buildkit_check(rule):
                    continue
                ident = sup.covers(finding, keys)
                if ident is not None:
                    sup.used.add(ident)
                    suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept


def _is_buildkit_check(rule: Rule | None) -> bool:
    if rule is None:
        return False
    return any(a[:1].isupper() and not a.startswith("DL") for a in rule.aliases)
