"""What several machine-readable reports share: paths relative to the repository, the checked
text, rule metadata, and fingerprints that survive unrelated edits."""

from __future__ import annotations

import os
from bisect import bisect_right

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from dockeropt.api.finding import Finding
    from dockeropt.api.rule import Rule
    from dockeropt.engine.check import FileResult

LEVELS = {"error": "error", "warning": "warning", "info": "note", "style": "note"}


def full_message(finding: Finding) -> str:
    """The message with the impact estimate in brackets, as every report shows it."""
    summary = finding.impact.summary() if finding.impact is not None else ""
    return f"{finding.message} [{summary}]" if summary else finding.message


def relative_path(path: str, base: str | None = None) -> str | None:
    """``path`` relative to ``base`` (default: the working directory) with ``/`` separators, or
    None when it lies outside ``base`` (or is not a file path, like ``-`` for stdin)."""
    if not path or path == "-":
        return None
    root = os.path.realpath(base or os.getcwd())
    full = os.path.realpath(path)
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive on Windows
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


def report_path(path: str, base: str | None = None) -> str:
    """The path to print: relative to ``base`` when inside it, else as given."""
    rel = relative_path(path, base)
    return rel if rel is not None else path.replace(os.sep, "/")


def source_text(result: FileResult) -> str | None:
    """The checked text; worker processes drop it, so read the file again then."""
    if result.text is not None:
        return result.text
    if result.input_error or not result.path or result.path == "-":
        return None
    from dockeropt.files.read import InputError, read_dockerfile

    try:
        return read_dockerfile(result.path)
    except InputError:
        return None


def rule_for(known: dict[str, Rule], rule_id: str) -> Rule | None:
    """The rule behind a finding's id: a rule id, or another tool's code (``SC2086``) a rule reports."""
    rule = known.get(rule_id)
    if rule is None and rule_id[:1].isalpha():
        rule = next((r for r in known.values() if r.owns_code(rule_id)), None)
    return rule


def docs_url_for(rule: Rule, rule_id: str) -> str:
    """Where the finding's id is documented (ShellCheck's wiki for an SC code)."""
    return rule.code_docs_url(rule_id) if rule.owns_code(rule_id) else rule.docs_url()


def rules_by_id() -> dict[str, Rule]:
    from dockeropt.api.rule import RuleLoadError
    from dockeropt.engine.registry import all_rules

    try:
        return {rule.id: rule for rule in all_rules()}
    except RuleLoadError:
        return {}


def first_paragraph(markdown: str) -> str:
    """The first paragraph of a rule's docs, as one line."""
    import textwrap

    text = textwrap.dedent(markdown).strip()
    para = text.split("\n\n", 1)[0]
    return " ".join(para.split())


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- fingerprints ---------------------------------------------------------------------------------


def anchor_texts(result: FileResult, text: str | None) -> list[str]:
    """For each finding, the normalised text of what it flags: the whole instruction (or comment
    line) that holds its start, whitespace collapsed. Line numbers play no part, so findings keep
    their fingerprint when unrelated lines move."""
    if text is None:
        return [" ".join(f.message.split()) for f in result.findings]
    items = _top_level_items(result, text)
    out = []
    for finding in result.findings:
        start = finding.span.start
        if items is not None:
            starts, ends = items
            i = bisect_right(starts, start) - 1
            if i >= 0 and start < max(ends[i], starts[i] + 1):
                out.append(" ".join(text[starts[i] : ends[i]].split()))
                continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        out.append(" ".join(text[line_start : line_end if line_end >= 0 else len(text)].split()))
    return out


def _top_level_items(result: FileResult, text: str) -> tuple[list[int], list[int]] | None:
    tree = result.tree
    if tree is None:
        from dockeropt.syntax.nodes import ParseError
        from dockeropt.syntax.parser import parse

        try:
            tree = parse(text, result.path)
        except ParseError:
            return None
    return [item.start for item in tree.items], [item.end for item in tree.items]


def fingerprints(result: FileResult, text: str | None, salt: str = "") -> list[str]:
    """A stable id per finding: hash of rule id, the flagged instruction's normalised text and the
    occurrence index among identical (rule, text) pairs of the file; ``salt`` (e.g. the path)
    makes ids unique across files."""
    from hashlib import sha256  # (only the machine-readable reports need it: not at start-up)

    seen: dict[tuple[str, str], int] = {}
    out = []
    for finding, anchor in zip(result.findings, anchor_texts(result, text), strict=True):
        key = (finding.rule_id, anchor)
        n = seen.get(key, 0)
        seen[key] = n + 1
        digest = sha256(f"{salt}\0{finding.rule_id}\0{anchor}\0{n}".encode()).hexdigest()
        out.append(digest[:32])
    return out


# -- GitHub's primaryLocationLineHash -------------------------------------------------------------

_MASK = (1 << 64) - 1
_BLOCK = 100
_MOD = 37
_FIRST_MOD = pow(_MOD, _BLOCK, 1 << 64)
_EOF = 65535
# Above this size the hash is left to github/codeql-action/upload-sarif (it computes the same).
LINE_HASH_LIMIT = 2_000_000


def line_hashes(text: str) -> list[str] | None:
    """GitHub's ``primaryLocationLineHash`` of every line (index 0 = line 1), as
    github/codeql-action computes it when uploading: a rolling hash (modulus 37, 64-bit
    wrap-around) over the next 100 UTF-16 code units from the start of each line, spaces and tabs
    skipped, CR and CRLF read as LF, the file end marked by 65535 then zeros; ``:n`` counts the
    earlier lines with the same hash. None when the text has lone CRs (our lines would not be its
    lines) or is too big to hash quickly."""
    if len(text) > LINE_HASH_LIMIT:
        return None
    norm = text.replace("\r\n", "\n")
    if "\r" in norm:
        return None
    norm = norm.replace(" ", "").replace("\t", "")
    from array import array

    units = array("H")
    units.frombytes(norm.encode("utf-16-le"))
    codes = list(units)
    codes.append(_EOF)
    codes.extend([0] * _BLOCK)
    prefix = [0] * (len(codes) + 1)
    h = 0
    for i, c in enumerate(codes):
        h = (h * _MOD + c) & _MASK
        prefix[i + 1] = h
    # each line starts at the unit after a newline (the first line at 0); the file end counts as a
    # line start too when the text ends with a newline, like codeql-action's EOF marker
    starts = [0]
    nl = 10
    for i, c in enumerate(codes[: len(units)]):
        if c == nl:
            starts.append(i + 1)
    counts: dict[int, int] = {}
    out = []
    for s in starts:
        value = (prefix[s + _BLOCK] - prefix[s] * _FIRST_MOD) & _MASK
        counts[value] = counts.get(value, 0) + 1
        out.append(f"{value:x}:{counts[value]}")
    return out


def last_line(start_line: int, end_line: int, end_col: int) -> int:
    """The last line a range really covers (an end at column 1 stops before that line)."""
    return end_line - 1 if end_line > start_line and end_col == 1 else end_line


# -- the estimates: image size, saving, memory -------------------------------------------------------


def estimate_dict(result: FileResult) -> dict[str, object] | None:
    """The file's estimates as the JSON report gives them (None when not estimated); the HTML
    report shows the same figures."""
    if result.image is None:
        return None
    saving = result.saving
    return {
        "image": result.image.as_dict(),
        "fixed": saving.after.as_dict() if saving is not None else None,
        "saving": saving.as_dict() if saving is not None else None,
        "memory": result.memory.as_dict() if result.memory is not None else None,
    }


class SavingTotal:
    """The savings of several files added up."""

    __slots__ = ("bytes_high", "bytes_low", "files", "layers", "uncertain", "unsafe")

    def __init__(self, results: Sequence[FileResult]) -> None:
        self.bytes_low = self.bytes_high = self.layers = self.files = 0
        self.unsafe = self.uncertain = False
        for result in results:
            saving = result.saving
            if saving is None or not saving.any:
                continue
            self.files += 1
            self.bytes_low += saving.bytes_low
            self.bytes_high += saving.bytes_high
            self.layers += saving.layers
            self.unsafe = self.unsafe or saving.unsafe > 0
            self.uncertain = self.uncertain or saving.uncertain

    def as_dict(self) -> dict[str, object]:
        return {"bytes_low": self.bytes_low, "bytes_high": self.bytes_high, "layers": self.layers, "files": self.files}


def saving_words(bytes_low: int, bytes_high: int, layers: int) -> str:
    """``~1.2-3.4 GB and 2 layers``; ``1 layer``; ``up to 40 MB (1 layer more)``."""
    from dockeropt.units import format_size, format_size_range

    parts = []
    if bytes_high > 0:
        parts.append(
            "~" + format_size_range(bytes_low, bytes_high) if bytes_low > 0 else "up to " + format_size(bytes_high)
        )
    if layers > 0:
        parts.append(f"{layers} layer{'s' if layers != 1 else ''}")
    text = " and ".join(parts) or "nothing measurable"
    if layers < 0:
        text += f" ({-layers} layer{'s' if layers != -1 else ''} more)"
    return text


def size_words(low: int, high: int, unknown: int = 0) -> str:
    """An estimated size: ``~1.2-3.4 GB``, with ``+ N not estimated`` when some layers are open."""
    from dockeropt.units import format_size, format_size_range

    if high <= 0:
        text = "0 B"
    else:
        text = "~" + format_size_range(low, high) if low > 0 else "up to " + format_size(high)
    if unknown:
        text += f" + {unknown} layer{'s' if unknown != 1 else ''} not estimated"
    return text
