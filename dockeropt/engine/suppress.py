"""Inline suppressions: ours, hadolint's pragmas, and BuildKit's ``# check=skip=``.

- ``# dockeropt: ignore=ID[,ID] -- reason``   the next instruction (other comment lines may sit
  between; a blank line ends the block). IDs are our ids, rule names or aliases, any case.
- ``# dockeropt: ignore-file=ID[,ID] -- reason``   the whole file.
- ``# hadolint ignore=DL3008,SC2086  # reason``   the instruction on the very next line, exactly as
  hadolint 2.15 reads it: ids are DL/SC codes, and a rationale must follow a second ``#`` (any
  other trailing text makes hadolint drop the pragma, so we drop it too).
- ``# hadolint global ignore=…`` the whole file; ``# hadolint stage ignore=…`` from the next
  instruction to the end of its stage.
- ``# check=skip=Rule1,Rule2|all``   as a parser directive: the whole file. As a comment above an
  instruction (BuildKit frontend 1.21+): that instruction. BuildKit's rules: the comments since the
  previous instruction count (blank lines do not end the block, a bare ``#`` does), only the first
  ``check=`` comment among them, only at column 1, the value ends at the first space, an invalid
  option voids the comment, and check names are case-sensitive. ``skip=all`` covers BuildKit's
  own checks only (our rules that carry a BuildKit check name).
"""

from __future__ import annotations

import re

from dockeropt.api.finding import Edit, Finding, Fix, Severity
from dockeropt.lazyre import lazy_compile
from dockeropt.syntax.nodes import Blank, Comment, Directive, Instruction

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from dockeropt.api.rule import Rule
    from dockeropt.graph.model import Graph
    from dockeropt.syntax.nodes import Dockerfile
    from dockeropt.syntax.span import Span

_ID_LIST = r"([\w.-]+(?:\s*,\s*[\w.-]+)*)"
_OURS = lazy_compile(r"dockeropt:\s*(ignore|ignore-file)\s*=\s*" + _ID_LIST + r"\s*(?:--\s*)?(.*)$", re.I)
_OURS_PREFIX = lazy_compile(r"dockeropt\s*:\s*([\w-]*)", re.I)
_OURS_KINDS = ("ignore", "ignore-file")
_HADOLINT_CODES = r"([DLSC0-9]+(?:[ \t]*,[ \t]*[DLSC0-9]+)*)"
_HADOLINT = lazy_compile(
    r"hadolint[ \t]+(?:(global|stage)[ \t]+)?ignore[ \t]*=[ \t]*" + _HADOLINT_CODES + r"[ \t]*(?:#(.*))?$"
)
# BuildKit's directive syntax, applied to a comment line's text after the '#'
_DIRECTIVE = lazy_compile(r"^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")

ALL = "*"
UNUSED_IGNORE_ID = "DO002"
UNKNOWN_IGNORE_ID = "DO003"


class Suppression:
    """One suppression comment; ``used`` records which of its ids matched a finding."""

    __slots__ = (
        "case_sensitive",
        "first_line",
        "ids",
        "item_end",
        "item_start",
        "last_line",
        "reason",
        "scope",
        "source",
        "span",
        "used",
    )

    def __init__(self, ids: list[str], scope: str, span: Span, reason: str, source: str) -> None:
        self.ids = ids
        self.scope = scope  # "instruction" | "stage" | "file"
        self.span = span
        self.reason = reason
        self.source = source  # "dockeropt" | "hadolint" | "buildkit"
        self.used: set[str] = set()
        self.first_line = 0  # line range it covers (for instruction and stage scopes)
        self.last_line = 0
        # hadolint and BuildKit compare names exactly; ours ignore case
        self.case_sensitive = source != "dockeropt"
        # offsets of the whole comment line (for a fix that removes it); -1 for directives
        self.item_start = -1
        self.item_end = -1

    def __repr__(self) -> str:
        return f"Suppression({self.source} {self.scope} {self.ids} @{self.span.start_line})"

    def applies_at(self, line: int) -> bool:
        return self.scope == "file" or self.first_line <= line <= self.last_line

    def matching_id(self, names: Sequence[str], buildkit_check: bool) -> str | None:
        """The first of our ids that names the finding's rule (``names``: its id, name and aliases)."""
        for ident in self.ids:
            if ident == ALL:
                if buildkit_check:
                    return ident
                continue
            if self.case_sensitive:
                if ident in names:
                    return ident
            elif ident.lower() in (n.lower() for n in names):
                return ident
        return None


def _split_ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def collect(tree: Dockerfile, graph: Graph) -> list[Suppression]:
    """Every suppression of the file, with the lines each one covers."""
    out: list[Suppression] = []
    for directive in tree.directives:
        if directive.key == "check":
            ids = parse_check_options(directive.value)
            if ids:
                out.append(Suppression(ids, "file", directive.span, "", "buildkit"))
    block: list[Suppression] = []  # ours: comment lines right above the next instruction
    hadolint_next: list[Suppression] = []  # hadolint: the instruction on the next line only
    buildkit_block: list[Comment] = []  # BuildKit: comments since the previous instruction
    for item in tree.items:
        if isinstance(item, Comment):
            if not item.content:
                buildkit_block = []  # a bare '#' resets BuildKit's comment block
            else:
                buildkit_block.append(item)
            hadolint_next = []  # a hadolint pragma reaches only the line right below it
            for sup in _from_comment(item, tree):
                if sup.scope == "file":
                    out.append(sup)
                elif sup.source == "hadolint":
                    hadolint_next.append(sup)
                else:
                    block.append(sup)
            continue
        if isinstance(item, Instruction):
            for sup in block:
                sup.first_line, sup.last_line = item.start_line, item.end_line
                out.append(sup)
            for sup in hadolint_next:
                if sup.span.start_line + 1 != item.start_line:
                    continue
                if sup.scope == "stage":
                    stage = graph.stage(item)
                    last = stage.instructions[-1] if stage is not None and stage.instructions else item
                    sup.first_line, sup.last_line = item.start_line, max(item.end_line, last.end_line)
                else:
                    sup.first_line, sup.last_line = item.start_line, item.end_line
                out.append(sup)
            skip = _buildkit_skip(buildkit_block, tree)
            if skip is not None:
                skip.first_line, skip.last_line = item.start_line, item.end_line
                out.append(skip)
            block, hadolint_next, buildkit_block = [], [], []
        elif isinstance(item, Blank):
            block, hadolint_next = [], []  # a blank line ends our block and hadolint's next-line pragma
        elif isinstance(item, Directive):
            continue
    return out


def _comment_span(item: Comment, tree: Dockerfile) -> Span:
    end = item.end
    text = tree.text
    while end > item.start and text[end - 1] in "\r\n":
        end -= 1
    return tree.index.span(item.start, end)


def _from_comment(item: Comment, tree: Dockerfile) -> list[Suppression]:
    content = item.content
    sup: Suppression | None = None
    # (the cheap test first: most comments are neither, and each pattern compiles on first use)
    m = _OURS.match(content) if content[:10].lower() == "dockeropt:" else None
    if m:
        scope = "file" if m.group(1).lower() == "ignore-file" else "instruction"
        sup = Suppression(_split_ids(m.group(2)), scope, _comment_span(item, tree), m.group(3).strip(), "dockeropt")
    elif content.startswith("hadolint"):
        m = _HADOLINT.match(content)
        if m:
            kind = m.group(1) or ""
            scope = {"global": "file", "stage": "stage"}.get(kind, "instruction")
            sup = Suppression(
                _split_ids(m.group(2)), scope, _comment_span(item, tree), (m.group(3) or "").strip(), "hadolint"
            )
    if sup is None:
        return []
    sup.item_start, sup.item_end = item.start, item.end
    return [sup]


def _buildkit_skip(comments: list[Comment], tree: Dockerfile) -> Suppression | None:
    """BuildKit's per-instruction ``# check=`` comment (the first one of the block decides)."""
    for item in comments:
        raw = item.text
        if not raw.startswith("#"):
            continue  # BuildKit loses indented comments' directives (it keeps their '#')
        body = raw[1:].strip()
        m = _DIRECTIVE.match(body) if body[:5].lower() == "check" else None
        if m is None or m.group(1).lower() != "check":
            continue
        value = m.group(2).split(" ", 1)[0]
        ids = parse_check_options(value)
        if not ids:
            return None
        sup = Suppression(ids, "instruction", _comment_span(item, tree), "", "buildkit")
        sup.item_start, sup.item_end = item.start, item.end
        return sup
    return None


def parse_check_options(value: str) -> list[str]:
    """``skip=A,B;error=true`` -> [A, B]; ``skip=all`` -> [ALL]; invalid options -> [] (as BuildKit).

    Mirrors BuildKit's ``linter.ParseLintOptions``: at most three ``;``-separated parts, each
    ``key=value`` with key ``skip``, ``experimental`` or ``error`` (a boolean).
    """
    value = value.strip()
    if not value:
        return []
    ids: list[str] = []
    for part in value.split(";", 2):
        key, eq, val = part.partition("=")
        if not eq:
            return []
        key = key.strip()
        val = val.strip()
        if key == "skip":
            ids = [ALL] if val == "all" else [s.strip() for s in val.split(",") if s.strip()]
        elif key == "experimental":
            continue
        elif key == "error":
            if val not in ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"):
                return []
        else:
            return []
    return ids


def is_buildkit_check(rule: Rule | None) -> bool:
    """Whether the rule mirrors one of BuildKit's checks (it carries a BuildKit check name)."""
    return rule is not None and any(_is_buildkit_name(a) for a in rule.aliases)


def _is_buildkit_name(alias: str) -> bool:
    """A BuildKit check name (``StageNameCasing``): CamelCase letters and digits. Not hadolint's
    ``DL3000`` or ShellCheck's ``SC2086``, which have no lower-case letter."""
    return alias.isascii() and alias.isalnum() and alias[0].isupper() and any(c.islower() for c in alias[1:])


def _names(finding: Finding, rule: Rule | None) -> tuple[str, ...]:
    if rule is None:
        return (finding.rule_id, finding.name)
    return (rule.id, rule.name, *rule.aliases)


def apply(findings: list[Finding], suppressions: list[Suppression], rules: dict[str, Rule]) -> list[Finding]:
    """Drop suppressed findings (never parse errors); mark which suppressions were used.

    ``rules`` maps lower-case ids, names and aliases to rules (``registry.lookup``).
    """
    kept: list[Finding] = []
    for finding in findings:
        rule = rules.get(finding.rule_id.lower())
        if rule is not None and rule.category == "syntax":
            kept.append(finding)
            continue
        names = _names(finding, rule)
        buildkit = is_buildkit_check(rule)
        suppressed = False
        for sup in suppressions:
            if not sup.applies_at(finding.span.start_line):
                continue
            ident = sup.matching_id(names, buildkit and sup.source == "buildkit")
            if ident is not None:
                sup.used.add(ident)
                suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept


def resolve(sup: Suppression, ident: str, rules: dict[str, Rule]) -> Rule | None:
    """The rule an id of ``sup`` names, with the comparison its tool uses."""
    rule = rules.get(ident.lower())
    if rule is None or not sup.case_sensitive:
        return rule
    return rule if ident in (rule.id, rule.name, *rule.aliases) else None


def unused(
    suppressions: Iterable[Suppression], rules: dict[str, Rule], ran: set[str]
) -> list[tuple[Suppression, list[str]]]:
    """``(suppression, unused ids)`` for the suppressions that have any.

    An id is unused when it names a rule that ran on the file (``ran``: rule ids) and suppressed
    nothing. Ids of rules that did not run are not judged, nor ids no rule has (those are
    :func:`unknown`'s).
    """
    out = []
    for sup in suppressions:
        idle: list[str] = []
        for ident in sup.ids:
            if ident == ALL or ident in sup.used:
                continue
            rule = resolve(sup, ident, rules)
            if rule is not None and rule.id in ran:
                idle.append(ident)
        if idle:
            out.append((sup, idle))
    return out


def unused_findings(
    suppressions: Iterable[Suppression], rules: dict[str, Rule], ran: set[str], path: str = ""
) -> list[Finding]:
    """DO002 findings for :func:`unused`; when every id of a comment is stale, the fix deletes the line."""
    out = []
    for sup, idle in unused(suppressions, rules, ran):
        fix = None
        if sup.item_start >= 0 and len(idle) == len(sup.ids):
            fix = Fix([Edit(sup.item_start, sup.item_end, "")], "remove the suppression comment")
        out.append(
            Finding(
                UNUSED_IGNORE_ID,
                "unused-ignore",
                Severity.INFO,
                f"suppression of {', '.join(idle)} matches no finding; remove it",
                sup.span,
                fix,
                path=path,
            )
        )
    return out


def unknown(
    suppressions: Iterable[Suppression], rules: dict[str, Rule], loaded: Sequence[Rule] = ()
) -> list[tuple[Suppression, str]]:
    """``(suppression, id)`` for every id of our own comments that names no loaded rule, nor a code
    a loaded rule reports (ShellCheck's ``SC2086``).

    hadolint and BuildKit comments are left alone: they name checks of those tools (ShellCheck's
    SC codes, hadolint's DL codes we do not mirror), which are not ours to judge.
    """
    from dockeropt.engine.selection import names_code

    families = [rule for rule in loaded if rule.code_prefix]
    return [
        (sup, ident)
        for sup in suppressions
        if sup.source == "dockeropt"
        for ident in sup.ids
        if ident != ALL and resolve(sup, ident, rules) is None and not any(names_code(r, ident) for r in families)
    ]


def unknown_findings(
    suppressions: Iterable[Suppression],
    rules: dict[str, Rule],
    loaded: Sequence[Rule],
    tree: Dockerfile,
    path: str = "",
) -> list[Finding]:
    """DO003 findings for :func:`unknown`, each on the id in the comment, with the closest rule."""
    from dockeropt.engine.selection import unknown_hint

    text = tree.text
    out = []
    for sup, ident in unknown(suppressions, rules, loaded):
        span = sup.span
        if sup.item_start >= 0:
            comment = text[sup.item_start : sup.item_end]
            m = re.search(r"(?<![\w.-])" + re.escape(ident) + r"(?![\w.-])", comment[comment.find("=") + 1 :])
            if m is not None:
                start = sup.item_start + comment.find("=") + 1 + m.start()
                span = tree.index.span(start, start + len(ident))
        guess = unknown_hint(ident, loaded)
        out.append(
            Finding(
                UNKNOWN_IGNORE_ID,
                "unknown-ignore",
                Severity.WARNING,
                f"no rule is named {ident!r}{guess}: this suppression suppresses nothing",
                span,
                path=path,
            )
        )
    return out


def malformed_findings(tree: Dockerfile, path: str = "") -> list[Finding]:
    """DO003 findings for comments that start like ours (``# dockeropt:``) but are no suppression
    (``ignroe=``, ``ignore DO101``, ``ignore=``): they suppress nothing, silently."""
    from dockeropt.engine.selection import closest

    out = []
    for item in tree.items:
        if not isinstance(item, Comment) or item.content[:9].lower() != "dockeropt" or _OURS.match(item.content):
            continue  # (the cheap test first, as in _from_comment)
        m = _OURS_PREFIX.match(item.content)
        if m is None:
            continue
        word = m.group(1)
        if word.lower() == "shell":
            continue  # the shell pragma (# dockeropt: shell=powershell), which the graph reads
        if word.lower() in _OURS_KINDS:
            problem = f"`# dockeropt: {word}` needs `=` and rule ids"
        else:
            hint = closest(word.lower(), _OURS_KINDS, cutoff=0.6) if word else None
            if hint is not None and "file" not in word.lower():
                hint = "ignore"  # (ignore-next-line, ignroe: the next instruction)
            if hint is None and not item.content[m.end() :].lstrip().startswith("="):
                continue  # prose that starts with "dockeropt:", not a directive
            problem = f"`# dockeropt: {word}` is no suppression" + (f" (did you mean {hint!r}?)" if hint else "")
        out.append(
            Finding(
                UNKNOWN_IGNORE_ID,
                "unknown-ignore",
                Severity.WARNING,
                f"{problem}; it suppresses nothing: write `# dockeropt: ignore=ID,ID -- why` (or ignore-file=)",
                _comment_span(item, tree),
                path=path,
            )
        )
    return out
