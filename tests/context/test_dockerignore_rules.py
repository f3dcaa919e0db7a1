"""Docker's .dockerignore semantics, the context scan, DO401 and DO403."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.context.dockerignore import DockerIgnore, find_dockerignore
from dockeropt.context.scan import cached_scan
from dockeropt.engine.check import check_text

# (patterns, path, excluded) — behaviour of moby/patternmatcher MatchesOrParentMatches and
# BuildKit's dockerignore.ReadAll
CASES = [
    ("node_modules", "node_modules", True),
    ("node_modules", "node_modules/react/index.js", True),  # a parent folder matches
    ("node_modules", "web/node_modules/react/index.js", False),  # anchored at the root, unlike .gitignore
    ("**/node_modules", "web/node_modules/react/index.js", True),
    ("*.md", "README.md", True),
    ("*.md", "docs/guide.md", False),  # * does not cross /
    ("docs/*.md", "docs/guide.md", True),
    ("docs/*.md", "docs/api/guide.md", False),
    ("**/*.pyc", "a/b/c.pyc", True),
    ("**/*.pyc", "c.pyc", True),
    ("*.md\n!README.md", "README.md", False),  # the last match wins
    ("*.md\n!README.md", "CHANGES.md", True),
    ("*\n!src\n!requirements.txt", "src/app.py", False),
    ("*\n!src\n!requirements.txt", "tests/test_app.py", True),
    ("/build", "build/out.o", True),  # a leading / is dropped
    ("./dist/", "dist/app.js", True),  # Clean() removes ./ and the trailing /
    ("file?.txt", "file1.txt", True),
    ("file?.txt", "file10.txt", False),
    ("[a-c].txt", "b.txt", True),
    ("a/**", "a/b/c", True),
    ("**", "anything/at/all", True),
    ("# a comment\n.git", ".git/HEAD", True),
    ("#.git", ".git/HEAD", False),  # the whole line is a comment
    ("logs/*.log\n!logs/keep.log", "logs/keep.log", False),
    ("src/../secret", "secret/key", True),  # Clean() resolves ..
]


@pytest.mark.parametrize(("patterns", "path", "excluded"), CASES)
def test_dockerignore_semantics(patterns: str, path: str, excluded: bool) -> None:
    assert DockerIgnore.from_text(patterns).matches(path) is excluded


def _context(tmp_path: Path, ignore: str | None) -> Path:
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "pack").write_bytes(b"x" * 2_000_000)
    (tmp_path / "node_modules" / "react").mkdir(parents=True)
    (tmp_path / "node_modules" / "react" / "index.js").write_bytes(b"y" * 1_500_000)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "server.js").write_text("console.log('hi')\n")
    (tmp_path / ".env").write_text("API_TOKEN=secret\n")
    (tmp_path / ".env.example").write_text("API_TOKEN=\n")
    (tmp_path / "package.json").write_text('{"name": "web"}\n')
    if ignore is not None:
        (tmp_path / ".dockerignore").write_text(ignore)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n')
    return dockerfile


def test_scan_counts_what_is_sent(tmp_path: Path) -> None:
    _context(tmp_path, ".git\nnode_modules\n")
    scan = cached_scan(str(tmp_path), DockerIgnore.from_text(".git\nnode_modules\n"))
    assert scan.files == 6  # src/server.js .env .env.example package.json .dockerignore Dockerfile
    assert set(scan.sent_notable) == {".env"}


def test_whole_context_without_dockerignore_is_an_error_when_it_sends_secrets(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, None)
    result = check_text(dockerfile.read_text(), str(dockerfile), select=["DO401"], context_dir=str(tmp_path))
    ((finding),) = result.findings
    assert (finding.span.start_line, finding.span.start_col, finding.severity) == (3, 1, "error")
    assert "no .dockerignore: it sends .env (secrets), .git (2.0 MB), node_modules (1.5 MB)" in finding.message


def test_weak_dockerignore_names_what_it_misses(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, ".env\n*.log\n")
    ((finding),) = check_text(
        dockerfile.read_text(), str(dockerfile), select=["DO401"], context_dir=str(tmp_path)
    ).findings
    assert finding.severity == "warning"
    assert ".dockerignore does not exclude .git (2.0 MB), node_modules (1.5 MB)" in finding.message


def test_good_dockerignore_is_quiet(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, ".git\nnode_modules\n.env\n")
    assert (
        check_text(dockerfile.read_text(), str(dockerfile), select=["DO401"], context_dir=str(tmp_path)).findings == []
    )


def test_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    dockerfile = _context(tmp_path, "")
    (tmp_path / "Dockerfile.dockerignore").write_text(".git\nnode_modules\n.env\n")
    assert find_dockerignore(str(dockerfile), str(tmp_path)) == str(dockerfile) + ".dockerignore"
    assert (
        check_text(dockerfile.read_text(), str(dockerfile), select=["DO401"], context_dir=str(tmp_path)).findings == []
    )


def test_copy_of_an_ignored_file(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "app.yaml").write_text("a: 1\n")
    (tmp_path / ".dockerignore").write_text("config\n")
    text = "FROM alpine:3.20\nCOPY config/app.yaml /etc/app/app.yaml\nCOPY --from=build /out /out\n"
    result = check_text(text, str(tmp_path / "Dockerfile"), select=["DO403"], context_dir=str(tmp_path))
    assert [(f.span.start_line, f.span.start_col, f.rule_id) for f in result.findings] == [(2, 6, "DO403")]
    (tmp_path / ".dockerignore").write_text("config\n!config/app.yaml\n")
    result = check_text(text, str(tmp_path / "Dockerfile"), select=["DO403"], context_dir=str(tmp_path))
    assert result.findings == []
