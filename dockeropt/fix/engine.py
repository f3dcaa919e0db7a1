"""``dockeropt fix``: apply the findings' fixes until nothing changes, never breaking the file.

Each round checks the current text, takes the non-overlapping fixes (deterministic order),
applies them as text edits and re-parses the result. A round whose result does not parse is
thrown away (and reported); the loop stops at a fixed point, so a second run is a no-op.
"""

from __future__ import annotations

from dockeropt.engine.check import PARSE_ERROR_ID, check_text
from dockeropt.fix.apply import apply_fixes, select_fixes
from dockeropt.syntax.nodes import ParseError
from dockeropt.syntax.parser import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from dockeropt.api.config import Config
    from dockeropt.engine.check import FileResult

MAX_ROUNDS = 10


class FixRefused(Exception):
    """The file is not fixed at all (it does not parse, or could not be read)."""


class AppliedFix:
    __slots__ = ("changes", "description", "line", "name", "rule_id", "safe")

    def __init__(self, rule_id: str, name: str, description: str, line: int, safe: bool, changes: tuple[str, ...]):
        self.rule_id = rule_id
        self.name = name
        self.description = description
        self.line = line
        self.safe = safe
        self.changes = changes


class FixResult:
    __slots__ = ("applied", "dropped", "internal_errors", "original", "remaining", "rounds", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        self.applied: list[AppliedFix] = []
        self.remaining: FileResult | None = None
        self.rounds = 0
        self.dropped: list[str] = []  # fixes thrown away because their result did not parse
        self.internal_errors: list[str] = []  # rules that crashed: the file is not written

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def changes(self) -> tuple[str, ...]:
        """What the applied fixes declare they change in the image (paths, config keys)."""
        out: list[str] = []
        for fix in self.applied:
            out.extend(c for c in fix.changes if c not in out)
        return tuple(out)


def fix_text(
    text: str,
    path: str = "",
    config: Config | None = None,
    unsafe: bool = False,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    context_dir: str | None = None,
    extend_select: Sequence[str] = (),
    estimate: bool = False,
    checked: FileResult | None = None,
) -> FixResult:
    """Apply the fixes of ``text``'s findings to a fixed point. :class:`FixRefused` when the file does
    not parse or BuildKit would reject it; when ``target`` names no stage, nothing is applied and
    ``remaining.unknown_target`` says so. ``checked``: the check of ``text`` with the same options,
    when the caller has it (saves the first round's check); ``estimate``: the remaining check also
    estimates the fixed file's image (``remaining.image``)."""
    result = FixResult(text)

    def run_check(current: str) -> FileResult:
        return check_text(
            current,
            path,
            config,
            build_args,
            target,
            context_dir,
            select,
            ignore,
            extend_select=extend_select,
            estimate=estimate,
        )

    if checked is None or checked.tree is None or (estimate and checked.image is None):
        try:
            parse(text, path)
        except ParseError as err:
            raise FixRefused(
                f"{path or '<text>'}:{err.line}:{err.col}: does not parse ({err.message}); not fixed"
            ) from None
        checked = run_check(text)
    result.internal_errors.extend(checked.internal_errors)
    if checked.unknown_target is not None:
        result.remaining = checked
        return result
    blocking = [f for f in checked.findings if f.rule_id == PARSE_ERROR_ID]
    if blocking:
        b = blocking[0]
        raise FixRefused(
            f"{path or '<text>'}:{b.span.start_line}:{b.span.start_col}: BuildKit would reject this file "
            f"({b.message}); not fixed"
        )
    current = text
    for _ in range(MAX_ROUNDS):
        chosen = select_fixes(checked.findings, unsafe)
        if not chosen:
            break
        candidate = apply_fixes(current, [fix for _, fix in chosen])
        if candidate == current:
            break
        try:
            parse(candidate, path)
        except ParseError as err:
            result.dropped.append(
                f"{', '.join(sorted({f.rule_id for f, _ in chosen}))}: result would not parse ({err})"
            )
            break
        next_check = run_check(candidate)
        result.internal_errors.extend(e for e in next_check.internal_errors if e not in result.internal_errors)
        if any(f.rule_id == PARSE_ERROR_ID for f in next_check.findings):
            result.dropped.append(
                f"{', '.join(sorted({f.rule_id for f, _ in chosen}))}: result would be rejected by BuildKit"
            )
            break
        for finding, fix in chosen:
            result.applied.append(
                AppliedFix(
                    finding.rule_id,
                    finding.name,
                    fix.description,
                    finding.span.start_line,
                    fix.safe,
                    fix.changes,
                )
            )
        current = candidate
        checked = next_check
        result.rounds += 1
    result.text = current
    result.remaining = checked
    return result


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path.lstrip('/')}",
            tofile=f"b/{path.lstrip('/')}",
        )
    )
