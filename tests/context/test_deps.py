"""Dependency manifests read statically, and the manifest table."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.context.depmodel import Requirement, parse_pep508
from dockeropt.context.deps import (
    MANIFESTS,
    find_manifests,
    manifest_role,
    project_dependencies,
    read_environment_yml,
    read_manifest,
    read_package_json,
    read_pipfile,
    read_pyproject,
    read_requirements_txt,
    read_setup_cfg,
    read_setup_py,
)
from dockeropt.context.dockerignore import DockerIgnore
from dockeropt.context.requirements_txt import logical_lines, parse_options, split_options

DATA = Path(__file__).resolve().parents[2] / "testdata" / "context"


def _rows(reqs: list[Requirement]) -> list[tuple[object, ...]]:
    """(name, spec, extras, markers, url, editable, group, file name, line) per requirement."""
    return [
        (r.name, r.spec, r.extras, r.markers, r.url, r.editable, r.group, Path(r.source_file).name, r.line)
        for r in reqs
    ]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("requests", ("requests", (), "", "", "")),
        ("Django >= 5.0 , < 6", ("Django", (), ">=5.0,<6", "", "")),
        ("uvicorn[standard, Socks_Proxy]~=0.30", ("uvicorn", ("standard", "socks-proxy"), "~=0.30", "", "")),
        ("name (>=1.0)", ("name", (), ">=1.0", "", "")),
        ('pywin32>=306; sys_platform == "win32"', ("pywin32", (), ">=306", "", 'sys_platform == "win32"')),
        (
            "pkg @ https://example.com/pkg.zip#sha256=ab ; python_version < '3.12'",
            ("pkg", (), "", "https://example.com/pkg.zip#sha256=ab", "python_version < '3.12'"),
        ),
        ("pkg@file:///tmp/pkg;x=1", ("pkg", (), "", "file:///tmp/pkg;x=1", "")),  # ";" needs a space after a URL
        ("-e .", None),
    ],
)
def test_pep508(text: str, parsed: tuple[str, tuple[str, ...], str, str, str] | None) -> None:
    assert parse_pep508(text) == parsed


def test_requirements_file_with_includes_options_and_direct_references() -> None:
    context = DATA / "ml-service"
    deps = read_requirements_txt(str(context / "requirements.txt"), context_dir=str(context))
    assert _rows(deps.requirements) == [
        ("fastapi", "==0.111.0", (), "", "", False, None, "base.txt", 1),
        ("uvicorn", "~=0.30", ("standard",), "", "", False, None, "base.txt", 2),
        ("pydantic", ">=2,<3", (), "", "", False, None, "base.txt", 3),
        ("requests", ">=2.32", (), "", "", False, None, "common.txt", 1),
        ("torch", "==2.3.1+cu121", (), 'platform_machine == "x86_64"', "", False, None, "requirements.txt", 6),
        ("transformers", ">=4.41,<5", ("torch", "sentencepiece"), "", "", False, None, "requirements.txt", 7),
        (
            "accelerate",
            "",
            (),
            "",
            "https://github.com/huggingface/accelerate/archive/refs/tags/v0.31.0.zip",
            False,
            None,
            "requirements.txt",
            8,
        ),
        ("numpy", ">=1.26", (), "", "", False, None, "requirements.txt", 9),  # --hash on the joined line
        ("", "", (), "", "./libs/featurizer", True, None, "requirements.txt", 11),
        (
            "tiny-utils",
            "",
            (),
            "",
            "git+https://github.com/example/tiny-utils.git@v1.2#egg=tiny_utils",
            False,
            None,
            "requirements.txt",
            12,
        ),
        (
            "fastcodec",
            "",
            (),
            "",
            "./wheels/fastcodec-0.4.2-cp312-cp312-manylinux_2_17_x86_64.whl",
            False,
            None,
            "requirements.txt",
            13,
        ),
    ]
    assert _rows(deps.constraints) == [
        ("urllib3", "<3", (), "", "", False, None, "constraints.txt", 1),
        ("idna", "==3.7", (), "", "", False, None, "constraints.txt", 2),
    ]
    assert [(i.kind, i.url, i.line) for i in deps.indexes] == [
        ("extra-index-url", "https://download.pytorch.org/whl/cu121", 4)
    ]
    assert deps.index_urls == ["https://download.pytorch.org/whl/cu121"]
    # the include cycle base.txt -> common.txt -> base.txt reads each file once
    assert [Path(f).name for f in deps.files] == ["requirements.txt", "base.txt", "common.txt", "constraints.txt"]
    assert [(Path(f).name, line, message) for f, line, message in deps.problems] == [
        ("requirements.txt", 14, "../outside-the-context.txt is outside the build context; not read")
    ]


def test_include_that_is_missing_is_a_problem_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r missing.txt\nflask\n")
    deps = read_requirements_txt(str(tmp_path / "requirements.txt"))
    assert [r.name for r in deps.requirements] == ["flask"]
    assert [(Path(f).name, message) for f, _, message in deps.problems] == [
        ("missing.txt", "cannot read: No such file or directory")
    ]


def test_pip_line_joining_and_comments() -> None:
    text = "a==1 \\\n  --hash=sha256:x\n# comment \\\nb  # trailing\nc\\\n\n   \n-i https://idx/simple\n"
    assert logical_lines(text) == [(1, "a==1   --hash=sha256:x"), (4, "b"), (5, "c"), (8, "-i https://idx/simple")]
    assert split_options("a==1 --hash=sha256:x") == ("a==1", "--hash=sha256:x")
    assert parse_options("-rbase.txt --index-url=https://a -f ./wheels --no-index -c 'my c.txt'") == [
        ("requirement", "base.txt"),
        ("index-url", "https://a"),
        ("find-links", "./wheels"),
        ("no-index", ""),
        ("constraint", "my c.txt"),
    ]


def test_pyproject_poetry() -> None:
    deps = read_manifest(str(DATA / "poetry-app" / "pyproject.toml"))
    assert _rows(deps.requirements) == [
        ("poetry-core", ">=1.9", (), "", "", False, "build-system", "pyproject.toml", 29),
        ("django", "^5.0", (), "", "", False, None, "pyproject.toml", 9),
        ("psycopg", "^3.1", ("binary", "pool"), "", "", False, None, "pyproject.toml", 10),
        ("numpy", "^1.26", (), "", "", False, None, "pyproject.toml", 11),
        ("numpy", "^2.1", (), "", "", False, None, "pyproject.toml", 11),
        (
            "internal-auth",
            "",
            (),
            "",
            "https://github.com/example/internal-auth.git",
            False,
            None,
            "pyproject.toml",
            15,
        ),
        ("shared-utils", "", (), "", "../shared", True, None, "pyproject.toml", 16),
        ("celery", "^5.4", (), "sys_platform == 'linux'", "", False, None, "pyproject.toml", 17),
        ("pytest", "^8.2", (), "", "", False, "dev", "pyproject.toml", 20),
        ("django-debug-toolbar", "^4.4", (), "", "", False, "dev", "pyproject.toml", 21),
    ]
    assert [(i.kind, i.name, i.url, i.line) for i in deps.indexes] == [
        ("poetry-source", "internal", "https://pypi.internal.example.com/simple/", 25)
    ]
    assert deps.lock_files == ["poetry.lock"]


def test_pyproject_pep621_dependency_groups_and_uv() -> None:
    deps = read_pyproject(str(DATA / "uv-app" / "pyproject.toml"))
    rows = [(r.name, r.spec, r.extras, r.markers, r.url, r.group, r.line) for r in deps.requirements]
    assert rows == [
        ("torch", ">=2.4", (), "", "", None, 6),
        ("torchvision", ">=0.19", (), "", "", None, 7),
        ("pillow", ">=10.4", (), "", "", None, 8),
        ("redis", ">=5.0", ("hiredis",), "sys_platform == 'linux'", "", None, 9),
        ("vision-common", "", (), "", "https://github.com/example/vision-common", None, 10),
        ("onnxruntime-gpu", "==1.18.1", (), "", "", "onnx", 14),
        ("pytest", ">=8", (), "", "", "dev", 17),
        ("ruff", "==0.5.5", (), "", "", "dev", 17),
        ("pytest", ">=8", (), "", "", "lint", 17),  # {include-group = "dev"}
        ("ruff", "==0.5.5", (), "", "", "lint", 17),
        ("mypy", ">=1.11", (), "", "", "lint", 18),
        ("hatchling", "", (), "", "", "build-system", 40),
        ("ipython", ">=8", (), "", "", "dev", 21),
    ]
    assert [(c.name, c.spec) for c in deps.constraints] == [("numpy", "<2.1")]
    assert [(i.kind, i.name, i.url, i.line) for i in deps.indexes] == [
        ("uv-index", "pytorch-cu124", "https://download.pytorch.org/whl/cu124", 26),
        ("uv-default-index", "mirror", "https://pypi.mirror.example.com/simple", 31),
    ]


def test_pyproject_setuptools_dynamic_files() -> None:
    deps = read_pyproject(str(DATA / "dynamic-app" / "pyproject.toml"))
    assert [(r.name, r.group, Path(r.source_file).name, r.line) for r in deps.requirements] == [
        ("setuptools", "build-system", "pyproject.toml", 2),
        ("wheel", "build-system", "pyproject.toml", 2),
        ("xgboost", None, "runtime.txt", 1),
        ("scipy", None, "runtime.txt", 2),
        ("cupy-cuda12x", "gpu", "gpu.txt", 2),
    ]
    assert deps.index_urls == ["https://pypi.nvidia.com"]


def test_broken_toml_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\nname = 1\n")
    deps = read_pyproject(str(tmp_path / "pyproject.toml"))
    assert (deps.requirements, deps.files, len(deps.problems)) == ([], [], 1)


def test_setup_py_literals_variables_and_requirement_files() -> None:
    deps = read_setup_py(str(DATA / "setuptools-legacy" / "setup.py"))
    assert [(r.name, r.spec, r.group, Path(r.source_file).name, r.line) for r in deps.requirements] == [
        ("click", ">=8.1", None, "setup.py", 22),
        ("pandas", ">=2.2", None, "requirements.txt", 1),  # with open(".../requirements.txt") as fh
        ("openpyxl", "==3.1.5", None, "requirements.txt", 2),
        ("jinja2", ">=3.1", None, "requirements.txt", 3),
        ("setuptools-scm", ">=8", "setup_requires", "setup.py", 23),
        ("pytest", ">=7", "test", "setup.py", 10),
        ("responses", "", "test", "setup.py", 10),
        ("sphinx", ">=7", "docs", "setup.py", 11),
        ("boto3", ">=1.34", "s3", "setup.py", 15),
    ]


def test_setup_py_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "EXECUTED"
    (tmp_path / "setup.py").write_text(
        "import pathlib\n"
        f"pathlib.Path({str(marker)!r}).write_text('ran')\n"
        "from setuptools import setup\n"
        "BASE = ['requests>=2']\n"
        "BASE += ['idna']\n"
        "setup(\n"
        "    install_requires=BASE + [f'numpy=={1 + 1}', 'attrs'],\n"
        "    extras_require=dict(gpu=('cupy',), docs=['mkdocs']),\n"
        "    setup_requires='cython\\nwheel',\n"
        ")\n"
    )
    deps = read_setup_py(str(tmp_path / "setup.py"))
    assert not marker.exists()
    assert [(r.name, r.group, r.line) for r in deps.requirements] == [
        ("requests", None, 4),
        ("idna", None, 5),
        ("attrs", None, 7),  # the f-string is not a literal: left out
        ("cupy", "gpu", 8),
        ("mkdocs", "docs", 8),
        ("cython", "setup_requires", 9),  # a string holds one requirement per line
        ("wheel", "setup_requires", 9),
    ]


def test_setup_py_that_does_not_parse(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text("setup(install_requires=['a'\n")
    deps = read_setup_py(str(tmp_path / "setup.py"))
    assert deps.requirements == [] and [m.split(":")[0] for _, _, m in deps.problems] == ["cannot parse"]


def test_setup_cfg() -> None:
    deps = read_setup_cfg(str(DATA / "setuptools-legacy" / "setup.cfg"))
    assert [(r.name, r.spec, r.markers, r.group, r.line) for r in deps.requirements] == [
        ("sqlalchemy", ">=2.0", "", None, 7),
        ("psycopg2-binary", "==2.9.9", 'platform_system != "Windows"', None, 9),
        ("wheel", "", "", "setup_requires", 10),
        ("xlsxwriter", ">=3.2", "", "xlsx", 13),
        ("reportlab", ">=4.2", "", "pdf", 15),
        ("weasyprint", "", "", "pdf", 16),
    ]


def test_setup_cfg_single_line_is_split_on_semicolons(tmp_path: Path) -> None:
    # setuptools' _parse_list_semicolon: "a; b" on one line is two requirements
    (tmp_path / "setup.cfg").write_text("[options]\ninstall_requires = flask>=3; gunicorn\n")
    assert [r.name for r in read_setup_cfg(str(tmp_path / "setup.cfg")).requirements] == ["flask", "gunicorn"]


def test_environment_yml() -> None:
    context = DATA / "ml-service"
    deps = read_environment_yml(str(context / "environment.yml"), context_dir=str(context))
    rows = [(r.ecosystem, r.name, r.spec, r.url, Path(r.source_file).name, r.line) for r in deps.requirements]
    assert rows == [
        ("conda", "python", "=3.11", "", "environment.yml", 7),
        ("conda", "pytorch", "=2.3.1", "pytorch", "environment.yml", 8),
        ("conda", "pytorch-cuda", "=12.1", "", "environment.yml", 9),
        ("conda", "numpy", ">=1.26", "", "environment.yml", 10),
        ("conda", "libjpeg-turbo", "3.0.* *_0", "", "environment.yml", 11),
        ("conda", "pip", "", "", "environment.yml", 12),
        ("pip", "fastapi", "==0.111.0", "", "base.txt", 1),  # "-r requirements/base.txt" in the pip list
        ("pip", "uvicorn", "~=0.30", "", "base.txt", 2),
        ("pip", "pydantic", ">=2,<3", "", "base.txt", 3),
        ("pip", "requests", ">=2.32", "", "common.txt", 1),
        ("pip", "opencv-python-headless", "==4.10.0.84", "", "environment.yml", 16),
    ]
    assert [(i.kind, i.url, i.line) for i in deps.indexes] == [
        ("conda-channel", "pytorch", 3),
        ("conda-channel", "nvidia", 4),
        ("conda-channel", "conda-forge", 5),
        ("extra-index-url", "https://pypi.example.org/simple", 15),
    ]


def test_package_json() -> None:
    deps = read_package_json(str(DATA / "node-web" / "package.json"))
    rows = [(r.ecosystem, r.name, r.spec, r.url, r.group, r.line) for r in deps.requirements]
    assert rows == [
        ("npm", "next", "14.2.4", "", None, 12),
        ("npm", "react", "^18.3.1", "", None, 13),
        ("npm", "react-dom", "^18.3.1", "", None, 14),
        ("npm", "@acme/ui", "workspace:*", "", None, 15),
        ("npm", "left-pad", "github:example/left-pad#v1.3.0", "github:example/left-pad#v1.3.0", None, 16),
        ("npm", "typescript", "~5.5.2", "", "devDependencies", 19),
        ("npm", "vitest", "^1.6.0", "", "devDependencies", 20),
        ("npm", "sharp", "0.33.4", "", "optionalDependencies", 23),
    ]
    assert deps.scripts["build"] == "next build"
    assert deps.package_manager == "pnpm@9.4.0"


def test_pipfile() -> None:
    deps = read_pipfile(str(DATA / "pipenv-app" / "Pipfile"))
    rows = [(r.name, r.spec, r.extras, r.markers, r.url, r.editable, r.group, r.line) for r in deps.requirements]
    assert rows == [
        ("flask", "", (), "", "", False, None, 12),
        ("gunicorn", "==22.0.0", (), "", "", False, None, 13),
        ("torch", "==2.3.1", (), "", "", False, None, 14),
        ("requests", ">=2.32", ("socks",), "", "", False, None, 15),
        ("pywin32", "", (), "sys_platform == 'win32'", "", False, None, 16),
        ("mylib", "", (), "", "./mylib", True, None, 17),
        ("pytest", ">=8", (), "", "", False, "dev", 20),
    ]
    assert [(i.name, i.url, i.line) for i in deps.indexes] == [
        ("pypi", "https://pypi.org/simple", 2),
        ("pytorch", "https://download.pytorch.org/whl/cpu", 7),
    ]


def test_read_manifest_dispatch_and_locks() -> None:
    assert read_manifest(str(DATA / "node-web" / "package.json")).lock_files == ["pnpm-lock.yaml"]
    assert read_manifest(str(DATA / "pipenv-app" / "Pipfile")).lock_files == ["Pipfile.lock"]
    constraints = read_manifest(str(DATA / "ml-service" / "constraints.txt"))
    assert ([c.name for c in constraints.constraints], constraints.requirements) == (["urllib3", "idna"], [])
    unknown = read_manifest(str(DATA / "ml-service" / "Dockerfile"))
    assert [m for _, _, m in unknown.problems] == ["not a manifest dockeropt reads"]


def test_project_dependencies_is_what_pip_install_dot_reads() -> None:
    deps = project_dependencies(str(DATA / "setuptools-legacy"))
    assert [Path(f).name for f in deps.files] == ["setup.cfg", "setup.py", "requirements.txt"]
    assert deps.names[:3] == ["sqlalchemy", "psycopg2-binary", "wheel"]


def test_manifest_table() -> None:
    assert MANIFESTS["pip"].locks == ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock")
    assert set(MANIFESTS) == {
        "pip", "npm", "go", "ruby", "rust", "maven", "gradle", "composer", "mix", "conda", "nuget"
    }  # fmt: skip
    assert [manifest_role(n) for n in ("requirements-dev.txt", "Cargo.lock", "app.gemspec", "notes.txt")] == [
        ("pip", "manifest"),
        ("rust", "lock"),
        ("ruby", "manifest"),
        None,
    ]
    assert manifest_role("build.gradle.kts") == ("gradle", "manifest")
    assert manifest_role(".npmrc") == ("npm", "manifest")
    assert manifest_role("Api.csproj") == ("nuget", "manifest")


def test_find_manifests(tmp_path: Path) -> None:
    for rel in (
        "requirements.txt",
        "requirements-dev.txt",
        "web/package.json",
        "web/package-lock.json",
        "web/node_modules/left-pad/package.json",  # installed dependencies are not the project's
        "services/api/go.mod",
        "services/api/go.sum",
        "a/b/c/d/Cargo.toml",  # deeper than max_depth
        "legacy/setup.py",
        "README.md",
    ):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    found = [(m.path, m.ecosystem, m.role) for m in find_manifests(str(tmp_path))]
    assert found == [
        ("legacy/setup.py", "pip", "manifest"),
        ("requirements-dev.txt", "pip", "manifest"),
        ("requirements.txt", "pip", "manifest"),
        ("services/api/go.mod", "go", "manifest"),
        ("services/api/go.sum", "go", "lock"),
        ("web/package-lock.json", "npm", "lock"),
        ("web/package.json", "npm", "manifest"),
    ]
    ignore = DockerIgnore.from_text("legacy\n*-dev.txt\n")
    assert [m.path for m in find_manifests(str(tmp_path), ignore)][:2] == ["requirements.txt", "services/api/go.mod"]
    assert next(m.path for m in find_manifests(str(tmp_path), max_depth=4)) == "a/b/c/d/Cargo.toml"
