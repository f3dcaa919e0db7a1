"""The terminal reports.

``text`` (the default): each finding's header ``path:line:col: ID severity message`` (wrapped to the
terminal's width; the first line stays what editors and grep read), then a code frame as ruff and
rustc draw it: the lines of the finding with its span underlined, and notes on its cost and fix::

    Dockerfile:2:1: DO105 warning MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors
      |
    2 | MAINTAINER me
      | ^^^^^^^^^^^^^ DO105
      |
      = fix (`dockeropt fix`): replace MAINTAINER with LABEL org.opencontainers.image.authors

``concise``: one line per finding, ``path:line:col: ID severity message [impact] (fixable)``.

Both end with the same summary line. Colour only on a terminal, never with ``NO_COLOR`` set.
"""

from __future__ import annotations

import os

from dockeropt.lazyre import lazy_compile
from dockeropt.syntax.span import LineIndex

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Finding
    from dockeropt.engine.check import FileResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "style": "\033[35m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_BLUE = "\033[34m"
_RESET = "\033[0m"
SAVING_LINES = 10  # files listed under the estimated saving

DEFAULT_WIDTH = 100  # when the output is not a terminal and $COLUMNS is not set
MIN_WIDTH = 60
MAX_FRAME_LINES = 6  # a longer span shows its first lines, a "...", and its last line
TAB = "    "


def use_color(stream: object, mode: str = "auto") -> bool:
    """Colour with ``always``; never with ``never`` or ``NO_COLOR`` set (https://no-color.org); else
    only when ``stream`` is a terminal."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def output_width(stream: object | None) -> int:
    """$COLUMNS, else the terminal's width when ``stream`` is one, else :data:`DEFAULT_WIDTH`; always
    that for a file (``stream`` None)."""
    if stream is None:
        return DEFAULT_WIDTH
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(stream.fileno()).columns  # type: ignore[attr-defined]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(MIN_WIDTH, columns) if columns > 0 else DEFAULT_WIDTH


# -- concise ---------------------------------------------------------------------------------------


def format_finding(f: Finding, color: bool = False) -> str:
    """One line: ``path:line:col: ID severity message [impact] (fixable)``."""
    loc = f"{f.path}:{f.span.start_line}:{f.span.start_col}:"
    sev = f.severity
    impact = f.impact.summary() if f.impact is not None else ""
    tail = f" [{impact}]" if impact else ""
    fixable = "" if f.fix is None else " (fixable)" if f.fix.safe else " (fixable with --unsafe)"
    if color:
        return (
            f"{_BOLD}{loc}{_RESET} {_BOLD}{f.rule_id}{_RESET} {_COLORS.get(sev, '')}{sev}{_RESET} "
            f"{f.message}{_DIM}{tail}{fixable}{_RESET}"
        )
    return f"{loc} {f.rule_id} {sev} {f.message}{tail}{fixable}"


# -- code frames -----------------------------------------------------------------------------------


def _wrap(text: str, width: int, first: int, indent: str) -> list[str]:
    """``text`` in lines of at most ``width`` columns; the first line has ``first`` columns taken
    already, the others start with ``indent``. Words longer than a line are not broken."""
    lines: list[str] = []
    current = ""
    room = width - first
    words = text.split()
    if words and len(words[0]) > room and first > len(indent):
        lines.append("")  # not even the first word fits beside what comes before: start below
        room = width - len(indent)
    for word in words:
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= room:
            current += " " + word
        else:
            lines.append(current)
            current = word
            room = width - len(indent)
    lines.append(current)
    return [lines[0], *(indent + line for line in lines[1:] if line)]


def _cell_width(ch: str) -> int:
    if ch < "\u1100":
        return 1
    import unicodedata

    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _display(line: str, marks: tuple[int, int], room: int) -> tuple[str, int, int]:
    """A source line as shown (tabs expanded, clipped around the marked range to ``room`` columns) and
    the marked range's columns on screen (0-based start, width)."""
    cells: list[tuple[str, int]] = []  # (shown text, screen width) per character
    for ch in line:
        if ch == "\t":
            cells.append((TAB, len(TAB)))
        elif ch < " " or ch == "\x7f":
            cells.append(("\ufffd", 1))
        else:
            cells.append((ch, _cell_width(ch)))
    start, end = marks
    before = sum(w for _, w in cells[:start])
    marked = sum(w for _, w in cells[start:end])
    total = sum(w for _, w in cells)
    if total <= room:
        return "".join(t for t, _ in cells), before, max(1, marked)
    # clip: keep the mark's start in view, a little context before it
    skip_cols = max(0, min(before - room // 4, total - room + 1))
    out: list[str] = []
    col = 0
    shown = 0
    lead = "…" if skip_cols else ""
    for text, w in cells:
        if col < skip_cols:
            col += w
            continue
        if shown + w > room - len(lead) - 1:
            out.append("…")
            break
        out.append(text)
        shown += w
        col += w
    start_on_screen = max(0, before - skip_cols) + len(lead)
    width = max(1, min(marked, room - start_on_screen))
    return lead + "".join(out), start_on_screen, width


def _frame(f: Finding, text: str, starts: Sequence[int], width: int, color: bool) -> list[str]:
    """The lines of ``f``'s span with the span underlined, ``gutter | source`` style; ``starts``:
    the offset of each line of ``text``."""
    from dockeropt.report.common import last_line

    s = f.span
    first = max(1, s.start_line)
    last = max(first, min(last_line(s.start_line, s.end_line, s.end_col), len(starts)))
    if first > len(starts):
        return []
    numbers = list(range(first, last + 1))
    if len(numbers) > MAX_FRAME_LINES:
        numbers = [*numbers[: MAX_FRAME_LINES - 2], 0, numbers[-1]]  # 0: the "..." row
    gutter = len(str(last))
    pipe = f"{_BLUE}|{_RESET}" if color else "|"
    mark_color = _COLORS.get(f.severity, "") if color else ""
    reset = _RESET if color else ""
    blank = " " * gutter + " " + pipe
    out = [blank]
    room = max(20, width - gutter - 3)
    for i, number in enumerate(numbers):
        if number == 0:
            out.append(" " * gutter + " " + ("..." if not color else f"{_BLUE}...{_RESET}"))
            continue
        line_start = starts[number - 1]
        line_end = starts[number] - 1 if number < len(starts) else len(text)
        line = text[line_start:line_end].rstrip("\r\n")
        lo = s.start_col - 1 if number == s.start_line else len(line) - len(line.lstrip())
        hi = s.end_col - 1 if number == s.end_line else len(line)
        lo = max(0, min(lo, len(line)))
        hi = max(lo, min(hi, len(line)))
        shown, at, span_width = _display(line, (lo, hi), room)
        label = f" {f.rule_id}" if i == len(numbers) - 1 else ""
        if at + span_width + len(label) > room:
            label = ""  # no room beside the underline: the header names the rule already
        num = f"{number:>{gutter}}"
        out.append(f"{_BLUE + num + _RESET if color else num} {pipe} {shown}".rstrip())
        out.append(f"{blank} {' ' * at}{mark_color}{'^' * span_width}{label}{reset}")
    out.append(blank)
    return out


def _notes(f: Finding, width: int, gutter: int, color: bool) -> list[str]:
    notes: list[str] = []
    impact = f.impact.summary() if f.impact is not None else ""
    if impact:
        notes.append(f"impact: {impact}")
    if f.fix is not None:
        how = "`dockeropt fix`" if f.fix.safe else "`dockeropt fix --unsafe`"
        notes.append(f"fix ({how}): {f.fix.description}")
    out = []
    lead = " " * gutter + " = "
    for note in notes:
        wrapped = _wrap(note, width, len(lead), " " * len(lead))
        if color:
            wrapped = [f"{_DIM}{line}{_RESET}" for line in wrapped]
        out.append(lead + wrapped[0])
        out.extend(wrapped[1:])
    return out


def format_full(
    f: Finding,
    text: str | None,
    width: int = DEFAULT_WIDTH,
    color: bool = False,
    index: LineIndex | None = None,
) -> str:
    """The header (wrapped), the code frame and the notes of one finding (``index``: ``text``'s, when
    known already)."""
    loc = f"{f.path}:{f.span.start_line}:{f.span.start_col}:"
    head = f"{loc} {f.rule_id} {f.severity} "
    wrapped = _wrap(f.message, width, len(head), "    ")
    if color:
        first = (
            f"{_BOLD}{loc}{_RESET} {_BOLD}{f.rule_id}{_RESET} {_COLORS.get(f.severity, '')}{f.severity}{_RESET} "
            + wrapped[0]
        )
    else:
        first = head + wrapped[0]
    first = first.rstrip()
    lines = [first, *wrapped[1:]]
    frame: list[str] = []
    if text is not None:
        if index is None or index.length != len(text):
            index = LineIndex(text)
        frame = _frame(f, text, index.line_starts, width, color)
    lines.extend(frame)
    gutter = len(str(max(f.span.start_line, f.span.end_line)))
    notes = _notes(f, width, gutter, color)
    if notes and not frame:
        lines.append(" " * gutter + " |")
    lines.extend(notes)
    return "\n".join(lines)


# -- the report --------------------------------------------------------------------------------------


def summary(findings: Sequence[Finding], files_checked: int) -> str:
    """``Found N problems in M files (S fixable with `dockeropt fix`, U more with `--unsafe`).``"""
    noun = "file" if files_checked == 1 else "files"
    if not findings:
        return f"All checks passed ({files_checked} {noun})."
    safe = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
    n = len(findings)
    text = f"Found {n} problem{'s' if n != 1 else ''} in {files_checked} {noun}"
    if safe and unsafe:
        text += f" ({safe} fixable with `dockeropt fix`, {unsafe} more with `--unsafe`)"
    elif safe:
        text += f" ({safe} fixable with `dockeropt fix`)"
    elif unsafe:
        text += f" ({unsafe} fixable with `dockeropt fix --unsafe`)"
    return text + "."


def statistics_lines(findings: Sequence[Finding]) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        counts[(f.rule_id, f.name)] = counts.get((f.rule_id, f.name), 0) + 1
    return [
        f"{n:6d}  {rule_id}  {name}" for (rule_id, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def render(
    results: Sequence[FileResult],
    color: bool = False,
    statistics: bool = False,
    concise: bool = False,
    width: int = DEFAULT_WIDTH,
) -> str:
    """The findings (with code frames, or ``concise``: one a line) and a summary; when rules crashed
    (``FileResult.internal_errors``), a line says that not all checks ran."""
    findings = [f for r in results for f in r.findings]
    failed = sum(len(r.internal_errors) for r in results)
    lines: list[str] = []
    if concise:
        lines.extend(format_finding(f, color) for f in findings)
    else:
        from dockeropt.report.common import source_text

        for result in results:
            if not result.findings:
                continue
            text = source_text(result)
            index = result.index if text is not None and result.index is not None else None
            if text is not None and (index is None or index.length != len(text)):
                index = LineIndex(text)
            for f in result.findings:
                lines.append(format_full(f, text, width, color, index))
                lines.append("")
    if statistics and findings:
        if concise:
            lines.append("")
        lines.extend(statistics_lines(findings))
    if findings or not failed:
        lines.append(summary(findings, len(results)))
    if failed:
        lines.append(
            f"{failed} rule run{'s' if failed != 1 else ''} failed with an internal error (see above): "
            "not all checks ran."
        )
    return "\n".join(lines) + "\n"


_SIZE_SPACE = lazy_compile(r"(\d) ((?:[KMGT]i?)?B)\b")


def saving_summary(results: Sequence[FileResult], width: int | None = None) -> str:
    """What the fixes would save, per file and in total (nothing when they save nothing); lines
    wrapped to ``width`` columns (``None``: one line each, as the concise form)."""
    lines = _saving_lines(results)
    if width is None or not lines:
        return "".join(f"{line}\n" for line in lines)
    out: list[str] = []
    for line in lines:
        lead = line[: len(line) - len(line.lstrip(" "))]
        # a size stays on one line with its unit: "15 MB", not "15" then "MB"
        kept = _SIZE_SPACE.sub("\\1\ue000\\2", line)
        first, *rest = _wrap(kept, width, len(lead), lead + "    ")
        out.extend(part.replace("\ue000", " ") for part in [lead + first, *rest])
    return "".join(f"{line}\n" for line in out)


def _saving_lines(results: Sequence[FileResult]) -> list[str]:
    from dockeropt.report.common import SavingTotal, saving_words, size_words

    total = SavingTotal(results)
    if not total.files:
        return []
    command = "`dockeropt fix --unsafe`" if total.unsafe else "`dockeropt fix`"
    note = " (files copied from new build stages not counted)" if total.uncertain else ""
    words = saving_words(total.bytes_low, total.bytes_high, total.layers)
    if total.files == 1 and len(results) == 1:
        saving = results[0].saving
        if saving is not None:
            before = size_words(saving.before.low, saving.before.high, saving.before.unknown_layers)
            after = size_words(saving.after.low, saving.after.high, saving.after.unknown_layers)
            return [f"Estimated saving with {command}: {words} (layers added to the base: {before} -> {after}){note}."]
    lines = [f"Estimated saving with {command}: {words} in {total.files} file{'s' if total.files != 1 else ''}{note}:"]
    saved = [r for r in results if r.saving is not None and r.saving.any]
    # the biggest savings first; a long run lists the first ones (the JSON report has every file)
    saved.sort(
        key=lambda r: (-r.saving.bytes_high, -r.saving.layers, r.path) if r.saving is not None else (0, 0, r.path)
    )
    for result in saved[:SAVING_LINES]:
        saving = result.saving
        assert saving is not None
        lines.append(f"  {result.path}: {saving_words(saving.bytes_low, saving.bytes_high, saving.layers)}")
    if len(saved) > SAVING_LINES:
        lines.append(f"  … and {len(saved) - SAVING_LINES} more files (--format json lists each one)")
    return lines
