"""Reports: each format is a function from file results to text, imported only when asked for.

:data:`FORMATS` is the one list of format names: the command line's ``--format``/``--output``
choices and their help come from it.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.engine.check import FileResult

# name -> what it is for (shown in --help)
FORMATS: dict[str, str] = {
    "text": "findings with code frames, for people (the default)",
    "concise": "one line per finding: path:line:col: ID severity message",
    "json": "one JSON document, for scripts",
    "sarif": "SARIF 2.1.0, for GitHub code scanning",
    "gitlab": "GitLab Code Quality",
    "github": "GitHub Actions annotations",
    "lsp": "LSP diagnostics per file",
    "html": "one HTML page that needs no other file: stages, layers, memory, findings (docs/report.md)",
}
# other names users type for a format (ruff calls the default "full")
FORMAT_ALIASES: dict[str, str] = {"full": "text"}


def format_name(name: str) -> str | None:
    """The format ``name`` (any case, or an alias) stands for; None when there is none."""
    key = name.strip().lower()
    key = FORMAT_ALIASES.get(key, key)
    return key if key in FORMATS else None


def render_report(
    fmt: str,
    results: Sequence[FileResult],
    stream: object | None = None,
    color: str = "auto",
    statistics: bool = False,
    sarif_category: str | None = None,
) -> str:
    """The report of ``results`` in ``fmt``; ``stream`` is where text goes (colour only on a
    terminal, as ``color`` allows; wrapped to its width), ``None`` for a file."""
    fmt = format_name(fmt) or fmt
    if fmt in ("text", "concise"):
        from dockeropt.report.text import output_width, render, saving_summary, use_color

        colored = stream is not None and use_color(stream, color)
        width = output_width(stream)
        text = render(results, colored, statistics, concise=fmt == "concise", width=width)
        return text + saving_summary(results, None if fmt == "concise" else width)
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
