"""Docker's .dockerignore, read and matched exactly as BuildKit does.

Reading ports ``ignorefile.ReadAll`` (moby/patternmatcher, which BuildKit's dockerui calls): a UTF-8
BOM is dropped; lines end at ``\\n`` (a ``\\r`` before it is dropped); a line is a comment only when
``#`` is its very first character; lines are trimmed; ``!`` marks an exception (the rest trimmed
again); each pattern goes through Go's ``filepath.Clean`` and loses one leading ``/``.
``patternmatcher.New`` then cleans each line once more (``!`` included), rejects a lone ``!`` and
any pattern ``filepath.Match`` finds malformed: one such line fails the whole build.

Matching ports ``Pattern.compile``/``match`` and the way BuildKit's file walker (tonistiigi/fsutil,
``MatchesUsingParentResults``) applies them while it sends the context: ``*`` and ``?`` never cross
``/``; ``**`` spans any number of folders; a pattern matching a folder excludes everything below
it; the last matching pattern wins; a leading ``**`` makes a suffix match (``**/foo`` also matches
``foo``) and a trailing one a prefix match. Unlike .gitignore, a pattern is anchored at the context
root: ``node_modules`` and ``*.pyc`` match only at the top (``**/node_modules`` matches anywhere).
"""

from __future__ import annotations

import os

from dockeropt.context.gopath import clean, match_syntax_ok, trim_space
from dockeropt.context.goregex import GoRegexError, GoRegexUnsupported, compile_go
from dockeropt.files.read import read_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.context.linear_regex import LinearRegex

EXACT, PREFIX, SUFFIX, REGEXP = "exact", "prefix", "suffix", "regexp"
_REGEX_ESCAPED = frozenset(".+()|{}$")  # patternmatcher's shouldEscape set (not ^, [ or ])
_MAX_LINE_BYTES = 64 * 1024  # bufio.Scanner's buffer: a line that fills it makes ReadAll fail
# fsutil skips an excluded folder unless an exception could match below it; it can only tell
# when no exception uses these characters (before a trailing /** or /*).
_GLOB_CHARS = frozenset("*[]?^\\")


def compile_pattern(pattern: str) -> tuple[str, str]:
    """patternmatcher's ``compile``: (kind, Go regular expression) for a cleaned pattern."""
    regex = ["^"]
    kind = EXACT
    n = len(pattern)
    pos = 0
    first = True
    while pos < n:
        ch = pattern[pos]
        pos += 1
        if ch == "*":
            if pos < n and pattern[pos] == "*":
                pos += 1
                if pos < n and pattern[pos] == "/":
                    pos += 1  # "**/" is "**"
                if pos >= n:
                    if kind == EXACT:
                        kind = PREFIX
                    else:
                        regex.append(".*")
                        kind = REGEXP
                else:
                    regex.append("(.*/)?")
                    kind = REGEXP
                if first:
                    kind = SUFFIX
            else:
                regex.append("[^/]*")
                kind = REGEXP
        elif ch == "?":
            regex.append("[^/]")
            kind = REGEXP
        elif ch in _REGEX_ESCAPED:
            regex.append("\\" + ch)
        elif ch == "\\":
            if pos < n:
                regex.append("\\" + pattern[pos])
                pos += 1
                kind = REGEXP
            else:
                regex.append("\\")
        elif ch in "[]":
            regex.append(ch)
            kind = REGEXP
        else:
            regex.append(ch)
        first = False
    regex.append("$")
    return kind, "".join(regex)


class IgnorePattern:
    """One accepted line of a .dockerignore."""

    __slots__ = ("error", "exception", "kind", "line", "raw", "regex", "text")

    def __init__(self, text: str, exception: bool, line: int, raw: str) -> None:
        self.text = text  # cleaned, without the "!"
        self.exception = exception  # a "!" line: re-includes what it matches
        self.line = line  # 1-based line in the file
        self.raw = raw  # the line as written, trimmed
        self.error: str | None = None  # Go fails to compile it: the build fails when it is used
        self.regex: LinearRegex | None = None
        self.kind, go_regex = compile_pattern(text)
        if self.kind == REGEXP:
            try:
                self.regex = compile_go(go_regex)
            except GoRegexUnsupported as exc:
                self.error = f"dockeropt cannot evaluate this pattern ({exc})"
            except GoRegexError as exc:
                self.error = f"syntax error in pattern ({exc})"

    def match(self, path: str) -> bool:
        """``Pattern.match`` on a clean relative path; a pattern in error matches nothing."""
        kind = self.kind
        if kind == EXACT:
            return path == self.text
        if kind == PREFIX:
            return path.startswith(self.text[:-2])
        if kind == SUFFIX:
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix[:1] == "/" and path == suffix[1:])
        return self.regex is not None and self.regex.search(path)

    def __repr__(self) -> str:
        return f"IgnorePattern({'!' if self.exception else ''}{self.text!r}, line={self.line})"


def _parent_dirs(path: str) -> list[str]:
    """``a/b/c`` -> ``["a", "a/b"]``."""
    out: list[str] = []
    at = path.find("/")
    while at >= 0:
        out.append(path[:at])
        at = path.find("/", at + 1)
    return out


def relative(rel_path: str) -> str:
    """A context-relative path as patternmatcher sees it: cleaned, ``/``-separated, no leading ``/``."""
    path = clean(rel_path.replace(os.sep, "/") if os.sep != "/" else rel_path)
    return path.lstrip("/") or "."


class DockerIgnore:
    """The patterns of one .dockerignore (no patterns: nothing is excluded)."""

    __slots__ = ("_only_prefix_exceptions", "errors", "has_exceptions", "patterns", "source_path")

    def __init__(
        self, patterns: list[IgnorePattern], source_path: str | None = None, errors: list[tuple[int, str]] | None = None
    ) -> None:
        self.patterns = patterns
        self.source_path = source_path
        # (line, message): lines BuildKit rejects, so a build with this file fails
        self.errors = errors if errors is not None else [(p.line, p.error) for p in patterns if p.error]
        self.has_exceptions = any(p.exception for p in patterns)
        self._only_prefix_exceptions = not any(
            p.exception and _GLOB_CHARS.intersection(_without_trailing_glob(p.text)) for p in patterns
        )

    @property
    def path(self) -> str | None:
        return self.source_path

    @classmethod
    def from_text(cls, text: str, source_path: str | None = None) -> DockerIgnore:
        patterns: list[IgnorePattern] = []
        errors: list[tuple[int, str]] = []
        if text.startswith("\ufeff"):
            text = text[1:]
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()  # bufio.Scanner yields no token after the final newline
        for number, line in enumerate(lines, 1):
            if len(line) * 4 >= _MAX_LINE_BYTES and len(line.encode("utf-8", "surrogatepass")) >= _MAX_LINE_BYTES:
                errors.append((number, "line of 64 KiB or more: BuildKit cannot read the file"))
                continue
            if line.endswith("\r"):
                line = line[:-1]
            if line.startswith("#"):
                continue
            pattern = _read_all_line(line)
            if pattern is None:
                continue
            # patternmatcher.New cleans again with the "!" in place ("!../../a" becomes "a")
            pattern = clean(pattern)
            exception = pattern.startswith("!")
            if exception:
                if len(pattern) == 1:
                    errors.append((number, 'illegal exclusion pattern: "!"'))
                    continue
                pattern = pattern[1:]
            if not match_syntax_ok(pattern):
                errors.append((number, "syntax error in pattern"))
                continue
            accepted = IgnorePattern(pattern, exception, number, trim_space(line))
            if accepted.error:
                errors.append((number, accepted.error))
            patterns.append(accepted)
        return cls(patterns, source_path, errors)

    @classmethod
    def from_file(cls, path: str) -> DockerIgnore:
        return cls.from_text(read_bytes(path).decode("utf-8", "replace"), path)

    def step(self, rel_path: str, parent: int | None) -> tuple[bool, int]:
        """``MatchesUsingParentResults``: whether ``rel_path`` (clean, relative) is excluded, given
        the state its parent folder returned (None at the context root), and its own state for its
        children. The state is a bit set: which patterns matched the path or a parent."""
        matched = False
        state = 0
        bit = 1
        for pattern in self.patterns:
            if parent is not None and parent & bit:
                hit = True
            elif pattern.exception != matched:
                bit <<= 1
                continue  # cannot change the result: skipped, and not recorded for children
            else:
                hit = pattern.match(rel_path)
            if hit:
                state |= bit
                matched = not pattern.exception
            bit <<= 1
        return matched, state

    def matches(self, rel_path: str) -> bool:
        """Whether BuildKit leaves ``rel_path`` (relative to the context, ``/``-separated) out of
        the context it sends: the walker's result, each parent folder evaluated first."""
        return self.deciding_pattern(rel_path)[0]

    def deciding_pattern(self, rel_path: str) -> tuple[bool, IgnorePattern | None]:
        """(excluded, the last pattern that matched ``rel_path`` or a parent of it, if any)."""
        path = relative(rel_path)
        if path == "." or not self.patterns:
            return False, None
        state: int | None = None
        for parent in _parent_dirs(path):
            _, state = self.step(parent, state)
        matched, state = self.step(path, state)
        last = None
        for index, pattern in enumerate(self.patterns):
            if state >> index & 1:
                last = pattern
        return matched, last

    def matches_or_parent_matches(self, rel_path: str) -> bool:
        """``MatchesOrParentMatches`` (BuildKit uses it to open one file by name): each pattern is
        tried on the path and on each of its parents, without the walker's per-folder state."""
        path = relative(rel_path)
        if path == ".":
            return False
        parents = _parent_dirs(path)
        matched = False
        for pattern in self.patterns:
            if pattern.exception != matched:
                continue
            if pattern.match(path) or any(pattern.match(parent) for parent in parents):
                matched = not pattern.exception
        return matched

    def may_reinclude_below(self, rel_dir: str) -> bool:
        """Whether BuildKit walks into the excluded folder ``rel_dir`` (fsutil's shortcut): only
        when an exception could match below it; with any wildcard in an exception it always does."""
        if not self.has_exceptions:
            return False
        if not self._only_prefix_exceptions:
            return True
        folder = relative(rel_dir) + "/"
        return any(p.exception and (_without_trailing_glob(p.text) + "/").startswith(folder) for p in self.patterns)

    def excludes_any(self, rel_dir_prefix: str) -> bool:
        """Whether something at or below ``rel_dir_prefix`` (``""``/``"."``: the whole context) may be
        left out: the folder itself is excluded, or a pattern can match below it and no later
        exception re-includes the whole folder. Exact for literal patterns; a pattern with ``**``
        inside a name or a class across ``/`` counts as "may"."""
        prefix = relative(rel_dir_prefix) if rel_dir_prefix not in ("", ".", "./") else "."
        if prefix != "." and self.matches(prefix):
            return True
        scope = [] if prefix == "." else [*_parent_dirs(prefix), prefix]
        for index, pattern in enumerate(self.patterns):
            if pattern.exception or pattern.error or not _can_match_below(pattern, scope):
                continue
            later = self.patterns[index + 1 :]
            if prefix == ".":
                overridden = any(q.exception and q.text in ("*", "**") for q in later)
            else:
                overridden = any(q.exception and any(q.match(p) for p in scope) for q in later)
            if not overridden:
                return True
        return False

    def __repr__(self) -> str:
        return f"DockerIgnore({self.source_path!r}, {len(self.patterns)} patterns)"


def _read_all_line(line: str) -> str | None:
    """One line through ``ignorefile.ReadAll``: None for an empty line, else the pattern with
    its ``!`` (the caller has dropped comments)."""
    pattern = trim_space(line)
    if not pattern:
        return None
    invert = pattern[0] == "!"
    if invert:
        pattern = trim_space(pattern[1:])
    if pattern:
        pattern = clean(pattern)
        if len(pattern) > 1 and pattern[0] == "/":
            pattern = pattern[1:]
    return "!" + pattern if invert else pattern


def _without_trailing_glob(text: str) -> str:
    """fsutil's ``patternWithoutTrailingGlob``."""
    text = text.removesuffix("/**")
    return text.removesuffix("/*")


def _can_match_below(pattern: IgnorePattern, scope: list[str]) -> bool:
    """Whether ``pattern`` can match a path at or below the folder whose chain of parents (itself
    last) is ``scope``, or one of those parents (scope ``[]``: the context root)."""
    if not scope:
        return True
    folder = scope[-1]
    if pattern.kind == EXACT:
        text = pattern.text
        return text == folder or text.startswith(folder + "/") or folder.startswith(text + "/")
    if pattern.kind == PREFIX:
        head = pattern.text[:-2]
        return head.startswith(folder + "/") or (folder + "/").startswith(head)
    if pattern.kind == SUFFIX:
        return True  # folder/…/<suffix> always exists in principle
    return _segments_can_match(pattern.text.split("/"), folder.split("/"))


def _segments_can_match(segments: list[str], names: list[str]) -> bool:
    """Glob segments against the names of a folder: can they match the folder, a parent, or
    something below it? ``**`` segments take any number of names."""
    seen: set[tuple[int, int]] = set()
    stack = [(0, 0)]
    while stack:
        i, j = stack.pop()
        if i == len(segments) or j == len(names):
            return True  # matched a parent (excluding all below) or more names can follow
        if (i, j) in seen:
            continue
        seen.add((i, j))
        segment = segments[i]
        if segment == "**":
            stack.extend(((i + 1, j), (i, j + 1)))
            continue
        if "**" in segment:
            return True
        kind, go_regex = compile_pattern(segment)
        if kind == EXACT:
            if segment == names[j]:
                stack.append((i + 1, j + 1))
            continue
        try:
            regex = compile_go(go_regex)
        except (GoRegexError, GoRegexUnsupported):
            return True  # e.g. a class holding "/": cannot tell, so it may
        if regex.search(names[j]):
            stack.append((i + 1, j + 1))
    return False


def find_dockerignore(dockerfile: str | None, context_dir: str) -> str | None:
    """The ignore file BuildKit reads: ``<Dockerfile path>.dockerignore`` (beside the Dockerfile,
    its full name plus ``.dockerignore``) wins over ``<context>/.dockerignore``."""
    if dockerfile and dockerfile != "-":
        candidates = [dockerfile + ".dockerignore"]
        if os.path.basename(dockerfile) == "dockerfile":  # BuildKit's default name is "Dockerfile"
            candidates.append(os.path.join(os.path.dirname(dockerfile), "Dockerfile.dockerignore"))
        for candidate in candidates:
            if os.path.isfile(candidate):
                return candidate
    general = os.path.join(context_dir, ".dockerignore")
    return general if os.path.isfile(general) else None


def load_dockerignore(dockerfile: str | None, context_dir: str) -> DockerIgnore | None:
    """The .dockerignore that applies to a build of ``dockerfile`` with ``context_dir``, if any."""
    path = find_dockerignore(dockerfile, context_dir)
    if path is None:
        return None
    try:
        return DockerIgnore.from_file(path)
    except OSError:
        return None
