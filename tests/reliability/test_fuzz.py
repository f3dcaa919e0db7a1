"""Fuzzing: mutated Dockerfiles and hostile build-context and CI files, through the whole check
and fix, in process. No rule may crash (an internal error fails a user's run), no case may take
long, and a fix must give a file that parses. Examples are derandomized (the same in every CI
run) and each has a deadline; the whole test is a few hundred examples."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockeropt.api.config import ConfigError, clear_cache, config_for
from dockeropt.engine.check import check_text
from dockeropt.fix.engine import FixRefused, fix_text
from dockeropt.syntax.nodes import ParseError
from dockeropt.syntax.parser import parse
from tests.syntax.strategies import dockerfile_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(
    p.read_text() for p in (ROOT / "testdata" / "rules").glob("*/positive.Dockerfile") if p.stat().st_size < 4000
)
# what breaks parsers and expanders: escapes, quotes, variables, heredocs, line ends, globs
HOSTILE = [
    "\\",
    "\\\n",
    "$",
    "${",
    "}",
    "${A:-${B}}",
    "${X//*a*a*/b}",
    "<<EOF\n",
    "\nEOF\n",
    "'",
    '"',
    "[",
    '["a", ',
    "\r",
    "\r\n",
    "\n",
    "#",
    "# escape=`\n",
    "*",
    "**/",
    "&&",
    "|",
    ";",
    "\t",
    "\u00e9",
    "\ufeff",
    "-",
    "--mount=type=cache,target=",
    "--from=",
    " AS ",
    "=",
]
FUZZ = settings(
    max_examples=80,
    deadline=timedelta(seconds=10),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            text = text[:at] + draw(st.sampled_from(HOSTILE)) + text[at:]
        elif kind == 1:
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == 2:
            text = text[:at] + draw(st.text(max_size=6)) + text[at:]
        else:  # repeat a slice: long lines, many stages, deep nesting
            end = min(len(text), at + draw(st.integers(1, 40)))
            text = text[:at] + text[at:end] * draw(st.integers(2, 30)) + text[end:]
    return text


def _check_and_fix(text: str, context: str | None = None) -> None:
    result = check_text(text, "Dockerfile", context_dir=context)
    assert result.internal_errors == [], result.internal_errors
    try:
        fixed = fix_text(text, "Dockerfile", unsafe=True, context_dir=context)
    except FixRefused:
        return
    assert fixed.internal_errors == [], fixed.internal_errors
    if fixed.changed:
        try:
            parse(fixed.text, "Dockerfile")
        except ParseError as err:  # pragma: no cover - a failure here is the bug the test exists for
            raise AssertionError(f"the fix gave a file that does not parse: {err}") from None


@FUZZ
@given(mutated(SEEDS))
def test_mutated_dockerfiles(text: str) -> None:
    _check_and_fix(text)


@FUZZ
@given(dockerfile_text())
def test_generated_dockerfiles(text: str) -> None:
    _check_and_fix(text)


CONTEXT_SEEDS = {
    "requirements.txt": "-r base.txt\n-c constraints.txt\ntorch==2.3.1 ; python_version >= '3.9'\n"
    "--index-url https://download.pytorch.org/whl/cpu\n-e ./lib\nflask[async]>=3\n",
    ".dockerignore": "**/node_modules\n!keep/*.txt\n*.pyc\n[a-z]*?\\*\n#comment\n",
    "pyproject.toml": '[project]\nname = "app"\ndependencies = ["numpy>=1.26", "pandas"]\n'
    '[project.optional-dependencies]\ngpu = ["torch"]\n[tool.dockeropt]\nselect = ["DO"]\n',
    "environment.yml": "name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.12\n  - pip:\n"
    "    - -r requirements.txt\n    - torch\n",
    "setup.cfg": "[options]\ninstall_requires =\n    requests\n    file: requirements.txt\n",
    "bitbucket-pipelines.yml": "definitions:\n  services:\n    docker:\n      memory: 2048\npipelines:\n"
    "  default:\n    - step: &build\n        size: 2x\n        services: [docker]\n        script:\n"
    "          - docker build -f Dockerfile .\n    - step: *build\n",
    ".gitlab-ci.yml": ".base:\n  tags: [saas-linux-small-amd64]\nbuild:\n  extends: .base\n  services: [docker:dind]\n"
    "  script:\n    - docker build -t x .\n",
}
CONTEXT_HOSTILE = ["&a ", "*a", "<<: *a", "[", "{", "- ", ":", "\n  ", "!reference ", "-r ", "../", "*" * 30, "\x00"]


@st.composite
def hostile_file(draw: st.DrawFn, name: str) -> str:
    text = CONTEXT_SEEDS[name]
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(CONTEXT_HOSTILE)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
    return text


PROJECT = (
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt pyproject.toml setup.cfg environment.yml ./\n"
    "RUN pip install -r requirements.txt && pip install . && conda env create -f environment.yml\n"
    "COPY . .\nRUN pip install torch\n"
)


@settings(FUZZ, max_examples=40)
@given(st.fixed_dictionaries({name: hostile_file(name) for name in CONTEXT_SEEDS}))
def test_hostile_context_and_ci_files(tmp_path_factory: object, files: dict[str, str]) -> None:
    folder = Path(tmp_path_factory.mktemp("ctx"))  # type: ignore[attr-defined]
    (folder / ".git").mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, errors="surrogatepass")
    (folder / "Dockerfile").write_text(PROJECT)
    clear_cache()
    try:
        config = config_for(str(folder / "Dockerfile"))
    except ConfigError:  # a one-line error for the user: fine
        config = None
    result = check_text(PROJECT, str(folder / "Dockerfile"), config, context_dir=str(folder))
    assert result.internal_errors == [], result.internal_errors
