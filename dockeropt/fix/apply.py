"""Applying fixes as text edits on the original text.

Untouched bytes stay byte-identical. Fixes are taken in a deterministic order (structural fixes,
then edits, then merges; by position, then rule id within each); a fix whose edits overlap an
already accepted fix is skipped in this round and retried on the re-parsed result (``dockeropt
fix`` repeats until nothing changes).
"""

from __future__ import annotations

from dockeropt.api.finding import FIX_KIND_ORDER, MERGE, STRUCTURE

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
    """The fixes to apply this round: no two overlap. Structural fixes come first, then edits, then
    merges; within a kind, earlier position, then lower rule id, wins. A structural fix that is not
    applied (unsafe without ``--unsafe``) still keeps merges off its text, so that running
    ``--unsafe`` later finds the instructions it moves as they were."""
    candidates = [(f, f.fix) for f in findings if f.fix is not None and f.fix.edits]
    candidates.sort(
        key=lambda pair: (
            FIX_KIND_ORDER.get(pair[1].kind, 1),
            pair[1].edits[0].start,
            pair[0].rule_id,
            pair[1].edits[-1].end,
        )
    )
    chosen: list[tuple[Finding, Fix]] = []
    taken: list[Edit] = []
    structural: list[Edit] = []  # edits of structural fixes, applied or not: merges keep off them
    for finding, fix in candidates:
        if any(_overlaps(e, t) for e in fix.edits for t in taken):
            continue
        if fix.kind == MERGE and any(_touches(e, r) for e in fix.edits for r in structural):
            continue  # it would join an instruction the structural fix moves or rewrites
        if fix.kind == STRUCTURE:
            structural.extend(fix.edits)
        if not (fix.safe or unsafe):
            continue
        chosen.append((finding, fix))
        taken.extend(fix.edits)
    # a fix that copies instructions waits for the fixes chosen inside the text it copies
    waiting = {
        id(fix)
        for _, fix in chosen
        if fix.reads is not None
        and any(
            other is not fix and any(fix.reads[0] <= e.start and e.end <= fix.reads[1] for e in other.edits)
            for _, other in chosen
        )
    }
    return [pair for pair in chosen if id(pair[1]) not in waiting]


def _touches(a: Edit, b: Edit) -> bool:
    """The edits overlap or meet: a merge that starts where a rewritten RUN ends joins that RUN."""
    return a.start <= b.end and b.start <= a.end


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    return apply_edits(text, [e for fix in fixes for e in fix.edits])
