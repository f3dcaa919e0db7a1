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
    assert (
        "no .dockerignore (`dockeropt fix --dockerignore` writes one): it sends "
        ".env (secrets), .git (2.0 MB), node_modules (1.5 MB)"
    ) in finding.message


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


def _small_node_context(tmp_path: Path, ignore: str | None, dockerfile: str) -> Path:
    (tmp_path / "node_modules" / "left-pad").mkdir(parents=True)
    (tmp_path / "node_modules" / "left-pad" / "index.js").write_text("module.exports = 1\n")
    (tmp_path / "package.json").write_text('{"name": "web"}\n')
    (tmp_path / "package-lock.json").write_text("{}\n")
    (tmp_path / "server.js").write_text("console.log('hi')\n")
    if ignore is not None:
        (tmp_path / ".dockerignore").write_text(ignore)
    path = tmp_path / "Dockerfile"
    path.write_text(dockerfile)
    return path


NPM_AFTER_COPY = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n'


def test_a_dependency_folder_the_install_makes_again_is_reported_at_any_size(tmp_path: Path) -> None:
    dockerfile = _small_node_context(tmp_path, ".git\n*.log\n", NPM_AFTER_COPY)
    result = check_text(dockerfile.read_text(), str(dockerfile), select=["DO401"], context_dir=str(tmp_path))
    ((finding),) = result.findings
    assert (finding.span.start_line, finding.span.start_col, finding.severity) == (3, 1, "warning")
    assert finding.message.endswith(
        ".dockerignore does not exclude node_modules (19 B; made again by `npm ci` at line 4)"
    ), finding.message


def test_a_small_node_modules_without_an_install_in_the_file_is_left_alone(tmp_path: Path) -> None:
    # the app runs on the host's node_modules: excluding it would break the image
    text = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n'
    dockerfile = _small_node_context(tmp_path, ".git\n", text)
    assert check_text(text, str(dockerfile), select=["DO401"], context_dir=str(tmp_path)).findings == []


def test_host_python_caches_and_virtualenvs_are_reported(tmp_path: Path) -> None:
    (tmp_path / "app" / "__pycache__").mkdir(parents=True)
    (tmp_path / "app" / "__pycache__" / "main.cpython-312.pyc").write_bytes(b"\0" * 100)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "requirements.txt").write_text("flask==3.0.3\n")
    (tmp_path / ".dockerignore").write_text(".git\n")
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
    result = check_text(text, str(tmp_path / "Dockerfile"), select=["DO401"], context_dir=str(tmp_path))
    ((finding),) = result.findings
    assert finding.severity == "warning"
    assert "**/__pycache__ (100 B; host caches; Python in the build (`pip install` at line 4) makes its own)" in (
        finding.message
    )
    assert ".venv (16 B; a virtualenv made on the host" in finding.message


def test_composer_vendor_is_a_dependency_folder_but_go_vendor_is_source(tmp_path: Path) -> None:
    (tmp_path / "vendor" / "pkg").mkdir(parents=True)
    (tmp_path / "vendor" / "pkg" / "a.php").write_text("<?php\n")
    (tmp_path / ".dockerignore").write_text(".git\n")
    (tmp_path / "composer.json").write_text("{}\n")
    text = "FROM composer:2.7\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n"
    ((finding),) = check_text(text, str(tmp_path / "Dockerfile"), select=["DO401"], context_dir=str(tmp_path)).findings
    assert "vendor (6 B; made again by `composer install` at line 4)" in finding.message
    (tmp_path / "composer.json").rename(tmp_path / "go.mod")
    text = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -mod=vendor -o /out/app .\n"
    assert check_text(text, str(tmp_path / "Dockerfile"), select=["DO401"], context_dir=str(tmp_path)).findings == []


def test_no_dockerignore_in_a_small_clean_context_is_info(tmp_path: Path) -> None:
    (tmp_path / "main.go").write_text("package main\n")
    (tmp_path / "go.mod").write_text("module example.com/x\n")
    text = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n"
    (tmp_path / "Dockerfile").write_text(text)
    ((finding),) = check_text(text, str(tmp_path / "Dockerfile"), select=["DO401"], context_dir=str(tmp_path)).findings
    assert (finding.span.start_line, finding.severity) == (3, "info")
    assert finding.message == (
        "COPY . copies the whole context and there is no .dockerignore: everything in the folder is sent and "
        "copied (100 B, 3 files: Dockerfile, go.mod, main.go); nothing heavy or secret is there now, but whatever "
        "lands there later (.git, node_modules, .env) goes into the image; `dockeropt fix --dockerignore` writes one"
    )
    (tmp_path / ".dockerignore").write_text(".git\n")
    assert check_text(text, str(tmp_path / "Dockerfile"), select=["DO401"], context_dir=str(tmp_path)).findings == []


def test_config_env_files_public_certificates_and_test_keys_are_not_secrets(tmp_path: Path) -> None:
    # review of real files: committed .env files of URLs and placeholders, CA bundles, test-suite
    # keys and a .docker folder of scripts were reported as secrets
    (tmp_path / ".env").write_text("VITE_API_URL=http://localhost\nOPENAI_API_KEY=#your key\nPASSWORD=\n")
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "rds-ca-bundle.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    )
    (tmp_path / "testdata" / "config").mkdir(parents=True)
    (tmp_path / "testdata" / "config" / "key.pem").write_text("-----BEGIN PRIVATE KEY-----\nMIIE\n")
    (tmp_path / ".docker").mkdir()
    (tmp_path / ".docker" / "install-deps.sh").write_text("#!/bin/sh\n")
    (tmp_path / ".dockerignore").write_text(".git\n")
    text = "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\n"
    assert check_text(text, str(tmp_path / "Dockerfile"), select=["DO401"], context_dir=str(tmp_path)).findings == []
    real = tmp_path / "real"  # (scans are cached per context folder for the run)
    real.mkdir()
    (real / ".env").write_text("DATABASE_PASSWORD=s3cr3t-value\n")
    (real / ".dockerignore").write_text(".git\n")
    ((finding),) = check_text(text, str(real / "Dockerfile"), select=["DO401"], context_dir=str(real)).findings
    assert finding.severity == "error" and ".env (secrets)" in finding.message


def test_a_copy_source_that_is_not_in_the_context_folder_is_not_called_ignored(tmp_path: Path) -> None:
    # review of real files: a Dockerfile in util/Nginx/ copying util/Nginx/nginx.conf is built from
    # the repository root; its own folder's allow-list .dockerignore does not apply
    (tmp_path / "nginx.conf").write_text("events {}\n")
    (tmp_path / ".dockerignore").write_text("*\n!nginx.conf\n")
    text = "FROM nginx:1.27-alpine\nCOPY util/Nginx/nginx.conf /etc/nginx/\nCOPY Dockerfile /tmp/\n"
    (tmp_path / "Dockerfile").write_text(text)
    result = check_text(text, str(tmp_path / "Dockerfile"), select=["DO403"], context_dir=str(tmp_path))
    assert [(f.span.start_line, f.span.start_col) for f in result.findings] == [(3, 6)]


def test_a_folder_whose_files_an_exception_re_includes_is_sent(tmp_path: Path) -> None:
    # review of real files: `*` then `!images/*` sends images/ with its files; COPY images works
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "k").write_text("x")
    (tmp_path / ".dockerignore").write_text("*\n!*.py\n!images/*\n")
    text = "FROM python:3.12-slim\nCOPY images ./images\nCOPY secret ./secret\n"
    result = check_text(text, str(tmp_path / "Dockerfile"), select=["DO403"], context_dir=str(tmp_path))
    assert [(f.span.start_line, f.span.start_col) for f in result.findings] == [(3, 6)]
