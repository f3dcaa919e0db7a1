"""``dockeropt split`` moves installs above the sources' COPY by itself, or says what blocks them."""

from __future__ import annotations

import json
from pathlib import Path

import dockerfile
import pytest

from dockeropt.fix.split import SplitError, split

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ("ml-service", "web-app", "go-service")


def _context(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("name", PROJECTS)
def test_the_three_kinds_of_project_split_with_their_installs_in_the_base(name: str) -> None:
    case = ROOT / "testdata" / "split" / name
    result = split((case / "Dockerfile").read_text(), str(case))
    # every install of the original that reads no sources is in the base, none in the target
    base, target = _lines(result.base_text), _lines(result.target_text)
    installs = {
        "ml-service": ["apt-get install", "pip install -r requirements.txt"],
        "web-app": ["apt-get install", "npm ci"],
        "go-service": ["useradd", "go mod download"],
    }[name]
    for needle in installs:
        assert any(needle in line for line in base), needle
        assert not any(needle in line for line in target), needle
    assert target[2] == "COPY . ."  # ARG BASE_IMAGE, FROM ${BASE_IMAGE}, then the sources
    assert result.notes == []
    assert len(result.moved) == 2


def test_the_ml_service_base_copies_the_requirements_and_their_includes_only() -> None:
    case = ROOT / "testdata" / "split" / "ml-service"
    result = split((case / "Dockerfile").read_text(), str(case))
    assert result.base_files == ["requirements.txt", "requirements/base.txt"]
    assert "COPY requirements.txt ./\nCOPY requirements/base.txt ./requirements/\n" in result.base_text
    # ADD <url> reads no source and no install reads it: it stays in the target without ending the base
    assert "ADD https://example.com/models/classifier-v3.onnx" in result.target_text
    assert result.moved == [
        "line 7 (apt-get install -y --no-install-recommends libgomp1) above line 5 (COPY . .)",
        "line 11 (pip install --upgrade pip==24.2, pip install -r requirements.txt) above line 5 (COPY . .)",
    ]


PY_HEAD = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
REQS = {"requirements.txt": "flask==3.0.3\n", "app.py": "print('hi')\n"}


@pytest.mark.parametrize(
    ("dockerfile_text", "files", "note"),
    [
        (
            PY_HEAD + "RUN pip install -e .\n",
            {**REQS, "pyproject.toml": "[project]\nname='x'\n"},
            "line 4 (pip install -e .) stays in the target: `pip install -e .` installs . from the sources",
        ),
        (
            PY_HEAD + "RUN python manage.py collectstatic\nRUN pip install -r requirements.txt\n",
            REQS,
            "line 5 (pip install -r requirements.txt) stays in the target: it would have to move above the RUN at "
            "line 4, which stays (it runs `python`)",
        ),
        (
            PY_HEAD + "RUN pip install -r requirements.txt\n",
            {"requirements.txt": "-e ./libs/core\nflask==3.0.3\n"},
            "line 4 (pip install -r requirements.txt) stays in the target: requirements.txt reads ./libs/core from "
            "the sources",
        ),
        (
            "FROM python:3.12-slim\nCOPY . .\nWORKDIR /app\nRUN pip install -r requirements.txt\n",
            REQS,
            "line 4 (pip install -r requirements.txt) stays in the target: WORKDIR at line 3 would have to move above "
            "COPY at line 2, whose destination . is relative to the working directory",
        ),
        (
            PY_HEAD + "COPY settings/${PROFILE:-dev}.ini ./settings.ini\nENV PROFILE=prod\n"
            "RUN pip install -r requirements.txt\n",
            REQS,
            "line 6 (pip install -r requirements.txt) stays in the target: ENV at line 5 would have to move above "
            "COPY at line 4, which uses $PROFILE",
        ),
        (
            PY_HEAD + "VOLUME /data\nRUN pip install -r requirements.txt\n",
            REQS,
            "line 5 (pip install -r requirements.txt) stays in the target: it would have to move above the VOLUME at "
            "line 4",
        ),
        (
            "FROM debian:bookworm\nCOPY sources.list /etc/apt/sources.list\n"
            "RUN apt-get update && apt-get install -y jq\n",
            {"sources.list": "deb http://deb.debian.org/debian bookworm main\n"},
            "line 3 (apt-get install -y jq) stays in the target: COPY at line 2 writes into "
            "/etc/apt/sources.list, where apt reads or writes",
        ),
        (
            "FROM python:3.12-slim\nRUN useradd app\nCOPY --chown=app . /app\nWORKDIR /app\n"
            "RUN pip install -r requirements.txt\n",
            REQS,
            "line 5 (pip install -r requirements.txt) stays in the target: WORKDIR at line 4 would have to move above "
            "COPY at line 3, which would then find /app made by WORKDIR instead of making it with its owner",
        ),
    ],
    ids=["editable", "run-before", "requirement-from-sources", "workdir", "env", "volume", "etc", "chown"],
)
def test_an_install_that_cannot_move_is_named_with_what_blocks_it(
    tmp_path: Path, dockerfile_text: str, files: dict[str, str], note: str
) -> None:
    context = _context(tmp_path, files)
    try:
        result = split(dockerfile_text, str(context))
        notes = result.notes
    except SplitError as err:
        notes = [str(err).removeprefix("nothing to move into a base image: ")]
    assert any(n.startswith(note) for n in notes), notes


def test_node_modules_in_the_context_keeps_npm_ci_in_place_unless_dockerignore_leaves_it_out(tmp_path: Path) -> None:
    text = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n'
    context = _context(
        tmp_path,
        {"package.json": '{"name": "x"}\n', "package-lock.json": "{}\n", "node_modules/left/index.js": "\n"},
    )
    with pytest.raises(SplitError, match=r"the context's node_modules \(not left out by .dockerignore\) would be"):
        split(text, str(context))
    (context / ".dockerignore").write_text("node_modules\n")
    result = split(text, str(context))
    assert "COPY package.json package-lock.json ./\nRUN npm ci\n" in result.base_text


def test_lifecycle_scripts_and_workspaces_keep_the_js_install_in_place(tmp_path: Path) -> None:
    text = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
    manifest = {"name": "x", "scripts": {"postinstall": "node scripts/patch.js"}}
    context = _context(tmp_path, {"package.json": json.dumps(manifest)})
    with pytest.raises(SplitError, match=r"package\.json has a `postinstall` script, which may read the sources"):
        split(text, str(context))
    result = split(text.replace("npm ci", "npm ci --ignore-scripts"), str(context))
    assert "COPY package.json ./\nRUN npm ci --ignore-scripts\n" in result.base_text
    (context / "package.json").write_text(json.dumps({"name": "x", "workspaces": ["packages/*"]}))
    with pytest.raises(SplitError, match="declares workspaces"):
        split(text, str(context))


def test_a_manifest_copied_over_later_is_copied_from_where_the_install_reads_it(tmp_path: Path) -> None:
    text = PY_HEAD + "COPY deploy/requirements-prod.txt requirements.txt\nRUN pip install -r requirements.txt\n"
    context = _context(tmp_path, {**REQS, "deploy/requirements-prod.txt": "gunicorn==23.0.0\n"})
    result = split(text, str(context))
    # the install reads what the second COPY put at /app/requirements.txt
    assert "COPY deploy/requirements-prod.txt ./requirements.txt\nRUN pip install -r requirements.txt\n" in (
        result.base_text
    )
    assert result.base_files == ["deploy/requirements-prod.txt"]
    assert _lines(result.target_text)[2:4] == ["COPY . .", "COPY deploy/requirements-prod.txt requirements.txt"]


def test_variables_the_install_uses_move_up_with_it(tmp_path: Path) -> None:
    text = PY_HEAD + "ARG PIP_INDEX_URL=https://pypi.org/simple\nENV PIP_NO_CACHE_DIR=1\n"
    text += "RUN pip install -r requirements.txt\nRUN echo ${PIP_INDEX_URL} > /app/index.txt\n"
    result = split(text, str(_context(tmp_path, REQS)))
    base = _lines(result.base_text)
    assert base[-4:] == [
        "ARG PIP_INDEX_URL=https://pypi.org/simple",
        "ENV PIP_NO_CACHE_DIR=1",
        "COPY requirements.txt ./",
        "RUN pip install -r requirements.txt",
    ]
    # the target re-declares the ARG it still uses
    assert _lines(result.target_text)[2:] == [
        "ARG PIP_INDEX_URL=https://pypi.org/simple",
        "COPY . .",
        "RUN echo ${PIP_INDEX_URL} > /app/index.txt",
    ]


def test_a_copy_destination_named_by_a_variable_is_read_through_its_value(tmp_path: Path) -> None:
    context = str(_context(tmp_path, REQS))
    head = "FROM python:3.12-slim\nENV APP_DIR=/opt/app\nCOPY . ${APP_DIR}\nWORKDIR ${APP_DIR}\n"
    result = split(head + "RUN pip install numpy==1.26.4\n", context)
    # an absolute folder: the WORKDIR can make it before the COPY fills it
    assert _lines(result.base_text)[1:] == [
        "ENV APP_DIR=/opt/app",
        "WORKDIR ${APP_DIR}",
        "RUN pip install numpy==1.26.4",
    ]
    assert _lines(result.target_text)[2:] == ["COPY . ${APP_DIR}"]
    # a relative value, or a build argument without a value, depends on the working directory
    for declare in ("ENV APP_DIR=app", "ARG APP_DIR"):
        with pytest.raises(SplitError, match=r"whose destination \$\{APP_DIR\} is relative to the working directory"):
            split(head.replace("ENV APP_DIR=/opt/app", declare) + "RUN pip install numpy==1.26.4\n", context)


def test_a_generated_copy_of_an_odd_path_is_json_and_buildkit_reads_the_same_path(tmp_path: Path) -> None:
    folder = 'x "q"\ntouch PWNED #'
    context = _context(tmp_path, {f"{folder}/requirements.txt": "flask==3.0.3\n"})
    script = f"pip install -r '{folder}/requirements.txt'"
    text = PY_HEAD + "RUN " + json.dumps(["sh", "-c", script]) + "\n"
    result = split(text, str(context))
    copy = next(c for c in dockerfile.parse_string(result.base_text) if c.cmd == "COPY")
    assert copy.json and copy.value == (f"{folder}/requirements.txt", f"./{folder}/")
    assert not any("PWNED" in line for line in result.base_text.splitlines() if line.startswith("#"))
    # a name the COPY would expand is refused, not written
    odd = tmp_path / "a\\b"
    odd.mkdir()
    (odd / "requirements.txt").write_text("flask==3.0.3\n")
    with pytest.raises(SplitError, match="has characters dockeropt does not write into a COPY"):
        split(PY_HEAD + "RUN pip install -r 'a\\b/requirements.txt'\n", str(context))


def test_splitting_twice_moves_nothing_more(tmp_path: Path) -> None:
    case = ROOT / "testdata" / "split" / "ml-service"
    result = split((case / "Dockerfile").read_text(), str(case))
    with pytest.raises(SplitError, match="nothing to move into a base image"):
        split(result.target_text, str(case))


def test_the_readme_example_splits_with_its_installs_moved_above_the_sources() -> None:
    case = ROOT / "testdata" / "examples" / "python-app"
    result = split((case / "Dockerfile").read_text(), str(case))
    assert _lines(result.base_text) == [
        "FROM python:3.11",
        "MAINTAINER data-team@example.com",
        "WORKDIR /app",
        "RUN apt-get update",
        "RUN apt-get install -y build-essential libpq-dev",
        "COPY requirements.txt ./",
        "RUN pip install -r requirements.txt",
        "RUN pip install torch torchvision",
    ]
    assert _lines(result.target_text)[2:] == [
        "COPY . .",
        "EXPOSE 8000",
        "CMD python -m uvicorn app.main:app --host 0.0.0.0 --port 8000",
    ]


def test_sources_copied_to_the_root_block_only_what_they_bring_there(tmp_path: Path) -> None:
    text = 'FROM debian:bookworm\nCOPY . .\nRUN apt-get update && apt-get install -y jq\nCMD ["/app.sh"]\n'
    context = _context(tmp_path, {"app.sh": "#!/bin/sh\njq --version\n"})
    assert "RUN apt-get update && apt-get install -y jq" in split(text, str(context)).base_text
    (tmp_path / "etc" / "apt").mkdir(parents=True)
    with pytest.raises(SplitError, match="COPY at line 2 writes into /etc, where apt reads or writes"):
        split(text, str(context))
    (tmp_path / ".dockerignore").write_text("etc\n")
    assert "RUN apt-get update && apt-get install -y jq" in split(text, str(context)).base_text
