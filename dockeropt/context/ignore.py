"""Docker's .dockerignore, read and matched exactly as BuildKit does, and a scan of the build context.

Reading follows BuildKit's ``dockerignore.ReadAll``: ``#`` starts a comment only at the very
beginning of a line; lines are trimmed; ``!`` re-includes; each pattern goes through Go's
``filepath.Clean`` and loses a leading ``/``. Matching follows ``moby/patternmatcher``
(``MatchesOrParentMatches``): ``*`` and ``?`` never cross ``/``, ``**`` spans any number of
folders, a pattern that matches a parent folder matches everything below it, and the last
matching pattern wins. Unlike ``.gitignore``, a pattern without ``/`` is anchored at the context
root: ``node_modules`` does not exclude ``web/node_modules`` (``**/node_modules`` does).
"""

from __future__ import annotations

import os
import posixpath
import re

_ESCAPE = set(".+()|{}$^")


class Pattern:
    __slots__ = ("exclusion", "line", "regex", "text")

    def __init__(self, text: str, exclusion: bool, line: int) -> None:
        self.text = text
        self.exclusion = exclusion
        self.line = line
        self.regex = re.compile(_to_regex(text), re.DOTALL)

    def match(self, path: str) -> bool:
        return self.regex.match(path) is not None


def _go_clean(path: str) -> str:
    """Go's ``filepath.Clean`` for slash paths."""
    if not path:
        return "."
    rooted = path.startswith("/")
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = cleaned[1:]
    if rooted and not cleaned.startswith("/"):
        cleaned = "/" + cleaned
    return cleaned


def _to_regex(pattern: str) -> str:
    out = ["^"]
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                out.append(".*" if i >= n else "(.*/)?")
            else:
                out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch in _ESCAPE:
            out.append("\\" + ch)
        elif ch == "\\":
            if i < n:
                out.append(re.escape(pattern[i]))
                i += 1
            else:
                out.append("\\\\")
        else:
            out.append(ch)
    out.append("$")
    return "".join(out)


class DockerIgnore:
    """The patterns of one .dockerignore (empty: nothing is excluded)."""

    def __init__(self, patterns: list[Pattern], path: str | None = None) -> None:
        self.patterns = patterns
        self.path = path

    @classmethod
    def from_text(cls, text: str, path: str | None = None) -> DockerIgnore:
        patterns = []
        for number, raw in enumerate(text.splitlines(), 1):
            if raw.startswith("#"):
                continue
            line = raw.strip()
            if not line:
                continue
            exclusion = line.startswith("!")
            if exclusion:
                line = line[1:].strip()
            if not line:
                continue
            line = _go_clean(line)
            if len(line) > 1 and line.startswith("/"):
                line = line[1:]
            patterns.append(Pattern(line, exclusion, number))
        return cls(patterns, path)

    def matches(self, rel_path: str) -> bool:
        """Whether ``rel_path`` (relative to the context, ``/``-separated) is excluded."""
        path = _go_clean(rel_path.replace(os.sep, "/")).lstrip("/")
        parent = posixpath.dirname(path) or "."
        parents = parent.split("/")
        matched = False
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            hit = pattern.match(path)
            if not hit and parent != ".":
                for i in range(len(parents)):
                    if pattern.match("/".join(parents[: i + 1])):
                        hit = True
                        break
            if hit:
                matched = not pattern.exclusion
        return matched

    @property
    def has_exceptions(self) -> bool:
        return any(p.exclusion for p in self.patterns)


def find_dockerignore(dockerfile: str | None, context_dir: str) -> str | None:
    """BuildKit's choice: ``<Dockerfile>.dockerignore`` beside the Dockerfile wins over ``<context>/.dockerignore``."""
    if dockerfile:
        specific = dockerfile + ".dockerignore"
        if os.path.isfile(specific):
            return specific
    general = os.path.join(context_dir, ".dockerignore")
    return general if os.path.isfile(general) else None


def load_dockerignore(dockerfile: str | None, context_dir: str) -> DockerIgnore | None:
    path = find_dockerignore(dockerfile, context_dir)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return DockerIgnore.from_text(fh.read(), path)
    except OSError:
        return None


NOTABLE_DIRS = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".pytest_cache", ".mypy_cache", ".ssh", ".aws"}
)
BUILD_OUTPUTS = frozenset({"dist", "build", "target", ".next", "coverage", ".gradle"})
SECRET_NAMES = frozenset({".env", ".npmrc", ".pypirc", ".netrc", "credentials.json", "id_rsa", "id_ed25519"})
SECRET_SUFFIXES = (".pem", ".key", ".p12", ".pfx", ".keystore")


def notable_kind(name: str, is_dir: bool, folder: str) -> str | None:
    """Why a path should not be sent to the builder, or None."""
    if is_dir:
        if name in NOTABLE_DIRS:
            return "secrets" if name in (".ssh", ".aws") else "bulk"
        if name in BUILD_OUTPUTS and "/" not in folder:
            return "build output"
        return None
    if name in SECRET_NAMES or name.startswith(".env.") or name.endswith(SECRET_SUFFIXES):
        if name in (".env.example", ".env.sample", ".env.template"):
            return None
        return "secrets"
    return None


class ContextScan:
    """What ``docker build`` would send: size, file count, largest top-level entries, and the
    notable paths (VCS data, dependencies, virtualenvs, caches, secrets) that are sent."""

    __slots__ = ("complete", "entries", "files", "sent_notable", "size")

    def __init__(self) -> None:
        self.size = 0
        self.files = 0
        self.entries: dict[str, int] = {}  # top-level name -> bytes sent
        self.sent_notable: dict[str, tuple[str, int]] = {}  # relative path -> (kind, bytes sent)
        self.complete = True

    def largest(self, n: int = 5) -> list[tuple[str, int]]:
        return sorted(self.entries.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


# A linter runs on every save: the scan stops at this many entries or this much time and says
# "or more" (the context is then at least what was counted).
MAX_FILES = 50_000
MAX_SECONDS = 0.5


def scan_context(context_dir: str, ignore: DockerIgnore | None) -> ContextScan:
    import time

    deadline = time.monotonic() + MAX_SECONDS
    scan = ContextScan()
    stack: list[tuple[str, str | None]] = [("", None)]
    seen = 0
    keep_descending = ignore is not None and ignore.has_exceptions
    while stack:
        rel_dir, notable = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(context_dir, rel_dir) if rel_dir else context_dir))
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            seen += 1
            if seen > MAX_FILES or (seen % 1024 == 0 and time.monotonic() > deadline):
                scan.complete = False
                return scan
            excluded = ignore is not None and ignore.matches(rel)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            kind = notable_kind(entry.name, is_dir, rel_dir) if notable is None else None
            if is_dir:
                if excluded and not keep_descending:
                    continue  # nothing below can be re-included
                inner = notable
                if kind is not None and not excluded:
                    inner = rel
                    scan.sent_notable[rel] = (kind, 0)
                stack.append((rel, inner))
                continue
            if excluded:
                continue
            try:
                size = entry.stat(follow_symlinks=False).st_size
            except OSError:
                size = 0
            scan.size += size
            scan.files += 1
            top = rel.split("/", 1)[0]
            scan.entries[top] = scan.entries.get(top, 0) + size
            if notable is not None:
                k, total = scan.sent_notable[notable]
                scan.sent_notable[notable] = (k, total + size)
            elif kind is not None:
                scan.sent_notable[rel] = (kind, size)
    return scan


_SCANS: dict[tuple[str, str | None], ContextScan] = {}


def cached_scan(context_dir: str, ignore: DockerIgnore | None) -> ContextScan:
    """One scan per context and ignore file for the whole run (many Dockerfiles share a context)."""
    key = (os.path.abspath(context_dir), ignore.path if ignore is not None else None)
    if key not in _SCANS:
        _SCANS[key] = scan_context(context_dir, ignore)
    return _SCANS[key]
