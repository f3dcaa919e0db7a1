"""Reports: each format is a function from file results to text, imported only when asked for."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from dockeropt.engine.check import FileResult


def render_report(fmt: str, results: Sequence[FileResult], args: argparse.Namespace, stream: object | None) -> str:
    findings = [f for r in results for f in r.findings]
    if fmt == "text":
        from dockeropt.report.text import render, use_color

        color = stream is not None and use_color(stream, getattr(args, "color", "auto"))
        return render(findings, len(results), color, getattr(args, "statistics", False))
    if fmt == "json":
        from dockeropt.report.json_report import render as render_json

        return render_json([(r.path, r.findings, r.index) for r in results])
    raise ValueError(f"unknown format {fmt!r}")
