"""``--format lsp``: LSP ``Diagnostic`` objects per file, for editors that run a command on save.

``[{"uri": "file:///…/Dockerfile", "path": "Dockerfile", "diagnostics": [Diagnostic, …]}, …]`` with
one entry per checked file (an empty list clears the file's diagnostics). Positions are 0-based
lines and UTF-16 code units, as LSP requires by default; our spans count code points from 1, so
every position is converted against the line's text. The language server uses the same
conversion (:class:`PositionEncoder`), for the encoding the client negotiated.
"""

from __future__ import annotations

import json
import os

from dockeropt.report.common import docs_url_for, full_message, rule_for, source_text
from dockeropt.syntax.span import LineIndex

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Finding
    from dockeropt.api.rule import Rule
    from dockeropt.engine.check import FileResult
    from dockeropt.syntax.span import Span

SOURCE = "dockeropt"
# LSP DiagnosticSeverity: 1 Error, 2 Warning, 3 Information, 4 Hint. Style findings stay
# Information: editors hide hints from their problem lists.
SEVERITIES = {"error": 1, "warning": 2, "info": 3, "style": 3}
TAG_UNNECESSARY = 1
TAG_DEPRECATED = 2


class PositionEncoder:
    """Converts between our positions (offsets, or 1-based lines and code-point columns) and LSP
    positions (0-based lines, columns in the client's code units: utf-16, utf-8 or utf-32)."""

    __slots__ = ("encoding", "index", "known", "text")

    def __init__(self, text: str | None, encoding: str = "utf-16", index: LineIndex | None = None) -> None:
        # without the text (a file that could not be read) columns are passed through as they are
        self.known = text is not None
        self.text = text or ""
        self.encoding = encoding
        self.index = index if index is not None and index.length == len(self.text) else LineIndex(self.text)

    def _line_bounds(self, line: int) -> tuple[int, int]:
        """Start and end offsets (newline excluded) of 1-based ``line``, clamped to the text."""
        starts = self.index.line_starts
        line = max(1, min(line, len(starts)))
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return start, end

    def units(self, chars: str) -> int:
        if self.encoding == "utf-32" or chars.isascii():
            return len(chars)
        if self.encoding == "utf-8":
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars) + sum(1 for c in chars if ord(c) > 0xFFFF)

    def position(self, line: int, col: int) -> tuple[int, int]:
        """Our 1-based ``line``/``col`` as an LSP ``(line, character)``."""
        if not self.known:
            return max(line, 1) - 1, max(col, 1) - 1
        start, end = self._line_bounds(line)
        prefix = self.text[start : min(start + max(col - 1, 0), end)]
        return max(line, 1) - 1, self.units(prefix)

    def offset_position(self, offset: int) -> tuple[int, int]:
        line, col = self.index.position(max(0, min(offset, len(self.text))))
        return self.position(line, col)

    def span_range(self, span: Span) -> dict[str, dict[str, int]]:
        sl, sc = self.position(span.start_line, span.start_col)
        el, ec = self.position(span.end_line, span.end_col)
        return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}

    def offset_range(self, start: int, end: int) -> dict[str, dict[str, int]]:
        sl, sc = self.offset_position(start)
        el, ec = self.offset_position(end)
        return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}

    def offset_at(self, line: int, character: int) -> int:
        """The offset of an LSP position (past the end of a line: the line's end)."""
        if line >= len(self.index.line_starts):
            return len(self.text)
        start, end = self._line_bounds(line + 1)
        segment = self.text[start:end]
        if self.encoding == "utf-32" or segment.isascii():
            return start + min(character, len(segment))
        used = 0
        for i, c in enumerate(segment):
            if used >= character:
                return start + i
            used += self.units(c)
        return end


def diagnostic(finding: Finding, encoder: PositionEncoder, rule: Rule | None = None) -> dict[str, object]:
    message = full_message(finding)
    out: dict[str, object] = {
        "range": encoder.span_range(finding.span),
        "severity": SEVERITIES.get(finding.severity, 2),
        "code": finding.rule_id,
        "source": SOURCE,
        "message": message,
    }
    if rule is not None:
        out["codeDescription"] = {"href": docs_url_for(rule, finding.rule_id)}
    tags = diagnostic_tags(finding)
    if tags:
        out["tags"] = tags
    out["data"] = {"fixable": finding.fix is not None, "safe": finding.fix is not None and finding.fix.safe}
    return out


def diagnostic_tags(finding: Finding) -> list[int]:
    """Unnecessary (shown faded) for unused things, Deprecated (struck through) for deprecated ones."""
    tags = []
    if finding.name.startswith("unused-"):
        tags.append(TAG_UNNECESSARY)
    if "deprecated" in finding.name:
        tags.append(TAG_DEPRECATED)
    return tags


def file_uri(path: str) -> str:
    from pathlib import Path

    if not path or path == "-":
        return "untitled:" + (path or "-")
    return Path(os.path.abspath(path)).as_uri()


def render(results: Sequence[FileResult]) -> str:
    from dockeropt.report.common import rules_by_id

    known = rules_by_id()
    out = []
    for result in results:
        text = source_text(result)
        encoder = PositionEncoder(text, "utf-16", result.index)
        out.append(
            {
                "uri": file_uri(result.path),
                "path": result.path,
                "diagnostics": [diagnostic(f, encoder, rule_for(known, f.rule_id)) for f in result.findings],
            }
        )
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
