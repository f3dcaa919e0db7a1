"""Properties tying the pieces together: the scan's shortcut (not entering excluded folders)
never changes what is sent, and without exceptions the walker's per-folder state and the
one-path matcher agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockeropt.context.dockerignore import DockerIgnore
from dockeropt.context.scan import scan_context

# Every file has its own power-of-two size, so the total size names the set of files sent.
FILES = [
    "a/b/c",
    "a/b/d.md",
    "a/c",
    "a/x/c",
    "a/x/y/c",
    "b/c",
    "b/keep.md",
    "bc",
    "c",
    "keep.md",
    "x/a/b/c",
    "x/y.md",
]
PATTERNS = [
    "a",
    "a/b",
    "a/b/c",
    "*",
    "*/c",
    "**/c",
    "a/**",
    "a/*/c",
    "b*",
    "**/*.md",
    "x",
    "*.md",
    "a/x/**",
    "**/b",
]
EXCEPTIONS = [*("!" + p for p in PATTERNS), "!a/b/d.md", "!keep.md", "!a/x/y", "!x/a"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    for index, rel in enumerate(FILES):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * (1 << index))
    return root


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS + EXCEPTIONS), max_size=6))
def test_scan_sends_exactly_the_files_matches_keeps(tree: Path, lines: list[str]) -> None:
    ignore = DockerIgnore.from_text("\n".join(lines))
    expected = sum(1 << i for i, rel in enumerate(FILES) if not ignore.matches(rel))
    assert scan_context(str(tree), ignore).size == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=5), st.sampled_from([*FILES, "a", "a/x", "x/a/b"]))
def test_without_exceptions_walk_state_and_parent_matching_agree(lines: list[str], path: str) -> None:
    ignore = DockerIgnore.from_text("\n".join(lines))
    assert ignore.matches(path) == ignore.matches_or_parent_matches(path)
