"""The package-manager table: its facts, that everything reads it, and that nothing else repeats it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dockeropt.context.ecosystems import MANIFESTS, manifest_role
from dockeropt.engine.check import check_text
from dockeropt.fix.split import is_manifest
from dockeropt.knowledge.packages import MANAGERS, SOURCES, NoCacheEnv, manager_for_program
from dockeropt.shell import analyze

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "dockeropt" / "knowledge" / "packages.py"
# Rule attributes that are documentation (Markdown and examples), where paths are prose.
DOC_ATTRIBUTES = {"docs", "bad_example", "good_example", "summary"}
# Literals that name the same files for another reason, each with that reason.
ALLOWED = {
    ("dockeropt/api/config.py", "pyproject.toml"): "dockeropt's own configuration file",
    ("dockeropt/context/scan.py", ".npmrc"): "registry settings that may hold a token (secrets)",
    ("dockeropt/context/scan.py", ".yarnrc.yml"): "registry settings that may hold a token (secrets)",
    ("dockeropt/shell/effects.py", "setup.py"): "`python setup.py build` is a compile step (MAX_JOBS)",
    ("dockeropt/analysis/install_steps.py", "go.work"): "a workspace: go reads the other modules' sources",
    ("dockeropt/analysis/install_steps.py", "pnpm-workspace.yaml"): "a workspace: pnpm reads the packages' sources",
    ("dockeropt/analysis/install_steps.py", ".yarnrc.yml"): "read for yarnPath, the yarn it runs",
}
# the readers pick their parser by file name: which format a file is in, not what an install reads
READERS = {"dockeropt/context/deps.py", "dockeropt/rewrite/artifacts.py"}  # artifacts: what a build writes


def _table_literals() -> tuple[set[str], set[str]]:
    paths: set[str] = set()
    names: set[str] = set()
    for m in MANAGERS.values():
        for cache in m.caches:
            paths |= {cache.path, cache.root}
        names |= {*m.manifests, *m.locks, *m.settings, *m.project_files}
    return paths, names


def _documentation(tree: ast.AST) -> set[int]:
    """ids of docstrings and of the strings assigned to a rule's documentation attributes."""
    out: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in DOC_ATTRIBUTES for t in node.targets
        ):
            out |= {id(sub) for sub in ast.walk(node.value)}
    return out


def _repeated_facts(source: str, rel: str) -> list[str]:
    """The table's cache folders and file names written as literals in ``source`` (module ``rel``)."""
    paths, names = _table_literals()
    lowered = {n.lower() for n in names}
    tree = ast.parse(source)
    skip = _documentation(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in skip:
            continue
        text = node.value
        for folder in paths:
            if re.search(r"(?<![\w.~/-])" + re.escape(folder) + r"(?![\w.-])", text):
                found.append(f"{rel}:{node.lineno}: cache folder {folder!r} in {text!r}")
        if text.lower() in lowered and (rel, text) not in ALLOWED and rel not in READERS:
            found.append(f"{rel}:{node.lineno}: manifest name {text!r}")
    return found


def test_the_table_is_the_only_place_that_names_cache_folders_and_manifests() -> None:
    found = []
    for path in sorted([*(ROOT / "dockeropt").rglob("*.py"), *(ROOT / "rules").rglob("*.py")]):
        if path != TABLE:
            found += _repeated_facts(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert not found, "read these from dockeropt.knowledge.packages:\n" + "\n".join(found)


def test_the_guard_finds_a_copied_fact() -> None:
    source = (
        '"""A rule that keeps its own list (docstrings may name /root/.cache/pip)."""\n'
        'CACHE = "/root/.cache/pip"\n'
        'FILES = ("package.json", "Yarn.lock")\n'
        'MESSAGE = f"leaves {1} in /var/lib/apt/lists/* here"\n'
        'docs = "mount /root/.npm as a cache"\n'
    )
    assert _repeated_facts(source, "rules/x.py") == [
        "rules/x.py:2: cache folder '/root/.cache/pip' in '/root/.cache/pip'",
        "rules/x.py:3: manifest name 'package.json'",
        "rules/x.py:3: manifest name 'Yarn.lock'",
        "rules/x.py:4: cache folder '/var/lib/apt/lists' in ' in /var/lib/apt/lists/* here'",
    ]


def test_every_source_cited_exists_and_every_source_is_cited() -> None:
    cited = {key for m in MANAGERS.values() for key in m.sources}
    assert cited <= set(SOURCES)
    assert set(SOURCES) - cited == set(), "sources no manager cites"


def test_cache_folders_as_root_and_for_other_users() -> None:
    yarn = {c.note.split(" ", 2)[0] + " " + c.note.split(" ", 2)[1]: c for c in MANAGERS["yarn"].caches}
    classic = yarn["yarn 1"]
    # yarn 1 on Linux takes /usr/local/share as root's home (src/util/user-home-dir.js)
    assert classic.root == "/usr/local/share/.cache/yarn"
    assert classic.for_home("/home/node") == "/home/node/.cache/yarn"
    assert [c.root for c in MANAGERS["pip"].caches] == ["/root/.cache/pip"]
    assert MANAGERS["pip"].caches[0].for_home("/home/app") == "/home/app/.cache/pip"
    assert MANAGERS["npm"].caches[0].root == "/root/.npm"
    assert [c.root for c in MANAGERS["pnpm"].caches] == ["/root/.local/share/pnpm/store", "/root/.pnpm-store"]
    assert MANAGERS["apt"].caches[0].root == "/var/lib/apt/lists"


@pytest.mark.parametrize(
    ("reads", "value", "off"),
    [
        ("any", "1", True),
        ("any", "0", True),  # pip: PIP_NO_CACHE_DIR=0 turns the cache off too
        ("any", "false", True),
        ("any", "", False),  # pip ignores an empty value
        ("any", None, False),
        ("boolish", "1", True),
        ("boolish", "yes", True),
        ("boolish", "0", False),  # uv: UV_NO_CACHE=0 keeps the cache
        ("boolish", "false", False),
    ],
)
def test_no_cache_variables_are_read_as_each_tool_reads_them(reads: str, value: str | None, off: bool) -> None:
    assert NoCacheEnv("X", reads).turns_off(value) is off


def test_manifest_files_in_copy_order() -> None:
    assert MANAGERS["go"].files[:2] == ("go.mod", "go.sum")
    assert MANAGERS["npm"].files == ("package.json", "package-lock.json", "npm-shrinkwrap.json", ".npmrc")
    assert MANAGERS["yarn"].files == ("package.json", "yarn.lock", ".yarnrc.yml", ".yarnrc", ".npmrc")
    assert MANAGERS["cargo"].files == ("Cargo.toml", "Cargo.lock")


def test_the_context_readers_and_split_read_the_same_table() -> None:
    for m in MANAGERS.values():
        for name in (*m.manifests, *m.locks):
            concrete = name.replace("*", "x")
            assert manifest_role(concrete) is not None, name
            assert is_manifest(f"app/{concrete}"), name
            assert concrete_in_ecosystem(concrete, m.ecosystem), name
    assert not is_manifest("src/main.py") and manifest_role("README.md") is None


def concrete_in_ecosystem(file_name: str, ecosystem: str) -> bool:
    role = manifest_role(file_name)
    return role is not None and role[0] == ecosystem and ecosystem in MANIFESTS


def test_programs_name_their_manager() -> None:
    assert manager_for_program("mvnw") is MANAGERS["maven"]
    assert manager_for_program("micromamba") is MANAGERS["conda"]
    assert manager_for_program("bundler") is MANAGERS["bundle"]
    assert manager_for_program("ls") is None


def test_the_shell_model_reads_the_no_cache_switches_from_the_table() -> None:
    assert analyze("composer install --no-cache").packages[0].no_cache
    assert analyze("apk add --no-cache curl").packages[0].no_cache
    assert not analyze("npm ci").packages[0].no_cache


def _findings(text: str, rule: str) -> list[str]:
    result = check_text(text, "Dockerfile", select=[rule])
    return [f"{f.span.start_line} {f.message}" for f in result.findings if f.rule_id == rule]


def test_pip_cache_off_through_env_with_any_value() -> None:
    text = "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=0\nRUN pip install flask==3.0.3\n"
    assert _findings(text, "DO204") == []


def test_uv_cache_kept_when_uv_no_cache_is_false() -> None:
    text = "FROM python:3.12-slim\nRUN UV_NO_CACHE=false uv pip install --system flask==3.0.3\n"
    assert _findings(text, "DO204") == [
        "2 pip install (flask) without --no-cache leaves the downloaded wheels in /root/.cache/uv in this layer"
    ]
    assert _findings(text.replace("false", "1"), "DO204") == []


def test_yarn_cache_as_root_is_under_usr_local_share() -> None:
    text = "FROM node:22-slim\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n"
    assert _findings(text, "DO206") == [
        "3 yarn install keeps its package cache (/usr/local/share/.cache/yarn) in this layer; "
        "append `yarn cache clean` or use a cache mount"
    ]
    cleaned = text.replace("--frozen-lockfile", "--frozen-lockfile && yarn cache clean")
    assert _findings(cleaned, "DO206") == []


def test_a_clean_of_the_manager_keeps_the_later_removal_from_being_reported() -> None:
    """The layer analysis reads the same table: a cache cleaned in its own RUN was never left."""
    text = "FROM fedora:40\nRUN dnf install -y gcc && dnf clean all\nRUN rm -rf /var/cache/dnf\n"
    assert _findings(text, "DO208") == []
    assert _findings(text.replace(" && dnf clean all", ""), "DO208") != []
