"""``dockeropt parse FILE [--format json|dot]``: how the file reads, instruction by instruction.

The JSON fields are those of BuildKit's parser (``cmd``, ``sub_cmd``, ``json``, ``flags``,
``value``, ``heredocs``, ``start_line``, ``end_line``) plus our column ranges.
"""

from __future__ import annotations

import json
import sys

from dockeropt.commands.common import EXIT_OK, EXIT_USAGE, UsageError, did_you_mean, parse_build_args
from dockeropt.files.read import InputError, decode, read_dockerfile, read_stdin
from dockeropt.graph.model import Edge, Graph
from dockeropt.syntax.nodes import Dockerfile, Instruction, ParseError
from dockeropt.syntax.parser import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def instruction_dict(inst: Instruction) -> dict[str, object]:
    return {
        "cmd": inst.cmd,
        "sub_cmd": inst.sub.cmd if inst.sub is not None else None,
        "json": inst.json,
        "flags": [f.raw for f in inst.flags],
        "value": list(inst.value),
        "heredocs": [{"name": h.name, "content": h.content} for h in inst.heredocs],
        "start_line": inst.start_line,
        "end_line": inst.end_line,
        "range": inst.span.as_dict(),
        "flag_ranges": [{"flag": f.raw, **f.span.as_dict()} for f in (inst.sub or inst).flags],
        "value_ranges": [a.span.as_dict() for a in inst.args],
        "heredoc_ranges": [h.body_span.as_dict() for h in inst.heredocs],
    }


def to_json(tree: Dockerfile) -> str:
    return json.dumps([instruction_dict(i) for i in tree.instructions], indent=2, ensure_ascii=False) + "\n"


def _dot_quote(*lines: str) -> str:
    """A DOT string literal; several lines are joined with DOT's ``\\n`` line break."""
    return '"' + "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'


def to_dot(graph: Graph) -> str:
    """Stages as boxes, external images as ellipses, FROM / COPY --from / RUN --mount=from as edges."""
    lines = ["digraph stages {", "  rankdir=LR;", "  node [fontname=Helvetica];"]
    needed = {s.index for s in graph.needed_stages()}
    images: dict[str, str] = {}
    for stage in graph.stages:
        title = stage.name if stage.name else f"stage {stage.index}"
        label = _dot_quote(title, f"FROM {stage.base_resolved}")
        style = "solid" if stage.index in needed else "dashed"
        extra = ", penwidth=2" if graph.is_final(stage) else ""
        lines.append(f"  stage{stage.index} [shape=box, style={style}, label={label}{extra}];")
    styles = {Edge.FROM: "solid", Edge.COPY: "dashed", Edge.MOUNT: "dotted"}
    for edge in graph.edges:
        if edge.source_stage is not None:
            src = f"stage{edge.source_stage.index}"
        else:
            ref = edge.source_image or ""
            if ref.lower() == "scratch":
                continue
            if ref not in images:
                images[ref] = f"image{len(images)}"
                lines.append(f"  {images[ref]} [shape=ellipse, label={_dot_quote(ref)}];")
            src = images[ref]
        label = {Edge.FROM: "FROM", Edge.COPY: "COPY --from", Edge.MOUNT: "RUN --mount from"}[edge.kind]
        line = edge.instruction.start_line
        text = _dot_quote(f"{label} (line {line})")
        lines.append(f"  {src} -> stage{edge.stage.index} [style={styles[edge.kind]}, label={text}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_parse(args: argparse.Namespace) -> int:
    try:
        if args.path == "-":
            text = decode(read_stdin(sys.stdin.buffer))
        else:
            text = read_dockerfile(args.path)
        tree = parse(text, args.path)
    except InputError as err:
        print(f"{args.path}:{err.line}:{err.col}: error: {err.message}", file=sys.stderr)
        return EXIT_USAGE
    except ParseError as err:
        print(f"{args.path}:{err.line}:{err.col}: parse error: {err.message}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "dot":
        graph = Graph(tree, parse_build_args(args.build_arg), args.target)
        if args.target and graph.stages and graph.target is None:
            names = [s.name for s in graph.stages if s.name is not None]
            have = f"its stages are {', '.join(names)}" if names else "its stages have no names"
            hint = did_you_mean(args.target, names)
            raise UsageError(f"--target {args.target}: {args.path} has no stage of that name{hint}; {have}")
        sys.stdout.write(to_dot(graph))
    else:
        sys.stdout.write(to_json(tree))
    return EXIT_OK
