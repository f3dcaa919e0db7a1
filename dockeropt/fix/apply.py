"""Applying fixes as text edits on the original text.

Untouched bytes stay byte-identical. Fixes are taken in a deterministic order (by position,
then rule id); a fix whose edits overlap an already accepted fix is skipped in this round and
retried on the re-parsed result (``dockeropt fix`` repeats until nothing changes).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Edit, Finding, Fix


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (offsets refer to ``text``)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.new_text)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one point: order would be ambiguous
    return (a.start < b.end and b.start < a.end) or (a.start == a.end and b.start < a.start < b.end)


def select_fixes(findings: Sequence[Finding], unsafe: bool = False) -> list[tuple[Finding, Fix]]:
    """The fixes to apply this round: no two overlap; earlier position, then lower rule id, wins."""
    candidates = [(f, f.fix) for f in findings if f.fix is not None and f.fix.edits and (f.fix.safe or unsafe)]
    candidates.sort(key=lambda pair: (pair[1].edits[0].start, pair[0].rule_id, pair[1].edits[-1].end))
    chosen: list[tuple[Finding, Fix]] = []
    taken: list[Edit] = []
    for finding, fix in candidates:
        if any(_overlaps(e, t) for e in fix.edits for t in taken):
            continue
        chosen.append((finding, fix))
        taken.extend(fix.edits)
    return chosen


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    return apply_edits(text, [e for fix in fixes for e in fix.edits])
