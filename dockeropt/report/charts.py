"""The pictures of the HTML report as inline SVG, laid out here (no Graphviz, no JavaScript).

- :func:`stage_graph`: the stages top to bottom, each below the stages and images it needs; one
  node per stage, one node per external image, one edge per dependency (``FROM``, ``COPY --from``,
  ``RUN --mount=from``), the shipped stages marked and the unused ones greyed.
- :func:`bar_chart`: one row per item (a layer, a build step): a bar to the middle of its range,
  whiskers from the low to the high estimate, an open end for what is not estimated, and a marked
  segment (a pattern, not only a colour) for bytes left behind or a step over the limit; an
  optional vertical limit line. Rows are laid out in CSS pixels with x in percent of the width, so
  the text keeps its size on a phone while the bars shrink.

Every picture has a ``<title>`` and ``<desc>`` (``role="img"``); the report also gives the same
figures as a table beside it.
"""

from __future__ import annotations

from html import escape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.analysis.stages import StagePicture

NODE_W = 190
NODE_H = 48
GAP_X = 36
GAP_Y = 64
PAD = 16
IMAGE_LABEL = 28  # characters of an image reference shown in a node
ROW_H = 44
MIN_SCALE = 0.6
LABEL_CHARS = 70

# Patterns the charts use: bloat (diagonal hatching), over the limit (cross-hatching), the range
# of a step that may exceed it (dots). One <defs> per page (ids are page-wide).
PATTERNS = """<svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute">
<defs>
<pattern id="p-left" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="6" height="6" class="pat-left-bg"/><line x1="0" y1="0" x2="0" y2="6" class="pat-left"/></pattern>
<pattern id="p-over" width="6" height="6" patternUnits="userSpaceOnUse">
<rect width="6" height="6" class="pat-over-bg"/><path d="M0,0 L6,6 M6,0 L0,6" class="pat-over"/></pattern>
<pattern id="p-may" width="5" height="5" patternUnits="userSpaceOnUse">
<rect width="5" height="5" class="pat-may-bg"/><circle cx="2.5" cy="2.5" r="1.1" class="pat-may"/></pattern>
<marker id="m-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
<path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>
</defs></svg>"""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the stage graph ---------------------------------------------------------------------------------


class _Node:
    __slots__ = ("col", "key", "kind", "label", "line", "rank", "stage", "sub", "x", "y")

    def __init__(self, key: str, kind: str, label: str, sub: str, line: int, stage: int | None) -> None:
        self.key = key
        self.kind = kind  # "stage" or "image"
        self.label = label
        self.sub = sub
        self.line = line
        self.stage = stage
        self.rank = 0
        self.col = 0.0
        self.x = 0
        self.y = 0


def stage_graph(picture: StagePicture, chart_id: str) -> tuple[str, list[str]]:
    """The SVG of the stages and the same as sentences (the text alternative shown beside it)."""
    nodes: dict[str, _Node] = {}
    for stage in picture.stages:
        nodes[f"s{stage.index}"] = _Node(f"s{stage.index}", "stage", stage.label, stage.state, stage.line, stage.index)
    edges: list[tuple[str, str, str, int]] = []  # (source key, target key, kind, line)
    for edge in picture.edges:
        if edge.source_stage is not None:
            source = f"s{edge.source_stage}"
        else:
            image = edge.source_image or "?"
            source = f"i{image}"
            if source not in nodes:
                nodes[source] = _Node(source, "image", image, "image", 0, None)
        edges.append((source, f"s{edge.stage}", edge.kind, edge.line))
    _layout(nodes, edges)
    width = max((n.x + NODE_W for n in nodes.values()), default=NODE_W) + PAD
    height = max((n.y + NODE_H for n in nodes.values()), default=NODE_H) + PAD
    sentences = _graph_sentences(nodes, edges)
    out = [
        f'<svg class="stage-graph" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        # shrinks to fit, but not below 60 %: a big graph scrolls in its box rather than turn unreadable
        f'style="min-width:{int(width * MIN_SCALE)}px">',
        f'<title id="{chart_id}-t">Stages and their dependencies</title>',
        f'<desc id="{chart_id}-d">{escape(" ".join(sentences))}</desc>',
    ]
    # each edge leaves its source and enters its target at a port of its own, spread along the box
    outgoing: dict[str, list[int]] = {}
    incoming: dict[str, list[int]] = {}
    for i, (source, target_key, _, _) in enumerate(edges):
        outgoing.setdefault(source, []).append(i)
        incoming.setdefault(target_key, []).append(i)
    for key in outgoing:  # leave towards the targets from left to right
        outgoing[key].sort(key=lambda i: (nodes[edges[i][1]].x, i))
    for key in incoming:
        incoming[key].sort(key=lambda i: (nodes[edges[i][0]].x, i))
    for i, (source, target_key, kind, line) in enumerate(edges):
        out_ports, in_ports = outgoing[source], incoming[target_key]
        out.append(
            _edge_svg(
                nodes[source],
                nodes[target_key],
                kind,
                line,
                (out_ports.index(i) + 1) / (len(out_ports) + 1),
                (in_ports.index(i) + 1) / (len(in_ports) + 1),
                in_ports.index(i),
            )
        )
    for node in nodes.values():
        out.append(_node_svg(node))
    out.append("</svg>")
    return "\n".join(out), sentences


def _layout(nodes: dict[str, _Node], edges: list[tuple[str, str, str, int]]) -> None:
    """Ranks: a stage sits one row below the lowest stage it needs; an image one row above the
    first stage that uses it. Within a row, nodes follow the mean column of what they need."""
    parents: dict[str, list[str]] = {}
    for source, target, _, _ in edges:
        parents.setdefault(target, []).append(source)
    stages = sorted((n for n in nodes.values() if n.kind == "stage"), key=lambda n: n.stage or 0)
    for node in stages:  # stages only depend on earlier stages: one pass in file order
        ranks = [nodes[p].rank for p in parents.get(node.key, ()) if nodes[p].kind == "stage"]
        node.rank = 1 + max(ranks, default=0)
    for node in nodes.values():
        if node.kind == "image":
            users = [nodes[t].rank for s, t, _, _ in edges if s == node.key]
            node.rank = min(users, default=1) - 1
    rows: dict[int, list[_Node]] = {}
    for node in nodes.values():
        rows.setdefault(node.rank, []).append(node)
    order = sorted(rows)
    for rank in order:
        row = rows[rank]

        def weight(node: _Node) -> tuple[float, int, str]:
            cols = [nodes[p].col for p in parents.get(node.key, ()) if nodes[p].rank < node.rank]
            children = [nodes[t].stage or 0 for s, t, _, _ in edges if s == node.key]
            first = node.stage if node.stage is not None else min(children, default=0)
            return (sum(cols) / len(cols) if cols else float(first), first, node.key)

        row.sort(key=weight)
        for i, node in enumerate(row):
            node.col = float(i)
    widest = max(len(rows[r]) for r in order) if order else 1
    for y, rank in enumerate(order):
        row = rows[rank]
        offset = (widest - len(row)) * (NODE_W + GAP_X) / 2
        for i, node in enumerate(row):
            node.x = int(PAD + offset + i * (NODE_W + GAP_X))
            node.y = PAD + y * (NODE_H + GAP_Y)


def _node_svg(node: _Node) -> str:
    if node.kind == "image":
        cls = "base-node"
        lines = [_clip(node.label, IMAGE_LABEL), "image"]
        attrs = f'data-image="{escape(node.label)}"'
    else:
        state = node.sub
        cls = "stage-node" + {"ships": " shipped target", "in the image": " shipped", "unused": " unused"}.get(
            state, ""
        )
        lines = [_clip(node.label, IMAGE_LABEL), f"line {node.line}" + (f" · {state}" if state else "")]
        attrs = f'data-stage="{node.stage}"'
    x, y = node.x, node.y
    rx = 4 if node.kind == "stage" else 18
    shape = f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="{rx}" class="box"/>'
    if node.kind == "stage" and node.sub == "ships":  # a second frame: marked without colour
        shape += f'<rect x="{x + 3}" y="{y + 3}" width="{NODE_W - 6}" height="{NODE_H - 6}" rx="2" class="inner"/>'
    text = (
        f'<text x="{x + NODE_W // 2}" y="{y + 20}" class="name">{escape(lines[0])}</text>'
        f'<text x="{x + NODE_W // 2}" y="{y + 37}" class="sub">{escape(lines[1])}</text>'
    )
    return f'<g class="{cls}" {attrs}>{shape}{text}</g>'


def _edge_svg(source: _Node, target: _Node, kind: str, line: int, out_at: float, in_at: float, nth: int) -> str:
    x1, y1 = source.x + NODE_W * out_at, float(source.y + NODE_H)
    x2, y2 = target.x + NODE_W * in_at, float(target.y)
    if target.rank <= source.rank:  # not expected (stages only use earlier ones): draw it anyway
        y1 = source.y + NODE_H / 2
    mid = (y1 + y2) / 2
    path = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{mid:.0f} {x2:.0f},{mid:.0f} {x2:.0f},{y2 - 2:.0f}"
    word = _EDGE_WORDS.get(kind, kind)
    # labels sit just above the target, staggered so that neighbouring ports do not overlap
    label_y = y2 - 6 - 12 * (nth % 3)
    label = f'<text x="{x2 + 3:.0f}" y="{label_y:.0f}" class="edge-label">{_EDGE_SHORT.get(kind, kind)} L{line}</text>'
    return (
        f'<g class="edge {kind}" data-kind="{kind}" data-line="{line}">'
        f"<title>{escape(word)} at line {line}</title>"
        f'<path d="{path}" class="edge-line" marker-end="url(#m-arrow)"/>{label}</g>'
    )


_EDGE_WORDS = {"from": "FROM", "copy": "COPY --from", "mount": "RUN --mount from"}
_EDGE_SHORT = {"from": "FROM", "copy": "COPY", "mount": "mount"}


def _graph_sentences(nodes: dict[str, _Node], edges: list[tuple[str, str, str, int]]) -> list[str]:
    out = []
    for node in nodes.values():
        if node.kind != "stage":
            continue
        state = f" ({node.sub})" if node.sub else ""
        uses = [
            f"{_EDGE_WORDS.get(kind, kind)} {nodes[source].label} (line {line})"
            for source, target, kind, line in edges
            if target == node.key
        ]
        out.append(
            f"{node.label[0].upper() + node.label[1:]}{state}, line {node.line}: {'; '.join(uses) or 'no source'}."
        )
    return out


# -- bar charts --------------------------------------------------------------------------------------


class Bar:
    """One row: ``low``..``high`` (the estimate), ``marked_low``..``marked_high`` of it drawn with
    a pattern (bytes left behind), ``open_end`` when part of it is not estimated, ``state`` a CSS
    class and word for the row (``over``, ``may exceed``, ``close``)."""

    __slots__ = (
        "cls",
        "data",
        "high",
        "label",
        "low",
        "marked_high",
        "marked_low",
        "note",
        "open_end",
        "title",
        "value",
    )

    def __init__(
        self,
        label: str,
        value: str,
        low: int,
        high: int,
        *,
        marked_low: int = 0,
        marked_high: int = 0,
        open_end: bool = False,
        cls: str = "",
        note: str = "",
        title: str = "",
        data: dict[str, object] | None = None,
    ) -> None:
        self.label = label
        self.value = value
        self.low = low
        self.high = high
        self.marked_low = marked_low
        self.marked_high = marked_high
        self.open_end = open_end
        self.cls = cls
        self.note = note  # words shown after the value: "left behind: …", "over the limit"
        self.title = title
        self.data = data or {}  # data-* attributes: the exact figures, for scripts and tests


def _pct(value: float, scale: float) -> float:
    return 1.0 + 96.0 * value / scale if scale > 0 else 1.0


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    scale: float,
    row_class: str,
    limit: tuple[int, str] | None = None,
) -> str:
    """A horizontal bar chart; ``scale``: the value at the right end (shared by charts that are
    compared); ``limit``: (value, label) of a vertical limit line."""
    top = 22 if limit is not None else 4
    height = top + ROW_H * max(len(bars), 1) + 6
    out = [
        f'<svg class="bars" id="{chart_id}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'width="100%" height="{height}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * ROW_H
        out.append(_bar_row(bar, y, scale, row_class))
    if limit is not None:
        x = _pct(limit[0], scale)
        out.append(
            f'<g class="limit-line" data-bytes="{limit[0]}">'
            f'<line x1="{x:.2f}%" x2="{x:.2f}%" y1="16" y2="{height - 2}" class="limit"/>'
            f'<text x="{x:.2f}%" y="12" class="limit-label" text-anchor="{"end" if x > 60 else "start"}">'
            f"{escape(limit[1])}</text></g>"
        )
    if not bars:
        out.append(f'<text x="4" y="{top + 18}" class="empty">nothing to draw</text>')
    out.append("</svg>")
    return "\n".join(out)


def _bar_row(bar: Bar, y: int, scale: float, row_class: str) -> str:
    mid = (bar.low + bar.high) / 2
    marked_mid = (bar.marked_low + bar.marked_high) / 2
    content_mid = max(mid - marked_mid, 0)
    bar_y = y + 20
    h = 14
    x0 = _pct(0, scale)
    x_content = _pct(content_mid, scale)
    x_mid = _pct(content_mid + marked_mid, scale)
    data = "".join(f' data-{key}="{escape(str(value))}"' for key, value in bar.data.items())
    parts = [f'<g class="{row_class}{" " + bar.cls if bar.cls else ""}"{data}>']
    if bar.title:
        parts.append(f"<title>{escape(bar.title)}</title>")
    # what the row says about itself comes before the instruction, which is clipped
    label = " · ".join(x for x in (bar.value, bar.note, _clip(bar.label, LABEL_CHARS)) if x)
    parts.append(f'<text x="{x0:.2f}%" y="{y + 14}" class="row-label">{escape(label)}</text>')
    fill = {"over": "url(#p-over)", "may-exceed": "url(#p-may)"}.get(bar.cls, "")
    style = f' style="fill:{fill}"' if fill else ""
    parts.append(
        f'<rect x="{x0:.2f}%" y="{bar_y}" width="{max(x_content - x0, 0.15):.2f}%" height="{h}" class="bar"{style}/>'
    )
    if marked_mid > 0:
        parts.append(
            f'<rect x="{x_content:.2f}%" y="{bar_y}" width="{max(x_mid - x_content, 0.15):.2f}%" height="{h}" '
            'class="bar-left" style="fill:url(#p-left)"/>'
        )
    lo, hi = _pct(bar.low, scale), _pct(bar.high, scale)
    wy = bar_y + h // 2
    if hi - lo > 0.05:
        parts.append(
            f'<g class="whisker"><line x1="{lo:.2f}%" x2="{hi:.2f}%" y1="{wy}" y2="{wy}"/>'
            f'<line x1="{lo:.2f}%" x2="{lo:.2f}%" y1="{wy - 5}" y2="{wy + 5}"/>'
            f'<line x1="{hi:.2f}%" x2="{hi:.2f}%" y1="{wy - 5}" y2="{wy + 5}"/></g>'
        )
    if bar.open_end:
        parts.append(
            f'<g class="open-end"><line x1="{hi:.2f}%" x2="{min(hi + 2.5, 99.5):.2f}%" y1="{wy}" y2="{wy}" '
            f'marker-end="url(#m-arrow)"/></g>'
        )
    parts.append("</g>")
    return "".join(parts)
