"""Which manifest and lock files each package ecosystem installs from (a view of the package-manager
table, :mod:`dockeropt.knowledge.packages`), and where they are in a build context. Kept apart from
the readers so the context scan can use it cheaply."""

from __future__ import annotations

import os

from dockeropt.knowledge.packages import ecosystems, manifest_role

__all__ = [
    "MANIFESTS",
    "MANIFEST_FILE_NAMES",
    "SKIP_DIRS",
    "Ecosystem",
    "ManifestFile",
    "find_manifests",
    "manifest_role",
]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.context.dockerignore import DockerIgnore


class Ecosystem:
    """The files a package manager installs from: copy these (and only these) before the install
    step, so that a source change does not invalidate the cached install layer."""

    __slots__ = ("locks", "manifests", "name")

    def __init__(self, name: str, manifests: tuple[str, ...], locks: tuple[str, ...]) -> None:
        self.name = name
        self.manifests = manifests  # file names; "*" is a wildcard within the name
        self.locks = locks

    @property
    def files(self) -> tuple[str, ...]:
        return self.manifests + self.locks

    def __repr__(self) -> str:
        return f"Ecosystem({self.name!r})"


MANIFESTS: dict[str, Ecosystem] = {
    name: Ecosystem(name, manifests, locks) for name, (manifests, locks) in ecosystems().items()
}
# Names of project manifests (``requirements*.txt`` read as its plain form, no tool settings like
# .npmrc, no ``*.gemspec``): a folder holding one is a project folder.
MANIFEST_FILE_NAMES = frozenset(
    name.replace("*", "")
    for eco in MANIFESTS.values()
    for name in eco.manifests
    if not name.replace("*", "").startswith(".")
)
# Folders find_manifests never enters: installed dependencies, VCS data, caches, outputs.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".next",
        "dist",
        "build",
        "target",
        "vendor",
    }
)


class ManifestFile:
    """A manifest or lock file found in a build context."""

    __slots__ = ("ecosystem", "path", "role")

    def __init__(self, path: str, ecosystem: str, role: str) -> None:
        self.path = path  # relative to the context, "/"-separated
        self.ecosystem = ecosystem
        self.role = role  # "manifest" or "lock"

    def __repr__(self) -> str:
        return f"ManifestFile({self.path!r}, {self.ecosystem}, {self.role})"


def find_manifests(context_dir: str, ignore: DockerIgnore | None = None, max_depth: int = 3) -> list[ManifestFile]:
    """Manifest and lock files in ``context_dir`` down to ``max_depth`` folders, outside the
    folders in ``SKIP_DIRS``; with ``ignore``, only those the build would receive. Sorted by path."""
    found: list[ManifestFile] = []
    usable = ignore if ignore is not None and ignore.patterns else None
    stack: list[tuple[str, int | None, int]] = [("", None, 0)]
    while stack:
        rel_dir, state, depth = stack.pop()
        try:
            with os.scandir(os.path.join(context_dir, rel_dir) if rel_dir else context_dir) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            excluded, child_state = usable.step(rel, state) if usable is not None else (False, None)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                walkable = not excluded or (usable is not None and usable.may_reinclude_below(rel))
                if depth < max_depth and entry.name not in SKIP_DIRS and walkable:
                    stack.append((rel, child_state, depth + 1))
                continue
            role = manifest_role(entry.name)
            if role is not None and not excluded:
                found.append(ManifestFile(rel, *role))
    found.sort(key=lambda m: m.path)
    return found
