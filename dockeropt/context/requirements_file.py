"""Reading pip requirements files statically (``-r`` includes followed, nothing executed)."""

from __future__ import annotations

import os
import re

_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


class Requirement:
    __slots__ = ("file", "line", "name", "spec")

    def __init__(self, name: str, spec: str, file: str, line: int) -> None:
        self.name = name  # normalized (PEP 503: lower case, - for _ and .)
        self.spec = spec  # the line as written
        self.file = file
        self.line = line

    def __repr__(self) -> str:
        return f"Requirement({self.spec!r})"


class RequirementsFile:
    __slots__ = ("files", "index_urls", "requirements")

    def __init__(self) -> None:
        self.requirements: list[Requirement] = []
        self.index_urls: list[str] = []  # --index-url / --extra-index-url / -f
        self.files: list[str] = []  # every file read, includes first


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _logical_lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not pending:
            start = number
        line = raw
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        out.append((start, pending + line))
        pending = ""
    if pending:
        out.append((start, pending))
    return out


def read_requirements(path: str, root: str | None = None, _seen: set[str] | None = None) -> RequirementsFile:
    """Requirements of ``path`` and of the files it includes with ``-r`` (relative to the including file)."""
    seen = _seen if _seen is not None else set()
    result = RequirementsFile()
    real = os.path.realpath(path)
    if real in seen:
        return result
    seen.add(real)
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return result
    result.files.append(path)
    base = os.path.dirname(path)
    for number, line in _logical_lines(text):
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if not line:
            continue
        if line.startswith(("-r", "--requirement")):
            target = re.split(r"[=\s]", line, maxsplit=1)[-1].strip() if " " in line or "=" in line else line[2:]
            nested = read_requirements(os.path.join(base, target.strip()), root, seen)
            result.requirements.extend(nested.requirements)
            result.index_urls.extend(nested.index_urls)
            result.files.extend(nested.files)
            continue
        if line.startswith(("-i", "--index-url", "--extra-index-url", "-f", "--find-links")):
            parts = re.split(r"[=\s]+", line, maxsplit=1)
            if len(parts) == 2:
                result.index_urls.append(parts[1].strip())
            continue
        if line.startswith("-"):
            continue  # -c constraints, -e editable paths, --hash options …
        m = _NAME.match(line)
        if m:
            result.requirements.append(Requirement(normalize(m.group(1)), line, path, number))
    return result
