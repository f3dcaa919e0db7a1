"""The context scan: what BuildKit would send, its size, its largest entries and the notable
bulky or secret paths, with the .dockerignore applied as fsutil applies it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockeropt.context.dockerignore import DockerIgnore
from dockeropt.context.scan import ContextScan, cached_scan, scan_context


def _tree(root: Path, files: dict[str, int | str]) -> None:
    """Create files: an int is a size in bytes, a str the content."""
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, int):
            path.write_bytes(b"x" * body)
        else:
            path.write_text(body)


def _scan(root: Path, ignore: str | None = None, **kwargs: int) -> ContextScan:
    return scan_context(str(root), DockerIgnore.from_text(ignore) if ignore is not None else None, **kwargs)


@pytest.fixture
def visited(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the scan lists, relative to the context."""
    seen: list[str] = []
    real = os.scandir

    def recording(path: str) -> Iterator[os.DirEntry[str]]:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(os, "scandir", recording)
    return seen


def test_size_counts_and_largest_entries(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "app/main.py": 1_000,
            "app/models/weights.bin": 50_000,
            "app/models/vocab.txt": 7_000,
            "data/big.csv": 30_000,
            "data/small.csv": 10,
            "README.md": 500,
            "notes/todo.txt": 20,
        },
    )
    scan = _scan(tmp_path, "notes\n*.md\n", top_n=3)
    assert (scan.size, scan.files, scan.dirs, scan.complete) == (88_010, 5, 3, True)
    assert scan.largest_files == [
        ("app/models/weights.bin", 50_000),
        ("data/big.csv", 30_000),
        ("app/models/vocab.txt", 7_000),
    ]
    assert scan.largest(2) == [("app", 58_000), ("data", 30_010)]
    assert scan.largest_dirs(5) == [("app", 58_000), ("data", 30_010)]
    assert scan.notable == []


def test_excluded_folders_are_not_entered(tmp_path: Path, visited: list[str]) -> None:
    _tree(tmp_path, {".git/objects/pack/p.pack": 100, "node_modules/a/index.js": 100, "src/app.js": 10})
    scan = _scan(tmp_path, ".git\nnode_modules\n")
    listed = sorted(os.path.relpath(p, tmp_path) for p in visited)
    assert listed == [".", "src"]
    assert (scan.files, scan.size) == (1, 10)


def test_an_exception_under_an_excluded_folder_is_found(tmp_path: Path, visited: list[str]) -> None:
    # fsutil enters node_modules only because "!node_modules/keep" could match below it
    _tree(tmp_path, {"node_modules/keep/LICENSE": 40, "node_modules/a/index.js": 100, "vendor/x.js": 5})
    scan = _scan(tmp_path, "node_modules\nvendor\n!node_modules/keep\n")
    listed = sorted(os.path.relpath(p, tmp_path) for p in visited)
    assert listed == [".", "node_modules", "node_modules/keep"]
    assert (scan.files, scan.size, scan.dirs) == (1, 40, 2)  # node_modules is sent as a bare folder


def test_a_wildcard_exception_makes_every_excluded_folder_walked(tmp_path: Path, visited: list[str]) -> None:
    _tree(tmp_path, {"docs/guide.md": 30, "docs/img/logo.png": 1_000, "build/out.o": 500, "build/NOTES.md": 7})
    scan = _scan(tmp_path, "docs\nbuild\n!**/*.md\n")
    assert sorted(os.path.relpath(p, tmp_path) for p in visited) == [".", "build", "docs", "docs/img"]
    assert (scan.files, scan.size) == (2, 37)


def test_reincluded_file_sends_its_excluded_parents(tmp_path: Path) -> None:
    # fsutil filter_test.go TestWalkerExclude: "foo*", "!foo/bar2" sends bar, dir foo, foo/bar2
    _tree(tmp_path, {"bar": 1, "foo2": 2, "foo/bar2": 4, "foo/other": 8})
    scan = _scan(tmp_path, "foo*\n!foo/bar2\n")
    assert (scan.files, scan.size, scan.dirs) == (2, 5, 1)
    assert scan.top_level == {"bar": 1, "foo": 4}
    deep = tmp_path / "deep"
    _tree(deep, {"a/b/c/keep": 3, "a/b/c/drop": 5, "a/b/drop": 7})
    scan = _scan(deep, "a\n!a/b/c/keep\n")
    assert (scan.files, scan.size, scan.dirs) == (1, 3, 3)


NPMRC_WITH_TOKEN = "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"
PRIVATE_PEM = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"


def test_notable_paths(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".git/objects/aa/bb": 3_000,
            "node_modules/react/index.js": 2_000,
            "node_modules/react/test/fixture.pem": 10,  # inside node_modules: counted there only
            "web/node_modules/vue/index.js": 500,
            ".venv/lib/site.py": 400,
            "tools/pyenv/pyvenv.cfg": "home = /usr/bin\n",
            "tools/pyenv/lib/x.py": 60,
            "pkg/__pycache__/a.cpython-312.pyc": 30,
            "pkg/sub/__pycache__/b.cpython-312.pyc": 20,
            "dist/app.whl": 900,
            "src/build/__init__.py": 1,  # a package named build, no manifest beside it
            "packages/web/package.json": "{}",
            "packages/web/build/bundle.js": 700,
            "rust/Cargo.toml": "[package]\n",
            "rust/target/debug/app": 800,
            ".env": "TOKEN=a\n",
            ".env.example": "TOKEN=\n",
            ".env.production": "TOKEN=b\n",
            "certs/server.pem": PRIVATE_PEM,
            "certs/ca-bundle.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",  # public
            "certs/server.key": 40,
            "tests/fixtures/client.key": 40,  # made for the test suite
            "docs/.env": "API_URL=http://localhost:8080\nAPI_KEY=#your key here\n",  # no secret value
            ".docker/build.sh": "#!/bin/sh\n",  # build scripts, not ~/.docker/config.json
            "id_rsa": 30,
            "id_rsa.pub": 20,
            ".npmrc": NPMRC_WITH_TOKEN,
            "web/.npmrc": "registry=https://registry.npmjs.org/\n",
            ".aws/credentials": 10,
            ".ssh/config": 5,
        },
    )
    scan = _scan(tmp_path, ".git\n.venv\n")
    found = {n.path: (n.category, n.excluded, n.size, n.files) for n in scan.notable}
    assert found == {
        ".git": ("vcs", True, 0, 0),
        "node_modules": ("dependencies", False, 2_010, 2),
        "web/node_modules": ("dependencies", False, 500, 1),
        ".venv": ("virtualenv", True, 0, 0),
        "tools/pyenv": ("virtualenv", False, 76, 2),
        "**/__pycache__": ("cache", False, 50, 2),
        "dist": ("build-output", False, 900, 1),
        "packages/web/build": ("build-output", False, 700, 1),
        "rust/target": ("build-output", False, 800, 1),
        ".env": ("secret", False, 8, 1),
        ".env.production": ("secret", False, 8, 1),
        "certs/server.pem": ("secret", False, len(PRIVATE_PEM), 1),
        "certs/server.key": ("secret", False, 40, 1),
        "id_rsa": ("secret", False, 30, 1),
        ".npmrc": ("secret", False, len(NPMRC_WITH_TOKEN), 1),
        ".aws": ("secret", False, 10, 1),
        ".ssh": ("secret", False, 5, 1),
    }
    pycache = next(n for n in scan.notable if n.path == "**/__pycache__")
    assert pycache.count == 2
    assert scan.sent_notable[".env"] == ("secrets", 8)
    assert scan.sent_notable["dist"] == ("build output", 900)
    assert ".git" not in scan.sent_notable


def test_symbolic_links_are_sent_as_links_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _tree(outside, {"huge.bin": 100_000})
    context = tmp_path / "context"
    _tree(context, {"src/app.py": 10})
    (context / "data").symlink_to(outside)
    (context / "src" / "huge.bin").symlink_to(outside / "huge.bin")
    scan = _scan(context)
    link_sizes = len(str(outside)) + len(str(outside / "huge.bin"))
    assert (scan.files, scan.symlinks, scan.dirs, scan.size) == (3, 2, 1, 10 + link_sizes)


def test_unreadable_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # running as root, permissions cannot make a folder unreadable: fail its listing instead
    _tree(tmp_path, {"private/key": 1, "foo/bar/baz/x": 1, "ok.txt": 2})
    real = os.scandir
    blocked = {str(tmp_path / "private"), str(tmp_path / "foo" / "bar")}

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if path in blocked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert sorted(_scan(tmp_path).unreadable) == ["foo/bar", "private"]
    # fsutil filter_test.go: "**/bar", "!foo/bar/baz" walks into the excluded foo/bar and ignores
    # the permission error there
    scan = _scan(tmp_path, "**/bar\n!foo/bar/baz\nprivate\n")
    assert (scan.unreadable, scan.files) == ([], 1)


def test_bounded_scan_says_it_is_incomplete(tmp_path: Path) -> None:
    _tree(tmp_path, {f"f{i:02}": 1 for i in range(20)})
    scan = _scan(tmp_path, max_entries=5)
    assert (scan.complete, scan.files) == (False, 5)
    assert _scan(tmp_path, max_entries=20).complete is True


def test_cached_scan_is_shared(tmp_path: Path) -> None:
    _tree(tmp_path, {"a": 1})
    ignore = DockerIgnore.from_text("b\n", str(tmp_path / ".dockerignore"))
    assert cached_scan(str(tmp_path), ignore) is cached_scan(str(tmp_path), ignore)


def _best_cpu(root: Path) -> float:
    ignore = DockerIgnore.from_text("**/*.log\nsub0\n!sub0/keep\n")
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        scan_context(str(root), ignore)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.slow
def test_scan_time_is_linear_in_the_tree(tmp_path: Path) -> None:
    def make(root: Path, folders: int) -> None:
        for d in range(folders):
            folder = root / f"sub{d}"
            folder.mkdir(parents=True)
            for f in range(20):
                (folder / f"file{f}.{'log' if f % 5 == 0 else 'py'}").write_bytes(b"x")

    small, large = tmp_path / "small", tmp_path / "large"
    make(small, 100)
    make(large, 1_000)
    assert _best_cpu(large) <= 15 * _best_cpu(small)
