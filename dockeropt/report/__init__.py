"""Reports: each format is a function from file results to text, imported only when asked for."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.engine.check import FileResult


def render_report(
    fmt: str,
    results: Sequence[FileResult],
    stream: object | None = None,
    color: str = "auto",
    statistics: bool = False,
    sarif_category: str | None = None,
) -> str:
    """The report of ``results`` in ``fmt``; ``stream`` is where text goes (colour only on a
    terminal, as ``color`` allows), ``None`` for a file."""
    if fmt == "text":
        from dockeropt.report.text import render, saving_summary, use_color

        findings = [f for r in results for f in r.findings]
        colored = stream is not None and use_color(stream, color)
        failed = sum(len(r.internal_errors) for r in results)
        return render(findings, len(results), colored, statistics, failed) + saving_summary(results)
    if fmt == "json":
        from dockeropt.report.common import SavingTotal, estimate_dict
        from dockeropt.report.json_report import render as render_json

        estimated = any(r.image is not None for r in results)
        return render_json(
            [(r.path, r.findings, r.index) for r in results],
            [estimate_dict(r) for r in results] if estimated else None,
            SavingTotal(results).as_dict() if estimated else None,
        )
    if fmt == "sarif":
        from dockeropt.report.sarif import render as render_sarif

        return render_sarif(results, sarif_category)
    if fmt == "gitlab":
        from dockeropt.report.gitlab import render as render_gitlab

        return render_gitlab(results)
    if fmt == "github":
        from dockeropt.report.github import render as render_github

        return render_github(results)
    if fmt == "html":
        from dockeropt.report.html import render as render_html

        return render_html(results)
    if fmt == "lsp":
        from dockeropt.report.lsp_format import render as render_lsp

        return render_lsp(results)
    raise ValueError(f"unknown format {fmt!r}")
