"""What ``docker build`` sends as its context: a walk of the context folder that honours the
.dockerignore the way BuildKit's sender (tonistiigi/fsutil) does, with sizes, counts, the largest
entries and the well-known bulky or secret paths that would be sent.

The walk is linear: one ``os.scandir`` per folder sent and one ``lstat`` per file sent. Like
BuildKit, it never follows a symbolic link (a link is sent as a link, so nothing outside the
context is read), and it does not enter an excluded folder unless a ``!`` exception could
re-include something below it (fsutil's shortcut, see ``DockerIgnore.may_reinclude_below``).
"""

from __future__ import annotations

import os
import re
import time
from bisect import insort

from dockeropt.context.ecosystems import MANIFEST_FILE_NAMES
from dockeropt.files.read import read_bytes
from dockeropt.knowledge.packages import MANAGERS
from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.context.dockerignore import DockerIgnore

VCS, DEPENDENCIES, VIRTUALENV, CACHE, BUILD_OUTPUT, SECRET = (
    "vcs",
    "dependencies",
    "virtualenv",
    "cache",
    "build-output",
    "secret",
)
NOTABLE_DIRS = {
    ".git": VCS,
    ".hg": VCS,
    ".svn": VCS,
    "node_modules": DEPENDENCIES,
    "bower_components": DEPENDENCIES,
    ".venv": VIRTUALENV,
    "venv": VIRTUALENV,
    "__pycache__": CACHE,
    ".pytest_cache": CACHE,
    ".mypy_cache": CACHE,
    ".ruff_cache": CACHE,
    ".tox": CACHE,
    ".nox": CACHE,
    ".next": BUILD_OUTPUT,
    ".aws": SECRET,
    ".ssh": SECRET,
    ".gnupg": SECRET,
    ".docker": SECRET,  # config.json holds registry credentials
}
# Generic names: build outputs only at the context root or beside a project manifest
# (src/build/ may well be a Python package).
OUTPUT_DIRS = frozenset({"dist", "build", "target", "coverage", "htmlcov", "out"})
# One entry for all of them: a Python tree has one per package.
AGGREGATED_DIRS = {"__pycache__": "**/__pycache__"}
SECRET_FILES = frozenset({".netrc", ".git-credentials", "credentials.json"})
ENV_FILES = frozenset({".env"})
SECRET_SUFFIXES = (".pem", ".key", ".p12", ".pfx", ".jks", ".keystore")
CERTIFICATE_SUFFIXES = (".pem",)  # a .pem is often a public certificate or CA bundle: read it
# Folders of test fixtures: keys there are made for the test suite.
TEST_DIRS = frozenset({"test", "tests", "testdata", "test-data", "fixtures", "fixture", "__fixtures__"})
_SECRET_WORDS = frozenset({"token", "secret", "password", "passwd", "pwd", "apikey", "credential", "credentials"})
_KEY_KINDS = frozenset({"api", "private", "access", "secret", "client", "signing", "encryption", "master", "license"})
_PLACEHOLDER = lazy_compile(r"(?i)^(changeme|change_me|your[_-].*|xxx+|\*+|example|dummy|none|null|todo|placeholder)$")
SSH_KEY_PREFIXES = ("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519")
ENV_TEMPLATES = frozenset({".env.example", ".env.sample", ".env.template", ".env.dist"})
# Registry settings are secrets only when they hold credentials.
TOKEN_FILES = {
    ".npmrc": lazy_compile(rb"(_authToken|_auth|_password)\s*="),
    ".yarnrc.yml": lazy_compile(rb"npmAuth(Token|Ident)\s*:"),
    ".pypirc": lazy_compile(rb"(?m)^\s*password\s*[=:]"),
}
_TOKEN_FILE_READ_LIMIT = 64 * 1024

# A linter runs on every save: cached_scan stops at this many entries or this much time and the
# scan says it is incomplete ("or more": the context is at least what was counted).
MAX_ENTRIES = 50_000
MAX_SECONDS = 0.5


class NotablePath:
    """A well-known bulky or secret path found in the context."""

    __slots__ = ("category", "count", "excluded", "files", "is_dir", "path", "reason", "size")

    def __init__(self, path: str, category: str, is_dir: bool, reason: str, excluded: bool) -> None:
        self.path = path  # relative to the context ("**/__pycache__" for the aggregated caches)
        self.category = category  # vcs, dependencies, virtualenv, cache, build-output, secret
        self.is_dir = is_dir
        self.reason = reason  # what it is, for messages
        self.excluded = excluded  # the .dockerignore excludes the path itself
        self.size = 0  # bytes sent from it (files below it re-included by exceptions count)
        self.files = 0  # files sent from it
        self.count = 1  # paths it stands for (many for an aggregated entry)

    @property
    def sent(self) -> bool:
        return not self.excluded or self.files > 0

    @property
    def kind(self) -> str:
        """The coarse kind DO401 reports: secrets, build output or bulk."""
        if self.category == SECRET:
            return "secrets"
        return "build output" if self.category == BUILD_OUTPUT else "bulk"

    def __repr__(self) -> str:
        state = "excluded" if self.excluded else "sent"
        return f"NotablePath({self.path!r}, {self.category}, {state}, {self.size} bytes)"


class ContextScan:
    """What BuildKit would send from one context folder with one .dockerignore."""

    __slots__ = (
        "complete",
        "dirs",
        "files",
        "largest_files",
        "notable",
        "root",
        "size",
        "symlinks",
        "top_level",
        "top_level_dirs",
        "unreadable",
    )

    def __init__(self, root: str) -> None:
        self.root = root
        self.size = 0  # bytes of the files (and link entries) sent
        self.files = 0  # non-folder entries sent: files, symbolic links, others
        self.dirs = 0  # folders sent (an excluded folder holding a re-included file is sent too)
        self.symlinks = 0
        self.top_level: dict[str, int] = {}  # top-level name -> bytes sent below it
        self.top_level_dirs: set[str] = set()
        self.largest_files: list[tuple[str, int]] = []  # biggest first
        self.notable: list[NotablePath] = []
        self.unreadable: list[str] = []  # folders sent but unreadable: BuildKit fails on them
        self.complete = True  # False when a bound stopped the scan

    def largest(self, n: int = 5) -> list[tuple[str, int]]:
        """The biggest top-level entries (files or folders), biggest first."""
        return sorted(self.top_level.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def largest_dirs(self, n: int = 5) -> list[tuple[str, int]]:
        """The biggest top-level folders, biggest first."""
        dirs = [(name, size) for name, size in self.top_level.items() if name in self.top_level_dirs]
        return sorted(dirs, key=lambda kv: (-kv[1], kv[0]))[:n]

    def sent_notables(self) -> list[NotablePath]:
        return [n for n in self.notable if n.sent]

    @property
    def sent_notable(self) -> dict[str, tuple[str, int]]:
        """{path: (kind, bytes sent)} for the notable paths that are sent."""
        return {n.path: (n.kind, n.size) for n in self.notable if n.sent}


def _head(full_path: str) -> bytes | None:
    """The first bytes of a regular file (never blocking on a FIFO: see dockeropt.files.read)."""
    try:
        return read_bytes(full_path, _TOKEN_FILE_READ_LIMIT, head=True)
    except OSError:
        return None


def _env_has_secret(head: bytes) -> bool:
    """An environment file sets a secret-named variable (``*_TOKEN``, ``PASSWORD`` …) to a real
    value: not empty, not a comment, not a placeholder (``changeme``, ``<token>``, ``${VAR}``)."""
    for raw in head.decode("utf-8", "replace").splitlines():
        line = raw.strip().removeprefix("export ").strip()
        key, eq, value = line.partition("=")
        if not eq or line.startswith("#") or not _secret_name(key):
            continue
        value = value.strip().strip("'\"").strip()
        if not value or value.startswith(("#", "$", "<")) or _PLACEHOLDER.search(value):
            continue
        if value.lower() in ("true", "false", "yes", "no", "on", "off") or value.isdigit():
            continue  # a switch or a number (USE_USER_TOKEN=false)
        return True
    return False


def _secret_name(key: str) -> bool:
    """A variable name whose words say it holds a secret (``DB_PASSWORD``, ``HF_TOKEN``, ``API_KEY``);
    ``VLLM_TOKENIZER`` or ``KEYCLOAK_URL`` do not."""
    words = set(re.split(r"[_.-]+", key.lower()))
    return not _SECRET_WORDS.isdisjoint(words) or ("key" in words and not _KEY_KINDS.isdisjoint(words))


def _in_test_fixtures(rel: str) -> bool:
    return not TEST_DIRS.isdisjoint(rel.lower().split("/")[:-1])


def _secret_file_reason(name: str, full_path: str, rel: str = "") -> str | None:
    if name in ENV_FILES or (name.startswith(".env.") and name not in ENV_TEMPLATES):
        head = _head(full_path)
        return "environment file with secrets" if head is not None and _env_has_secret(head) else None
    if _in_test_fixtures(rel):
        return None  # keys and credentials made for the test suite
    if name in SECRET_FILES:
        return "credentials"
    if name.endswith(SECRET_SUFFIXES):
        if name.endswith(CERTIFICATE_SUFFIXES):
            head = _head(full_path)
            return "private key" if head is not None and b"PRIVATE KEY" in head else None
        return "private key or certificate store"
    if name.startswith(SSH_KEY_PREFIXES) and not name.endswith(".pub"):
        return "SSH private key"
    token = TOKEN_FILES.get(name)
    if token is not None:
        try:
            head = read_bytes(full_path, _TOKEN_FILE_READ_LIMIT, head=True)
        except OSError:
            return None
        return f"{name} with credentials" if token.search(head) else None
    return None


def _dir_category(name: str, at_root: bool, beside_manifest: bool, siblings: set[str]) -> str | None:
    category = NOTABLE_DIRS.get(name)
    if category is None and name in OUTPUT_DIRS and (at_root or beside_manifest):
        return BUILD_OUTPUT
    if category is None and name == "vendor" and any(s in siblings for s in MANAGERS["composer"].manifests):
        return DEPENDENCIES  # composer's; Go's and Rails' vendor/ folders are sources
    return category


_REASONS = {
    VCS: "version-control data",
    DEPENDENCIES: "installed dependencies",
    VIRTUALENV: "virtualenv",
    CACHE: "tool cache",
    BUILD_OUTPUT: "build output",
    SECRET: "credentials folder",
}


class _Walk:
    """One scan in progress (state shared by the per-folder steps)."""

    __slots__ = (
        "aggregated",
        "deadline",
        "excluded_dirs",
        "ignore",
        "largest",
        "max_entries",
        "scan",
        "seen",
        "sent_excluded_dirs",
        "top_n",
    )

    def __init__(self, scan: ContextScan, ignore: DockerIgnore | None, top_n: int, max_entries: int | None) -> None:
        self.scan = scan
        self.ignore = ignore if ignore is not None and ignore.patterns else None
        self.top_n = top_n
        self.max_entries = max_entries
        self.deadline: float | None = None
        self.largest: list[tuple[int, str]] = []
        self.aggregated: dict[str, NotablePath] = {}
        self.seen = 0
        self.excluded_dirs: set[str] = set()  # excluded folders walked for re-included entries
        self.sent_excluded_dirs: set[str] = set()

    def notable(self, path: str, name: str, category: str, is_dir: bool, reason: str, excluded: bool) -> NotablePath:
        key = AGGREGATED_DIRS.get(name) if is_dir else None
        if key is not None:
            found = self.aggregated.get(key)
            if found is not None:
                found.count += 1
                found.excluded = found.excluded and excluded
                return found
            path = key
        entry = NotablePath(path, category, is_dir, reason, excluded)
        if key is not None:
            self.aggregated[key] = entry
        self.scan.notable.append(entry)
        return entry

    def send_parents(self, rel_dir: str) -> None:
        """BuildKit sends an excluded folder (as a bare folder entry) once something below it is
        sent: count each such folder once, up to the first one that is not excluded."""
        scan = self.scan
        folder = rel_dir
        while folder in self.excluded_dirs and folder not in self.sent_excluded_dirs:
            self.sent_excluded_dirs.add(folder)
            scan.dirs += 1
            parent, _, name = folder.rpartition("/")
            if not parent:
                scan.top_level_dirs.add(name)
                scan.top_level.setdefault(name, 0)
            folder = parent

    def out_of_budget(self) -> bool:
        self.seen += 1
        if self.max_entries is not None and self.seen > self.max_entries:
            return True
        return self.deadline is not None and self.seen % 1024 == 0 and time.monotonic() > self.deadline

    def add_file(self, rel: str, size: int, owner: NotablePath | None) -> None:
        scan = self.scan
        scan.size += size
        scan.files += 1
        slash = rel.find("/")
        top = rel if slash < 0 else rel[:slash]
        scan.top_level[top] = scan.top_level.get(top, 0) + size
        if owner is not None:
            owner.size += size
            owner.files += 1
        if self.top_n > 0:
            # the largest files, smallest first (a sorted list, not a heap: bisect is loaded anyway)
            if len(self.largest) < self.top_n:
                insort(self.largest, (size, rel))
            elif size > self.largest[0][0]:
                del self.largest[0]
                insort(self.largest, (size, rel))


def scan_context(
    context_dir: str,
    ignore: DockerIgnore | None = None,
    *,
    top_n: int = 10,
    max_entries: int | None = None,
    max_seconds: float | None = None,
) -> ContextScan:
    """Walk ``context_dir`` as BuildKit sends it with ``ignore`` applied. ``max_entries`` and
    ``max_seconds`` bound the walk (then ``complete`` is False and the figures are a minimum)."""
    scan = ContextScan(context_dir)
    walk = _Walk(scan, ignore, top_n, max_entries)
    if max_seconds is not None:
        walk.deadline = time.monotonic() + max_seconds
    # (folder relative path, match state for its entries, notable path it belongs to, excluded)
    stack: list[tuple[str, int | None, NotablePath | None, bool]] = [("", None, None, False)]
    while stack:
        rel_dir, state, owner, dir_excluded = stack.pop()
        if not _scan_folder(walk, rel_dir, state, owner, dir_excluded, stack):
            scan.complete = False
            break
    scan.largest_files = sorted(((rel, size) for size, rel in walk.largest), key=lambda kv: (-kv[1], kv[0]))
    return scan


def _scan_folder(
    walk: _Walk,
    rel_dir: str,
    state: int | None,
    owner: NotablePath | None,
    dir_excluded: bool,
    stack: list[tuple[str, int | None, NotablePath | None, bool]],
) -> bool:
    """Read one folder, count what it sends and queue its subfolders; False when out of budget."""
    scan = walk.scan
    full_dir = os.path.join(scan.root, rel_dir) if rel_dir else scan.root
    try:
        with os.scandir(full_dir) as it:
            entries = list(it)
    except OSError:
        if not dir_excluded:  # fsutil ignores permission errors only inside excluded folders
            scan.unreadable.append(rel_dir or ".")
        return True
    names = {entry.name for entry in entries}
    if owner is None and rel_dir and "pyvenv.cfg" in names:
        name = rel_dir.rsplit("/", 1)[-1]
        owner = walk.notable(rel_dir, name, VIRTUALENV, True, "virtualenv (pyvenv.cfg)", dir_excluded)
    beside_manifest = not names.isdisjoint(MANIFEST_FILE_NAMES)
    ignore = walk.ignore
    for entry in entries:
        if walk.out_of_budget():
            return False
        name = entry.name
        rel = f"{rel_dir}/{name}" if rel_dir else name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        excluded = False
        child_state: int | None = None
        if ignore is not None:
            excluded, child_state = ignore.step(rel, state)
        if is_dir:
            category = _dir_category(name, not rel_dir, beside_manifest, names) if owner is None else None
            if category == SECRET and name == ".docker" and not os.path.isfile(os.path.join(entry.path, "config.json")):
                category = None  # a folder of Docker build files, not the client's credentials
            inner = owner
            if category is not None:
                inner = walk.notable(rel, name, category, True, _REASONS[category], excluded)
            if excluded:
                if ignore is not None and ignore.may_reinclude_below(rel):
                    walk.excluded_dirs.add(rel)
                    stack.append((rel, child_state, inner, True))
                continue
            if dir_excluded:
                walk.send_parents(rel_dir)
            scan.dirs += 1
            if not rel_dir:
                scan.top_level_dirs.add(name)
                scan.top_level.setdefault(name, 0)
            stack.append((rel, child_state, inner, False))
            continue
        file_owner = owner
        if owner is None:
            reason = _secret_file_reason(name, entry.path, rel)
            if reason is not None:
                file_owner = walk.notable(rel, name, SECRET, False, reason, excluded)
        if excluded:
            continue
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if entry.is_symlink():
            scan.symlinks += 1
        if dir_excluded:
            walk.send_parents(rel_dir)
        walk.add_file(rel, stat.st_size, file_owner)
    return True


_SCANS: dict[tuple[str, str | None, int | None, float | None], ContextScan] = {}


def cached_scan(
    context_dir: str,
    ignore: DockerIgnore | None,
    *,
    max_entries: int | None = MAX_ENTRIES,
    max_seconds: float | None = MAX_SECONDS,
) -> ContextScan:
    """One bounded scan per context and ignore file for the whole run (many Dockerfiles share a
    context)."""
    key = (os.path.abspath(context_dir), ignore.source_path if ignore is not None else None, max_entries, max_seconds)
    found = _SCANS.get(key)
    if found is None:
        found = _SCANS[key] = scan_context(context_dir, ignore, max_entries=max_entries, max_seconds=max_seconds)
    return found


# -- one COPY source ------------------------------------------------------------------------------


class SourceSize:
    """What one COPY/ADD source takes from the context: bytes and entries sent (with the
    .dockerignore applied), whether anything matched, and whether the count is complete."""

    __slots__ = ("complete", "files", "found", "size")

    def __init__(self, size: int = 0, files: int = 0, found: bool = False, complete: bool = True) -> None:
        self.size = size
        self.files = files
        self.found = found
        self.complete = complete

    def add(self, other: SourceSize) -> None:
        self.size += other.size
        self.files += other.files
        self.found = self.found or other.found
        self.complete = self.complete and other.complete

    def __repr__(self) -> str:
        return f"SourceSize({self.size}, files={self.files}, found={self.found}, complete={self.complete})"


_GLOB_META = frozenset("*?[")
MAX_GLOB_MATCHES = 1000
_SOURCES: dict[tuple[str, str | None, str], SourceSize] = {}


def source_size(context_dir: str, ignore: DockerIgnore | None, source: str) -> SourceSize:
    """The bytes a COPY/ADD source (``.``, ``src/``, ``*.json``, ``app/**`` as written, variables
    already expanded) takes from ``context_dir``: a file, or a folder's contents, with the
    .dockerignore applied as BuildKit's sender applies it. Sources are relative to the context
    root even when they start with ``/``, and cannot leave it (``..`` stops at the root). Globs
    follow Go's ``filepath.Match`` (``*`` never crosses ``/``, but does match a leading dot).
    Bounded like :func:`cached_scan`; cached for the run."""
    rel = _clean_source(source)
    if rel == "":
        whole = cached_scan(context_dir, ignore)
        return SourceSize(whole.size, whole.files, True, whole.complete)
    key = (os.path.abspath(context_dir), ignore.source_path if ignore is not None else None, rel)
    found = _SOURCES.get(key)
    if found is None:
        found = _SOURCES[key] = _source_size(
            context_dir, ignore if ignore is not None and ignore.patterns else None, rel
        )
    return found


def _clean_source(source: str) -> str:
    parts: list[str] = []
    for part in source.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def _source_size(context_dir: str, ignore: DockerIgnore | None, rel: str) -> SourceSize:
    total = SourceSize()
    matches = _expand_glob(context_dir, rel) if not _GLOB_META.isdisjoint(rel) else [rel]
    if len(matches) > MAX_GLOB_MATCHES:
        matches = matches[:MAX_GLOB_MATCHES]
        total.complete = False
    for path in matches:
        total.add(_path_size(context_dir, ignore, path))
    return total


def _expand_glob(context_dir: str, rel: str) -> list[str]:
    """The context paths a glob source matches, segment by segment, sorted."""
    import fnmatch

    current = [""]
    for segment in rel.split("/"):
        if _GLOB_META.isdisjoint(segment):
            current = [f"{base}/{segment}" if base else segment for base in current]
            continue
        pattern = segment.replace("[^", "[!")  # Go negates a class with ^, fnmatch with !
        nxt: list[str] = []
        for base in current:
            folder = os.path.join(context_dir, base) if base else context_dir
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            nxt.extend(f"{base}/{name}" if base else name for name in names if fnmatch.fnmatchcase(name, pattern))
            if len(nxt) > MAX_GLOB_MATCHES:
                break
        current = nxt
    return [path for path in current if os.path.lexists(os.path.join(context_dir, path))]


def _path_size(context_dir: str, ignore: DockerIgnore | None, rel: str) -> SourceSize:
    full = os.path.join(context_dir, rel)
    try:
        stat = os.lstat(full)
    except OSError:
        return SourceSize()
    excluded = False
    state: int | None = None
    if ignore is not None:
        parts = rel.split("/")
        for i in range(1, len(parts) + 1):
            excluded, state = ignore.step("/".join(parts[:i]), state)
            if excluded and i < len(parts) and not ignore.may_reinclude_below("/".join(parts[:i])):
                return SourceSize()  # a folder above it is left out, and nothing below comes back
    import stat as stat_module

    if not stat_module.S_ISDIR(stat.st_mode):
        return SourceSize() if excluded else SourceSize(stat.st_size, 1, True)
    if excluded and (ignore is None or not ignore.may_reinclude_below(rel)):
        return SourceSize()
    scan = ContextScan(full)
    walk = _Walk(scan, ignore, 0, MAX_ENTRIES)
    walk.deadline = time.monotonic() + MAX_SECONDS
    # the walk reads paths relative to the scan's root, but the ignore file matches paths relative
    # to the context: walk from the context with the folder as the only entry on the stack
    scan.root = context_dir
    stack: list[tuple[str, int | None, NotablePath | None, bool]] = [(rel, state, None, excluded)]
    while stack:
        rel_dir, dir_state, owner, dir_excluded = stack.pop()
        if not _scan_folder(walk, rel_dir, dir_state, owner, dir_excluded, stack):
            scan.complete = False
            break
    return SourceSize(scan.size, scan.files, True, scan.complete)
