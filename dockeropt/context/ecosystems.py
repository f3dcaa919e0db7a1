"""Which manifest and lock files each package ecosystem installs from, and where they are in a
build context. Kept apart from the readers so the context scan can use it cheaply."""

from __future__ import annotations

import os

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
    eco.name: eco
    for eco in (
        Ecosystem(
            "pip",
            ("requirements*.txt", "constraints*.txt", "pyproject.toml", "setup.py", "setup.cfg", "Pipfile"),
            ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock"),
        ),
        Ecosystem(
            "npm",
            ("package.json", ".npmrc", ".yarnrc.yml", ".yarnrc", "pnpm-workspace.yaml"),
            ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock"),
        ),
        Ecosystem("go", ("go.mod", "go.work"), ("go.sum", "go.work.sum")),
        Ecosystem("ruby", ("Gemfile", "*.gemspec"), ("Gemfile.lock",)),
        Ecosystem("rust", ("Cargo.toml",), ("Cargo.lock",)),
        Ecosystem("maven", ("pom.xml",), ()),
        Ecosystem(
            "gradle",
            ("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "gradle.properties"),
            ("gradle.lockfile",),
        ),
        Ecosystem("composer", ("composer.json",), ("composer.lock",)),
        Ecosystem("mix", ("mix.exs",), ("mix.lock",)),
        Ecosystem("conda", ("environment.yml", "environment.yaml"), ("conda-lock.yml",)),
    )
}
# Literal names of project manifests (no wildcards, no tool settings like .npmrc): a folder
# holding one is a project folder.
MANIFEST_FILE_NAMES = frozenset(
    name for eco in MANIFESTS.values() for name in eco.manifests if "*" not in name and not name.startswith(".")
) | {"requirements.txt"}
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


def _name_matches(name: str, pattern: str) -> bool:
    if "*" not in pattern:
        return name == pattern
    head, _, tail = pattern.partition("*")
    return len(name) >= len(head) + len(tail) and name.startswith(head) and name.endswith(tail)


def manifest_role(file_name: str) -> tuple[str, str] | None:
    """(ecosystem, "manifest" or "lock") for a file name, or None."""
    for eco in MANIFESTS.values():
        if any(_name_matches(file_name, p) for p in eco.manifests):
            return eco.name, "manifest"
        if any(_name_matches(file_name, p) for p in eco.locks):
            return eco.name, "lock"
    return None


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
