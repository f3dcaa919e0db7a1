"""What the language server computes, without any LSP types: settings, checking a document,
and the edits behind its code actions (quick fix, fix all, ignore here) and hovers.

The server (:mod:`dockeropt.lsp.server`) only turns these into LSP messages, so everything here
is tested without a server.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right

from dockeropt.api.config import Config, ConfigError
from dockeropt.api.finding import Edit
from dockeropt.engine.check import check_text
from dockeropt.engine.selection import checked_config
from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.api.finding import Finding
    from dockeropt.api.rule import Rule
    from dockeropt.engine.check import FileResult
    from dockeropt.syntax.nodes import Instruction

SECTION = "dockeropt"
REASON_PLACEHOLDER = "reason"
_OUR_PRAGMA = lazy_compile(r"dockeropt:\s*ignore\s*=\s*([\w.-]+(?:\s*,\s*[\w.-]+)*)", re.I)


class Settings:
    """The editor's ``dockeropt`` settings (``workspace/configuration`` section ``dockeropt``).

    ``select``/``ignore``/``target``/``buildArgs`` act like the command-line options on top of the
    configuration files; ``configFile`` is ``--config``; ``useConfigFiles: false`` is
    ``--no-config``; ``debounceMs`` delays checking while typing; ``unsafeFixes`` lets "fix all"
    apply unsafe fixes too (quick fixes always offer them, marked unsafe).
    """

    __slots__ = (
        "build_args",
        "config_file",
        "debounce_ms",
        "enable",
        "ignore",
        "select",
        "target",
        "unsafe_fixes",
        "use_config_files",
        "warn_unused_ignores",
    )

    def __init__(self) -> None:
        self.enable = True
        self.select: list[str] | None = None
        self.ignore: list[str] = []
        self.config_file: str | None = None
        self.use_config_files = True
        self.debounce_ms = 200
        self.warn_unused_ignores = False
        self.unsafe_fixes = False
        self.target: str | None = None
        self.build_args: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_dict(cls, data: object) -> tuple[Settings, list[str]]:
        """Settings from a client's JSON; values of the wrong type are ignored and named in the
        returned problems (unknown keys are left alone: clients send their own)."""
        settings = cls()
        problems: list[str] = []
        if data is None:
            return settings, problems
        if not isinstance(data, dict):
            return settings, [f"{SECTION}: settings must be an object, not {type(data).__name__}"]

        def bad(key: str, expected: str) -> None:
            problems.append(f"{SECTION}.{key}: expected {expected}, got {data[key]!r}; ignored")

        for key, value in data.items():
            if value is None:
                continue
            if key == "enable" or key == "warnUnusedIgnores" or key == "unsafeFixes" or key == "useConfigFiles":
                if isinstance(value, bool):
                    attr = {
                        "enable": "enable",
                        "warnUnusedIgnores": "warn_unused_ignores",
                        "unsafeFixes": "unsafe_fixes",
                        "useConfigFiles": "use_config_files",
                    }[key]
                    setattr(settings, attr, value)
                else:
                    bad(key, "true or false")
            elif key in ("select", "ignore"):
                items = [value] if isinstance(value, str) else value
                if isinstance(items, list) and all(isinstance(v, str) for v in items):
                    ids = [p.strip() for v in items for p in v.split(",") if p.strip()]
                    unknown = _unknown_selector(ids, f"{SECTION}.{key}", selecting=key == "select")
                    if unknown is not None:  # a typo must not turn the checks off: the setting is dropped
                        problems.append(f"{unknown}; ignored")
                    elif key == "select":
                        settings.select = ids
                    else:
                        settings.ignore = ids
                else:
                    bad(key, "a list of rule ids")
            elif key == "configFile" or key == "target":
                if isinstance(value, str):
                    setattr(settings, "config_file" if key == "configFile" else "target", value.strip() or None)
                else:
                    bad(key, "a string")
            elif key == "debounceMs":
                if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10_000:
                    settings.debounce_ms = value
                else:
                    bad(key, "milliseconds between 0 and 10000")
            elif key == "buildArgs":
                if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                    settings.build_args = {str(k): v for k, v in value.items()}
                else:
                    bad(key, "an object of NAME: value strings")
        return settings, problems


class Analysis:
    """One check of one document version."""

    __slots__ = ("config", "config_error", "elapsed_ms", "path", "result", "text", "version")

    def __init__(
        self,
        text: str,
        version: int | None,
        path: str,
        result: FileResult,
        config: Config,
        config_error: str | None,
        elapsed_ms: float,
    ) -> None:
        self.text = text
        self.version = version
        self.path = path
        self.result = result
        self.config = config
        self.config_error = config_error
        self.elapsed_ms = elapsed_ms


def _unknown_selector(ids: list[str], where: str, selecting: bool) -> str | None:
    """Why ``ids`` cannot be used as rule selectors (a key that matches no rule), or None."""
    from dockeropt.api.rule import RuleLoadError
    from dockeropt.engine.registry import all_rules
    from dockeropt.engine.selection import SelectionError, check_selectors

    try:
        check_selectors(ids, all_rules(), where, selecting)
    except SelectionError as err:
        return str(err)
    except RuleLoadError:
        return None
    return None


def resolve_config(path: str, settings: Settings) -> tuple[Config, str | None]:
    """The configuration for ``path``; a broken config file gives the defaults and its error."""
    try:
        start = path or "."
        return checked_config(start, settings.config_file, settings.use_config_files), None
    except ConfigError as err:
        return Config(), str(err)


def analyze(text: str, path: str, settings: Settings, version: int | None = None) -> Analysis:
    """Check a document's text; ``path`` is its file path ("" for unsaved buffers)."""
    import os

    started = time.perf_counter()
    config, error = resolve_config(path, settings)

    def run(target: str | None) -> FileResult:
        return check_text(
            text,
            path,
            config,
            settings.build_args,
            target,
            os.path.dirname(path) if path else None,
            settings.select,
            settings.ignore,
            warn_unused_ignores=settings.warn_unused_ignores,
        )

    result = run(settings.target)
    if result.unknown_target is not None:  # checked for the last stage instead, and the user told why
        stages = ", ".join(result.unknown_target) or "none has a name"
        error = f"{SECTION}.target {settings.target!r}: this file has no stage of that name (its stages: {stages})"
        result = run(None)
    elapsed = (time.perf_counter() - started) * 1000
    return Analysis(text, version, path, result, config, error, elapsed)


# -- code actions ---------------------------------------------------------------------------------


def instruction_at(result: FileResult, offset: int) -> Instruction | None:
    """The instruction whose text holds ``offset`` (heredoc bodies included)."""
    from dockeropt.syntax.nodes import Instruction

    tree = result.tree
    if tree is None or not tree.items:
        return None
    starts = [item.start for item in tree.items]
    i = bisect_right(starts, offset) - 1
    if i < 0:
        return None
    item = tree.items[i]
    if isinstance(item, Instruction) and item.start <= offset <= item.end:
        return item
    return None


def ignore_edit(result: FileResult, finding: Finding) -> Edit | None:
    """ "Ignore this rule here": a ``# dockeropt: ignore=ID -- reason`` line above the finding's
    instruction, indented like it; an ignore comment already right above gets the id appended."""
    inst = instruction_at(result, finding.span.start)
    if inst is None or result.tree is None:
        return None
    tree = result.tree
    for comment in reversed(tree.preceding_comments(inst)):
        m = _OUR_PRAGMA.search(comment.text)
        if m is None or comment.content.lower().startswith("dockeropt: ignore-file"):
            continue
        ids = [p.strip().lower() for p in m.group(1).split(",")]
        if finding.rule_id.lower() in ids:
            return None  # already there (the finding cannot be suppressed)
        at = comment.start + m.end(1)
        return Edit(at, at, f",{finding.rule_id}")
    line = inst.text.split("\n", 1)[0]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    newline = "\r\n" if line.endswith("\r") else "\n"
    text = f"{indent}# dockeropt: ignore={finding.rule_id} -- {REASON_PLACEHOLDER}{newline}"
    return Edit(inst.start, inst.start, text)


def minimal_edit(before: str, after: str) -> Edit | None:
    """One edit turning ``before`` into ``after``: the differing middle (common ends kept)."""
    if before == after:
        return None
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[len(before) - 1 - end] == after[len(after) - 1 - end]:
        end += 1
    return Edit(start, len(before) - end, after[start : len(after) - end])


def fix_all_edit(analysis: Analysis, settings: Settings) -> tuple[Edit, int] | None:
    """ "Fix all": every fix ``dockeropt fix`` would apply (re-checking until nothing changes), as one
    edit, with how many fixes it applies. None when nothing is fixable or the file does not parse."""
    from dockeropt.fix.engine import FixRefused, fix_text

    if not any(f.fix is not None and (f.fix.safe or settings.unsafe_fixes) for f in analysis.result.findings):
        return None
    import os

    try:
        fixed = fix_text(
            analysis.text,
            analysis.path,
            analysis.config,
            unsafe=settings.unsafe_fixes,
            select=settings.select,
            ignore=settings.ignore,
            build_args=settings.build_args,
            target=settings.target,
            context_dir=os.path.dirname(analysis.path) if analysis.path else None,
        )
    except FixRefused:
        return None
    edit = minimal_edit(analysis.text, fixed.text)
    return (edit, len(fixed.applied)) if edit is not None else None


# -- hover ----------------------------------------------------------------------------------------


def findings_at(result: FileResult, offset: int) -> list[Finding]:
    return [f for f in result.findings if f.span.start <= offset <= max(f.span.end, f.span.start)]


def findings_in(result: FileResult, start: int, end: int) -> list[Finding]:
    return [f for f in result.findings if f.span.start <= end and f.span.end >= start]


def hover_text(findings: list[Finding], rules: dict[str, Rule], markdown: bool = True) -> str:
    """What hovering a finding shows: the message, its impact and fix, then the rule's docs."""
    import textwrap

    blocks = []
    for f in findings:
        rule = rules.get(f.rule_id)
        lines = []
        title = f"{f.rule_id} {f.name}".strip()
        lines.append(f"**{title}** ({f.severity})" if markdown else f"{title} ({f.severity})")
        lines += ["", f.message]
        if f.impact is not None and f.impact.summary():
            lines += ["", f"{'**Impact:**' if markdown else 'Impact:'} {f.impact.summary()}"]
            if f.impact.source:
                lines.append(f"(source: {f.impact.source})")
        if f.fix is not None:
            kind = "safe" if f.fix.safe else "unsafe"
            lines += ["", f"{'**Fix:**' if markdown else 'Fix:'} {f.fix.description} ({kind})"]
        if rule is not None:
            docs = textwrap.dedent(rule.docs).strip()
            if docs:
                lines += ["", "---" if markdown else "", docs]
            url = rule.docs_url()
            lines += ["", f"[{rule.id} documentation]({url})" if markdown else f"Docs: {url}"]
        else:
            family = next((r for r in rules.values() if r.owns_code(f.rule_id)), None)
            if family is not None:  # another tool's code (ShellCheck's SC2086): its own documentation
                url = family.code_docs_url(f.rule_id)
                lines += ["", f"[{f.rule_id} documentation]({url})" if markdown else f"Docs: {url}"]
        blocks.append("\n".join(lines))
    return ("\n\n---\n\n" if markdown else "\n\n").join(blocks)
