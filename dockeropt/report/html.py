"""``dockeropt report`` and ``--format html``: one self-contained HTML page.

For each Dockerfile: the stage graph, the layers of the shipped image as estimated before and
after ``dockeropt fix --unsafe``, each build step's peak memory against the runner's limit, and
the findings grouped by family with code frames and their fixes as diffs. With several files, a
table of them first and the setups they could share as a base image. Inline CSS and SVG only: no
network, no JavaScript; readable without colour (patterns and words mark what colour marks),
printable, and usable at phone width.

The figures are the ones ``check --format json`` gives (``report.common.estimate_dict``); jinja2
is imported only here, when an HTML report is asked for.
"""

from __future__ import annotations

import difflib
import functools
import os

from dockeropt import __version__
from dockeropt.api.finding import Severity
from dockeropt.report import charts
from dockeropt.report.common import (
    SavingTotal,
    docs_url_for,
    rule_for,
    rules_by_id,
    saving_words,
    size_words,
    source_text,
)
from dockeropt.units import format_memory, format_memory_range, format_size, format_size_range

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    import jinja2

    from dockeropt.analysis.image_size import ImageSize, Layer
    from dockeropt.analysis.memory import MemoryPicture
    from dockeropt.analysis.stages import StageSetup
    from dockeropt.api.finding import Finding, Fix
    from dockeropt.api.rule import Rule
    from dockeropt.engine.check import FileResult

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
FRAME_CONTEXT = 1  # lines shown around a finding's span
FRAME_MAX = 8  # lines of a span shown at most
DIFF_MAX = 40  # lines of a fix's diff shown at most
CATEGORY_TITLES = {
    "syntax": "Syntax",
    "correctness": "Correctness",
    "bloat": "Bloat: bytes the image need not hold",
    "cache": "Build cache",
    "context": "Build context",
    "ml": "Machine-learning installs",
    "multistage": "Stages and base images",
    "memory": "Build memory",
    "security": "Security",
    "pinning": "Pinning",
    "style": "Style",
}
SEVERITY_MARKS = {"error": "✖", "warning": "▲", "info": "●", "style": "◆"}
VERDICT_WORDS = {
    "over": "over the limit",
    "may exceed": "may exceed the limit",
    "close": "close to the limit",
    "fits": "fits",
}


@functools.cache
def _environment() -> jinja2.Environment:
    """One template environment per process: it compiles each template once (a compile costs
    about ten times the rendering of a one-file report; the language server and `report DIR`
    render again and again)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(results: Sequence[FileResult], title: str = "dockeropt report") -> str:
    from markupsafe import Markup

    env = _environment()
    rules = rules_by_id()
    files = [_file_view(result, i, rules) for i, result in enumerate(results)]
    total = SavingTotal(results)
    counts = {sev: sum(1 for r in results for f in r.findings if f.severity == sev) for sev in Severity.ALL}
    page = {
        "title": title,
        "version": __version__,
        "files": files,
        "counts": counts,
        "findings": sum(counts.values()),
        "severities": Severity.ALL,
        "marks": SEVERITY_MARKS,
        "patterns": Markup(charts.PATTERNS),
        "saving": saving_words(total.bytes_low, total.bytes_high, total.layers) if total.files else "",
        "saving_command": "dockeropt fix --unsafe" if total.unsafe else "dockeropt fix",
        "shared": _shared_bases(results, files) if len(results) > 1 else [],
        "repository": len(results) > 1,
    }
    image_low = sum(r.image.low for r in results if r.image is not None)
    image_high = sum(r.image.high for r in results if r.image is not None)
    unknown = sum(r.image.unknown_layers for r in results if r.image is not None)
    page["image_total"] = size_words(image_low, image_high, unknown)
    return env.get_template("report.html.j2").render(**page)


# -- one Dockerfile ----------------------------------------------------------------------------------


def _file_view(result: FileResult, i: int, rules: dict[str, Rule]) -> dict[str, object]:
    from markupsafe import Markup

    anchor = f"file-{i + 1}"
    text = source_text(result)
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    view: dict[str, object] = {
        "anchor": anchor,
        "path": result.path,
        "counts": counts,
        "note": "",
        "groups": _finding_groups(result, text, anchor, rules),
        "stages": None,
        "layers": None,
        "memory": None,
        "image": "",
        "fixed": "",
        "saving": "",
        "verdict": "",
        "figures": {},
    }
    if result.image is None:
        view["note"] = (
            "The file could not be read."
            if result.input_error
            else "No pictures: the file does not parse, so its stages, layers and memory are not estimated."
        )
        return view
    if result.stages is not None:
        svg, sentences = charts.stage_graph(result.stages, f"{anchor}-graph")
        view["stages"] = {"svg": Markup(svg), "sentences": sentences, "count": len(result.stages.stages)}
    image = result.image
    saving = result.saving
    after = saving.after if saving is not None else None
    view["image"] = size_words(image.low, image.high, image.unknown_layers)
    view["base"] = image.base_note if image.base_size is None else f"{image.base}: {format_size(image.base_size)}"
    if saving is not None and after is not None:
        view["fixed"] = size_words(after.low, after.high, after.unknown_layers)
        view["saving"] = saving_words(saving.bytes_low, saving.bytes_high, saving.layers) if saving.any else ""
        view["saving_command"] = "dockeropt fix --unsafe" if saving.unsafe else "dockeropt fix"
        view["fixes"] = saving.fixes
    figures = {"image-low": image.low, "image-high": image.high, "layers": len(image.layers)}
    if saving is not None:
        figures.update(
            {"saving-low": saving.bytes_low, "saving-high": saving.bytes_high, "saving-layers": saving.layers}
        )
    view["figures"] = figures
    changed = saving is not None and saving.fixes > 0
    note = "No fix changes these layers." if saving is not None else "The fixes were not tried."
    view["layers"] = _layers_view(anchor, image, after if changed else None, note)
    if result.memory is not None:
        view["memory"] = _memory_view(anchor, result.memory)
        view["verdict"] = result.memory.verdict
    return view


def _layers_view(anchor: str, image: ImageSize, after: ImageSize | None, unchanged: str) -> dict[str, object]:
    from markupsafe import Markup

    highs = [layer.high for layer in image.layers] + [layer.high for layer in (after.layers if after else [])]
    scale = max([*highs, 1])
    out: dict[str, object] = {"scale": format_size(scale), "unchanged": unchanged}
    for key, estimate in (("before", image), ("after", after)):
        if estimate is None:
            out[key] = None
            continue
        bars = [_layer_bar(layer) for layer in estimate.layers]
        left = estimate.left_high
        desc = (
            f"{len(estimate.layers)} layer{'s' if len(estimate.layers) != 1 else ''}, "
            f"{size_words(estimate.low, estimate.high, estimate.unknown_layers)} in all"
            + (f", of which {format_size_range(estimate.left_low, left)} left behind (hatched)" if left else "")
            + ". Bars reach the middle of each estimate; whiskers span its range; an arrow marks a layer "
            "whose size is not (fully) estimated."
        )
        title = "As written" if key == "before" else "After dockeropt fix --unsafe"
        svg = charts.bar_chart(f"{anchor}-layers-{key}", title, desc, bars, scale, "layer-bar")
        out[key] = {
            "svg": Markup(svg),
            "title": title,
            "total": size_words(estimate.low, estimate.high, estimate.unknown_layers),
            "count": len(estimate.layers),
            "rows": [_layer_row(layer) for layer in estimate.layers],
            "left": format_size_range(estimate.left_low, left) if left else "",
        }
    return out


def _layer_bar(layer: Layer) -> charts.Bar:
    left = layer.left_high
    value = _size(layer.low, layer.high, layer.unknown)
    notes = [f"left behind {format_size_range(layer.left_low, left)}"] if left else []
    if layer.flags:
        notes.append("bloat: " + ", ".join(f.split(" (")[-1].rstrip(")") for f in layer.flags))
    note = " · ".join(notes)
    title = "; ".join(f"{p.label}: {_part_size(p.low, p.high)}" for p in layer.parts)
    return charts.Bar(
        f"L{layer.line} {layer.instruction}",
        value,
        layer.low,
        layer.high,
        marked_low=layer.left_low,
        marked_high=left,
        open_end=layer.unknown,
        cls="left" if left or layer.flags else "",
        note=note,
        title=title,
        data={
            "line": layer.line,
            "low": layer.low,
            "high": layer.high,
            "left-low": layer.left_low,
            "left-high": left,
            "unknown": int(layer.unknown),
        },
    )


def _layer_row(layer: Layer) -> dict[str, object]:
    return {
        "line": layer.line,
        "instruction": layer.instruction,
        "stage": layer.stage,
        "size": _size(layer.low, layer.high, layer.unknown),
        "left": format_size_range(layer.left_low, layer.left_high) if layer.left_high else "",
        "flags": layer.flags,
        "parts": [
            {"label": p.label, "size": _part_size(p.low, p.high), "kind": p.kind, "rule": p.rule, "source": p.source}
            for p in layer.parts
        ],
    }


def _size(low: int, high: int, unknown: bool) -> str:
    if unknown and high <= 0:
        return "not estimated"
    if high <= 0:
        text = "~0 B"
    elif low <= 0 < high:
        text = "≤ " + format_size(high)
    else:
        text = "~" + format_size_range(low, high)
    return text + " + ?" if unknown else text


def _part_size(low: int, high: int | None) -> str:
    if high is None:
        return "not estimated" if low <= 0 else f"at least {format_size(low)}"
    return _size(low, high, False)


def _memory_view(anchor: str, memory: MemoryPicture) -> dict[str, object]:
    from markupsafe import Markup

    limit = memory.limit
    limit_bytes = limit.bytes if limit is not None else None
    enforced = memory.enforced
    scale = max([s.high for s in memory.steps] + [limit_bytes or 0, 1]) * 1.05
    bars = []
    for step in memory.steps:
        words = VERDICT_WORDS.get(step.verdict, "")
        bars.append(
            charts.Bar(
                f"L{step.line} {step.instruction}",
                format_memory_range(step.low, step.high),
                step.low,
                step.high,
                cls=step.verdict.replace(" ", "-") if step.verdict in ("over", "may exceed", "close") else "",
                note=words if step.verdict and step.verdict != "fits" else "",
                title=step.reason,
                data={"line": step.line, "low": step.low, "high": step.high, "verdict": step.verdict},
            )
        )
    line = None
    if limit is not None and limit_bytes is not None:
        label = f"limit {format_memory(limit_bytes)}" + ("" if enforced is not None else " (not enforced by BuildKit)")
        line = (limit_bytes, label)
    over = sum(1 for s in memory.steps if s.verdict in ("over", "may exceed"))
    if limit is None or limit_bytes is None:
        limit_text = "The runner's memory limit is unknown: give --memory, or keep the CI configuration beside the file"
        if limit is not None:
            limit_text = f"The runner's memory limit is unknown: {limit.source}" + (
                f" ({limit.note})" if limit.note else ""
            )
    else:
        limit_text = f"Limit {format_memory(limit_bytes)} from {limit.source}" + (
            "" if enforced is not None else ": BuildKit does not enforce it"
        )
    desc = (
        f"Estimated peak memory of {len(memory.steps)} build step{'s' if len(memory.steps) != 1 else ''}. "
        + limit_text
        + (f". {over} step{'s' if over != 1 else ''} may go over it (cross-hatched or dotted)." if over else ".")
    )
    svg = charts.bar_chart(f"{anchor}-memory", "Peak memory of each build step", desc, bars, scale, "step-bar", line)
    return {
        "svg": Markup(svg),
        "limit": limit_text,
        "verdict": memory.verdict,
        "has_limit": line is not None,
        "rows": [
            {
                "line": s.line,
                "instruction": s.instruction,
                "stage": s.stage,
                "peak": format_memory_range(s.low, s.high),
                "reason": s.reason,
                "verdict": VERDICT_WORDS.get(s.verdict, ""),
            }
            for s in memory.steps
        ],
        "over": over,
    }


# -- findings ----------------------------------------------------------------------------------------


def _finding_groups(
    result: FileResult, text: str | None, anchor: str, rules: dict[str, Rule]
) -> list[dict[str, object]]:
    groups: dict[str, list[dict[str, object]]] = {}
    for n, finding in enumerate(result.findings):
        rule = rule_for(rules, finding.rule_id)
        category = rule.category if rule is not None else "correctness"
        groups.setdefault(category, []).append(_finding_view(finding, text, f"{anchor}-f{n + 1}", rule))
    order = list(CATEGORY_TITLES)
    return [
        {"category": c, "title": CATEGORY_TITLES.get(c, c.capitalize()), "findings": groups[c]}
        for c in sorted(groups, key=lambda c: (order.index(c) if c in order else len(order), c))
    ]


def _finding_view(finding: Finding, text: str | None, anchor: str, rule: Rule | None) -> dict[str, object]:
    span = finding.span
    fix = finding.fix
    return {
        "anchor": anchor,
        "rule": finding.rule_id,
        "name": finding.name,
        "severity": finding.severity,
        "mark": SEVERITY_MARKS.get(finding.severity, ""),
        "message": finding.message,
        "impact": finding.impact.summary() if finding.impact is not None else "",
        "line": span.start_line,
        "col": span.start_col,
        "docs": docs_url_for(rule, finding.rule_id) if rule is not None else "",
        "frame": _frame(text, finding) if text is not None else [],
        "fix": _fix_view(fix, text) if fix is not None else None,
    }


def _frame(text: str, finding: Finding) -> list[dict[str, object]]:
    """The lines around the span, each as (number, before, marked, after)."""
    span = finding.span
    lines = _lines(text)
    first = max(1, span.start_line - FRAME_CONTEXT)
    last_marked = span.end_line - 1 if span.end_line > span.start_line and span.end_col == 1 else span.end_line
    last_marked = max(last_marked, span.start_line)
    last = min(len(lines), last_marked + FRAME_CONTEXT, span.start_line + FRAME_MAX)
    out: list[dict[str, object]] = []
    for number in range(first, last + 1):
        line = lines[number - 1].rstrip("\r")
        start = end = 0
        if span.start_line <= number <= last_marked:
            start = span.start_col - 1 if number == span.start_line else 0
            end = span.end_col - 1 if number == span.end_line else len(line)
            end = max(min(end, len(line)), start)
            if start == end and number == span.start_line:
                end = min(len(line), start + 1)  # an empty span marks the character it starts at
        out.append({"number": number, "before": line[:start], "marked": line[start:end], "after": line[end:]})
    if last < last_marked:
        out.append({"number": "", "before": f"… {last_marked - last} more lines", "marked": "", "after": ""})
    return out


def _fix_view(fix: Fix, text: str | None) -> dict[str, object]:
    view: dict[str, object] = {"description": fix.description, "safe": fix.safe, "diff": []}
    if text is None or not fix.edits:
        return view
    # diff only the lines the edits touch, with one line around them: linear in the fix, not the file
    start = min(e.start for e in fix.edits)
    end = max(e.end for e in fix.edits)
    line_start = text.rfind("\n", 0, start) + 1
    first = text.rfind("\n", 0, line_start - 1) + 1 if line_start > 0 else 0
    after = text.find("\n", end)
    last = text.find("\n", after + 1) if after >= 0 else -1
    stop = len(text) if last < 0 else last + 1
    region = text[first:stop]
    try:
        fixed = _apply(region, fix, first)
    except ValueError:
        return view
    before_line = text.count("\n", 0, first)
    rows: list[dict[str, str]] = []
    for line in list(difflib.unified_diff(_lines(region), _lines(fixed), lineterm="", n=1))[2:]:
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "ctx")
        if kind == "hunk":
            line = _shift_hunk(line, before_line)
        rows.append(
            {"kind": kind, "sign": line[:1] if kind != "hunk" else "", "text": line[1:] if kind != "hunk" else line}
        )
    if len(rows) > DIFF_MAX:
        rows = [*rows[:DIFF_MAX], {"kind": "hunk", "sign": "", "text": f"… {len(rows) - DIFF_MAX} more diff lines"}]
    view["diff"] = rows
    return view


def _shift_hunk(header: str, lines_before: int) -> str:
    """``@@ -1,3 +1,4 @@`` of a region that starts after ``lines_before`` lines of the file."""
    import re

    def shift(m: re.Match[str]) -> str:
        return f"{m.group(1)}{int(m.group(2)) + lines_before}"

    return re.sub(r"([-+])(\d+)", shift, header, count=2)


def _lines(text: str) -> list[str]:
    """The text's lines, line ends dropped (no empty line after a final newline)."""
    lines = text.split("\n")
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _apply(text: str, fix: Fix, offset: int = 0) -> str:
    """``text`` (the file from ``offset`` on) with the fix's edits applied."""
    out = []
    pos = 0
    for edit in sorted(fix.edits, key=lambda e: (e.start, e.end)):
        start, end = edit.start - offset, edit.end - offset
        if start < pos or end > len(text):
            raise ValueError("overlapping edits")
        out.append(text[pos:start])
        out.append(edit.new_text)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# -- the repository ----------------------------------------------------------------------------------


def _shared_bases(results: Sequence[FileResult], files: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """Stages (in any of the files) that start from the same base and run the same install steps
    before they read the build context: what DO602 reports, grouped for the page."""
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[int, StageSetup]]] = {}
    for i, result in enumerate(results):
        if result.stages is None:
            continue
        for setup in result.stages.setups:
            key = (setup.base, setup.steps[: setup.heavy_at + 1])
            groups.setdefault(key, []).append((i, setup))
    found: list[tuple[int, str, dict[str, object]]] = []
    for (base, steps), members in groups.items():
        if len(members) < 2:
            continue
        found.append(
            (
                -len(members),
                base,
                {
                    "base": base,
                    "steps": [s if len(s) <= 160 else s[:159] + "…" for s in steps],
                    "members": [
                        {
                            "anchor": files[i]["anchor"],
                            "path": results[i].path,
                            "stage": setup.label,
                            "line": setup.span.start_line,
                        }
                        for i, setup in members
                    ],
                },
            )
        )
    found.sort(key=lambda item: (item[0], item[1]))
    return [group for _, _, group in found]
